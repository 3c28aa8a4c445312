//! `tomtat dataset stats` and the content checks of `tomtat dataset check`.

use assert_cmd::Command;
use serde_json::Value;
use std::path::Path;

fn tomtat() -> Command {
    Command::cargo_bin("tomtat").expect("binary built")
}

fn write(path: &Path, content: &str) {
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).expect("create dir");
    }
    std::fs::write(path, content).expect("write fixture");
}

#[test]
fn bundled_stats_hold_every_figure_with_plausible_values() {
    let out = tomtat()
        .args([
            "dataset",
            "stats",
            "datasets/vi-news-ukraine-2022",
            "--format",
            "json",
        ])
        .assert()
        .success();
    let v: Value = serde_json::from_slice(&out.get_output().stdout).expect("JSON");
    let figure = |name: &str| -> Value {
        v["summary"]
            .as_array()
            .and_then(|a| a.iter().find(|d| d["figure"] == name).cloned())
            .unwrap_or(Value::Null)
    };
    let mut names = vec![
        "article_tokens",
        "article_sentences",
        "reference_tokens",
        "reference_sentences",
        "compression",
        "coverage",
        "density",
        "redundancy_1gram_pct",
        "redundancy_2gram_pct",
        "redundancy_3gram_pct",
    ]
    .into_iter()
    .map(String::from)
    .collect::<Vec<_>>();
    for n in 1..=4 {
        names.push(format!("novel_{n}gram_types_pct"));
        names.push(format!("novel_{n}gram_occurrences_pct"));
    }
    for kind in ["agreement", "lead3", "oracle"] {
        for m in ["rouge1", "rouge2", "rougeL"] {
            names.push(format!("{kind}_{m}_f"));
        }
    }
    for name in &names {
        let d = figure(name);
        for key in ["count", "mean", "median", "p10", "p90"] {
            assert!(d[key].is_number(), "{name}.{key} missing: {d}");
        }
    }
    assert_eq!(
        figure("coverage")["count"],
        12,
        "coverage only for same-language references"
    );
    let coverage = figure("coverage")["mean"].as_f64().unwrap_or(1.0);
    let density = figure("density")["mean"].as_f64().unwrap_or(100.0);
    assert!(
        coverage < 1.0 && density < 10.0,
        "coverage {coverage} density {density}"
    );
    let lead = figure("lead3_rouge2_f")["mean"].as_f64().unwrap_or(0.0);
    let oracle = figure("oracle_rouge2_f")["mean"].as_f64().unwrap_or(0.0);
    assert!(oracle > lead && lead > 0.0);
    // Per-target detail: every reference of a000 is listed with its own figures.
    let a000 = v["per_target"]
        .as_array()
        .and_then(|t| t.iter().find(|t| t["target"] == "a000").cloned())
        .unwrap_or(Value::Null);
    assert_eq!(a000["references"].as_array().map(Vec::len), Some(3));
    for format in ["table", "csv", "md"] {
        tomtat()
            .args([
                "dataset",
                "stats",
                "datasets/vi-news-ukraine-2022",
                "--format",
                format,
            ])
            .assert()
            .success();
    }
}

/// Two clusters with a near-duplicate article, a copied reference, boilerplate and a second
/// data set that leaks one article.
fn fixture(root: &Path) {
    let story = "Nga và Mỹ đã tiến hành đàm phán an ninh kéo dài nhiều giờ tại Geneva nhưng hai bên không đạt được bất kỳ đột phá nào về vấn đề Ukraine và an ninh châu Âu rộng lớn hơn";
    let footer = "Đọc tin tức mới nhất mỗi ngày tại trang chủ của chúng tôi";
    let ds = root.join("datasets/x");
    write(
        &ds.join("manifest.csv"),
        "article_id,cluster_id,lang,title,outlet,source_url,published,file\n\
        a1,c1,vi,T,,,,articles/a1.vi.txt\na2,c2,vi,T,,,,articles/a2.vi.txt\na3,c3,vi,T,,,,articles/a3.vi.txt\n",
    );
    write(
        &ds.join("articles/a1.vi.txt"),
        &format!("Tiêu đề một\n{story}.\n{footer}\n"),
    );
    write(
        &ds.join("articles/a2.vi.txt"),
        &format!("Tiêu đề một\n{story}.\n{footer}\nHết.\n"),
    );
    write(
        &ds.join("articles/a3.vi.txt"),
        &format!(
            "Tiêu đề ba\nMột bài báo khác hẳn nói về thời tiết mùa hè năm nay ở miền Bắc với nhiều đợt nắng nóng gay gắt kéo dài.\n{footer}\n"
        ),
    );
    let refs = root.join("reference-summaries/x");
    write(&refs.join("c1.vi.s1.txt"), &format!("{story}.\n"));
    write(
        &refs.join("c2.vi.s1.txt"),
        "Hai bên đàm phán nhưng không có kết quả.\n",
    );
    write(&refs.join("c3.vi.s1.txt"), "Miền Bắc nắng nóng kéo dài.\n");
    let other = root.join("datasets/train");
    write(
        &other.join("manifest.csv"),
        "article_id,cluster_id,lang,title,outlet,source_url,published,file\nt1,ct,vi,T,,,,articles/t1.vi.txt\n",
    );
    write(
        &other.join("articles/t1.vi.txt"),
        &format!("Bài huấn luyện\n{story} như nhiều báo đã đưa tin.\n"),
    );
    write(
        &root.join("reference-summaries/train/ct.vi.s1.txt"),
        "Nga và Mỹ đàm phán ở Geneva.\n",
    );
}

