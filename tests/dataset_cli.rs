//! Data sets through the real binary: the bundled set, `dataset check` on broken fixtures,
//! candidates in two languages, baselines and the importers.

use assert_cmd::Command;
use predicates::prelude::*;
use serde_json::Value;
use std::path::{Path, PathBuf};

const BUNDLED: &str = "datasets/vi-news-ukraine-2022";

fn tomtat() -> Command {
    Command::cargo_bin("tomtat").expect("binary built")
}

fn write(path: &Path, content: &[u8]) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, content).expect("write fixture");
}

#[test]
fn bundled_dataset_checks_clean() {
    tomtat()
        .args(["dataset", "check"])
        .assert()
        .success()
        .stdout(predicate::str::contains(
            "5 articles, 18 references, 6 targets",
        ))
        .stdout(predicate::str::contains("0 error(s)"));
}

#[test]
fn main_job_prints_lead3_scores_with_intervals() {
    tomtat()
        .args([
            "score",
            "--dataset",
            BUNDLED,
            "--baseline",
            "lead-3",
            "--format",
            "table",
        ])
        .assert()
        .success()
        .stdout(predicate::str::contains("6 examples"))
        .stdout(
            predicate::str::is_match(r"rouge1\s+\d+\.\d\d \[\d+\.\d\d, \d+\.\d\d\]")
                .unwrap_or_else(|_| unreachable!()),
        )
        .stdout(predicate::str::contains("signature: profile:vi=vi-v1|"));
}

#[test]
fn oracle_beats_lead3_beats_random() {
    let f1 = |baseline: &str| {
        let out = tomtat()
            .args([
                "score",
                "--dataset",
                BUNDLED,
                "--baseline",
                baseline,
                "--format",
                "json",
                "--bootstrap",
                "0",
            ])
            .assert()
            .success();
        let v: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
        v["metrics"]["rouge2"]["fmeasure"]["mean"]
            .as_f64()
            .unwrap_or(-1.0)
    };
    let (oracle, lead, random) = (f1("oracle"), f1("lead-3"), f1("random-3"));
    assert!(
        oracle > lead && lead > random,
        "oracle {oracle} lead-3 {lead} random-3 {random}"
    );
}

fn reference(name: &str) -> String {
    std::fs::read_to_string(format!("reference-summaries/vi-news-ukraine-2022/{name}"))
        .expect("bundled reference")
}

#[test]
fn candidates_are_scored_against_references_in_their_language() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cands = dir.path().join("c.jsonl");
    let lines = [
        serde_json::json!({"id": "a000", "summary": reference("a000.en.s1.txt")}),
        serde_json::json!({"id": "a000", "summary": reference("a000.vi.s1.txt"), "lang": "vi"}),
    ];
    let text: String = lines.iter().map(|l| format!("{l}\n")).collect();
    write(&cands, text.as_bytes());
    let per = dir.path().join("per.jsonl");
    let out = tomtat()
        .args([
            "score",
            "--dataset",
            BUNDLED,
            "--allow-missing",
            "--format",
            "json",
            "--candidates",
        ])
        .arg(&cands)
        .arg("--per-example")
        .arg(&per)
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    for lang in ["en", "vi"] {
        let f = &v["by_language"][lang]["metrics"]["rouge1"]["fmeasure"]["mean"];
        assert_eq!(f.as_f64(), Some(1.0), "{lang}: {v}");
    }
    let rows = std::fs::read_to_string(&per).expect("per-example");
    assert!(rows.contains("\"id\":\"a000\",\"lang\":\"en\"") && rows.contains("\"lang\":\"vi\""));
    // Every example is accounted for: 2 candidates scored, the other 5 targets skipped.
    let e = &v["examples"];
    assert_eq!(
        (&e["input"], &e["scored"], &e["skipped"], &e["failed"]),
        (
            &Value::from(7),
            &Value::from(2),
            &Value::from(5),
            &Value::from(0)
        )
    );
    assert_eq!(
        e["skipped_by_reason"]["target without a candidate (--allow-missing)"],
        5
    );
}

