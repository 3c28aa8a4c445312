//! `tomtat dataset fix SRC DEST`: a repaired copy, never in place, with a log of every repair
//! by file and line, that `dataset check` finds free of text findings (issue 32).

mod common;

use common::{stdout_of_success, tomtat};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// A hand-made set with every repairable quirk: BOM and CRLF, NFD, U+200B, Ð, a Cyrillic С.
fn quirky_set(root: &Path) -> PathBuf {
    let ds = root.join("hand-made");
    std::fs::create_dir_all(ds.join("articles")).expect("dir");
    std::fs::create_dir_all(ds.join("references")).expect("dir");
    std::fs::write(
        ds.join("manifest.csv"),
        "article_id,cluster_id,lang,title,file\na1,,vi,Ðàm phán,articles/a1.vi.txt\n",
    )
    .expect("manifest");
    std::fs::write(
        ds.join("articles/a1.vi.txt"),
        "\u{FEFF}Ðàm phán ở Geneva\r\nNga và Mỹ đa\u{300}m phán\u{200B} nhiều giờ.\r\n\u{0421}uộc họp không có kết quả.\r\n",
    )
    .expect("article");
    std::fs::write(
        ds.join("references/a1.vi.gold.txt"),
        "Nga  và Mỹ đàm phán ở Geneva,\tkhông có kết quả.\n",
    )
    .expect("reference");
    ds
}

/// Every file under `dir` with its bytes.
fn snapshot(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for entry in std::fs::read_dir(&d).expect("list").flatten() {
            let p = entry.path();
            if p.is_dir() {
                stack.push(p);
            } else {
                out.insert(p.clone(), std::fs::read(&p).expect("read"));
            }
        }
    }
    out
}

fn check(dir: &Path) -> (i32, String) {
    let out = tomtat()
        .args(["dataset", "check"])
        .arg(dir)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn fix_writes_a_clean_copy_and_logs_every_repair_leaving_src_unchanged() {
    let root = tempfile::tempdir().expect("temp dir");
    let src = quirky_set(root.path());
    let before = snapshot(&src);
    let (code, out) = check(&src);
    assert_eq!(code, 0, "text findings are warnings: {out}");
    assert!(out.contains("text is not NFC"), "{out}");
    let dest = root.path().join("fixed");
    let said = stdout_of_success(tomtat().args(["dataset", "fix"]).arg(&src).arg(&dest));
    assert!(said.starts_with("repaired 1 of 2 files"), "{said}");
    assert_eq!(snapshot(&src), before, "SRC is never changed");
    let (code, out) = check(&dest);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("0 error(s), 0 warning(s)"),
        "no text findings left: {out}"
    );
    let article = std::fs::read_to_string(dest.join("articles/a1.vi.txt")).expect("article");
    assert_eq!(
        article,
        "Đàm phán ở Geneva\nNga và Mỹ đàm phán nhiều giờ.\nCuộc họp không có kết quả.\n"
    );
    // What needs no repair is copied byte for byte: spacing, tabs, the manifest.
    assert_eq!(
        std::fs::read(dest.join("references/a1.vi.gold.txt")).expect("reference"),
        before[&src.join("references/a1.vi.gold.txt")]
    );
    assert_eq!(
        std::fs::read(dest.join("manifest.csv")).expect("manifest"),
        before[&src.join("manifest.csv")]
    );
    let log = std::fs::read_to_string(dest.join("repairs.tsv")).expect("log");
    assert_eq!(
        log,
        "file\tline\trepair\n\
         articles/a1.vi.txt\t1\tBOM removed\n\
         articles/a1.vi.txt\t1\tlook-alike Ð as Đ\n\
         articles/a1.vi.txt\t2\tinvisible characters removed\n\
         articles/a1.vi.txt\t2\tNFC\n\
         articles/a1.vi.txt\t3\tCyrillic look-alike as Latin\n\
         articles/a1.vi.txt\t1\tCRLF line ends as LF\n"
    );
}

#[test]
fn fix_scores_as_the_vi_profile_scores_the_raw_set() {
    let root = tempfile::tempdir().expect("temp dir");
    let src = quirky_set(root.path());
    let dest = root.path().join("fixed");
    stdout_of_success(tomtat().args(["dataset", "fix"]).arg(&src).arg(&dest));
    let metrics = |dir: &Path| {
        let out = stdout_of_success(
            tomtat()
                .args([
                    "score",
                    "--baseline",
                    "lead-3",
                    "--format",
                    "json",
                    "--dataset",
                ])
                .arg(dir),
        );
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        v["metrics"].clone()
    };
    assert_eq!(metrics(&src), metrics(&dest));
}

#[test]
fn a_destination_that_exists_or_lies_inside_src_is_refused() {
    let root = tempfile::tempdir().expect("temp dir");
    let src = quirky_set(root.path());
    let empty = root.path().join("empty");
    std::fs::create_dir(&empty).expect("dir");
    for dest in [empty.clone(), src.clone(), src.join("inside")] {
        let out = tomtat()
            .args(["dataset", "fix"])
            .arg(&src)
            .arg(&dest)
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2), "{}", dest.display());
        assert!(!src.join("inside").exists());
    }
    assert_eq!(std::fs::read_dir(&empty).expect("list").count(), 0);
}
