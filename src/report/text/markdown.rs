//! Markdown, ready to append to a CI job summary.

use crate::report::text::table::points;
use crate::report::{Exporter, Report};

pub struct MarkdownExporter;

/// Escapes text for a Markdown table cell or paragraph: every character that could open an
/// inline construct (emphasis, code, link, image, autolink, raw HTML, entity, strikethrough)
/// or end a cell is backslash-escaped, and line breaks and other control characters become
/// visible escapes, so no input can start a block, a link or HTML.
pub(crate) fn escape_md(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '|' | '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '#' | '&' | '!' | '(' | ')'
            | '~' => {
                out.push('\\');
                out.push(c);
            }
            _ => out.push(c),
        }
    }
    crate::report::terminal_safe(&out).into_owned()
}

/// Text for an inline code span: backticks cannot close it and line breaks cannot end the
/// paragraph it sits in.
pub(crate) fn code_span(s: &str) -> String {
    format!("`{}`", crate::report::terminal_safe(&s.replace('`', "'")))
}

impl Exporter for MarkdownExporter {
    fn render(&self, report: &Report) -> String {
        let mut out = format!(
            "### ROUGE ({}, scores ×100{})\n\n| metric | precision | recall | F |\n|---|---|---|---|\n",
            crate::report::count_of(report.count, "example"),
            crate::report::supplied_note(report.summaries.iter().map(|(m, _)| m))
        );
        for (name, s) in &report.summaries {
            out.push_str(&format!(
                "| {} | {} | {} | {} |\n",
                escape_md(name),
                points(&s.precision, name),
                points(&s.recall, name),
                points(&s.fmeasure, name)
            ));
        }
        if report.summaries.iter().any(|(_, s)| s.micro.is_some()) {
            out.push_str(&format!(
                "\n{}\n\n| metric | precision | recall | F |\n|---|---|---|---|\n",
                escape_md(&format!("{}.", crate::report::text::table::micro_heading()))
            ));
            for (name, s) in &report.summaries {
                if let Some(m) = &s.micro {
                    out.push_str(&format!(
                        "| {} | {} | {} | {} |\n",
                        escape_md(name),
                        points(&m.precision, name),
                        points(&m.recall, name),
                        points(&m.fmeasure, name)
                    ));
                }
            }
        }
        out.push_str(&format!(
            "\nExamples: {}\n",
            escape_md(&report.examples.summary())
        ));
        out.push_str(&format!("\nSignature: {}\n", code_span(&report.signature)));
        out.push_str(&format!(
            "\nData: {}\n",
            code_span(&report.fingerprint.short())
        ));
        if !report.warnings.is_empty() {
            out.push_str("\nWarnings:\n");
            for w in &report.warnings {
                out.push_str(&format!("- {}\n", escape_md(w)));
            }
        }
        crate::report::terminal_safe_text(&out)
    }
}
