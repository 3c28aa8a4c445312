//! The human-readable table printed on a terminal (scores ×100; supplied scores as given).

use crate::report::{Exporter, Report, Stat};

pub struct TableExporter;

/// `45.12 [43.10, 47.05]`, or just the mean without bootstrap, as `metric`'s numbers are
/// shown ([`crate::report::shown_factor`], [`crate::report::shown_decimals`]).
pub(crate) fn points(s: &Stat, metric: &str) -> String {
    let (factor, digits) = (
        crate::report::shown_factor(metric),
        crate::report::shown_decimals(metric),
    );
    match (s.low, s.high) {
        (Some(l), Some(h)) => format!(
            "{:.digits$} [{:.digits$}, {:.digits$}]",
            s.mean * factor,
            l * factor,
            h * factor
        ),
        _ => format!("{:.digits$}", s.mean * factor),
    }
}

/// One row of a metrics block: the metric and its precision, recall and F as shown.
fn prf_row(name: &str, p: &Stat, r: &Stat, f: &Stat) -> [String; 4] {
    [
        name.to_string(),
        points(p, name),
        points(r, name),
        points(f, name),
    ]
}

/// `rows` under the metric/precision/recall/F header, aligned.
fn prf_block(rows: impl Iterator<Item = [String; 4]>) -> String {
    let header = ["metric", "precision", "recall", "F"].map(String::from);
    let all: Vec<[String; 4]> = std::iter::once(header).chain(rows).collect();
    aligned(&all, false)
}

/// Aligned rows of one metrics block.
fn block(summaries: &[(String, crate::report::MetricSummary)]) -> String {
    prf_block(
        summaries
            .iter()
            .map(|(name, s)| prf_row(name, &s.precision, &s.recall, &s.fmeasure)),
    )
}

/// What the corpus-level block holds, for its heading in the human formats.
pub(crate) const MICRO_NOTE: &str =
    "computed once from counts summed over all examples, not averaged";

/// The heading of the corpus-level block in the table and Markdown.
pub(crate) fn micro_heading() -> String {
    format!("corpus-level (micro): {MICRO_NOTE}")
}

/// Aligned rows of the corpus-level figures, or `None` when no metric has them.
pub(crate) fn micro_block(summaries: &[(String, crate::report::MetricSummary)]) -> Option<String> {
    let mut micro = summaries.iter().filter_map(|(name, s)| {
        s.micro
            .map(|m| prf_row(name, &m.precision, &m.recall, &m.fmeasure))
    });
    let first = micro.next()?;
    Some(prf_block(std::iter::once(first).chain(micro)))
}

/// Rows as aligned text columns separated by two spaces. With `right`, every column but the
/// first is right-aligned (numbers). Control characters in cells come out as visible escapes
/// (before widths are measured).
pub(crate) fn aligned<R: AsRef<[String]>>(rows: &[R], right: bool) -> String {
    let rows: Vec<Vec<String>> = rows
        .iter()
        .map(|r| {
            r.as_ref()
                .iter()
                .map(|c| crate::report::terminal_safe(c).into_owned())
                .collect()
        })
        .collect();
    let columns = rows.iter().map(|r| r.len()).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            rows.iter()
                .filter_map(|r| r.get(c))
                .map(|cell| cell.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let line: Vec<String> = row
            .iter()
            .zip(&widths)
            .enumerate()
            .map(|(i, (cell, w))| {
                if right && i > 0 {
                    format!("{cell:>w$}")
                } else {
                    format!("{cell:<w$}")
                }
            })
            .collect();
        out.push_str(line.join("  ").trim_end());
        out.push('\n');
    }
    out
}

impl Exporter for TableExporter {
    fn render(&self, report: &Report) -> String {
        let conf = report.signature_fields.get("conf").and_then(|c| c.as_str());
        let interval = match crate::report::ci_label(conf) {
            Some(ci) => format!(" · mean [{ci}]"),
            None => String::new(),
        };
        let mut out = format!(
            "tomtat {} · {} · scores ×100{}{interval}\n\n",
            report.version,
            crate::report::count_of(report.count, "example"),
            crate::report::supplied_note(report.summaries.iter().map(|(m, _)| m))
        );
        out.push_str(&block(&report.summaries));
        if let Some(micro) = micro_block(&report.summaries) {
            out.push_str(&format!("\n{}\n", micro_heading()));
            out.push_str(&micro);
        }
        // One language's block would repeat the figures above.
        let languages = if report.language_summaries.len() > 1 {
            &report.language_summaries[..]
        } else {
            &[]
        };
        for l in languages {
            out.push_str(&format!(
                "\n{} ({})\n",
                crate::report::terminal_safe(&l.lang),
                crate::report::count_of(l.count, "example")
            ));
            out.push_str(&block(&l.summaries));
        }
        out.push_str(&format!(
            "\nexamples: {}\n",
            crate::report::terminal_safe(&report.examples.summary())
        ));
        out.push_str(&format!(
            "signature: {}\n",
            crate::report::terminal_safe(&report.signature)
        ));
        out.push_str(&format!("data: {}\n", report.fingerprint.short()));
        for w in &report.warnings {
            out.push_str(&format!("warning: {}\n", crate::report::terminal_safe(w)));
        }
        crate::report::terminal_safe_text(&out)
    }
}
