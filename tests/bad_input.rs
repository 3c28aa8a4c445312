//! The bad-input table: one test per kind of broken (or merely unusual) input, through the
//! real binary. Broken input exits 2 with one line naming the file and the line (and field or
//! byte), never panics, and leaves no output file behind (an existing one stays as it was).
//! Unusual but valid input (BOM, CRLF, quoted CSV, …) is accepted.

use assert_cmd::Command;
use serde_json::Value;
use std::path::{Path, PathBuf};

fn tomtat() -> Command {
    Command::cargo_bin("tomtat").expect("binary built")
}

const PAIR: &str = r#"{"id":"ID","candidate":"Nga và Mỹ đàm phán ở Geneva.","reference":"Mỹ và Nga đàm phán tại Geneva."}"#;

fn pair(id: &str) -> String {
    PAIR.replace("ID", id)
}

/// A temporary folder with an existing report `out.json` that a failed run must not touch.
struct Scene {
    dir: tempfile::TempDir,
}

const PREVIOUS: &str = "previous report\n";

impl Scene {
    fn new() -> Scene {
        let dir = tempfile::tempdir().expect("temp dir");
        std::fs::write(dir.path().join("out.json"), PREVIOUS).expect("previous report");
        Scene { dir }
    }

    fn file(&self, name: &str, content: &[u8]) -> PathBuf {
        let path = self.dir.path().join(name);
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).expect("create dir");
        }
        std::fs::write(&path, content).expect("write input");
        path
    }

    fn path(&self, name: &str) -> String {
        self.dir.path().join(name).to_string_lossy().into_owned()
    }

    /// `tomtat score` with every output option pointed into the scene.
    fn score(&self, args: &[&str]) -> Command {
        let mut cmd = tomtat();
        cmd.arg("score")
            .args(args)
            .args(["--format", "json", "-o", &self.path("out.json")])
            .args(["--per-example", &self.path("per-example.jsonl")])
            .args(["--save", &self.path("run.json")]);
        cmd
    }

    /// Asserts exit 2, a single stderr line containing `message`, and no output written.
    fn fails(&self, mut cmd: Command, message: &str) {
        let out = cmd.output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "stderr: {stderr}");
        assert_eq!(stderr.lines().count(), 1, "one line: {stderr}");
        assert!(
            stderr.contains(message),
            "expected '{message}' in: {stderr}"
        );
        assert!(stderr.starts_with("tomtat: error: "), "{stderr}");
        assert!(!stderr.contains("panicked") && !stderr.contains("RUST_BACKTRACE"));
        assert!(out.stdout.is_empty(), "nothing on stdout");
        self.assert_untouched();
    }

    fn assert_untouched(&self) {
        assert_eq!(
            std::fs::read_to_string(self.dir.path().join("out.json")).ok(),
            Some(PREVIOUS.to_string()),
            "the previous report is intact"
        );
        let mut names: Vec<String> = std::fs::read_dir(self.dir.path())
            .expect("list")
            .filter_map(Result::ok)
            .map(|e| e.file_name().to_string_lossy().into_owned())
            .collect();
        names.retain(|n| n == "per-example.jsonl" || n == "run.json" || n.starts_with(".tomtat-"));
        assert!(names.is_empty(), "partial output left: {names:?}");
    }

    /// Runs `cmd`, expects success, returns the JSON report written to `out.json`.
    fn succeeds(&self, mut cmd: Command) -> Value {
        let out = cmd.output().expect("runs");
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "stderr: {stderr}");
        let text = std::fs::read_to_string(self.dir.path().join("out.json")).expect("report");
        serde_json::from_str(&text).expect("JSON report")
    }
}

fn pairs_args(path: &Path) -> Vec<String> {
    vec![
        "--profile".into(),
        "vi".into(),
        "--pairs".into(),
        path.to_string_lossy().into_owned(),
    ]
}

fn score_pairs(scene: &Scene, path: &Path) -> Command {
    let args = pairs_args(path);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    scene.score(&args)
}

#[test]
fn invalid_utf8_in_jsonl() {
    let s = Scene::new();
    let mut bytes = format!("{}\n", pair("1")).into_bytes();
    bytes.extend(b"{\"id\":\"2\",\"candidate\":\"ab\xC3(\",\"reference\":\"x\"}\n");
    let p = s.file("p.jsonl", &bytes);
    s.fails(
        score_pairs(&s, &p),
        "p.jsonl: line 2, byte 26: invalid UTF-8 (byte offset",
    );
}

#[test]
fn invalid_utf8_in_csv() {
    let s = Scene::new();
    let p = s.file(
        "p.csv",
        b"id,candidate,reference\n1,a b,a c\n2,\"x\xFFy\",z\n",
    );
    s.fails(
        score_pairs(&s, &p),
        "p.csv:3: field 'candidate' (column 2) is not valid UTF-8 (byte 2 of the field)",
    );
}

