//! `tomtat dataset import vietnews`: fixtures copy the layout of the word-segmented VietNews
//! release (`ThanhChinhBK/vietnews` at a20d9b7, `data/test_tokenized/NNNNNN.txt.seg`: title,
//! blank line, abstract, blank line, body one sentence a line, blank line, captions one a
//! line); the texts are written for this test.

mod common;

use common::{json_report, stdout_of_success, tomtat, write_jsonl};
use serde_json::{Value, json};
use std::path::{Path, PathBuf};

const TITLE: &str = "Bản_án cho đối_tượng giả_danh công_an";
const ABSTRACT: &str = "Hoàng_Ngọc_C. bị tuyên_phạt 12 năm tù vì lừa_đảo chiếm_đoạt tài_sản .";
const BODY: &[&str] = &[
    "Ngày 25/2 , TAND TP. Đà_Nẵng tuyên_phạt anh Hoàng_Ngọc_C. ( SN 1994 ) 12 năm tù .",
    "Theo cáo_trạng , C. giả_danh công_an để lừa_đảo nhiều người .",
    "Tin lời , vợ_chồng ông Th .",
    "đưa cho C. 1 tỷ đồng .",
];

fn seg(dir: &Path, id: &str, text: &str) {
    std::fs::write(dir.join(format!("{id}.txt.seg")), text).expect("fixture");
}

/// A split folder of three files, the second with captions, the third a copy of `other`'s
/// body, and one file without a body.
fn release(root: &Path) -> (PathBuf, PathBuf) {
    let test = root.join("test_tokenized");
    let train = root.join("train_tokenized");
    std::fs::create_dir_all(&test).expect("dir");
    std::fs::create_dir_all(&train).expect("dir");
    let body = BODY.join("\n");
    seg(
        &test,
        "000001",
        &format!("{TITLE}\n\n{ABSTRACT}\n\n{body}\n"),
    );
    seg(
        &test,
        "000002",
        "Nam thanh_niên bị phạt\n\nNam thanh_niên bị xử_phạt hành_chính .\n\nSáng 3/3 , Công_an quận 1 xử_phạt anh Lê_Kim_D. 2 triệu đồng .\nAnh D. đã nộp phạt .\n\nẢnh : Công_an quận 1 .\nHiện_trường vụ_việc .\n",
    );
    seg(
        &test,
        "000003",
        "Mưa lớn ở Hà_Nội\n\nHà_Nội mưa lớn gây ngập .\n\nChiều qua , Hà_Nội mưa lớn .\nNhiều tuyến phố ngập sâu .\n",
    );
    seg(&test, "000004", "Chỉ có tiêu_đề\n\nVà tóm_tắt .\n");
    seg(
        &train,
        "100001",
        "Tiêu_đề khác\n\nTóm_tắt khác .\n\nChiều qua , Hà_Nội mưa lớn .\nNhiều tuyến phố ngập sâu .\n",
    );
    (test, train)
}

#[test]
fn imports_the_released_layout_byte_exact_with_captions_apart() {
    let root = tempfile::tempdir().expect("temp dir");
    let (test, train) = release(root.path());
    let dest = root.path().join("vn");
    let out = stdout_of_success(
        tomtat()
            .args(["dataset", "import", "vietnews"])
            .arg(&test)
            .arg(&dest)
            .arg("--against")
            .arg(&train),
    );
    assert!(
        out.starts_with("imported 3 articles (vi), 3 references (vi)"),
        "{out}"
    );
    assert!(
        out.contains("duplicates: 0 within the folder, 1 across --against"),
        "{out}"
    );
    assert!(out.contains("left out: 1 files"), "{out}");
    assert!(out.contains("captions: 1 articles'"), "{out}");
    let article = std::fs::read_to_string(dest.join("articles/000001.vi.txt")).expect("article");
    assert_eq!(article, format!("{TITLE}\n{}\n", BODY.join("\n")));
    let reference =
        std::fs::read_to_string(dest.join("references/000001.vi.abstract.txt")).expect("ref");
    assert_eq!(reference, format!("{ABSTRACT}\n"));
    let captions = std::fs::read_to_string(dest.join("captions.jsonl")).expect("captions");
    let row: Value = serde_json::from_str(captions.trim()).expect("JSON");
    assert_eq!(
        row,
        json!({"id": "000002", "captions": ["Ảnh : Công_an quận 1 .", "Hiện_trường vụ_việc ."]})
    );
    let two = std::fs::read_to_string(dest.join("articles/000002.vi.txt")).expect("article");
    assert!(!two.contains("Ảnh"), "captions are not article text: {two}");
    let record: Value =
        serde_json::from_str(&std::fs::read_to_string(dest.join("dataset.json")).expect("record"))
            .expect("JSON");
    assert_eq!(record["sentences"], "lines");
    assert_eq!(record["segmented"], true);
    let dropped = std::fs::read_to_string(dest.join("dropped.tsv")).expect("dropped");
    assert!(
        dropped.contains("000004.txt.seg\t000004\tonly 2 of the 3 blocks"),
        "{dropped}"
    );
    let check = tomtat()
        .args(["dataset", "check"])
        .arg(&dest)
        .output()
        .expect("runs");
    assert_eq!(check.status.code(), Some(0));
}