#[test]
fn unknown_candidate_id_exits_2_naming_it() {
    let dir = tempfile::tempdir().expect("temp dir");
    let cands = dir.path().join("c.csv");
    write(
        &cands,
        "id,summary,lang\na000,Nga và Mỹ đàm phán.,vi\nnope,Nga và Mỹ.,vi\n".as_bytes(),
    );
    tomtat()
        .args([
            "score",
            "--dataset",
            BUNDLED,
            "--allow-missing",
            "--candidates",
        ])
        .arg(&cands)
        .assert()
        .code(2)
        .stderr(predicate::str::contains("'nope' (line 3)"));
    tomtat()
        .args(["score", "--dataset", BUNDLED, "--candidates"])
        .arg(&cands)
        .assert()
        .code(2)
        .stderr(
            predicate::str::contains("targets with no candidate")
                .and(predicate::str::contains("'a001'")),
        );
}

/// A small valid data set in a temp folder, to break one way at a time.
fn valid_dataset(root: &Path) -> PathBuf {
    let ds = root.join("datasets").join("tiny");
    write(
        &ds.join("manifest.csv"),
        b"article_id,cluster_id,lang,title,outlet,source_url,published,file\n\
          x1,cx,vi,Ti\xc3\xaau \xc4\x91\xe1\xbb\x81,,,,articles/x1.vi.txt\n",
    );
    write(
        &ds.join("articles/x1.vi.txt"),
        "Tiêu đề bài báo\nHai bên đã đàm phán trong nhiều giờ nhưng không đạt được thỏa thuận nào về an ninh châu Âu.\n".as_bytes(),
    );
    let refs = root.join("reference-summaries").join("tiny");
    write(
        &refs.join("cx.vi.s1.txt"),
        "Hai bên đàm phán nhiều giờ mà không đạt thỏa thuận về an ninh châu Âu.\n".as_bytes(),
    );
    ds
}

fn check_output(ds: &Path) -> (i32, String) {
    let out = tomtat()
        .args(["dataset", "check"])
        .arg(ds)
        .output()
        .expect("runs");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
    )
}

