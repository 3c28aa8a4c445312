//! Formats of `tomtat dataset stats`: table, Markdown, CSV, JSON and HTML.

use super::stats::DatasetStats;
use crate::files::{terminal_safe, terminal_safe_text};
use crate::report::html::{coverage_density_svg, histogram_svg, page, table};
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

/// A figure's name as people read it (the HTML page), from its field name.
fn human_label(figure: &str) -> String {
    let fixed = match figure {
        "article_tokens" => "article length (tokens)",
        "article_sentences" => "article length (sentences)",
        "reference_tokens" => "reference length (tokens)",
        "reference_sentences" => "reference length (sentences)",
        "compression" => "compression (article tokens / reference tokens)",
        "coverage" => "extractive fragment coverage",
        "density" => "extractive fragment density",
        _ => "",
    };
    if !fixed.is_empty() {
        return fixed.to_string();
    }
    let n = |rest: &str| {
        rest.split('_')
            .next()
            .unwrap_or("")
            .replace("gram", "-grams")
    };
    if let Some(rest) = figure.strip_prefix("novel_") {
        let what = if rest.contains("_types_") {
            "% of types"
        } else {
            "% of occurrences"
        };
        return format!("novel {} ({what})", n(rest));
    }
    if let Some(rest) = figure.strip_prefix("redundancy_") {
        return format!("repeated {} within the reference (%)", n(rest));
    }
    for (prefix, what) in [
        ("agreement_", "agreement between references"),
        ("lead3_", "lead-3 baseline"),
        ("oracle_", "extractive oracle"),
    ] {
        if let Some(metric) = figure.strip_prefix(prefix) {
            let metric = metric.strip_suffix("_f").unwrap_or(metric);
            return format!("{what}, {metric} F ×100");
        }
    }
    figure.to_string()
}

/// The HTML report of `tomtat dataset stats`: summary table, histograms of reference length
/// and compression, and the coverage–density view (Newsroom's figure) on fixed axes.
pub fn stats_html(s: &DatasetStats) -> String {
    let rows: Vec<Vec<String>> = rows(s)
        .into_iter()
        .map(|mut r| {
            r[0] = human_label(&r[0]);
            Vec::from(r)
        })
        .collect();
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
    body.push_str(&histogram_svg(
        "Reference length",
        "reference length (tokens)",
        &lengths,
        20,
    ));
    body.push_str(&histogram_svg(
        "Compression",
        "article tokens / reference tokens",
        &compression,
        20,
    ));
    body.push_str(&coverage_density_svg(
        "Extractive coverage and density (fixed axes: compare pages by eye)",
        &cd,
    ));
    page(&format!("tomtat dataset stats: {}", s.dataset), &body)
}
