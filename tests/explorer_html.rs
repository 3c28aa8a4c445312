//! The example explorer of `score` and `compare` HTML (issue 24): every example with its values
//! and texts, the words each metric matched marked by the run's tokenizer, and input text that
//! stays text whatever it holds. The page's data is read back here the way the page's script
//! reads it (base64, gzip, JSON); tests/browser drives the page itself.

mod common;

use common::{stdout_of_success, tomtat, write_jsonl};
use serde_json::{Value, json};
use std::path::Path;

/// The explorer data embedded in a page, its texts whole again.
fn explorer_data(html: &str) -> Value {
    let mut data = sent_data(html);
    if let Some(rows) = data["rows"].as_array_mut() {
        tomtat::report::repeats::expand(rows);
    }
    data
}

/// The explorer data embedded in a page as it is sent.
fn sent_data(html: &str) -> Value {
    common::page_data(html, "tomtat-data")
}

/// The words of `text` whose marks have `kind` (a bit of the kinds mask): one character per
/// whitespace-separated word, `'0' + kinds`.
fn marked(text: &str, kinds: &Value, kind: u8) -> Vec<String> {
    let kinds = kinds.as_str().expect("marks");
    text.split_whitespace()
        .zip(kinds.bytes())
        .filter(|(_, k)| (k - b'0') & kind != 0)
        .map(|(w, _)| w.to_string())
        .collect()
}

fn score_html(dir: &Path, pairs: &str, extra: &[&str]) -> String {
    stdout_of_success(
        tomtat()
            .current_dir(dir)
            .args([
                "score",
                "--pairs",
                pairs,
                "--profile",
                "vi-v1",
                "--format",
                "html",
            ])
            .args(extra),
    )
}

#[test]
fn score_page_has_every_example_with_its_values_and_marks() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_jsonl(
        &dir.path().join("p.jsonl"),
        &[
            json!({"id": "e1", "candidate": "Mưa to ở Hà Nội, Hà Nội, Hà Nội!",
                   "reference": "Hà Nội mưa to, Hà Nội ngập."}),
            json!({"id": "e2", "candidate": "Trời nắng.", "reference": "Hôm nay trời nắng đẹp."}),
        ],
    );
    let html = score_html(
        dir.path(),
        "p.jsonl",
        &["--metrics", "rouge1,rouge2,rougeL"],
    );
    let data = explorer_data(&html);
    assert_eq!(data["mode"], "score");
    let rows = data["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 2);
    assert_eq!(rows[0]["id"], "e1");
    let cand = rows[0]["c"].as_str().expect("candidate text");
    // Clipped: the reference has "Hà Nội" twice, so the third one in the candidate is unmatched.
    assert_eq!(
        marked(cand, &rows[0]["cm"], 1),
        ["Mưa", "to", "Hà", "Nội,", "Hà", "Nội,"]
    );
    assert_eq!(marked(cand, &rows[0]["cm"], 2).len(), 6);
    let reference = rows[1]["r"][0].as_str().expect("reference text");
    assert_eq!(marked(reference, &rows[1]["rm"][0], 1), ["trời", "nắng"]);
    // The values are the report's per-example F.
    let per_example = stdout_of_success(tomtat().current_dir(dir.path()).args([
        "score",
        "--pairs",
        "p.jsonl",
        "--profile",
        "vi-v1",
        "--metrics",
        "rouge1,rouge2,rougeL",
        "--format",
        "json",
        "-o",
        "/dev/null",
        "--per-example",
        "-",
    ]));
    let first: Value =
        serde_json::from_str(per_example.lines().next().expect("line")).expect("json");
    assert_eq!(rows[0]["v"][0], first["rouge1"]["fmeasure"]);
}

#[test]
fn no_texts_keeps_texts_out_of_the_page() {
    let dir = tempfile::tempdir().expect("temp dir");
    write_jsonl(
        &dir.path().join("p.jsonl"),
        &[json!({"id": "e1", "candidate": "bí mật một", "reference": "bí mật hai"})],
    );
    let html = score_html(dir.path(), "p.jsonl", &["--no-texts"]);
    let data = explorer_data(&html);
    assert!(data["rows"][0].get("c").is_none());
    assert!(!html.contains("bí mật"));
    assert!(
        data["notes"][0]
            .as_str()
            .expect("note")
            .contains("--no-texts")
    );
}