#[test]
fn check_reports_each_broken_case_precisely() {
    type Break = fn(&Path, &Path);
    let cases: Vec<(&str, Break, &str)> = vec![
        (
            "missing file",
            |ds, _| {
                let _ = std::fs::remove_file(ds.join("articles/x1.vi.txt"));
            },
            "row names a missing or unreadable file 'articles/x1.vi.txt'",
        ),
        (
            "file without row",
            |ds, _| {
                write(
                    &ds.join("articles/x2.vi.txt"),
                    "Một bài báo khác về đàm phán.\n".as_bytes(),
                )
            },
            "x2.vi.txt: file without a manifest row",
        ),
        (
            "unknown target",
            |_, refs| {
                write(
                    &refs.join("zz.vi.s1.txt"),
                    "Hai bên đàm phán nhiều giờ về an ninh.\n".as_bytes(),
                )
            },
            "reference for unknown target 'zz'",
        ),
        (
            "target without references",
            |_, refs| {
                let _ = std::fs::remove_file(refs.join("cx.vi.s1.txt"));
            },
            "no reference for 'cx' nor for its article(s) x1",
        ),
        (
            "empty text",
            |_, refs| write(&refs.join("cx.vi.s2.txt"), b"  \n"),
            "cx.vi.s2.txt: empty text",
        ),
        (
            "invalid UTF-8",
            |_, refs| write(&refs.join("cx.vi.s2.txt"), b"ok\nab\xffcd\n"),
            "cx.vi.s2.txt:2: invalid UTF-8 at byte 3",
        ),
        (
            "not NFC",
            |_, refs| {
                write(
                    &refs.join("cx.vi.s2.txt"),
                    "Hai be\u{302}n đàm phán nhiều giờ về an ninh châu Âu.\n".as_bytes(),
                )
            },
            "cx.vi.s2.txt:1: text is not NFC",
        ),
        (
            "invisible",
            |_, refs| {
                write(
                    &refs.join("cx.vi.s2.txt"),
                    "Hai bên đàm\u{200B} phán nhiều giờ về an ninh châu Âu.\n".as_bytes(),
                )
            },
            "invisible character U+200B",
        ),
        (
            "eth",
            |_, refs| {
                write(
                    &refs.join("cx.vi.s2.txt"),
                    "Hai bên Ðàm phán nhiều giờ về an ninh châu Âu.\n".as_bytes(),
                )
            },
            "look-alike letter Ð",
        ),
        (
            "cyrillic",
            |_, refs| {
                write(
                    &refs.join("cx.vi.s2.txt"),
                    "Hai bên đàm phán nhiều giờ về an ninh \u{0421}hâu Âu.\n".as_bytes(),
                )
            },
            "Cyrillic look-alike letter inside the Latin word",
        ),
        (
            "language",
            |_, refs| {
                write(&refs.join("cx.vi.s2.txt"), b"The two sides negotiated for many hours without reaching any agreement on European security.\n")
            },
            "declared language 'vi' but the text reads as 'en'",
        ),
        (
            "duplicate id",
            |ds, _| {
                let m = std::fs::read_to_string(ds.join("manifest.csv")).unwrap_or_default();
                let dup = m.lines().nth(1).unwrap_or_default().to_string();
                write(&ds.join("manifest.csv"), format!("{m}{dup}\n").as_bytes())
            },
            "duplicate article_id 'x1' (first at line 2)",
        ),
        (
            "escaping path",
            |ds, _| {
                let m = std::fs::read_to_string(ds.join("manifest.csv")).unwrap_or_default();
                write(
                    &ds.join("manifest.csv"),
                    format!("{m}x3,cx,vi,T,,,,../../secret.txt\n").as_bytes(),
                )
            },
            "must be a relative path inside the data set (no '..')",
        ),
    ];
    for (name, breaker, message) in cases {
        let root = tempfile::tempdir().expect("temp dir");
        let ds = valid_dataset(root.path());
        let refs = root.path().join("reference-summaries").join("tiny");
        let (code, _) = check_output(&ds);
        assert_eq!(code, 0, "fixture should start clean");
        breaker(&ds, &refs);
        let (code, out) = check_output(&ds);
        // Text a profile normalizes and a language that reads as another are warnings: such a
        // data set still loads and scores (issue 32); every other case is an error.
        let warned = ["not NFC", "invisible", "eth", "cyrillic", "language"].contains(&name);
        assert_eq!(code, if warned { 0 } else { 1 }, "{name}: {out}");
        let severity = if warned { "warning: " } else { "error: " };
        assert!(
            out.lines()
                .any(|l| l.starts_with(severity) && l.contains(message)),
            "{name}: expected '{severity}…{message}' in\n{out}"
        );
    }
}

#[test]
fn both_tone_styles_is_only_a_warning() {
    let root = tempfile::tempdir().expect("temp dir");
    let ds = valid_dataset(root.path());
    let refs = root.path().join("reference-summaries").join("tiny");
    write(
        &refs.join("cx.vi.s2.txt"),
        "Hai bên muốn hòa bình.\nHai bên muốn hoà bình ở châu Âu.\n".as_bytes(),
    );
    let (code, out) = check_output(&ds);
    assert_eq!(code, 0, "{out}");
    assert!(out.contains("warning:") && out.contains("both tone styles in one file: 'hòa' (line 1, old style) and 'hoà' (line 2, new style)"), "{out}");
}

