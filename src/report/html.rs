//! Self-contained HTML reports with inline SVG plots: no JavaScript, no network. All text from
//! inputs is escaped.

use super::comparison::Comparison;
use super::{Report, Stat};

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

const W: f64 = 520.0;
const H: f64 = 260.0;
const PAD: f64 = 44.0;

fn frame(
    title: &str,
    x_label: &str,
    y_label: &str,
    body: &str,
    x_range: (f64, f64),
    y_range: (f64, f64),
) -> String {
    format!(
        "<figure><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{W}\" height=\"{H}\" viewBox=\"0 0 {W} {H}\" role=\"img\" aria-label=\"{t}\">\
<rect x=\"0\" y=\"0\" width=\"{W}\" height=\"{H}\" fill=\"#fff\"/>\
<line x1=\"{PAD}\" y1=\"{b}\" x2=\"{r}\" y2=\"{b}\" stroke=\"#333\"/><line x1=\"{PAD}\" y1=\"{PAD}\" x2=\"{PAD}\" y2=\"{b}\" stroke=\"#333\"/>\
{body}\
<text x=\"{PAD}\" y=\"{lb}\" font-size=\"11\">{x0:.2}</text><text x=\"{r}\" y=\"{lb}\" font-size=\"11\" text-anchor=\"end\">{x1:.2}</text>\
<text x=\"{cx}\" y=\"{xl}\" font-size=\"12\" text-anchor=\"middle\">{xlab}</text>\
<text x=\"4\" y=\"{PAD}\" font-size=\"11\">{y1:.2}</text><text x=\"4\" y=\"{b}\" font-size=\"11\">{y0:.2}</text>\
<text x=\"12\" y=\"{cy}\" font-size=\"12\" transform=\"rotate(-90 12 {cy})\" text-anchor=\"middle\">{ylab}</text>\
</svg><figcaption>{t}</figcaption></figure>\n",
        t = escape_html(title),
        b = H - PAD,
        r = W - 10.0,
        lb = H - PAD + 14.0,
        xl = H - 8.0,
        cx = (W + PAD) / 2.0,
        cy = H / 2.0,
        x0 = x_range.0,
        x1 = x_range.1,
        y0 = y_range.0,
        y1 = y_range.1,
        xlab = escape_html(x_label),
        ylab = escape_html(y_label),
    )
}

fn range(values: &[f64]) -> (f64, f64) {
    let lo = values.iter().copied().fold(f64::INFINITY, f64::min);
    let hi = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    if !lo.is_finite() || !hi.is_finite() {
        (0.0, 1.0)
    } else if hi - lo < 1e-12 {
        (lo - 0.5, hi + 0.5)
    } else {
        (lo, hi)
    }
}

/// A histogram of `values` in `bins` equal-width bins.
pub fn histogram_svg(title: &str, x_label: &str, values: &[f64], bins: usize) -> String {
    let (lo, hi) = range(values);
    let mut counts = vec![0usize; bins];
    for v in values.iter().filter(|v| v.is_finite()) {
        let k = (((v - lo) / (hi - lo)) * bins as f64).floor() as usize;
        counts[k.min(bins - 1)] += 1;
    }
    let max = counts.iter().copied().max().unwrap_or(1).max(1) as f64;
    let plot_w = W - 10.0 - PAD;
    let plot_h = H - 2.0 * PAD;
    let bw = plot_w / bins as f64;
    let mut body = String::new();
    for (k, c) in counts.iter().enumerate() {
        let h = plot_h * *c as f64 / max;
        body.push_str(&format!(
            "<rect class=\"bar\" x=\"{:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"#4a7ab5\"><title>{c}</title></rect>",
            PAD + k as f64 * bw + 1.0,
            H - PAD - h,
            (bw - 2.0).max(1.0),
            h
        ));
    }
    frame(title, x_label, "count", &body, (lo, hi), (0.0, max))
}

/// A scatter plot of `(x, y)` points.
pub fn scatter_svg(title: &str, x_label: &str, y_label: &str, points: &[(f64, f64)]) -> String {
    let xs: Vec<f64> = points.iter().map(|p| p.0).collect();
    let ys: Vec<f64> = points.iter().map(|p| p.1).collect();
    let ((x0, x1), (y0, y1)) = (range(&xs), range(&ys));
    let (pw, ph) = (W - 10.0 - PAD, H - 2.0 * PAD);
    let body: String = points
        .iter()
        .map(|(x, y)| {
            format!(
                "<circle class=\"point\" cx=\"{:.1}\" cy=\"{:.1}\" r=\"3\" fill=\"#c0392b\" fill-opacity=\"0.6\"/>",
                PAD + (x - x0) / (x1 - x0) * pw,
                H - PAD - (y - y0) / (y1 - y0) * ph
            )
        })
        .collect();
    frame(title, x_label, y_label, &body, (x0, x1), (y0, y1))
}

