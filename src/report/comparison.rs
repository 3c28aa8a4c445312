//! The result of `tomtat compare` and its formats: table, Markdown (for CI job summaries),
//! JSON and JUnit XML (one test case per metric, failed on a regression).

use super::markdown::escape_md;
use crate::stats::PairedResult;
use serde::Serialize;

/// One compared metric (scores are F, on the 0–1 scale).
#[derive(Debug, Clone, Serialize)]
pub struct MetricComparison {
    pub metric: String,
    #[serde(flatten)]
    pub result: PairedResult,
    /// Holm-adjusted randomization p-value across the compared metrics.
    pub p_holm: f64,
    /// Significantly worse (adjusted p < alpha) by more than the tolerance.
    pub regression: bool,
    /// Per-example new − base (for plots; not serialized).
    #[serde(skip)]
    pub deltas: Vec<f64>,
}

/// A whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub tool: &'static str,
    pub version: &'static str,
    pub base: String,
    pub new: String,
    pub signature: String,
    pub count: usize,
    pub alpha: f64,
    pub tolerance_points: f64,
    pub trials: usize,
    pub resamples: usize,
    pub seed: u64,
    pub notes: Vec<String>,
    pub metrics: Vec<MetricComparison>,
    pub regressions: Vec<String>,
}

fn pts(x: f64) -> String {
    format!("{:.2}", x * 100.0)
}

fn signed(x: f64) -> String {
    format!("{:+.2}", x * 100.0)
}

fn verdict(m: &MetricComparison, alpha: f64) -> &'static str {
    if m.regression {
        "REGRESSION"
    } else if m.p_holm < alpha && m.result.delta > 0.0 {
        "better"
    } else if m.p_holm < alpha {
        "worse (within tolerance)"
    } else {
        "no significant change"
    }
}

fn rows(c: &Comparison) -> Vec<[String; 11]> {
    c.metrics
        .iter()
        .map(|m| {
            let r = &m.result;
            [
                m.metric.clone(),
                pts(r.base_mean),
                pts(r.new_mean),
                signed(r.delta),
                format!("{:+.2}%", r.delta_percent),
                format!("[{}, {}]", signed(r.ci_low), signed(r.ci_high)),
                format!("{:.4}", r.p_bootstrap),
                format!("{:.4}", r.p_randomization),
                format!("{:.4}", m.p_holm),
                format!("{}/{}/{}", r.wins, r.ties, r.losses),
                verdict(m, c.alpha).to_string(),
            ]
        })
        .collect()
}

const HEADER: [&str; 11] = [
    "metric", "base", "new", "Δ", "Δ%", "CI of Δ", "p boot", "p AR", "p Holm", "W/T/L", "verdict",
];

pub fn render_table(c: &Comparison) -> String {
    let mut all = vec![HEADER.map(String::from)];
    all.extend(rows(c));
    let mut out = format!(
        "tomtat compare · {} examples · F ×100 · Δ = new − base · alpha {} · tolerance {} points\n\n",
        c.count, c.alpha, c.tolerance_points
    );
    out.push_str(&super::table::aligned(&all, false));
    out.push_str(&format!("\nsignature: {}\n", c.signature));
    for n in &c.notes {
        out.push_str(&format!("note: {n}\n"));
    }
    out.push_str(&summary_line(c));
    out.push('\n');
    out
}

fn summary_line(c: &Comparison) -> String {
    if c.regressions.is_empty() {
        "result: no significant regression".to_string()
    } else {
        format!(
            "result: significant regression in {}",
            c.regressions.join(", ")
        )
    }
}

pub fn render_markdown(c: &Comparison) -> String {
    let mut out = format!(
        "### tomtat compare: {}\n\n| metric | base | new | Δ | p (Holm) | verdict |\n|---|---|---|---|---|---|\n",
        escape_md(&summary_line(c))
    );
    for (m, r) in c.metrics.iter().zip(rows(c)) {
        let mark = if m.regression { "❌ " } else { "" };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {mark}{} |\n",
            escape_md(&r[0]),
            r[1],
            r[2],
            r[3],
            r[8],
            r[10]
        ));
    }
    out.push_str("\n<details><summary>Details</summary>\n\n");
    out.push_str(&format!(
        "| {} |\n|{}\n",
        HEADER.join(" | "),
        "---|".repeat(11)
    ));
    for r in rows(c) {
        let cells: Vec<String> = r.iter().map(|x| escape_md(x)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push_str(&format!(
        "\n{} examples; F ×100; p from {} paired bootstrap resamples and {} randomization trials \
         (+1 corrected), Holm-adjusted across metrics; alpha {}, tolerance {} points.\n\n\
         Signature: `{}`\n",
        c.count,
        c.resamples,
        c.trials,
        c.alpha,
        c.tolerance_points,
        c.signature.replace('`', "'")
    ));
    for n in &c.notes {
        out.push_str(&format!("\nNote: {}\n", escape_md(n)));
    }
    out.push_str("\n</details>\n");
    out
}

pub fn render_json(c: &Comparison) -> String {
    let mut s = serde_json::to_string_pretty(c).unwrap_or_default();
    s.push('\n');
    s
}

fn xml_escape(s: &str) -> String {
    s.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}

pub fn render_junit(c: &Comparison) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"tomtat compare\" tests=\"{}\" failures=\"{}\">\n",
        c.metrics.len(),
        c.regressions.len()
    );
    for (m, r) in c.metrics.iter().zip(rows(c)) {
        let detail = format!(
            "base {} new {} delta {} CI {} p(Holm) {}",
            r[1], r[2], r[3], r[5], r[8]
        );
        out.push_str(&format!(
            "  <testcase classname=\"tomtat.compare\" name=\"{}\">",
            xml_escape(&m.metric)
        ));
        if m.regression {
            out.push_str(&format!(
                "\n    <failure message=\"significant regression\">{}</failure>\n  ",
                xml_escape(&detail)
            ));
        } else {
            out.push_str(&format!("<system-out>{}</system-out>", xml_escape(&detail)));
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("</testsuite>\n");
    out
}
