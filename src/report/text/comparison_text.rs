//! `tomtat compare`'s formats: table, Markdown (for CI job summaries), JSON and JUnit XML (one
//! test case per metric, failed on a regression), all with the same verdict words and rule.

use crate::report::text::markdown::{code_span, escape_md};
use crate::report::views::comparison::{Comparison, MetricComparison};
use crate::report::views::worst::{WORST_LISTED, worst_order};

/// The verdict of one metric, in the words every format uses.
pub(crate) fn verdict(m: &MetricComparison, alpha: f64) -> &'static str {
    if m.regression {
        "REGRESSION"
    } else if m.p_holm < alpha && m.improved() {
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
            let k = crate::report::shown_factor(&m.metric);
            let digits = crate::report::shown_decimals(&m.metric);
            let pts = |x: f64| format!("{:.digits$}", x * k);
            let signed = |x: f64| format!("{:+.digits$}", x * k);
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
    "metric",
    "base",
    "new",
    "Δ",
    "Δ%",
    "95% CI of Δ",
    "p boot",
    "p AR",
    "p Holm",
    "W/T/L",
    "verdict",
];

pub fn render_table(c: &Comparison) -> String {
    let mut all = vec![HEADER.map(String::from)];
    all.extend(rows(c));
    let mut out = format!(
        "tomtat compare · {} · F ×100{} · Δ = new − base\n{}\n\n",
        crate::report::count_of(c.count, "example"),
        crate::report::supplied_note(c.metrics.iter().map(|m| &m.metric)),
        verdict_rule(c)
    );
    out.push_str(&crate::report::text::table::aligned(&all, false));
    out.push_str(&format!(
        "\nsignature: {}\n",
        crate::report::terminal_safe(&c.signature)
    ));
    for n in &c.notes {
        out.push_str(&format!("note: {}\n", crate::report::terminal_safe(n)));
    }
    out.push_str(&crate::report::terminal_safe(&summary_line(c)));
    out.push('\n');
    crate::report::terminal_safe_text(&out)
}

/// What decides the verdict, in one sentence every format prints.
pub(crate) fn verdict_rule(c: &Comparison) -> String {
    format!(
        "verdict: REGRESSION when a metric got worse by more than the {} and its p Holm (the \
         randomization p, Holm-adjusted across metrics) is below --level {}; p boot and the 95% CI \
         are shown, not used",
        tolerance_text(c),
        c.alpha
    )
}

/// `tolerance 0.5 points`, and the supplied scores' tolerance when there are any.
fn tolerance_text(c: &Comparison) -> String {
    let mut out = format!("tolerance {} points", c.tolerance_points);
    if c.metrics
        .iter()
        .any(|m| crate::report::is_supplied(&m.metric))
    {
        out.push_str(&format!(
            " (extra: {} in their own units)",
            c.extra_tolerance
        ));
    }
    out
}

/// The last line: what got significantly worse and what significantly better ("no
/// significant regression" when neither, as scripts read it).
fn summary_line(c: &Comparison) -> String {
    let mut parts = Vec::new();
    if !c.regressions.is_empty() {
        parts.push(format!(
            "significant regression in {}",
            c.regressions.join(", ")
        ));
    }
    if !c.improvements.is_empty() {
        parts.push(format!(
            "significant improvement in {}",
            c.improvements.join(", ")
        ));
    }
    if parts.is_empty() {
        "result: no significant regression".to_string()
    } else {
        format!("result: {}", parts.join("; "))
    }
}

