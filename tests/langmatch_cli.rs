//! The langmatch metric through the binary: per-example detection, the expected language from
//! the row or --target-lang (and an error naming the line when neither is there), a report that
//! is the same for 1 and 5 shards merged, and a compare that gates on a drop.

mod common;

use common::{json_report, tomtat, write_jsonl};
use serde_json::{Value, json};
use std::path::Path;

const VI: [&str; 4] = [
    "Hai bên không đạt được đột phá nào trong đàm phán ở Geneva",
    "Giá xăng trong nước tăng lần thứ ba liên tiếp",
    "Điện Kremlin nói Mỹ không xem xét lo ngại an ninh của Nga",
    "Ngoại trưởng hai nước nhất trí tiếp tục đối thoại",
];
const EN: [&str; 4] = [
    "The two sides made no breakthrough in the Geneva talks",
    "Fuel prices rose for the third time in a row",
    "The Kremlin said Washington ignored Russian security concerns",
    "The foreign ministers agreed to keep talking",
];

/// 40 rows expected in Vietnamese; row i's candidate is English when `english(i)`.
fn rows(english: impl Fn(usize) -> bool) -> Vec<Value> {
    (0..40)
        .map(|i| {
            let k = i % 4;
            let candidate = if english(i) { EN[k] } else { VI[k] };
            json!({"id": format!("r{i:02}"), "lang": "vi", "candidate": candidate, "reference": VI[k]})
        })
        .collect()
}

fn score(dir: &Path, input: &Path, save: &str, extra: &[&str]) -> Value {
    json_report(
        tomtat()
            .current_dir(dir)
            .args([
                "score",
                "--profile",
                "vi-v1",
                "--metrics",
                "rouge1,langmatch",
                "--format",
                "json",
            ])
            .args(extra)
            .arg("--pairs")
            .arg(input)
            .args(["--save", save]),
    )
}

#[test]
fn the_share_of_candidates_in_the_expected_language_is_a_metric() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("p.jsonl");
    write_jsonl(&input, &rows(|i| i % 4 == 0));
    let per = dir.path().join("per.jsonl");
    let report = score(
        dir.path(),
        &input,
        "run.json",
        &["--per-example", per.to_str().unwrap_or_default()],
    );
    assert_eq!(report["metrics"]["langmatch"]["fmeasure"]["mean"], 0.75);
    assert!(
        report["signature"]
            .as_str()
            .unwrap_or_default()
            .contains("|langdet:tomtat-v1|")
    );
    let first: Value = serde_json::from_str(
        std::fs::read_to_string(&per)
            .expect("per-example")
            .lines()
            .next()
            .unwrap_or_default(),
    )
    .expect("JSON line");
    assert_eq!(first["detected_lang"], "en");
    assert_eq!(first["langmatch"]["fmeasure"], 0.0);
}

#[test]
fn without_an_expected_language_it_is_an_error_naming_the_line_or_target_lang_supplies_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let input = dir.path().join("p.jsonl");
    let mut r = rows(|_| false);
    for row in &mut r {
        row.as_object_mut().map(|o| o.remove("lang"));
    }
    write_jsonl(&input, &r);
    tomtat()
        .current_dir(dir.path())
        .args(["score", "--metrics", "langmatch", "--pairs", "p.jsonl"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "p.jsonl:1: langmatch needs the language",
        ));
    let report = score(dir.path(), &input, "run.json", &["--target-lang", "vi"]);
    assert_eq!(report["metrics"]["langmatch"]["fmeasure"]["mean"], 1.0);
    assert!(
        report["signature"]
            .as_str()
            .unwrap_or_default()
            .contains("|target-lang:vi|")
    );
}

