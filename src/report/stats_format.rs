//! Formats of `tomtat dataset stats`: table, Markdown, CSV and JSON.

use super::markdown::escape_md;
use crate::curate::stats::DatasetStats;

/// One row per figure: name, n, mean, median, p10, p90.
pub(super) fn rows(s: &DatasetStats) -> Vec<[String; 6]> {
    s.summary
        .iter()
        .map(|d| {
            [
                d.figure.clone(),
                d.count.to_string(),
                format!("{:.2}", d.mean),
                format!("{:.2}", d.median),
                format!("{:.2}", d.p10),
                format!("{:.2}", d.p90),
            ]
        })
        .collect()
}

pub(super) const HEADER: [&str; 6] = ["figure", "n", "mean", "median", "p10", "p90"];

pub fn stats_table(s: &DatasetStats) -> String {
    let mut all = vec![HEADER.map(String::from)];
    all.extend(rows(s));
    let mut out = format!(
        "{}: {} targets, {} articles, {} references (*_pct in percent; ROUGE F ×100)\n\n",
        super::terminal_safe(&s.dataset),
        s.targets,
        s.articles,
        s.references
    );
    out.push_str(&super::table::aligned(&all, true));
    super::terminal_safe_text(&out)
}

pub fn stats_markdown(s: &DatasetStats) -> String {
    let mut out = format!(
        "### {}: {} targets, {} articles, {} references\n\n| {} |\n|---|---|---|---|---|---|\n",
        escape_md(&s.dataset),
        s.targets,
        s.articles,
        s.references,
        HEADER.join(" | ")
    );
    for r in rows(s) {
        let cells: Vec<String> = r.iter().map(|x| escape_md(x)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out
}

pub fn stats_csv(s: &DatasetStats) -> String {
    let mut out = String::from("figure,n,mean,median,p10,p90\n");
    for d in &s.summary {
        out.push_str(&format!(
            "{},{},{},{},{},{}\n",
            d.figure, d.count, d.mean, d.median, d.p10, d.p90
        ));
    }
    out
}

pub fn stats_json(s: &DatasetStats) -> String {
    let mut out = serde_json::to_string_pretty(s).unwrap_or_default();
    out.push('\n');
    out
}