#[test]
fn imports_vims_layout_with_its_quirks() {
    let root = tempfile::tempdir().expect("temp dir");
    let src = root.path().join("vims");
    write(&src.join("data/Cluster_001/1.txt"), "Tie\u{302}u \u{111}e\u{300}\r\nNga va\u{300} My\u{303} \u{111}a\u{300}m pha\u{301}n ve\u{300} an ninh cha\u{302}u A\u{302}u trong nhie\u{302}\u{300}u gio\u{31b}\u{300}.\r\n".as_bytes());
    write(
        &src.join("data/Cluster_001/2.txt"),
        "Tiêu đề hai\nHai bên không đạt thỏa thuận nào sau cuộc đàm phán kéo dài.\n".as_bytes(),
    );
    write(&src.join("summary/Cluster_001/3.txt"), "Cluster_001\n\n=Einleitung=\n\nNga và Mỹ đàm phán về an ninh châu Âu nhưng không đạt thỏa thuận.\n".as_bytes());
    write(
        &src.join("summary/Cluster_001/3.txt~"),
        b"backup of an editor\n",
    );
    let dest = root.path().join("out");
    tomtat()
        .args(["dataset", "import", "vims"])
        .arg(&src)
        .arg(&dest)
        .assert()
        .success()
        .stdout("imported 1 clusters, 2 articles, 1 references\n");
    let summary =
        std::fs::read_to_string(dest.join("references/Cluster_001.vi.s3.txt")).expect("reference");
    assert_eq!(
        summary,
        "Nga và Mỹ đàm phán về an ninh châu Âu nhưng không đạt thỏa thuận.\n"
    );
    let (code, out) = check_output(&dest);
    assert_eq!(code, 0, "{out}");
}

#[test]
fn imports_abmusu_jsonl_with_its_quirks() {
    let root = tempfile::tempdir().expect("temp dir");
    let file = root.path().join("validation.jsonl");
    let row = serde_json::json!({
        "single_documents": [
            {"title": "Ðàm phán an ninh", "anchor_text": "Nga và Mỹ đàm phán về an ninh châu Âu.", "raw_text": "Hai bên không đạt thỏa thuận nào.\nСuộc họp kéo dài nhiều giờ liền."},
            {"title": "Bài hai", "anchor_text": "Mỹ cảnh báo Nga về hậu quả nghiêm trọng.", "raw_text": "Nga nói không muốn xung đột với bất kỳ ai."}
        ],
        "summary": "Nga và Mỹ đa\u{300}m phán về an ninh châu Âu nhưng không đạt thỏa thuận nào.",
        "category": "Thế giới"
    });
    write(&file, format!("{row}\n").as_bytes());
    let dest = root.path().join("out");
    tomtat()
        .args(["dataset", "import", "abmusu"])
        .arg(&file)
        .arg(&dest)
        .assert()
        .success()
        .stdout("imported 1 clusters, 2 articles, 1 references\n");
    let article =
        std::fs::read_to_string(dest.join("articles/validation-001-1.vi.txt")).expect("article");
    // The released text byte for byte: the Icelandic eth and the Cyrillic С stay, and
    // `dataset check` lists them as text warnings.
    assert!(
        article.starts_with("Ðàm phán an ninh\n") && article.contains("\u{0421}uộc họp"),
        "{article}"
    );
    let summary = std::fs::read_to_string(dest.join("references/validation-001.vi.gold.txt"))
        .expect("summary");
    assert!(summary.contains("đa\u{300}m phán"), "{summary}");
    let (code, out) = check_output(&dest);
    assert_eq!(code, 0, "{out}");
    assert!(
        out.contains("warning: ") && out.contains("look-alike letter Ð"),
        "{out}"
    );
    assert!(out.contains("text is not NFC"), "{out}");
    tomtat()
        .args([
            "score",
            "--baseline",
            "lead-1",
            "--format",
            "json",
            "--dataset",
        ])
        .arg(&dest)
        .assert()
        .success();
}

