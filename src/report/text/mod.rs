//! Text formats: the terminal table, JSON, CSV, Markdown and JUnit renderings of reports and
//! views. One small file per format or per view.

pub(crate) mod comparison_text;
pub(crate) mod correlation_text;
pub(crate) mod csv;
pub(crate) mod json;
pub(crate) mod leaderboard_text;
pub(crate) mod markdown;
pub(crate) mod table;

use crate::report::Report;

/// Output formats of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Table,
    Json,
    Csv,
    Markdown,
}

/// Renders a report in one format.
pub trait Exporter {
    fn render(&self, report: &Report) -> String;
}

/// The exporter for `format`.
pub fn exporter(format: Format) -> Box<dyn Exporter> {
    match format {
        Format::Table => Box::new(table::TableExporter),
        Format::Json => Box::new(json::JsonExporter),
        Format::Csv => Box::new(csv::CsvExporter),
        Format::Markdown => Box::new(markdown::MarkdownExporter),
    }
}
