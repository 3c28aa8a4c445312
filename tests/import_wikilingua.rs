//! `tomtat dataset import wikilingua`: fixtures copy the layouts GEM released
//! (`scripts/gen_wikilingua_fixtures.py`: GEM's line-aligned folder
//! `vietnamese/{split}.{src,tgt}.{vi,en}`, and the Hugging Face `GEM/wiki_lingua` Parquet form
//! built from it as GEM's loader builds rows); the texts are written for these tests.

mod common;

use common::{stdout_of_success, tomtat};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/wikilingua")
        .join(name)
}

fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    let mut out = BTreeMap::new();
    for sub in ["", "articles", "references"] {
        for e in std::fs::read_dir(dir.join(sub)).expect("list").flatten() {
            if e.path().is_file() {
                let rel = e.path().strip_prefix(dir).expect("inside").to_path_buf();
                out.insert(rel, std::fs::read(e.path()).expect("read"));
            }
        }
    }
    out
}

fn import(args: &[&str], src: &Path, dest: &Path) -> String {
    stdout_of_success(
        tomtat()
            .args(["dataset", "import", "wikilingua"])
            .arg(src)
            .arg(dest)
            .args(args),
    )
}

#[test]
fn both_released_forms_of_a_split_give_the_same_data_set() {
    let root = tempfile::tempdir().expect("temp dir");
    let (a, b) = (root.path().join("folder"), root.path().join("parquet"));
    let said = import(&["--split", "test"], &fixture("vietnamese"), &a);
    assert!(
        said.starts_with("imported 3 articles (vi), 3 references (en)"),
        "{said}"
    );
    import(&[], &fixture("wiki_lingua_vietnamese_vi-test.parquet"), &b);
    assert_eq!(files(&a), files(&b));
    let manifest = std::fs::read_to_string(a.join("manifest.csv")).expect("manifest");
    assert!(
        manifest.contains("\nwiki_lingua_vietnamese_vi-test-0,test,vi,"),
        "GEM's gem_id, index from 0: {manifest}"
    );
    // GEM strips each line; the cross-lingual reference is tgt.en.
    let reference =
        std::fs::read_to_string(a.join("references/wiki_lingua_vietnamese_vi-test-1.en.gold.txt"))
            .expect("reference");
    assert_eq!(
        reference,
        "Write your goals down, split them into small tasks and reward yourself.\n"
    );
    let check = tomtat()
        .args(["dataset", "check"])
        .arg(&a)
        .output()
        .expect("runs");
    assert_eq!(check.status.code(), Some(0));
}

#[test]
fn every_split_without_split_and_the_monolingual_task() {
    let root = tempfile::tempdir().expect("temp dir");
    let all = root.path().join("all");
    let said = import(&[], &fixture("vietnamese"), &all);
    assert!(
        said.starts_with("imported 5 articles (vi), 5 references (en)"),
        "{said}"
    );
    assert!(
        all.join("articles/wiki_lingua_vietnamese_vi-val-1.vi.txt")
            .is_file()
    );
    let mono = root.path().join("mono");
    let said = import(
        &["--split", "val", "--summary-lang", "vi"],
        &fixture("vietnamese"),
        &mono,
    );
    assert!(
        said.starts_with("imported 2 articles (vi), 2 references (vi)"),
        "{said}"
    );
    let reference = std::fs::read_to_string(
        mono.join("references/wiki_lingua_vietnamese_vi-val-0.vi.gold.txt"),
    )
    .expect("reference");
    assert_eq!(reference, "Đun sôi nước, nấu mì tám phút rồi trộn sốt.\n");
    // A cross-lingual run: English candidates of Vietnamese articles score against English.
    let candidates = root.path().join("candidates.jsonl");
    std::fs::write(
        &candidates,
        "{\"id\":\"wiki_lingua_vietnamese_vi-val-0\",\"lang\":\"en\",\"summary\":\"Boil water and cook the pasta.\"}\n\
         {\"id\":\"wiki_lingua_vietnamese_vi-val-1\",\"lang\":\"en\",\"summary\":\"Sow the seeds in a pot.\"}\n",
    )
    .expect("candidates");
    let val = root.path().join("val");
    import(&["--split", "val"], &fixture("vietnamese"), &val);
    let out = stdout_of_success(
        tomtat()
            .args(["score", "--format", "json", "--bootstrap", "0", "--dataset"])
            .arg(&val)
            .arg("--candidates")
            .arg(&candidates),
    );
    let report: serde_json::Value = serde_json::from_str(&out).expect("JSON");
    assert_eq!(report["count"], 2);
    let f = report["metrics"]["rouge1"]["fmeasure"]["mean"]
        .as_f64()
        .unwrap_or(0.0);
    assert!(
        f > 0.3,
        "English candidates meet English references: {report}"
    );
}

