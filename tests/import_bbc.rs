//! `tomtat dataset import xlsum|crosssum` on files in the layout their authors release
//! (csebuetnlp/xl-sum README: `{"id", "url", "title", "summary", "text"}` per line in
//! `LANGUAGE_SPLIT.jsonl`; csebuetnlp/CrossSum README: `{"source_url", "target_url", "summary",
//! "text"}` per line in `SOURCE-TARGET_SPLIT.jsonl`, the summary in the target language).

mod common;

use common::{json_report, stdout_of_success, tomtat, write_jsonl};
use serde_json::json;

const TEXT_A: &str = "Ngoại trưởng hai nước gặp nhau tại Geneva hôm thứ Hai. Cuộc gặp kéo dài bảy tiếng. Hai bên không đạt được đột phá nào nhưng đồng ý tiếp tục đối thoại.";
const TEXT_B: &str = "Giá xăng trong nước tăng lần thứ ba liên tiếp. Mức tăng lớn nhất là 500 đồng mỗi lít. Bộ Công Thương cho biết giá thế giới vẫn biến động mạnh.";

fn xlsum_row(id: &str, text: &str, summary: &str) -> serde_json::Value {
    json!({
        "id": id,
        "url": format!("https://www.bbc.com/vietnamese/{id}"),
        "title": "Tiêu đề bài báo",
        "summary": summary,
        "text": text,
    })
}

#[test]
fn xlsum_split_imports_checks_clean_and_drops_duplicates_across_splits() {
    let dir = tempfile::tempdir().expect("temp dir");
    let test = dir.path().join("vietnamese_test.jsonl");
    let train = dir.path().join("vietnamese_train.jsonl");
    write_jsonl(
        &test,
        &[
            xlsum_row("world-1", TEXT_A, "Hai bên không đạt đột phá ở Geneva."),
            xlsum_row("business-2", TEXT_B, "Giá xăng tăng lần thứ ba."),
            // the same article again, with other spacing and case
            xlsum_row(
                "world-3",
                &TEXT_A.to_uppercase().replace(' ', "  "),
                "Bản trùng.",
            ),
        ],
    );
    write_jsonl(
        &train,
        &[xlsum_row("business-9", TEXT_B, "Giá xăng lại tăng.")],
    );
    let dest = dir.path().join("xlsum-vi-test");
    let stdout = stdout_of_success(
        tomtat()
            .args(["dataset", "import", "xlsum"])
            .arg(&test)
            .arg(&dest)
            .arg("--against")
            .arg(&train)
            .arg("--dedup"),
    );
    assert!(
        stdout.contains("imported 1 articles (vi), 1 references (vi)"),
        "{stdout}"
    );
    assert!(
        stdout.contains("1 within the file, 1 across --against; 2 dropped"),
        "{stdout}"
    );
    let dropped = std::fs::read_to_string(dest.join("dropped.tsv")).expect("dropped.tsv");
    assert!(
        dropped.contains("2\tbusiness-2\tsame text as vietnamese_train.jsonl:1"),
        "{dropped}"
    );
    assert!(
        dropped.contains("3\tworld-3\tsame text as line 1"),
        "{dropped}"
    );
    assert!(dest.join("articles/world-1.vi.txt").is_file());
    assert!(dest.join("references/world-1.vi.gold.txt").is_file());
    let manifest = std::fs::read_to_string(dest.join("manifest.csv")).expect("manifest");
    assert!(
        manifest.contains("https://www.bbc.com/vietnamese/world-1"),
        "{manifest}"
    );
    tomtat()
        .args(["dataset", "check"])
        .arg(&dest)
        .assert()
        .success();
    tomtat()
        .args(["score", "--dataset"])
        .arg(&dest)
        .args([
            "--baseline",
            "lead-1",
            "--format",
            "json",
            "--bootstrap",
            "0",
        ])
        .assert()
        .success();
}