#[test]
fn five_shards_merged_give_the_unsplit_report() {
    let dir = tempfile::tempdir().expect("temp dir");
    let all = rows(|i| i % 3 == 0);
    let input = dir.path().join("all.jsonl");
    write_jsonl(&input, &all);
    let whole = score(dir.path(), &input, "all.json", &[]);
    let mut shards = Vec::new();
    for k in 0..5 {
        let path = dir.path().join(format!("s{k}.jsonl"));
        write_jsonl(&path, &all[k * 8..(k + 1) * 8]);
        score(dir.path(), &path, &format!("s{k}.json"), &[]);
        shards.push(format!("s{k}.json"));
    }
    tomtat()
        .current_dir(dir.path())
        .arg("merge")
        .args(&shards)
        .args(["-o", "merged.json"])
        .assert()
        .success();
    let merged: Value = serde_json::from_str(
        &std::fs::read_to_string(dir.path().join("merged.json")).expect("merged run"),
    )
    .expect("JSON");
    assert_eq!(
        merged["report"], whole,
        "merged report differs from the unsplit run"
    );
}

#[test]
fn compare_gates_on_a_drop_in_language_fidelity() {
    let dir = tempfile::tempdir().expect("temp dir");
    let base = dir.path().join("base.jsonl");
    let new = dir.path().join("new.jsonl");
    write_jsonl(&base, &rows(|_| false));
    write_jsonl(&new, &rows(|i| i % 2 == 0));
    score(dir.path(), &base, "base.json", &[]);
    score(dir.path(), &new, "new.json", &[]);
    let out = tomtat()
        .current_dir(dir.path())
        .args(["compare", "base.json", "new.json", "--metric", "langmatch"])
        .output()
        .expect("runs");
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{stdout}");
    assert!(
        stdout.contains("significant regression in langmatch"),
        "{stdout}"
    );
}

#[test]
fn copysource_flags_a_source_left_untranslated_in_data_set_and_pairs_runs() {
    let dir = tempfile::tempdir().expect("temp dir");
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let article =
        std::fs::read_to_string(root.join("datasets/vi-news-ukraine-2022/articles/a000.vi.txt"))
            .expect("bundled article");
    let copied: String = article.lines().nth(1).unwrap_or_default().to_string();
    let cands = dir.path().join("c.jsonl");
    write_jsonl(
        &cands,
        &[
            json!({"id": "a000", "lang": "en", "summary": copied}),
            json!({"id": "a001", "lang": "en", "summary": "Russia and the US talked in Geneva for hours without narrowing their differences."}),
        ],
    );
    let report = json_report(
        tomtat()
            .args(["score", "--dataset"])
            .arg(root.join("datasets/vi-news-ukraine-2022"))
            .arg("--candidates")
            .arg(&cands)
            .args([
                "--allow-missing",
                "--metrics",
                "langmatch,copysource",
                "--bootstrap",
                "0",
                "--format",
                "json",
            ]),
    );
    assert_eq!(
        report["metrics"]["copysource"]["fmeasure"]["mean"], 0.5,
        "{report}"
    );
    assert_eq!(
        report["metrics"]["langmatch"]["fmeasure"]["mean"], 0.5,
        "{report}"
    );
    assert!(
        report["signature"]
            .as_str()
            .unwrap_or_default()
            .contains("|copyrun:10|")
    );

    let pairs = dir.path().join("p.jsonl");
    write_jsonl(
        &pairs,
        &[
            json!({"id": "1", "candidate": copied, "reference": "x y", "source": article}),
            json!({"id": "2", "candidate": "Hai bên gặp nhau", "reference": "x y", "source": article}),
        ],
    );
    let report = json_report(
        tomtat()
            .args([
                "score",
                "--profile",
                "vi-v1",
                "--metrics",
                "copysource",
                "--bootstrap",
                "0",
            ])
            .args(["--format", "json", "--pairs"])
            .arg(&pairs),
    );
    assert_eq!(
        report["metrics"]["copysource"]["fmeasure"]["mean"], 0.5,
        "{report}"
    );
    let missing = dir.path().join("m.jsonl");
    write_jsonl(
        &missing,
        &[json!({"id": "1", "candidate": "a", "reference": "b"})],
    );
    tomtat()
        .current_dir(dir.path())
        .args(["score", "--metrics", "copysource", "--pairs", "m.jsonl"])
        .assert()
        .code(2)
        .stderr(predicates::str::contains(
            "m.jsonl:1: copysource needs the text",
        ));
}