#[test]
fn invalid_utf8_in_a_text_file() {
    let s = Scene::new();
    let p = s.file("p.jsonl", format!("{}\n", pair("1")).as_bytes());
    let stop = s.file("stop.txt", b"va\nm\xE1y\n");
    let mut cmd = score_pairs(&s, &p);
    cmd.args(["--stopwords", &stop.to_string_lossy()]);
    s.fails(cmd, "stop.txt: line 2, byte 2: invalid UTF-8");
}

#[test]
fn invalid_utf8_in_a_data_set_article() {
    let s = Scene::new();
    let ds = tiny_dataset(&s);
    s.file(
        "datasets/tiny/articles/x1.vi.txt",
        b"Ti\xEAu \xC4\x91\xE1\xBB\x81\n",
    );
    let ds = ds.to_string_lossy().into_owned();
    s.fails(
        s.score(&["--dataset", &ds, "--baseline", "lead-1"]),
        "x1.vi.txt:1: invalid UTF-8 at byte 3 (run `tomtat dataset check",
    );
}

#[test]
fn invalid_utf8_on_stdin() {
    let out = tomtat()
        .arg("tokenize")
        .write_stdin(b"ok\n\xFFbad\n".to_vec())
        .output()
        .expect("runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2));
    assert_eq!(
        stderr.trim_end(),
        "tomtat: error: stdin: line 2, byte 1: invalid UTF-8 (byte offset 3)"
    );
}

#[test]
fn utf8_bom_is_accepted() {
    let s = Scene::new();
    let p = s.file("p.jsonl", format!("\u{feff}{}\n", pair("1")).as_bytes());
    assert_eq!(s.succeeds(score_pairs(&s, &p))["count"], 1);
    let c = s.file(
        "p.csv",
        "\u{feff}id,candidate,reference\n1,a b,a c\n".as_bytes(),
    );
    assert_eq!(s.succeeds(score_pairs(&s, &c))["count"], 1);
    let out = tomtat()
        .arg("tokenize")
        .write_stdin("\u{feff}Hòa bình\n")
        .assert()
        .success();
    assert_eq!(out.get_output().stdout, b"ho\xC3\xA0 b\xC3\xACnh\n");
}

#[test]
fn crlf_and_mixed_line_endings_are_accepted() {
    let s = Scene::new();
    let text = format!(
        "{}\r\n{}\n\r\n{}",
        pair("1"),
        pair("2"),
        r#"{"id":"3","candidate":"Một câu.\r\nHai câu.","reference":"Một câu.\nHai câu."}"#
    );
    let p = s.file("p.jsonl", text.as_bytes());
    let report = s.succeeds(score_pairs(&s, &p));
    assert_eq!(report["count"], 3);
    let per = std::fs::read_to_string(s.path("per-example.jsonl")).expect("per-example");
    let third: Value = serde_json::from_str(per.lines().nth(2).unwrap_or("")).expect("JSON");
    assert_eq!(
        third["rougeLsum"]["fmeasure"], 1.0,
        "CRLF inside a text is a line break"
    );
    let c = s.file(
        "p.csv",
        b"id,candidate,reference\r\n1,a b,a c\n2,a b,a b\r\n",
    );
    assert_eq!(s.succeeds(score_pairs(&s, &c))["count"], 2);
}

#[test]
fn nul_byte_is_rejected() {
    let s = Scene::new();
    let mut bytes = format!("{}\n{}\n", pair("1"), pair("2")).into_bytes();
    bytes.extend(b"{\"id\":\"3\",\"candidate\":\"a\0b\",\"reference\":\"x\"}\n");
    let p = s.file("p.jsonl", &bytes);
    s.fails(score_pairs(&s, &p), "p.jsonl:3: contains a NUL byte");
    let c = s.file("p.csv", b"id,candidate,reference\n1,a\0b,c\n");
    s.fails(
        score_pairs(&s, &c),
        "p.csv:2: field 'candidate' (column 2) contains a NUL byte (byte 2 of the field)",
    );
}

#[test]
fn empty_file_is_rejected() {
    let s = Scene::new();
    let p = s.file("p.jsonl", b"");
    s.fails(score_pairs(&s, &p), "p.jsonl: no rows in the file");
    let blank = s.file("blank.jsonl", b"\n  \n\r\n");
    s.fails(score_pairs(&s, &blank), "blank.jsonl: no rows in the file");
}

#[test]
fn csv_with_only_a_header_is_rejected() {
    let s = Scene::new();
    let p = s.file("p.csv", b"id,candidate,reference\n");
    s.fails(score_pairs(&s, &p), "p.csv: no rows in the file");
}

#[test]
fn json_syntax_error_on_line_5000() {
    let s = Scene::new();
    let mut text: String = (1..5000).map(|i| pair(&i.to_string()) + "\n").collect();
    text.push_str("{\"id\":\"5000\",\"candidate\":\"a\",\"reference\":\"b\",}\n");
    text.push_str(&(pair("5001") + "\n"));
    let p = s.file("p.jsonl", text.as_bytes());
    s.fails(
        score_pairs(&s, &p),
        "p.jsonl:5000: invalid JSON: trailing comma",
    );
}

#[test]
fn numeric_id_is_rejected() {
    let s = Scene::new();
    let p = s.file(
        "p.jsonl",
        format!(
            "{}\n{{\"id\":3.5,\"candidate\":\"a\",\"reference\":\"b\"}}\n",
            pair("1")
        )
        .as_bytes(),
    );
    s.fails(
        score_pairs(&s, &p),
        "p.jsonl:2: field 'id' must be a string or a whole number, not 3.5",
    );
}

#[test]
fn references_given_as_one_string_is_one_reference() {
    let s = Scene::new();
    let p = s.file(
        "p.jsonl",
        br#"{"id":"1","candidate":"a b","references":"a b"}"#,
    );
    let report = s.succeeds(score_pairs(&s, &p));
    assert_eq!(report["metrics"]["rouge1"]["fmeasure"]["mean"], 1.0);
    assert_eq!(report["signature_fields"]["nrefs"], "1");
}

#[test]
fn references_given_as_numbers_are_rejected() {
    let s = Scene::new();
    let p = s.file("p.jsonl", br#"{"id":"1","candidate":"a b","references":7}"#);
    s.fails(
        score_pairs(&s, &p),
        "p.jsonl:1: field 'references' must be a list of strings, not a number",
    );
    let q = s.file(
        "q.jsonl",
        br#"{"id":"1","candidate":"a b","references":["x",7]}"#,
    );
    s.fails(
        score_pairs(&s, &q),
        "q.jsonl:1: field 'references'[1] must be a string, not a number",
    );
}

#[test]
fn missing_id_is_rejected() {
    let s = Scene::new();
    let p = s.file(
        "p.jsonl",
        format!(
            "{}\n{{\"candidate\":\"a\",\"reference\":\"b\"}}\n",
            pair("1")
        )
        .as_bytes(),
    );
    s.fails(score_pairs(&s, &p), "p.jsonl:2: missing field 'id'");
}

#[test]
fn duplicate_ids_are_rejected() {
    let s = Scene::new();
    let text = format!("{}\n{}\n{}\n", pair("a"), pair("b"), pair("a"));
    let p = s.file("p.jsonl", text.as_bytes());
    s.fails(
        score_pairs(&s, &p),
        "p.jsonl:3: duplicate id 'a' (first seen at line 1)",
    );
}

#[test]
fn csv_quotes_and_embedded_newlines_are_accepted() {
    let s = Scene::new();
    let p = s.file(
        "p.csv",
        "id,candidate,reference\n\"1\",\"Nga, \"\"Mỹ\"\"\nđàm phán\",\"Nga, Mỹ\nđàm phán\"\n"
            .as_bytes(),
    );
    let report = s.succeeds(score_pairs(&s, &p));
    assert_eq!(report["count"], 1);
    assert_eq!(report["metrics"]["rouge1"]["fmeasure"]["mean"], 1.0);
    assert!(
        report["warnings"].as_array().is_some_and(Vec::is_empty),
        "two lines each"
    );
}

#[test]
fn hundred_megabyte_single_text_is_scored() {
    let s = Scene::new();
    let sentence = "Nga và Mỹ đàm phán ở Geneva về an ninh châu Âu. ";
    let candidate = sentence.repeat((100 << 20) / sentence.len() + 1);
    let line = serde_json::json!({"id": "big", "candidate": candidate, "reference": "Mỹ và Nga đàm phán tại Geneva."});
    let p = s.file("p.jsonl", format!("{line}\n").as_bytes());
    let mut cmd = score_pairs(&s, &p);
    cmd.args(["--metrics", "rouge1,rouge2,rougeL", "--bootstrap", "0"]);
    let report = s.succeeds(cmd);
    assert_eq!(report["count"], 1);
    let recall = &report["metrics"]["rouge1"]["recall"]["mean"];
    assert!(recall.as_f64().is_some_and(|r| r > 0.7), "{recall}");
}

/// A valid one-article data set inside the scene.
fn tiny_dataset(s: &Scene) -> PathBuf {
    s.file(
        "datasets/tiny/manifest.csv",
        "article_id,cluster_id,lang,title,outlet,source_url,published,file\n\
         x1,cx,vi,Tiêu đề,,,,articles/x1.vi.txt\n"
            .as_bytes(),
    );
    s.file(
        "datasets/tiny/articles/x1.vi.txt",
        "Tiêu đề bài báo\nHai bên đã đàm phán trong nhiều giờ nhưng không đạt được thỏa thuận.\n"
            .as_bytes(),
    );
    s.file(
        "reference-summaries/tiny/cx.vi.s1.txt",
        "Hai bên đàm phán nhiều giờ mà không đạt thỏa thuận.\n".as_bytes(),
    );
    s.dir.path().join("datasets/tiny")
}

#[test]
fn data_set_manifest_naming_a_missing_file() {
    let s = Scene::new();
    let ds = tiny_dataset(&s);
    std::fs::remove_file(ds.join("articles/x1.vi.txt")).expect("remove");
    let ds = ds.to_string_lossy().into_owned();
    s.fails(
        s.score(&["--dataset", &ds, "--baseline", "lead-1"]),
        "manifest.csv:2: row names a missing or unreadable file 'articles/x1.vi.txt'",
    );
}

#[test]
fn reference_file_for_an_unknown_target() {
    let s = Scene::new();
    let ds = tiny_dataset(&s);
    s.file(
        "reference-summaries/tiny/zz.vi.s1.txt",
        "Hai bên đàm phán.\n".as_bytes(),
    );
    let ds = ds.to_string_lossy().into_owned();
    s.fails(
        s.score(&["--dataset", &ds, "--baseline", "lead-1"]),
        "zz.vi.s1.txt: reference for unknown target 'zz'",
    );
}

#[test]
fn unknown_metric_name() {
    let s = Scene::new();
    let p = s.file("p.jsonl", pair("1").as_bytes());
    let mut cmd = score_pairs(&s, &p);
    cmd.args(["--metrics", "rouge1,bleu"]);
    s.fails(cmd, "unknown metric 'bleu'");
}

#[test]
fn negative_bootstrap() {
    let s = Scene::new();
    let p = s.file("p.jsonl", pair("1").as_bytes());
    let mut cmd = score_pairs(&s, &p);
    cmd.args(["--bootstrap", "-1"]);
    s.fails(cmd, "invalid value '-1' for '--bootstrap");
}

#[test]
fn alpha_above_one() {
    let s = Scene::new();
    let p = s.file("p.jsonl", pair("1").as_bytes());
    let mut cmd = score_pairs(&s, &p);
    cmd.args(["--alpha", "2"]);
    s.fails(cmd, "--alpha must be between 0 and 1");
}

#[test]
fn output_in_a_missing_directory() {
    let s = Scene::new();
    let p = s.file("p.jsonl", pair("1").as_bytes());
    let missing = s.path("no/such/dir/report.json");
    let mut cmd = tomtat();
    cmd.args(["score", "--profile", "vi", "--pairs", &p.to_string_lossy()])
        .args(["-o", &missing]);
    s.fails(cmd, "no/such/dir does not exist");
    let mut cmd = tomtat();
    cmd.args(["score", "--profile", "vi", "--pairs", &p.to_string_lossy()])
        .args(["--save", &missing]);
    s.fails(cmd, "no/such/dir does not exist");
}

#[test]
fn score_without_input_names_both_ways_to_give_it() {
    let s = Scene::new();
    let mut none = tomtat();
    none.arg("score").current_dir(s.dir.path());
    s.fails(
        none,
        "give what to score: --pairs FILE, --hyp FILE --ref FILE, or --dataset DIR",
    );
    let pairs = s.file("p.jsonl", pair("a").as_bytes());
    let mut both = tomtat();
    both.args(["score", "--dataset", "."])
        .arg("--pairs")
        .arg(&pairs);
    both.current_dir(s.dir.path());
    s.fails(both, "cannot be used with");
}

#[test]
fn integer_ids_in_json_lines_read_as_their_decimal_text_like_parquet() {
    let s = Scene::new();
    let as_int = s.file(
        "int.jsonl",
        b"{\"id\":7,\"candidate\":\"a b\",\"reference\":\"a c\"}\n",
    );
    let as_text = s.file(
        "text.jsonl",
        b"{\"id\":\"7\",\"candidate\":\"a b\",\"reference\":\"a c\"}\n",
    );
    let report = |p: &Path| {
        let out = tomtat()
            .args(["score", "--profile", "en", "--format", "json", "--pairs"])
            .arg(p)
            .output()
            .expect("runs");
        assert!(out.status.success());
        let v: Value = serde_json::from_slice(&out.stdout).expect("JSON");
        v["fingerprint"].clone()
    };
    assert_eq!(report(&as_int), report(&as_text));
}

#[test]
fn a_row_without_an_id_names_the_id_field_flag() {
    let s = Scene::new();
    let p = s.file("p.jsonl", b"{\"candidate\":\"a\",\"reference\":\"b\"}\n");
    s.fails(score_pairs(&s, &p), "--id-field NAME");
}
