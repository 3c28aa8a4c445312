//! Formats of `tomtat dataset stats`: table, Markdown, CSV, JSON and HTML.

use super::stats::DatasetStats;
use crate::files::{terminal_safe, terminal_safe_text};
use crate::report::pages::html::{
    coverage_density_svg, escape_html, histogram_svg, histograms_svg, page, table,
};
use crate::report::text::markdown::escape_md;

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
    out.push_str(&crate::report::text::table::aligned(&all, true));
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
/// and compression, the coverage–density view (Newsroom's figure) on fixed axes, and the
/// `explorer` section of the references.
pub fn stats_html(s: &DatasetStats, explorer: &str) -> String {
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
    body.push_str(explorer);
    page(&format!("tomtat dataset stats: {}", s.dataset), &body)
}

/// Several data sets' statistics as one JSON array, in the order given.
pub fn stats_json_many(all: &[DatasetStats]) -> String {
    let mut out = serde_json::to_string_pretty(all).unwrap_or_default();
    out.push('\n');
    out
}

/// Several data sets' summary rows in one CSV, the data set first on each row.
pub fn stats_csv_many(all: &[DatasetStats]) -> String {
    let mut w = csv::Writer::from_writer(Vec::new());
    let _ = w.write_record(["dataset", "figure", "n", "mean", "median", "p10", "p90"]);
    for s in all {
        for d in &s.summary {
            let _ = w.write_record([
                s.dataset.clone(),
                d.figure.clone(),
                d.count.to_string(),
                d.mean.to_string(),
                d.median.to_string(),
                d.p10.to_string(),
                d.p90.to_string(),
            ]);
        }
    }
    let bytes = w.into_inner().unwrap_or_default();
    String::from_utf8_lossy(&bytes).into_owned()
}

/// Several data sets side by side on one page: every figure's median (mean) per data set (`–`
/// where a set has no value, e.g. agreement between references with one reference each), the
/// histograms overlaid on shared axes, and each set's coverage–density view on the same fixed
/// axes.
pub fn stats_html_many(all: &[DatasetStats]) -> String {
    let names: Vec<String> = all.iter().map(|s| s.dataset.clone()).collect();
    let mut header = vec!["figure".to_string()];
    header.extend(names.iter().map(|n| format!("{n}: median (mean)")));
    let header: Vec<&str> = header.iter().map(String::as_str).collect();
    let first = all.first().map(|s| &s.summary[..]).unwrap_or_default();
    let rows: Vec<Vec<String>> = first
        .iter()
        .map(|d| {
            let mut row = vec![human_label(&d.figure)];
            row.extend(all.iter().map(|s| {
                s.summary
                    .iter()
                    .find(|x| x.figure == d.figure && x.count > 0)
                    .map_or("–".to_string(), |x| {
                        format!("{:.2} ({:.2})", x.median, x.mean)
                    })
            }));
            row
        })
        .collect();
    let counts: Vec<String> = all
        .iter()
        .map(|s| {
            format!(
                "{}: {} targets, {} articles, {} references",
                escape_html(&s.dataset),
                s.targets,
                s.articles,
                s.references
            )
        })
        .collect();
    let mut body = format!("<p>{}.</p>", counts.join("; "));
    body.push_str(&table(&header, &rows));
    let series = |f: &dyn Fn(&super::stats::ReferenceStats) -> f64| -> Vec<(String, Vec<f64>)> {
        all.iter()
            .map(|s| {
                let v = s.per_target.iter().flat_map(|t| t.references.iter()).map(f);
                (s.dataset.clone(), v.collect())
            })
            .collect()
    };
    body.push_str(&histograms_svg(
        "Reference length",
        "reference length (tokens)",
        &series(&|r| r.tokens as f64),
        20,
    ));
    body.push_str(&histograms_svg(
        "Compression",
        "article tokens / reference tokens",
        &series(&|r| r.compression),
        20,
    ));
    body.push_str("<h2>Extractive coverage and density (fixed axes)</h2>\n");
    for s in all {
        let cd: Vec<(f64, f64)> = s
            .per_target
            .iter()
            .flat_map(|t| t.references.iter())
            .filter_map(|r| Some((r.coverage?, r.density?)))
            .collect();
        body.push_str(&coverage_density_svg(&s.dataset, &cd));
    }
    page(
        &format!("tomtat dataset stats: {}", names.join(" · ")),
        &body,
    )
}