/// Text from the inputs (here the data set's name) cannot inject markup into HTML or break a
/// Markdown table.
#[test]
fn hostile_names_are_escaped_in_html_and_markdown() {
    let root = tempfile::tempdir().expect("temp dir");
    let tiny = valid_dataset(root.path());
    let name = "x<img src=x onerror=alert(1)>|`y`\n\n<summary>[l](javascript:alert(1))\u{1b}[31m";
    let hostile = root.path().join("datasets").join(name);
    std::fs::rename(&tiny, &hostile).expect("rename data set");
    std::fs::rename(
        root.path().join("reference-summaries/tiny"),
        root.path().join("reference-summaries").join(name),
    )
    .expect("rename references");
    let render = |format: &str| {
        let out = tomtat()
            .args(["dataset", "stats", "--format", format])
            .arg(&hostile)
            .assert()
            .success();
        String::from_utf8_lossy(&out.get_output().stdout).into_owned()
    };
    let html = render("html");
    assert!(!html.contains("<img"), "raw tag in HTML");
    assert!(!html.contains("<summary>[l]"), "raw tag in HTML");
    assert!(html.contains("x&lt;img src=x onerror=alert(1)&gt;|`y`"));
    let md = render("md");
    let heading = md.lines().next().unwrap_or_default();
    assert!(
        heading.starts_with(
            r"### x\<img src=x onerror=alert\(1\)\>\|\`y\`\u{a}\u{a}\<summary\>\[l\]\(javascript:alert\(1\)\)\u{1b}\[31m: "
        ),
        "{heading}"
    );
    assert!(
        !md.contains('\u{1b}') && !md.contains("](javascript"),
        "{md}"
    );
    let table = render("table");
    assert!(!table.contains('\u{1b}'), "{table}");
    assert!(table.starts_with(r"x<img src=x onerror=alert(1)>|`y`\u{a}\u{a}<summary>"));
    for line in md.lines().filter(|l| l.starts_with('|')) {
        let cells = line.matches('|').count() - line.matches(r"\|").count();
        assert_eq!(cells, 7, "a table row keeps its columns: {line}");
    }
}

/// Imports are atomic (reliability class 1): an import that fails on line 2 leaves no
/// half-written data set and no temporary folder; the successful one makes an ordinary folder.
#[test]
fn import_that_fails_on_line_n_leaves_no_half_written_data_set() {
    let root = tempfile::tempdir().expect("temp dir");
    let file = root.path().join("train.jsonl");
    let row = serde_json::json!({
        "single_documents": [{"title": "Tiêu đề", "anchor_text": "Nga và Mỹ đàm phán.", "raw_text": "Hai bên gặp nhau."}],
        "summary": "Nga và Mỹ đàm phán.",
        "category": "Thế giới"
    });
    write(&file, format!("{row}\n{{not json\n").as_bytes());
    let dest = root.path().join("out");
    let out = tomtat()
        .args(["dataset", "import", "abmusu"])
        .arg(&file)
        .arg(&dest)
        .output()
        .expect("run");
    assert_eq!(out.status.code(), Some(2));
    assert!(!dest.exists(), "a half-written data set was left");
    let left: Vec<String> = std::fs::read_dir(root.path())
        .expect("dir")
        .flatten()
        .map(|e| e.file_name().to_string_lossy().to_string())
        .filter(|n| n.starts_with(".tomtat-"))
        .collect();
    assert!(left.is_empty(), "{left:?}");
    write(&file, format!("{row}\n").as_bytes());
    tomtat()
        .args(["dataset", "import", "abmusu"])
        .arg(&file)
        .arg(&dest)
        .assert()
        .success();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        let mode = std::fs::metadata(&dest).expect("dest").permissions().mode();
        assert_eq!(mode & 0o777, 0o755);
    }
    assert!(dest.join("manifest.csv").is_file());
}

