//! Nothing from an input reaches a terminal raw (reliability class 3): control characters and
//! bidi overrides in ids, file and folder names come out as visible escapes, and every error
//! stays one line.

use assert_cmd::Command;

const HOSTILE: &str = "x\u{1b}]0;owned\u{7}\u{1b}[31m\r\nfake: line\u{202e}";

fn assert_inert(stderr: &[u8]) {
    let text = String::from_utf8_lossy(stderr);
    assert_eq!(text.lines().count(), 1, "{text:?}");
    assert!(
        !text
            .trim_end_matches('\n')
            .chars()
            .any(|c| c.is_control() || c == '\u{202e}'),
        "{text:?}"
    );
    assert!(text.contains("\\u{1b}"), "{text:?}");
}

#[test]
fn control_characters_in_a_duplicate_id_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("dir");
    let id = serde_json::to_string(HOSTILE).expect("json");
    let line = format!("{{\"id\":{id},\"candidate\":\"a\",\"reference\":\"a\"}}\n");
    std::fs::write(dir.path().join("p.jsonl"), line.repeat(2)).expect("pairs");
    let out = Command::cargo_bin("tomtat")
        .expect("binary")
        .current_dir(dir.path())
        .args(["score", "--pairs", "p.jsonl", "--profile", "en"])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_inert(&out.stderr);
}

#[test]
fn control_characters_in_a_file_name_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("dir");
    let name = format!("{HOSTILE}.jsonl").replace('\u{0}', "");
    let out = Command::cargo_bin("tomtat")
        .expect("binary")
        .current_dir(dir.path())
        .args(["score", "--pairs", &name])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_inert(&out.stderr);
}

#[test]
fn control_characters_in_a_folder_name_do_not_reach_the_terminal() {
    let dir = tempfile::tempdir().expect("dir");
    let out = Command::cargo_bin("tomtat")
        .expect("binary")
        .current_dir(dir.path())
        .args(["dataset", "stats", HOSTILE])
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert_inert(&out.stderr);
}

/// A run file whose signature fields were edited (the signature string and the report's copy
/// rebuilt to match, so the file loads) cannot inject into `compare`'s Markdown, JUnit or table output.
#[test]
fn hostile_signature_fields_in_a_run_file_come_out_inert_in_every_compare_format() {
    let dir = tempfile::tempdir().expect("dir");
    let run = |args: &[&str]| {
        Command::cargo_bin("tomtat")
            .expect("binary")
            .current_dir(dir.path())
            .args(args)
            .output()
            .expect("run")
    };
    std::fs::write(
        dir.path().join("p.jsonl"),
        "{\"id\":\"1\",\"candidate\":\"a b\",\"reference\":\"a b c\"}\n\
         {\"id\":\"2\",\"candidate\":\"b c\",\"reference\":\"a c\"}\n",
    )
    .expect("pairs");
    let out = run(&[
        "score",
        "--pairs",
        "p.jsonl",
        "--profile",
        "en",
        "--save",
        "a.json",
    ]);
    assert_eq!(out.status.code(), Some(0));
    let text = std::fs::read_to_string(dir.path().join("a.json")).expect("run file");
    let mut v: serde_json::Value = serde_json::from_str(&text).expect("json");
    let hostile =
        "x`\n\n</details><script>alert(1)</script>[l](javascript:alert(1))\u{1b}[31m\u{0}";
    let fields = v["signature_fields"].as_object_mut().expect("fields");
    let key = fields.keys().next().expect("a field").clone();
    fields.insert(key, serde_json::Value::String(hostile.into()));
    let signature = tomtat::report::Signature::from_fields(fields).to_string();
    v["signature"] = serde_json::Value::String(signature.clone());
    v["report"]["signature"] = serde_json::Value::String(signature);
    std::fs::write(dir.path().join("b.json"), v.to_string()).expect("edited run");
    for format in ["md", "junit", "table"] {
        let out = run(&["compare", "b.json", "b.json", "--format", format]);
        assert_eq!(
            out.status.code(),
            Some(0),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        let text = String::from_utf8_lossy(&out.stdout);
        assert!(
            !text.chars().any(|c| c.is_control() && c != '\n'),
            "{format}: {text:?}"
        );
        if format == "md" {
            // Raw HTML and links stay inert inside one code span that nothing can close; they
            // appear nowhere else.
            let signature = text
                .lines()
                .find(|l| l.starts_with("Signature: "))
                .expect("signature line");
            let span = signature.trim_start_matches("Signature: ");
            assert!(
                span.len() > 2
                    && span.starts_with('`')
                    && span.ends_with('`')
                    && !span[1..span.len() - 1].contains('`'),
                "one code span: {signature}"
            );
            let elsewhere: String = text.lines().filter(|l| *l != signature).collect();
            assert!(!elsewhere.contains("<script>"), "{text}");
            assert!(!elsewhere.contains("](javascript"), "{text}");
            assert_eq!(elsewhere.matches("</details>").count(), 1, "{text}");
        } else if format == "junit" {
            assert!(!text.contains("<script>"), "{format}: {text}");
            assert!(
                text.contains("&lt;script&gt;") || !text.contains("script"),
                "{text}"
            );
        }
        if format == "table" {
            assert!(!text.contains("\n\n</details>"), "{text}");
        }
    }
}