#[test]
fn crosssum_keeps_both_languages_and_scores_cross_lingual_candidates() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("vietnamese-english_test.jsonl");
    write_jsonl(
        &file,
        &[
            json!({"source_url": "https://www.bbc.com/vietnamese/world-53074000",
                   "target_url": "https://www.bbc.com/news/world-53064712",
                   "summary": "Foreign ministers met in Geneva but made no breakthrough.",
                   "text": TEXT_A}),
            json!({"source_url": "https://www.bbc.com/vietnamese/business-1",
                   "target_url": "https://www.bbc.com/news/business-2",
                   "summary": "Fuel prices in Vietnam rose for the third time in a row.",
                   "text": TEXT_B}),
        ],
    );
    let dest = dir.path().join("crosssum");
    tomtat()
        .args(["dataset", "import", "crosssum"])
        .arg(&file)
        .arg(&dest)
        .assert()
        .success()
        .stdout(predicates::str::contains(
            "imported 2 articles (vi), 2 references (en)",
        ));
    assert!(dest.join("articles/world-53074000.vi.txt").is_file());
    assert!(dest.join("references/world-53074000.en.gold.txt").is_file());
    tomtat()
        .args(["dataset", "check"])
        .arg(&dest)
        .assert()
        .success();
    let cands = dir.path().join("cands.jsonl");
    write_jsonl(
        &cands,
        &[
            json!({"id": "world-53074000", "lang": "en", "summary": "Ministers met in Geneva without a breakthrough."}),
            json!({"id": "business-1", "lang": "en", "summary": "Fuel prices rose again."}),
        ],
    );
    let report = json_report(
        tomtat()
            .args(["score", "--dataset"])
            .arg(&dest)
            .arg("--candidates")
            .arg(&cands)
            .args(["--format", "json", "--bootstrap", "0"]),
    );
    assert_eq!(report["by_language"]["en"]["count"], 2, "{report}");
}

#[test]
fn a_failed_import_leaves_nothing_behind() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("vietnamese_test.jsonl");
    let good = xlsum_row("world-1", TEXT_A, "Tóm tắt.");
    let other = xlsum_row("world-2", TEXT_A, "Tóm tắt.");
    std::fs::write(&file, format!("{good}\n{other}\n{{\"id\": broken\n")).expect("fixture");
    let dest = dir.path().join("out");
    let out = tomtat()
        .args(["dataset", "import", "xlsum"])
        .arg(&file)
        .arg(&dest)
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{stderr}");
    assert!(
        stderr.contains("vietnamese_test.jsonl:3: invalid JSON"),
        "{stderr}"
    );
    let left: Vec<_> = std::fs::read_dir(dir.path())
        .expect("list")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    assert_eq!(left, ["vietnamese_test.jsonl"], "{left:?}");
}

#[test]
fn a_file_name_that_does_not_tell_the_language_asks_for_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let file = dir.path().join("test.jsonl");
    write_jsonl(&file, &[xlsum_row("a", TEXT_A, "Tóm tắt.")]);
    let out = tomtat()
        .args(["dataset", "import", "xlsum"])
        .arg(&file)
        .arg(dir.path().join("out"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("--languages"));
    tomtat()
        .args(["dataset", "import", "xlsum"])
        .arg(&file)
        .arg(dir.path().join("out"))
        .args(["--languages", "vi"])
        .assert()
        .success();
}