/// Data set folders are a boundary (reliability class 2): a symlink inside a data set that
/// resolves outside it (an article, a symlinked `articles/` folder) is an error in `dataset
/// check` and in `score --dataset`, and its content is never read. Symlinks that stay inside
/// are allowed.
#[cfg(unix)]
#[test]
fn symlink_leaving_the_data_set_is_an_error_and_never_read() {
    use std::os::unix::fs::symlink;
    let root = tempfile::tempdir().expect("temp dir");
    let secret = root.path().join("secret.txt");
    write(&secret, "SECRET-CONTENT mật khẩu\n".as_bytes());
    let ds = valid_dataset(root.path());
    let article = ds.join("articles/x1.vi.txt");
    std::fs::remove_file(&article).expect("remove");
    symlink(&secret, &article).expect("symlink");
    let (code, out) = check_output(&ds);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("leaves the data set folder"), "{out}");
    assert!(!out.contains("SECRET"), "{out}");
    let score = tomtat()
        .args([
            "score",
            "--baseline",
            "lead-1",
            "--format",
            "json",
            "--dataset",
        ])
        .arg(&ds)
        .output()
        .expect("runs");
    assert_eq!(score.status.code(), Some(2));
    assert!(!String::from_utf8_lossy(&score.stdout).contains("SECRET"));
    // A symlinked articles/ folder that points outside.
    std::fs::remove_file(&article).expect("remove");
    let outside = root.path().join("elsewhere");
    write(&outside.join("x1.vi.txt"), "SECRET ở ngoài\n".as_bytes());
    std::fs::remove_dir(ds.join("articles")).expect("rmdir");
    symlink(&outside, ds.join("articles")).expect("symlink");
    let (code, out) = check_output(&ds);
    assert_eq!(code, 1, "{out}");
    assert!(out.contains("leaves the data set folder"), "{out}");
}

/// Symlink loops never hang or flood `dataset check` (two `ln -s ..` links hung it for over a
/// minute); a link that stays inside the folder is fine.
#[cfg(unix)]
#[test]
fn symlink_loops_do_not_hang_dataset_check() {
    use std::os::unix::fs::symlink;
    let root = tempfile::tempdir().expect("temp dir");
    let ds = valid_dataset(root.path());
    symlink("..", ds.join("up")).expect("symlink");
    symlink("..", ds.join("articles/up")).expect("symlink");
    symlink(".", ds.join("articles/self")).expect("symlink");
    let start = std::time::Instant::now();
    let (code, out) = check_output(&ds);
    // Safe under load: the check takes about 0.05 s; the bound, 200 times that, only tells a
    // hang (the bug took over a minute) from a finished run.
    assert!(start.elapsed() < std::time::Duration::from_secs(10));
    assert!(out.lines().count() < 10, "{out}");
    assert_eq!(code, 1, "{out}");
    assert!(
        out.contains("up: symlink that leaves the data set folder"),
        "{out}"
    );
    std::fs::remove_file(ds.join("up")).expect("rm");
    std::fs::remove_file(ds.join("articles/up")).expect("rm");
    let (code, out) = check_output(&ds);
    assert_eq!(code, 0, "a link inside the folder is allowed: {out}");
}

/// The tokens of `text` with the bundled set's profile.
fn vi_tokens(text: &str) -> Vec<String> {
    tomtat::Tokenizer::with_defaults(tomtat::Profile::ViV1).tokenize(text)
}

/// The longest run of tokens `a` and `b` share.
fn longest_shared_run(a: &[String], b: &[String]) -> usize {
    let mut best = 0;
    let mut row = vec![0usize; b.len() + 1];
    for x in a {
        let mut prev = 0;
        for (j, y) in b.iter().enumerate() {
            let here = row[j + 1];
            row[j + 1] = if x == y { prev + 1 } else { 0 };
            best = best.max(row[j + 1]);
            prev = here;
        }
    }
    best
}

/// What reference-summaries/vi-news-ukraine-2022/README.md promises of every reference.
#[test]
fn bundled_references_keep_their_readmes_promises() {
    for target in ["a000", "a001", "a002", "a003", "a004", "c-ukraine-talks"] {
        let s1 = reference(&format!("{target}.vi.s1.txt"));
        let s2 = reference(&format!("{target}.vi.s2.txt"));
        let en = reference(&format!("{target}.en.s1.txt"));
        let lines = |t: &str| t.lines().filter(|l| !l.trim().is_empty()).count();
        assert!(
            (2..=3).contains(&lines(&s1)),
            "{target} vi s1: {} sentences",
            lines(&s1)
        );
        assert_eq!(lines(&s2), 5, "{target} vi s2");
        assert_eq!(lines(&en), 3, "{target} en s1");
        let n = vi_tokens(&s2).len();
        assert!((105..=118).contains(&n), "{target} vi s2: {n} tokens");
        let shared = longest_shared_run(&vi_tokens(&s1), &vi_tokens(&s2));
        assert!(
            shared <= 11,
            "{target}: s1 and s2 share a run of {shared} tokens"
        );
        for text in [&s1, &s2, &en] {
            assert!(
                !text.contains("2021") && !text.contains("2022"),
                "{target}: a year the articles do not give"
            );
        }
    }
}