#[test]
fn check_finds_near_duplicates_copies_boilerplate_and_leakage() {
    let root = tempfile::tempdir().expect("temp dir");
    fixture(root.path());
    let ds = root.path().join("datasets/x");
    let out = tomtat()
        .args(["dataset", "check"])
        .arg(&ds)
        .arg("--against")
        .arg(root.path().join("datasets/train"))
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    for expected in [
        "a2.vi.txt: near-duplicate of",
        "Jaccard",
        "c1.vi.s1.txt:1: copies a 39-token span of its article(s) verbatim",
        "a1.vi.txt:3: boilerplate: this line appears in 3 articles of 3 clusters",
        "a1.vi.txt: leakage:",
        "occur in",
        // The finding names the train document it overlaps (issue 33).
        "datasets/train/articles/t1.vi.txt (",
    ] {
        assert!(text.contains(expected), "missing '{expected}' in\n{text}");
    }
    assert!(!text.contains("a3.vi.txt: leakage"), "{text}");
}

/// `dataset check`'s output for the data set `ds`, and its near-duplicate lines.
fn near_duplicates(ds: &Path) -> (String, Vec<String>) {
    let out = tomtat()
        .args(["dataset", "check"])
        .arg(ds)
        .assert()
        .success();
    let text = String::from_utf8_lossy(&out.get_output().stdout).into_owned();
    let near = text
        .lines()
        .filter(|l| l.contains("near-duplicate of"))
        .map(str::to_string)
        .collect();
    (text, near)
}

/// Only the first of exact copies goes through the near-duplicate buckets; every copy must
/// still be named near-duplicate of what its first copy is near (a copy of a1 in a fourth
/// cluster is near a2 as a1 is).
#[test]
fn exact_copies_keep_their_near_duplicates() {
    let root = tempfile::tempdir().expect("temp dir");
    fixture(root.path());
    let ds = root.path().join("datasets/x");
    let a1 = std::fs::read_to_string(ds.join("articles/a1.vi.txt")).expect("a1");
    write(&ds.join("articles/a4.vi.txt"), &a1);
    let manifest = std::fs::read_to_string(ds.join("manifest.csv")).expect("manifest");
    write(
        &ds.join("manifest.csv"),
        &format!("{manifest}a4,c4,vi,T,,,,articles/a4.vi.txt\n"),
    );
    write(
        &root.path().join("reference-summaries/x/c4.vi.s1.txt"),
        "Một bản sao.\n",
    );
    let (text, near) = near_duplicates(&ds);
    assert_eq!(near.len(), 2, "{text}");
    assert!(
        near[0].contains("a2.vi.txt: near-duplicate of") && near[0].contains("a1.vi.txt"),
        "{text}"
    );
    assert!(
        near[1].contains("a4.vi.txt: near-duplicate of") && near[1].contains("a2.vi.txt"),
        "{text}"
    );
    assert!(
        text.contains("a4.vi.txt: exact duplicate (after normalization) of"),
        "{text}"
    );
}

/// Near-duplicates within one cluster are not findings, so their pairs are not even kept
/// (100,000 imported articles held 12 million of them); but when one of the two has an exact
/// copy in another cluster, the copy is still near the other (a2 joins a1's cluster c1 here,
/// and a4, a copy of a1 in c4, is near a2).
#[test]
fn same_cluster_pairs_still_stand_for_their_copies() {
    let root = tempfile::tempdir().expect("temp dir");
    fixture(root.path());
    let ds = root.path().join("datasets/x");
    let a1 = std::fs::read_to_string(ds.join("articles/a1.vi.txt")).expect("a1");
    write(&ds.join("articles/a4.vi.txt"), &a1);
    write(
        &ds.join("manifest.csv"),
        "article_id,cluster_id,lang,title,outlet,source_url,published,file\n\
        a1,c1,vi,T,,,,articles/a1.vi.txt\na2,c1,vi,T,,,,articles/a2.vi.txt\n\
        a3,c3,vi,T,,,,articles/a3.vi.txt\na4,c4,vi,T,,,,articles/a4.vi.txt\n",
    );
    let refs = root.path().join("reference-summaries/x");
    std::fs::remove_file(refs.join("c2.vi.s1.txt")).expect("c2 reference");
    write(&refs.join("c4.vi.s1.txt"), "Một bản sao.\n");
    let (text, near) = near_duplicates(&ds);
    assert_eq!(near.len(), 1, "{text}");
    assert!(
        near[0].contains("a4.vi.txt: near-duplicate of") && near[0].contains("a2.vi.txt"),
        "{text}"
    );
}