/// The Hugging Face copies (`csebuetnlp/xlsum` and `csebuetnlp/CrossSum` as Parquet, or a
/// `datasets` Arrow cache file) hold the same columns as the released JSON Lines: importing
/// them gives the same data set.
#[cfg(feature = "columnar")]
#[test]
fn parquet_and_arrow_copies_import_like_the_json_lines() {
    use arrow_array::{ArrayRef, RecordBatch, StringArray};
    use std::sync::Arc;
    let rows = [
        xlsum_row("world-1", TEXT_A, "Hai bên không đạt đột phá ở Geneva."),
        xlsum_row("business-2", TEXT_B, "Giá xăng tăng lần thứ ba."),
    ];
    let column = |name: &str| -> ArrayRef {
        Arc::new(StringArray::from(
            rows.iter()
                .map(|r| r[name].as_str().unwrap_or_default().to_string())
                .collect::<Vec<_>>(),
        ))
    };
    let batch = RecordBatch::try_from_iter(
        ["id", "url", "title", "summary", "text"].map(|n| (n, column(n))),
    )
    .expect("batch");
    let dir = tempfile::tempdir().expect("temp dir");
    let jsonl = dir.path().join("vietnamese_test.jsonl");
    write_jsonl(&jsonl, &rows);
    let parquet = dir.path().join("vietnamese_test.parquet");
    {
        let file = std::fs::File::create(&parquet).expect("create");
        let mut w =
            parquet::arrow::ArrowWriter::try_new(file, batch.schema(), None).expect("writer");
        w.write(&batch).expect("write");
        w.close().expect("close");
    }
    let arrow = dir.path().join("vietnamese_test.arrow");
    {
        let file = std::fs::File::create(&arrow).expect("create");
        let mut w =
            arrow_ipc::writer::StreamWriter::try_new(file, &batch.schema()).expect("writer");
        w.write(&batch).expect("write");
        w.finish().expect("finish");
    }
    let import = |src: &std::path::Path, name: &str| {
        let dest = dir.path().join(name);
        tomtat()
            .args(["dataset", "import", "xlsum"])
            .arg(src)
            .arg(&dest)
            .assert()
            .success()
            .stdout(predicates::str::contains(
                "imported 2 articles (vi), 2 references (vi)",
            ));
        let mut files: Vec<(String, String)> = [
            "manifest.csv",
            "articles/world-1.vi.txt",
            "references/business-2.vi.gold.txt",
        ]
        .iter()
        .map(|f| {
            (
                f.to_string(),
                std::fs::read_to_string(dest.join(f)).expect("imported file"),
            )
        })
        .collect();
        files.sort();
        files
    };
    let from_jsonl = import(&jsonl, "a");
    assert_eq!(import(&parquet, "b"), from_jsonl);
    assert_eq!(import(&arrow, "c"), from_jsonl);
}

/// Issue 32: the extracted release folder (`vietnamese_{train,val,test}.jsonl` side by side)
/// imports one split with `--split`, or every split, each its own cluster.
#[test]
fn the_extracted_release_folder_imports_one_split_or_all() {
    let dir = tempfile::tempdir().expect("temp dir");
    let release = dir.path().join("XLSum_complete_v2.0");
    std::fs::create_dir(&release).expect("dir");
    let rows = [
        ("train", xlsum_row("world-10", TEXT_A, "Không có đột phá.")),
        ("val", xlsum_row("world-20", TEXT_B, "Giá xăng tăng.")),
        (
            "test",
            xlsum_row(
                "world-30",
                "Mưa lớn kéo dài gây ngập nhiều tuyến phố ở Hà Nội chiều qua.",
                "Hà Nội ngập sau mưa.",
            ),
        ),
    ];
    for (split, row) in &rows {
        write_jsonl(
            &release.join(format!("vietnamese_{split}.jsonl")),
            std::slice::from_ref(row),
        );
    }
    std::fs::write(release.join("README.txt"), "not a split").expect("readme");
    let one = dir.path().join("one");
    let said = stdout_of_success(
        tomtat()
            .args(["dataset", "import", "xlsum"])
            .arg(&release)
            .arg(&one)
            .args(["--split", "test"]),
    );
    assert!(said.starts_with("imported 1 articles (vi)"), "{said}");
    assert!(one.join("articles/world-30.vi.txt").is_file());
    let all = dir.path().join("all");
    let said = stdout_of_success(
        tomtat()
            .args(["dataset", "import", "xlsum"])
            .arg(&release)
            .arg(&all),
    );
    assert!(said.starts_with("imported 3 articles (vi)"), "{said}");
    let manifest = std::fs::read_to_string(all.join("manifest.csv")).expect("manifest");
    for (split, id) in [
        ("train", "world-10"),
        ("val", "world-20"),
        ("test", "world-30"),
    ] {
        assert!(
            manifest.contains(&format!("\n{id},vietnamese_{split},vi,")),
            "{manifest}"
        );
    }
    // --split names a file of a folder; given a file it is refused.
    tomtat()
        .args(["dataset", "import", "xlsum"])
        .arg(release.join("vietnamese_test.jsonl"))
        .arg(dir.path().join("file"))
        .args(["--split", "test"])
        .assert()
        .code(2);
}