/// An example's id as Markdown: the id alone in a code span (so a copy picks up the id and
/// nothing else), its language after it.
fn id_md((id, lang): &(String, Option<String>)) -> String {
    match lang {
        Some(lang) => format!("{} ({})", code_span(id), escape_md(lang)),
        None => code_span(id),
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
            escape_md(&r[1]),
            escape_md(&r[2]),
            escape_md(&r[3]),
            escape_md(&r[8]),
            escape_md(&r[10])
        ));
    }
    out.push_str(&format!("\n{}.\n", escape_md(&verdict_rule(c))));
    out.push_str(&worst_examples(c));
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
        "\n{} examples; F ×100{}; p from {} paired bootstrap resamples and {} randomization trials \
         (+1 corrected), Holm-adjusted across metrics; alpha {}, {}.\n\n\
         Signature: {}\n",
        c.count,
        escape_md(crate::report::supplied_note(
            c.metrics.iter().map(|m| &m.metric)
        )),
        c.resamples,
        c.trials,
        c.alpha,
        escape_md(&tolerance_text(c)),
        code_span(&c.signature)
    ));
    for n in &c.notes {
        out.push_str(&format!("\nNote: {}\n", escape_md(n)));
    }
    out.push_str("\n</details>\n");
    crate::report::terminal_safe_text(&out)
}

/// Per regressed metric, a heading (a link anchor: `#worst-examples-rouge2`), the ids of the
/// examples that got worst with their Δ, and a one-line base/new/reference snippet of each:
/// where to start reading.
fn worst_examples(c: &Comparison) -> String {
    let mut out = String::new();
    for m in c.metrics.iter().filter(|m| m.regression) {
        let k = crate::report::shown_factor(&m.metric);
        let order = worst_order(&m.metric, &m.deltas, &c.ids);
        let listed: Vec<String> = order
            .iter()
            .take(WORST_LISTED)
            .map(|&i| format!("{} (Δ {:+.2})", id_md(&c.ids[i]), m.deltas[i] * k))
            .collect();
        out.push_str(&format!(
            "\n#### Worst examples: {}\n\n{} of {} got worse; the worst: {}\n",
            escape_md(&m.metric),
            order.len(),
            m.deltas.len(),
            listed.join(", ")
        ));
        let snippets: Vec<String> = order
            .iter()
            .take(WORST_LISTED)
            .filter_map(|&i| {
                let s = c.snippets.get(&i)?;
                Some(format!(
                    "- {}: base “{}” · new “{}” · reference “{}”\n",
                    id_md(&c.ids[i]),
                    escape_md(&s.base),
                    escape_md(&s.new),
                    escape_md(&s.reference)
                ))
            })
            .collect();
        if !snippets.is_empty() {
            out.push('\n');
            out.push_str(&snippets.concat());
        }
    }
    out
}

/// The failure text of a regressed metric in JUnit: its figures, its worst examples with a
/// snippet each, and the signature, so the CI log alone says what got worse and how it was
/// scored.
fn junit_failure(c: &Comparison, m: &MetricComparison, detail: &str) -> String {
    let k = crate::report::shown_factor(&m.metric);
    let mut out = format!("{detail}\nworst examples:");
    for &i in worst_order(&m.metric, &m.deltas, &c.ids)
        .iter()
        .take(WORST_LISTED)
    {
        let (id, lang) = &c.ids[i];
        out.push_str(&format!("\n  {id}"));
        if let Some(lang) = lang {
            out.push_str(&format!(" [{lang}]"));
        }
        out.push_str(&format!(" (Δ {:+.2})", m.deltas[i] * k));
        if let Some(s) = c.snippets.get(&i) {
            out.push_str(&format!(
                "\n    base: {}\n    new: {}\n    reference: {}",
                s.base, s.new, s.reference
            ));
        }
    }
    out.push_str(&format!("\nsignature: {}", c.signature));
    out
}

pub fn render_json(c: &Comparison) -> String {
    let mut s = serde_json::to_string_pretty(c).unwrap_or_default();
    s.push('\n');
    s
}

/// Escapes text for XML 1.0 content or attributes; characters XML cannot hold at all (most
/// C0 controls) become visible `\u{..}` escapes, so the document stays well formed.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push_str(&format!("&#{};", c as u32)),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
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
                xml_escape(&junit_failure(c, m, &detail))
            ));
        } else {
            out.push_str(&format!("<system-out>{}</system-out>", xml_escape(&detail)));
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("</testsuite>\n");
    out
}
