//! The JSON report (the stable format other tools read; documented in README).

use crate::report::{Exporter, Report};

pub struct JsonExporter;

impl Exporter for JsonExporter {
    fn render(&self, report: &Report) -> String {
        let mut s = serde_json::to_string_pretty(report).unwrap_or_default();
        s.push('\n');
        s
    }
}
