//! `tomtat correlate`'s text formats: aligned tables or Markdown (every name from an input
//! escaped), with the signature and the data the coefficients came from.

use crate::report::views::correlation::{COEFFICIENTS, Coefficient, CorrelationReport, LEVELS};

pub(crate) fn cell(c: &Coefficient) -> String {
    let v = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{x:.3}"));
    match (c.low, c.high) {
        (Some(_), Some(_)) => format!("{} [{}, {}]", v(c.value), v(c.low), v(c.high)),
        _ => v(c.value),
    }
}

/// Aligned text, or Markdown tables (every text from an input escaped): one table per level,
/// a row per metric.
pub fn render_correlation(r: &CorrelationReport, markdown: bool) -> String {
    let safe = |s: &str| {
        if markdown {
            crate::report::text::markdown::escape_md(s)
        } else {
            crate::report::terminal_safe(s).into_owned()
        }
    };
    let mut out = format!(
        "tomtat {} · correlation with '{}' · {} systems × {} inputs · resample {} ×{} ({} interval)\n",
        r.version,
        safe(&r.rating),
        r.systems.len(),
        r.inputs,
        r.resample,
        r.resamples,
        r.confidence
    );
    for level in LEVELS {
        let Some(metrics) = r.levels.get(level) else {
            continue;
        };
        let mut rows = vec![
            std::iter::once("metric".to_string())
                .chain(COEFFICIENTS.iter().map(|c| c.to_string()))
                .collect::<Vec<_>>(),
        ];
        for (metric, coefficients) in metrics {
            let mut row = vec![safe(metric)];
            row.extend(
                COEFFICIENTS
                    .iter()
                    .map(|c| coefficients.get(*c).map_or(String::new(), cell)),
            );
            rows.push(row);
        }
        out.push_str(&format!("\n{level} level\n"));
        push_rows(&mut out, &rows, markdown);
    }
    // The paired comparisons, as Kendall's τ-b (the coefficient Deutsch et al. test): each
    // pair once, the metric that correlates better first.
    let v = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{x:.3}"));
    let mut rows = vec![
        ["level", "better", "than", "Δ kendall_b", "p boot", "p perm"]
            .map(String::from)
            .to_vec(),
    ];
    for level in LEVELS {
        let pairs = r.comparisons.get(level).and_then(|c| c.get("kendall_b"));
        for d in pairs.into_iter().flatten() {
            if d.delta.is_some_and(|delta| delta > 0.0) {
                rows.push(vec![
                    level.to_string(),
                    safe(&d.a),
                    safe(&d.b),
                    format!("{} [{}, {}]", v(d.delta), v(d.low), v(d.high)),
                    v(d.p),
                    v(d.p_permutation),
                ]);
            }
        }
    }
    // With one metric (or no pair that differs) there is nothing to compare: no header.
    if rows.len() > 1 {
        out.push_str(&format!(
            "\nmetric against metric (Kendall τ-b; p boot: one-sided bootstrap; p perm: \
             two-sided permutation test, PERM-{})\n",
            r.resample.to_uppercase()
        ));
        push_rows(&mut out, &rows, markdown);
    }
    let code = |s: &str| {
        if markdown {
            crate::report::text::markdown::code_span(s)
        } else {
            crate::report::terminal_safe(s).into_owned()
        }
    };
    out.push_str(&format!("\nsignature: {}\n", code(&r.signature)));
    out.push_str(&format!("data: {}\n", code(&data_line(r))));
    out
}

/// Every system's data fingerprint and the ratings' digest, on one line.
pub(crate) fn data_line(r: &CorrelationReport) -> String {
    let runs: Vec<String> = r
        .systems
        .iter()
        .zip(&r.fingerprints)
        .map(|(s, f)| format!("{s} {f}"))
        .collect();
    format!("{} · ratings {}", runs.join(" · "), r.ratings_digest)
}

/// Rows (the first a header) as an aligned table, or as a Markdown table.
fn push_rows(out: &mut String, rows: &[Vec<String>], markdown: bool) {
    if markdown {
        out.push('\n');
        for (k, row) in rows.iter().enumerate() {
            out.push_str(&format!("| {} |\n", row.join(" | ")));
            if k == 0 {
                out.push_str(&format!("|{}\n", "---|".repeat(row.len())));
            }
        }
        return;
    }
    let widths: Vec<usize> = (0..rows[0].len())
        .map(|c| rows.iter().map(|r| r[c].chars().count()).max().unwrap_or(0))
        .collect();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .zip(&widths)
            .map(|(c, w)| format!("{c:<w$}"))
            .collect();
        out.push_str(cells.join("  ").trim_end());
        out.push('\n');
    }
}