/// Values sorted ascending, drawn as a line with a zero rule (per-example deltas).
pub fn sorted_svg(title: &str, y_label: &str, values: &[f64]) -> String {
    let mut v: Vec<f64> = values.iter().copied().filter(|x| x.is_finite()).collect();
    v.sort_by(f64::total_cmp);
    let (mut y0, mut y1) = range(&v);
    y0 = y0.min(0.0);
    y1 = y1.max(0.0);
    let (pw, ph) = (W - 10.0 - PAD, H - 2.0 * PAD);
    let n = v.len().max(2) as f64 - 1.0;
    let y = |val: f64| H - PAD - (val - y0) / (y1 - y0) * ph;
    let pts: Vec<String> = v
        .iter()
        .enumerate()
        .map(|(i, val)| format!("{:.1},{:.1}", PAD + i as f64 / n * pw, y(*val)))
        .collect();
    let body = format!(
        "<line x1=\"{PAD}\" y1=\"{z:.1}\" x2=\"{r}\" y2=\"{z:.1}\" stroke=\"#999\" stroke-dasharray=\"4 3\"/>\
<polyline class=\"deltas\" fill=\"none\" stroke=\"#2c7a3f\" stroke-width=\"2\" points=\"{}\"/>",
        pts.join(" "),
        z = y(0.0),
        r = W - 10.0
    );
    frame(
        title,
        "examples, sorted",
        y_label,
        &body,
        (0.0, v.len() as f64),
        (y0, y1),
    )
}

/// The HTML page of `tomtat correlate`: the coefficients of each level, metric against metric,
/// and per metric a scatter of F against the rating for every summary and for system means.
pub fn correlation_html(r: &super::CorrelationReport) -> String {
    use super::correlation_text::cell;
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
    header.extend(super::COEFFICIENTS);
    for level in super::LEVELS {
        let Some(metrics) = r.levels.get(level) else {
            continue;
        };
        let rows: Vec<Vec<String>> = metrics
            .iter()
            .map(|(metric, coefficients)| {
                std::iter::once(metric.clone())
                    .chain(
                        super::COEFFICIENTS
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
    let rows: Vec<Vec<String>> = super::LEVELS
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
        escape_html(&super::correlation_text::data_line(r))
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

/// Decimals shown: two for points, four for supplied scores (shown as given).
fn digits(factor: f64) -> usize {
    if factor == 1.0 { 4 } else { 2 }
}

fn stat(s: &Stat, factor: f64) -> String {
    super::table::points(s, factor)
}

/// The HTML report of `tomtat score`: summary table and per-metric F distributions.
pub fn score_html(report: &Report, per_example_f: &[(String, Vec<f64>)]) -> String {
    let rows: Vec<Vec<String>> = report
        .summaries
        .iter()
        .map(|(m, s)| {
            let k = super::shown_factor(m);
            vec![
                m.clone(),
                stat(&s.precision, k),
                stat(&s.recall, k),
                stat(&s.fmeasure, k),
            ]
        })
        .collect();
    let mut body = format!(
        "<p>{}; scores ×100{} with bootstrap intervals.</p>",
        super::count_of(report.count, "example"),
        escape_html(super::supplied_note(
            report.summaries.iter().map(|(m, _)| m)
        ))
    );
    body.push_str(&table(&["metric", "precision", "recall", "F"], &rows));
    let micro: Vec<Vec<String>> = report
        .summaries
        .iter()
        .filter_map(|(m, s)| {
            s.micro.map(|x| {
                vec![
                    m.clone(),
                    stat(&x.precision, 100.0),
                    stat(&x.recall, 100.0),
                    stat(&x.fmeasure, 100.0),
                ]
            })
        })
        .collect();
    if !micro.is_empty() {
        body.push_str(&format!(
            "<h2>Corpus-level (micro)</h2>\n<p>Precision, recall and F {}.</p>",
            escape_html(super::table::MICRO_NOTE)
        ));
        body.push_str(&table(&["metric", "precision", "recall", "F"], &micro));
    }
    body.push_str("<h2>Per-example F</h2>\n");
    for (m, values) in per_example_f {
        let k = super::shown_factor(m);
        let pts: Vec<f64> = values.iter().map(|v| v * k).collect();
        let (title, axis) = if k == 1.0 {
            (format!("{m} (as supplied)"), "score".to_string())
        } else {
            (format!("{m} F (×100)"), "F ×100".to_string())
        };
        body.push_str(&histogram_svg(&title, &axis, &pts, 20));
    }
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
pub fn compare_html(c: &Comparison) -> String {
    let rows: Vec<Vec<String>> = c
        .metrics
        .iter()
        .map(|m| {
            let r = &m.result;
            let k = super::shown_factor(&m.metric);
            vec![
                m.metric.clone(),
                format!("{:.d$}", r.base_mean * k, d = digits(k)),
                format!("{:.d$}", r.new_mean * k, d = digits(k)),
                format!("{:+.d$}", r.delta * k, d = digits(k)),
                format!(
                    "[{:+.d$}, {:+.d$}]",
                    r.ci_low * k,
                    r.ci_high * k,
                    d = digits(k)
                ),
                format!("{:.4}", m.p_holm),
                format!("{}/{}/{}", r.wins, r.ties, r.losses),
                super::comparison::verdict(m, c.alpha).to_string(),
            ]
        })
        .collect();
    let mut body = format!(
        "<p>{}; F ×100{}; Δ = new − base.</p><p>{}.</p>",
        super::count_of(c.count, "example"),
        escape_html(super::supplied_note(c.metrics.iter().map(|m| &m.metric))),
        escape_html(&super::comparison::verdict_rule(c))
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
    body.push_str("<h2>Per-example Δ, sorted</h2>\n");
    for m in &c.metrics {
        let k = super::shown_factor(&m.metric);
        let pts: Vec<f64> = m.deltas.iter().map(|d| d * k).collect();
        let (title, axis) = if k == 1.0 {
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
        let html = score_html(&report, &[("rouge1".into(), vec![0.5])]);
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