#[test]
fn a_pickle_is_refused_and_never_read() {
    let root = tempfile::tempdir().expect("temp dir");
    for name in ["vietnamese.pkl", "release.bin"] {
        let pickle = root.path().join(name);
        // Protocol 4's opening bytes; a real pickle could run code when loaded.
        std::fs::write(&pickle, b"\x80\x04\x95\x10\x00\x00\x00").expect("pickle");
        let out = tomtat()
            .args(["dataset", "import", "wikilingua"])
            .arg(&pickle)
            .arg(root.path().join("out"))
            .output()
            .expect("runs");
        assert_eq!(out.status.code(), Some(2));
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(err.contains("never unpickles"), "{err}");
    }
    assert!(!root.path().join("out").exists());
}

#[test]
fn misaligned_files_are_an_error_naming_both_counts() {
    let root = tempfile::tempdir().expect("temp dir");
    let folder = root.path().join("vietnamese");
    std::fs::create_dir(&folder).expect("dir");
    std::fs::write(folder.join("test.src.vi"), "một\nhai\nba\n").expect("src");
    std::fs::write(folder.join("test.tgt.en"), "one\ntwo\n").expect("tgt");
    let out = tomtat()
        .args(["dataset", "import", "wikilingua"])
        .arg(&folder)
        .arg(root.path().join("out"))
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("has 3 lines") && err.contains("has 2 lines"),
        "{err}"
    );
}

/// The monolingual task from the Hugging Face form reads the Vietnamese field of the struct
/// column `target_aligned`, and equals the folder's `tgt.vi`.
#[test]
fn the_monolingual_task_reads_the_same_from_both_forms() {
    let root = tempfile::tempdir().expect("temp dir");
    let (a, b) = (root.path().join("folder"), root.path().join("parquet"));
    import(
        &["--split", "test", "--summary-lang", "vi"],
        &fixture("vietnamese"),
        &a,
    );
    import(
        &["--summary-lang", "vi"],
        &fixture("wiki_lingua_vietnamese_vi-test.parquet"),
        &b,
    );
    assert_eq!(files(&a), files(&b));
    let reference =
        std::fs::read_to_string(b.join("references/wiki_lingua_vietnamese_vi-test-0.vi.gold.txt"))
            .expect("reference");
    assert_eq!(reference, "Tắt máy, mở nắp và lắp RAM vào khe trống.\n");
}

/// A field of a struct column is named `column.field` in `--pairs` too.
#[test]
fn pairs_read_a_struct_field_by_its_dotted_name() {
    let parquet = fixture("wiki_lingua_vietnamese_vi-test.parquet");
    let run = |reference: &str| {
        let out = stdout_of_success(
            tomtat()
                .args(["score", "--pairs"])
                .arg(&parquet)
                .args(["--id-field", "gem_id", "--candidate-field", "source"])
                .args(["--reference-field", reference])
                .args(["--profile", "vi-v1", "--bootstrap", "0", "--format", "json"]),
        );
        let v: serde_json::Value = serde_json::from_str(&out).expect("JSON");
        v["metrics"].clone()
    };
    assert_eq!(run("source_aligned.vi"), run("source"));
    assert_ne!(run("target_aligned.vi"), run("source"));
}