#[test]
fn dedup_drops_duplicates_across_splits_and_against_itself_is_refused() {
    let root = tempfile::tempdir().expect("temp dir");
    let (test, train) = release(root.path());
    let dest = root.path().join("vn");
    stdout_of_success(
        tomtat()
            .args(["dataset", "import", "vietnews"])
            .arg(&test)
            .arg(&dest)
            .arg("--against")
            .arg(&train)
            .arg("--dedup"),
    );
    assert!(!dest.join("articles/000003.vi.txt").exists());
    let dropped = std::fs::read_to_string(dest.join("dropped.tsv")).expect("dropped");
    assert!(
        dropped.contains("000003\tsame body as train_tokenized/100001"),
        "{dropped}"
    );
    tomtat()
        .args(["dataset", "import", "vietnews"])
        .arg(&test)
        .arg(root.path().join("other"))
        .arg("--against")
        .arg(&test)
        .assert()
        .code(2);
}

/// Scores of a data set run and of `--pairs` with the same texts, per example.
fn per_example(cmd: &mut assert_cmd::Command, per: &Path) -> Vec<Value> {
    json_report(cmd.arg("--per-example").arg(per));
    std::fs::read_to_string(per)
        .expect("per-example")
        .lines()
        .map(|l| serde_json::from_str::<Value>(l).expect("JSON"))
        .map(|mut v| {
            if let Some(o) = v.as_object_mut() {
                o.retain(|k, _| k.starts_with("rouge"));
            }
            v
        })
        .collect()
}

#[test]
fn words_and_syllables_and_lead_1_equal_pairs_on_the_same_texts() {
    let root = tempfile::tempdir().expect("temp dir");
    let (test, _) = release(root.path());
    let dest = root.path().join("vn");
    stdout_of_success(
        tomtat()
            .args(["dataset", "import", "vietnews"])
            .arg(&test)
            .arg(&dest),
    );
    // lead-1 is the first body line: the `_`-joined initial `Hoàng_Ngọc_C.` and the line
    // cut inside "ông Th ." do not move a sentence end.
    let pairs = root.path().join("pairs.jsonl");
    let firsts = [
        (BODY[0], ABSTRACT),
        (
            "Sáng 3/3 , Công_an quận 1 xử_phạt anh Lê_Kim_D. 2 triệu đồng .",
            "Nam thanh_niên bị xử_phạt hành_chính .",
        ),
        ("Chiều qua , Hà_Nội mưa lớn .", "Hà_Nội mưa lớn gây ngập ."),
    ];
    let rows: Vec<Value> = firsts
        .iter()
        .zip(["000001", "000002", "000003"])
        .map(|((c, r), id)| json!({"id": id, "lang": "vi", "candidate": c, "reference": r}))
        .collect();
    write_jsonl(&pairs, &rows);
    for units in ["syllables", "words"] {
        let flags = [
            "--units",
            units,
            "--metrics",
            "rouge1,rouge2,rougeL,rougeLsum",
            "--format",
            "json",
            "--profile",
            "vi-v1",
        ];
        let lead = per_example(
            tomtat()
                .args(["score", "--baseline", "lead-1", "--dataset"])
                .arg(&dest)
                .args(flags),
            &root.path().join(format!("lead-{units}.jsonl")),
        );
        let from_pairs = per_example(
            tomtat().args(["score", "--pairs"]).arg(&pairs).args(flags),
            &root.path().join(format!("pairs-{units}.jsonl")),
        );
        assert_eq!(lead, from_pairs, "{units}");
    }
}

#[test]
fn segmented_text_is_noticed_once_unless_units_are_given() {
    let root = tempfile::tempdir().expect("temp dir");
    let (test, _) = release(root.path());
    let dest = root.path().join("vn");
    stdout_of_success(
        tomtat()
            .args(["dataset", "import", "vietnews"])
            .arg(&test)
            .arg(&dest),
    );
    let pairs = root.path().join("pairs.jsonl");
    write_jsonl(
        &pairs,
        &[json!({"id": "1", "candidate": BODY[0], "reference": ABSTRACT})],
    );
    let note = "looks word-segmented";
    for input in [["--dataset", "--baseline"], ["--pairs", ""]] {
        let run = |units: &[&str]| {
            let mut cmd = tomtat();
            cmd.args(["score", "--format", "json", "--bootstrap", "0"]);
            if input[0] == "--dataset" {
                cmd.arg("--dataset")
                    .arg(&dest)
                    .args(["--baseline", "lead-1"]);
            } else {
                cmd.arg("--pairs").arg(&pairs).args(["--profile", "vi-v1"]);
            }
            let out = cmd.args(units).output().expect("runs");
            assert!(out.status.success());
            String::from_utf8_lossy(&out.stderr).into_owned()
        };
        let err = run(&[]);
        assert_eq!(err.matches(note).count(), 1, "{err}");
        assert!(err.contains("--units words"), "{err}");
        assert!(!run(&["--units", "words"]).contains(note));
        assert!(!run(&["--units", "syllables"]).contains(note));
    }
}