#[test]
fn bundled_articles_carry_no_outlet_marks() {
    for id in ["a000", "a001", "a002", "a003", "a004"] {
        let text = std::fs::read_to_string(format!("{BUNDLED}/articles/{id}.vi.txt"))
            .expect("bundled article");
        for mark in ["./.", "VOV.VN -", "(Thethaovanhoa.vn)", "\u{a0}"] {
            assert!(!text.contains(mark), "{id} holds {mark:?}");
        }
    }
}

/// `dataset stats A B --format html` shows data sets side by side on shared axes (issue 24):
/// one column per set in the table, one bar colour per set with a legend, and each set's
/// coverage–density view on the same fixed axes; names from folder names are escaped. JSON
/// is an array, CSV gains a leading `dataset` column.
#[test]
fn two_data_sets_side_by_side() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = tempfile::tempdir().expect("tmp");
    let copy = dir.path().join("x<b>");
    let copy_files = |from: &Path, to: &Path| {
        std::fs::create_dir_all(to).expect("mkdir");
        for entry in std::fs::read_dir(from).expect("read dir") {
            let path = entry.expect("entry").path();
            if path.is_file() {
                std::fs::copy(&path, to.join(path.file_name().expect("name"))).expect("copy");
            }
        }
    };
    let bundled = root.join("datasets/vi-news-ukraine-2022");
    copy_files(&bundled, &copy);
    copy_files(&bundled.join("articles"), &copy.join("articles"));
    copy_files(
        &root.join("reference-summaries/vi-news-ukraine-2022"),
        &copy.join("references"),
    );
    // One reference per target in the copy: no agreement between references to show.
    for entry in std::fs::read_dir(copy.join("references")).expect("references") {
        let path = entry.expect("entry").path();
        if path.to_string_lossy().ends_with(".s2.txt") {
            std::fs::remove_file(path).expect("remove");
        }
    }
    let run = |format: &str| {
        let out = tomtat()
            .current_dir(dir.path())
            .arg("dataset")
            .arg("stats")
            .arg(&bundled)
            .arg("x<b>")
            .args(["--format", format])
            .output()
            .expect("runs");
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8_lossy(&out.stdout).into_owned()
    };
    let html = run("html");
    assert!(!html.contains("x<b>"), "a folder name reached the page raw");
    assert!(html.contains("x&lt;b&gt;: median (mean)"));
    assert!(html.contains("vi-news-ukraine-2022: median (mean)"));
    assert_eq!(
        html.matches("class=\"legend\"").count(),
        4,
        "two sets × two histograms"
    );
    assert_eq!(html.matches("aria-label=\"x&lt;b&gt;\"").count(), 1);
    assert!(html.contains("share of each set (%)"));
    let agreement = html
        .split("agreement between references, rouge1 F ×100</td>")
        .nth(1)
        .unwrap_or_default();
    assert!(agreement.contains("</td><td>–</td>"), "{agreement}");
    let json: serde_json::Value = serde_json::from_str(&run("json")).expect("json");
    assert_eq!(json.as_array().map(Vec::len), Some(2));
    assert_eq!(json[0]["articles"], json[1]["articles"]);
    let csv = run("csv");
    assert!(csv.starts_with("dataset,figure,n,mean,median,p10,p90\n"));
    assert!(csv.contains("x<b>,reference_tokens,"), "{csv}");
}
