//! Self-contained HTML reports with inline SVG plots: no JavaScript, no network. All text from
//! inputs is escaped.

pub use crate::report::pages::plot::{
    coverage_density_svg, histogram_svg, histograms_svg, intervals_svg, scatter_svg, sorted_svg,
};
use crate::report::views::comparison::Comparison;
use crate::report::{Report, Stat};

/// Escapes text for HTML element content and attribute values.
pub fn escape_html(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The HTML page of `tomtat correlate`: the coefficients of each level, metric against metric,
/// and per metric a scatter of F against the rating for every summary and for system means.
pub fn correlation_html(r: &crate::report::CorrelationReport) -> String {
    use crate::report::text::correlation_text::cell;
    let mut body = format!(
        "<p>Correlation of every metric with <b>{}</b>: {} systems ({}) × {} inputs; intervals \
         from {} bootstrap resamples of {} ({} confidence).</p>",
        escape_html(&r.rating),
        r.systems.len(),
        escape_html(&r.systems.join(", ")),
        r.inputs,
        r.resamples,
        r.resample,
        r.confidence
    );
    let mut header = vec!["metric"];
    header.extend(crate::report::COEFFICIENTS);
    for level in crate::report::LEVELS {
        let Some(metrics) = r.levels.get(level) else {
            continue;
        };
        let rows: Vec<Vec<String>> = metrics
            .iter()
            .map(|(metric, coefficients)| {
                std::iter::once(metric.clone())
                    .chain(
                        crate::report::COEFFICIENTS
                            .iter()
                            .map(|c| coefficients.get(*c).map_or(String::new(), cell)),
                    )
                    .collect()
            })
            .collect();
        body.push_str(&format!("<h2>{level} level</h2>\n"));
        body.push_str(&table(&header, &rows));
    }
    let v = |x: Option<f64>| x.map_or("–".to_string(), |x| format!("{x:.3}"));
    let rows: Vec<Vec<String>> = crate::report::LEVELS
        .iter()
        .flat_map(|level| {
            let pairs = r.comparisons.get(*level).and_then(|c| c.get("kendall_b"));
            pairs
                .into_iter()
                .flatten()
                .filter(|d| d.delta.is_some_and(|x| x > 0.0))
                .map(|d| {
                    vec![
                        level.to_string(),
                        d.a.clone(),
                        d.b.clone(),
                        format!("{} [{}, {}]", v(d.delta), v(d.low), v(d.high)),
                        v(d.p),
                        v(d.p_permutation),
                    ]
                })
        })
        .collect();
    body.push_str("<h2>Metric against metric (Kendall τ-b)</h2>\n");
    body.push_str(&table(
        &[
            "level",
            "better",
            "than",
            "Δ",
            "p boot (one-sided)",
            "p perm (two-sided)",
        ],
        &rows,
    ));
    body.push_str("<h2>Scatter plots</h2>\n");
    let rating = format!("{} (rating)", r.rating);
    for (metric, points) in &r.points {
        let cells: Vec<(f64, f64)> = points.iter().map(|(_, x, h)| (x * 100.0, *h)).collect();
        body.push_str(&scatter_svg(
            &format!("{metric}: every summary"),
            &format!("{metric} F ×100"),
            &rating,
            &cells,
        ));
        let means: Vec<(f64, f64)> = (0..r.systems.len())
            .map(|s| {
                let own: Vec<&(usize, f64, f64)> = points.iter().filter(|p| p.0 == s).collect();
                let n = own.len().max(1) as f64;
                (
                    own.iter().map(|p| p.1).sum::<f64>() * 100.0 / n,
                    own.iter().map(|p| p.2).sum::<f64>() / n,
                )
            })
            .collect();
        body.push_str(&scatter_svg(
            &format!("{metric}: system means"),
            &format!("{metric} F ×100"),
            &rating,
            &means,
        ));
    }
    body.push_str(&format!(
        "<p>Signature: <code>{}</code></p><p>Data: <code>{}</code></p>",
        escape_html(&r.signature),
        escape_html(&crate::report::text::correlation_text::data_line(r))
    ));
    page("tomtat correlate", &body)
}

pub(crate) fn page(title: &str, body: &str) -> String {
    format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>{t}</title>\
<style>body{{font-family:sans-serif;margin:2em;max-width:70em}}table{{border-collapse:collapse;margin:1em 0}}\
td,th{{border:1px solid #ccc;padding:3px 8px;text-align:right}}td:first-child,th:first-child{{text-align:left}}\
figure{{display:inline-block;margin:0.5em}}code{{word-break:break-all}}</style></head>\
<body><h1>{t}</h1>\n{body}</body></html>\n",
        t = escape_html(title)
    )
}

pub(crate) fn table(header: &[&str], rows: &[Vec<String>]) -> String {
    let mut out = String::from("<table><tr>");
    for h in header {
        out.push_str(&format!("<th>{}</th>", escape_html(h)));
    }
    out.push_str("</tr>\n");
    for r in rows {
        out.push_str("<tr>");
        for c in r {
            out.push_str(&format!("<td>{}</td>", escape_html(c)));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</table>\n");
    out
}

fn stat(s: &Stat, metric: &str) -> String {
    crate::report::text::table::points(s, metric)
}

/// The HTML report of `tomtat score`: summary table and per-metric F distributions.
pub fn score_html(report: &Report, per_example_f: &[(String, Vec<f64>)], explorer: &str) -> String {
    let rows: Vec<Vec<String>> = report
        .summaries
        .iter()
        .map(|(m, s)| {
            vec![
                m.clone(),
                stat(&s.precision, m),
                stat(&s.recall, m),
                stat(&s.fmeasure, m),
            ]
        })
        .collect();
    let mut body = format!(
        "<p>{}; scores ×100{} with bootstrap intervals.</p>",
        crate::report::count_of(report.count, "example"),
        escape_html(crate::report::supplied_note(
            report.summaries.iter().map(|(m, _)| m)
        ))
    );
    body.push_str(&table(&["metric", "precision", "recall", "F"], &rows));
    let means: Vec<crate::report::pages::plot::IntervalRow> = report
        .summaries
        .iter()
        .filter(|(m, _)| !crate::report::is_supplied(m))
        .map(|(m, s)| {
            let f = &s.fmeasure;
            let ci = f.low.zip(f.high).map(|(l, h)| (l * 100.0, h * 100.0));
            (m.clone(), f.mean * 100.0, ci)
        })
        .collect();
    if !means.is_empty() {
        let level =
            crate::report::ci_label(report.signature_fields.get("conf").and_then(|v| v.as_str()));
        let title = match level {
            Some(level) => format!("Mean F with its {level}"),
            None => "Mean F (no interval: --bootstrap 0)".to_string(),
        };
        body.push_str(&intervals_svg(&title, "F ×100", &means, false));
    }
    let micro: Vec<Vec<String>> = report
        .summaries
        .iter()
        .filter_map(|(m, s)| {
            s.micro.map(|x| {
                vec![
                    m.clone(),
                    stat(&x.precision, m),
                    stat(&x.recall, m),
                    stat(&x.fmeasure, m),
                ]
            })
        })
        .collect();
    if !micro.is_empty() {
        body.push_str(&format!(
            "<h2>Corpus-level (micro)</h2>\n<p>Precision, recall and F {}.</p>",
            escape_html(crate::report::text::table::MICRO_NOTE)
        ));
        body.push_str(&table(&["metric", "precision", "recall", "F"], &micro));
    }
    body.push_str("<h2>Per-example F</h2>\n");
    for (m, values) in per_example_f {
        let k = crate::report::shown_factor(m);
        let pts: Vec<f64> = values.iter().map(|v| v * k).collect();
        let (title, axis) = if crate::report::is_supplied(m) {
            (format!("{m} (as supplied)"), "score".to_string())
        } else {
            (format!("{m} F (×100)"), "F ×100".to_string())
        };
        body.push_str(&histogram_svg(&title, &axis, &pts, 20));
    }
    body.push_str(explorer);
    body.push_str(&format!(
        "<p>Examples: {}</p>",
        escape_html(&report.examples.summary())
    ));
    body.push_str(&format!(
        "<p>Signature: <code>{}</code></p>",
        escape_html(&report.signature)
    ));
    body.push_str(&format!(
        "<p>Data: <code>{}</code></p>",
        escape_html(&report.fingerprint.short())
    ));
    if !report.warnings.is_empty() {
        body.push_str("<h2>Warnings</h2><ul>");
        for w in &report.warnings {
            body.push_str(&format!("<li>{}</li>", escape_html(w)));
        }
        body.push_str("</ul>");
    }
    page("tomtat score", &body)
}

/// The HTML report of `tomtat compare`: the comparison table and, per metric, the sorted
/// per-example deltas.
pub fn compare_html(c: &Comparison, explorer: &str) -> String {
    let rows: Vec<Vec<String>> = c
        .metrics
        .iter()
        .map(|m| {
            let r = &m.result;
            let (k, d) = (
                crate::report::shown_factor(&m.metric),
                crate::report::shown_decimals(&m.metric),
            );
            vec![
                m.metric.clone(),
                format!("{:.d$}", r.base_mean * k, d = d),
                format!("{:.d$}", r.new_mean * k, d = d),
                format!("{:+.d$}", r.delta * k, d = d),
                format!("[{:+.d$}, {:+.d$}]", r.ci_low * k, r.ci_high * k, d = d),
                format!("{:.4}", m.p_holm),
                format!("{}/{}/{}", r.wins, r.ties, r.losses),
                crate::report::text::comparison_text::verdict(m, c.alpha).to_string(),
            ]
        })
        .collect();
    let mut body = format!(
        "<p>{}; F ×100{}; Δ = new − base.</p><p>{}.</p>",
        crate::report::count_of(c.count, "example"),
        escape_html(crate::report::supplied_note(
            c.metrics.iter().map(|m| &m.metric)
        )),
        escape_html(&crate::report::text::comparison_text::verdict_rule(c))
    );
    body.push_str(&table(
        &[
            "metric",
            "base",
            "new",
            "Δ",
            "95% CI of Δ",
            "p Holm",
            "W/T/L",
            "verdict",
        ],
        &rows,
    ));
    let deltas: Vec<crate::report::pages::plot::IntervalRow> = c
        .metrics
        .iter()
        .filter(|m| !crate::report::is_supplied(&m.metric))
        .map(|m| {
            let r = &m.result;
            let ci = Some((r.ci_low * 100.0, r.ci_high * 100.0));
            (m.metric.clone(), r.delta * 100.0, ci)
        })
        .collect();
    if !deltas.is_empty() {
        body.push_str(&intervals_svg(
            "Δ F (new − base) with its 95% CI",
            "ΔF ×100",
            &deltas,
            true,
        ));
    }
    body.push_str(explorer);
    body.push_str("<h2>Per-example values, base and new on shared axes</h2>\n");
    for m in &c.metrics {
        let k = crate::report::shown_factor(&m.metric);
        let scaled = |v: &[f64]| v.iter().map(|x| x * k).collect::<Vec<f64>>();
        let axis = if crate::report::is_supplied(&m.metric) {
            format!("{} (as supplied)", m.metric)
        } else {
            format!("{} F ×100", m.metric)
        };
        body.push_str(&histograms_svg(
            &m.metric,
            &axis,
            &[
                (format!("base: {}", c.base), scaled(&m.values.0)),
                (format!("new: {}", c.new), scaled(&m.values.1)),
            ],
            20,
        ));
    }
    body.push_str("<h2>Per-example Δ, sorted</h2>\n");
    for m in &c.metrics {
        let k = crate::report::shown_factor(&m.metric);
        let pts: Vec<f64> = m.deltas.iter().map(|d| d * k).collect();
        let (title, axis) = if crate::report::is_supplied(&m.metric) {
            (format!("{} Δ (as supplied)", m.metric), "Δ")
        } else {
            (format!("{} ΔF (×100)", m.metric), "ΔF ×100")
        };
        body.push_str(&sorted_svg(&title, axis, &pts));
    }
    body.push_str(&format!(
        "<p>Signature: <code>{}</code></p>",
        escape_html(&c.signature)
    ));
    for n in &c.notes {
        body.push_str(&format!("<p>Note: {}</p>", escape_html(n)));
    }
    page("tomtat compare", &body)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::{Fingerprint, Report, Signature};

    #[test]
    fn text_from_inputs_cannot_inject_markup() {
        assert_eq!(
            escape_html("<script>alert('x')</script> & \"q\""),
            "&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt; &amp; &quot;q&quot;"
        );
        let signature = Signature::from_fields(
            &serde_json::json!({"profile": "<script>alert(1)</script>"})
                .as_object()
                .cloned()
                .unwrap_or_default(),
        );
        let fingerprint = crate::report::Tally::new(0, 0).fingerprint();
        let report = Report::new(
            &signature,
            1,
            Vec::new(),
            Fingerprint {
                ids: "0".repeat(64),
                references: "0".repeat(64),
                candidates: "0".repeat(64),
                ..fingerprint
            },
            vec!["candidate <img src=x onerror=alert(1)> | `rm -rf`\nnext".into()],
        );
        let html = score_html(&report, &[("rouge1".into(), vec![0.5])], "");
        assert!(
            !html.contains("<script>") && !html.contains("<img"),
            "{html}"
        );
        assert!(html.contains("&lt;img src=x onerror=alert(1)&gt;"));
        let md = crate::report::exporter(crate::report::Format::Markdown).render(&report);
        assert!(
            md.contains("\\<img src=x onerror=alert\\(1\\)\\> \\| \\`rm -rf\\`\\u{a}next"),
            "{md}"
        );
    }
}
