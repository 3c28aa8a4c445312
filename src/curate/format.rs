//! Formats of `tomtat dataset stats`: table, Markdown, CSV, JSON and HTML.

use super::stats::DatasetStats;
use crate::files::{terminal_safe, terminal_safe_text};
use crate::report::html::{histogram_svg, page, scatter_svg, table};
use crate::report::markdown::escape_md;

/// One row per figure: name, n, mean, median, p10, p90.
fn rows(s: &DatasetStats) -> Vec<[String; 6]> {
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

const HEADER: [&str; 6] = ["figure", "n", "mean", "median", "p10", "p90"];

pub fn stats_table(s: &DatasetStats) -> String {
    let mut all = vec![HEADER.map(String::from)];
    all.extend(rows(s));
    let mut out = format!(
        "{}: {} targets, {} articles, {} references (*_pct in percent; ROUGE F ×100)\n\n",
        terminal_safe(&s.dataset),
        s.targets,
        s.articles,
        s.references
    );
    out.push_str(&crate::report::table::aligned(&all, true));
    terminal_safe_text(&out)
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

/// The HTML report of `tomtat dataset stats`: summary table, histograms of reference length
/// and compression, and the coverage–density scatter plot (Newsroom's figure).
pub fn stats_html(s: &DatasetStats) -> String {
    let rows: Vec<Vec<String>> = rows(s).into_iter().map(Vec::from).collect();
    let refs: Vec<_> = s
        .per_target
        .iter()
        .flat_map(|t| t.references.iter())
        .collect();
    let lengths: Vec<f64> = refs.iter().map(|r| r.tokens as f64).collect();
    let compression: Vec<f64> = refs.iter().map(|r| r.compression).collect();
    let cd: Vec<(f64, f64)> = refs
        .iter()
        .filter_map(|r| Some((r.coverage?, r.density?)))
        .collect();
    let mut body = format!(
        "<p>{} targets, {} articles, {} references.</p>",
        s.targets, s.articles, s.references
    );
    body.push_str(&table(
        &["figure", "n", "mean", "median", "p10", "p90"],
        &rows,
    ));
    body.push_str(&histogram_svg("Reference length", "tokens", &lengths, 20));
    body.push_str(&histogram_svg(
        "Compression",
        "article tokens / reference tokens",
        &compression,
        20,
    ));
    body.push_str(&scatter_svg(
        "Extractive coverage and density",
        "coverage",
        "density",
        &cd,
    ));
    page(&format!("tomtat dataset stats: {}", s.dataset), &body)
}
