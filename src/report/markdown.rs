//! Markdown, ready to append to a CI job summary.

use super::table::points;
use super::{Exporter, Report};

pub struct MarkdownExporter;

/// Escapes text for a Markdown table cell or inline code span.
pub(crate) fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' => {
                out.push('\\');
                out.push(c);
            }
            '\n' | '\r' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

impl Exporter for MarkdownExporter {
    fn render(&self, report: &Report) -> String {
        let mut out = format!(
            "### ROUGE ({} examples, scores ×100)\n\n| metric | precision | recall | F |\n|---|---|---|---|\n",
            report.count
        );
        for (name, s) in &report.summaries {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                escape_md(name),
                points(&s.precision),
                points(&s.recall),
                points(&s.fmeasure)
            ));
        }
        out.push_str(&format!(
            "\nExamples: {}\n",
            escape_md(&report.examples.summary())
        ));
        out.push_str(&format!(
            "\nSignature: `{}`\n",
            report.signature.replace('`', "'")
        ));
        out.push_str(&format!("\nData: `{}`\n", report.fingerprint.short()));
        if !report.warnings.is_empty() {
            out.push_str("\nWarnings:\n");
            for w in &report.warnings {
                out.push_str(&format!("- {}\n", escape_md(w)));
            }
        }
        out
    }
}