#[test]
fn data_set_pages_mark_words_the_article_does_not_have() {
    let out = stdout_of_success(tomtat().args([
        "score",
        "--dataset",
        "datasets/vi-news-ukraine-2022",
        "--baseline",
        "lead-3",
        "--format",
        "html",
    ]));
    let data = explorer_data(&out);
    let rows = data["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 6);
    // Lead-3 copies the article: its candidates have no novel word; the references do.
    for r in rows {
        assert!(marked(r["c"].as_str().expect("c"), &r["cm"], 8).is_empty());
    }
    let novel: usize = rows
        .iter()
        .map(|r| marked(r["r"][0].as_str().expect("r"), &r["rm"][0], 8).len())
        .sum();
    assert!(novel > 0);
}

/// Hostile text in every field that reaches the page: ids, languages, candidates,
/// references, a supplied score's name and the run files' names (compare's labels).
#[test]
fn hostile_text_in_every_field_stays_text() {
    let dir = tempfile::tempdir().expect("temp dir");
    let evil = "</script><script>alert(1)</script><img src=x onerror=alert(2)>\u{1b}[31m&amp;";
    let rows = |shift: f64| -> Vec<Value> {
        (0..3)
            .map(|i| {
                json!({"id": format!("{evil}{i}"), "lang": evil,
                       "candidate": format!("{evil} mưa {i}"), "reference": format!("mưa {evil}"),
                       "judge": 0.5 + shift})
            })
            .collect()
    };
    write_jsonl(&dir.path().join("a.jsonl"), &rows(0.0));
    write_jsonl(&dir.path().join("b.jsonl"), &rows(0.25));
    let runs = [
        "<img src=x onerror=alert(3)>a.json",
        "<img src=x onerror=alert(3)>b.json",
    ];
    for (input, run) in ["a.jsonl", "b.jsonl"].iter().zip(runs) {
        let html = score_html(
            dir.path(),
            input,
            &["--score-field", "judge", "--save", run, "--bootstrap", "50"],
        );
        assert!(!html.contains("<img") && !html.contains("\u{1b}"));
        assert_eq!(
            html.matches("<script").count(),
            2,
            "only the page's own scripts"
        );
        let data = explorer_data(&html);
        assert_eq!(data["rows"][0]["id"], format!("{evil}0"));
        assert_eq!(data["rows"][0]["lang"], evil);
        assert_eq!(data["rows"][0]["r"][0], format!("mưa {evil}"));
    }
    let html = stdout_of_success(tomtat().current_dir(dir.path()).args([
        "compare", runs[0], runs[1], "--format", "html", "--trials", "100",
    ]));
    assert!(!html.contains("<img") && !html.contains("\u{1b}"));
    assert_eq!(html.matches("<script").count(), 2);
    let data = explorer_data(&html);
    assert_eq!(data["base"], runs[0]);
    assert_eq!(data["rows"][1]["c2"], format!("{evil} mưa 1"));
    let names: Vec<&Value> = data["metrics"]
        .as_array()
        .expect("metrics")
        .iter()
        .map(|m| &m["name"])
        .collect();
    assert!(names.contains(&&json!("extra:judge")), "{names:?}");
}

#[test]
fn compare_page_marks_both_candidates_and_what_the_new_one_gained_or_lost() {
    let dir = tempfile::tempdir().expect("temp dir");
    let reference = "Nga và Mỹ đàm phán tại Geneva";
    write_jsonl(
        &dir.path().join("a.jsonl"),
        &[json!({"id": "e", "candidate": "Nga và Mỹ gặp nhau", "reference": reference})],
    );
    write_jsonl(
        &dir.path().join("b.jsonl"),
        &[json!({"id": "e", "candidate": "đàm phán tại Geneva", "reference": reference})],
    );
    for (input, run) in [("a.jsonl", "a.json"), ("b.jsonl", "b.json")] {
        score_html(dir.path(), input, &["--save", run, "--bootstrap", "0"]);
    }
    let html = stdout_of_success(tomtat().current_dir(dir.path()).args([
        "compare", "a.json", "b.json", "--format", "html", "--trials", "100",
    ]));
    let data = explorer_data(&html);
    assert_eq!(data["mode"], "compare");
    let row = &data["rows"][0];
    assert_eq!(
        marked(row["c"].as_str().expect("base"), &row["cm"], 1),
        ["Nga", "và", "Mỹ"]
    );
    assert_eq!(
        marked(row["c2"].as_str().expect("new"), &row["cm2"], 1),
        ["đàm", "phán", "tại", "Geneva"]
    );
    assert_eq!(
        marked(reference, &row["rm"][0], 16),
        ["đàm", "phán", "tại", "Geneva"]
    );
    assert_eq!(marked(reference, &row["rm"][0], 32), ["Nga", "và", "Mỹ"]);
    let (base, new) = (row["b"][0].as_f64(), row["v"][0].as_f64());
    assert!(
        base.zip(new)
            .is_some_and(|(b, n)| (b - 0.5).abs() < 1e-12 && n > b),
        "{row}"
    );
}

#[test]
fn dataset_stats_page_lists_references_with_the_words_their_article_lacks() {
    let html = stdout_of_success(tomtat().args([
        "dataset",
        "stats",
        "datasets/vi-news-ukraine-2022",
        "--format",
        "html",
    ]));
    let data = explorer_data(&html);
    assert_eq!(data["mode"], "stats");
    let rows = data["rows"].as_array().expect("rows");
    assert_eq!(rows.len(), 18);
    let row = rows
        .iter()
        .find(|r| r["id"] == "a000.vi.s1.txt")
        .expect("a000's first Vietnamese reference");
    let text = row["c"].as_str().expect("reference text");
    let article = std::fs::read_to_string("datasets/vi-news-ukraine-2022/articles/a000.vi.txt")
        .expect("article")
        .to_lowercase();
    let novel = marked(text, &row["cm"], 8);
    assert!(!novel.is_empty());
    for word in &novel {
        let bare: String = word.chars().filter(|c| c.is_alphanumeric()).collect();
        assert!(
            !article.contains(&format!(" {} ", bare.to_lowercase())),
            "{word}"
        );
    }
    // Coverage applies only to references in the article's language.
    let english = rows
        .iter()
        .find(|r| r["lang"] == "en")
        .expect("an English reference");
    assert!(english["v"][2].is_null());
    assert_eq!(
        marked(english["c"].as_str().expect("text"), &english["cm"], 8).len(),
        0
    );
}

#[test]
fn sentences_repeated_across_examples_are_sent_once_and_shown_whole() {
    // Three summaries of four sentences, each example's reference one of them rotated (as a
    // cluster's summary under each of its articles), over three blocks of the page's data.
    let summaries: Vec<Vec<String>> = (0..3)
        .map(|s| {
            (0..4)
                .map(|k| format!("Câu thứ {k} của bản tóm tắt số {s} nói về giá xăng."))
                .collect()
        })
        .collect();
    let rows: Vec<Value> = (0..1200)
        .map(|i| {
            let summary = &summaries[i % 3];
            let turn = (i / 3) % 4;
            let rotated: Vec<&str> = summary[turn..]
                .iter()
                .chain(&summary[..turn])
                .map(String::as_str)
                .collect();
            json!({
                "id": format!("e{i:04}"),
                "candidate": format!("Ứng viên số {i} viết một câu. {}", summary[(i / 5) % 4]),
                "reference": rotated.join(" "),
            })
        })
        .collect();
    let dir = tempfile::tempdir().expect("temp dir");
    write_jsonl(&dir.path().join("p.jsonl"), &rows);
    let html = score_html(dir.path(), "p.jsonl", &["--bootstrap", "0"]);
    let sent = sent_data(&html);
    let sent_rows = sent["rows"].as_array().expect("rows");
    let numbers = sent_rows
        .iter()
        .flat_map(|r| r["r"][0].as_array().into_iter().flatten())
        .filter(|p| p.is_u64())
        .count();
    // Each summary's sentences are sent once (plus the one that ends it, without its space).
    assert!(numbers > 1200 * 3, "{numbers} sentences sent as numbers");
    let last = &sent_rows[1199]["r"][0];
    assert!(
        last.as_array().is_some_and(|p| p.iter().all(Value::is_u64)),
        "{last}"
    );
    let data = explorer_data(&html);
    let shown = data["rows"].as_array().expect("rows");
    assert_eq!(shown.len(), 1200);
    for (row, input) in shown.iter().zip(&rows) {
        assert_eq!(row["c"], input["candidate"]);
        assert_eq!(row["r"][0], input["reference"]);
    }
}
