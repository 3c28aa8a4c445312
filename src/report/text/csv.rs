//! CSV: one row per metric and statistic; the corpus-level figures as `micro_precision`,
//! `micro_recall` and `micro_fmeasure`.

use crate::report::{Exporter, Report, Stat};

pub struct CsvExporter;

fn cell(x: Option<f64>) -> String {
    x.map(|v| v.to_string()).unwrap_or_default()
}

impl Exporter for CsvExporter {
    fn render(&self, report: &Report) -> String {
        let mut out = String::from("metric,statistic,mean,low,high\n");
        for (name, s) in &report.summaries {
            let rows: [(&str, &Stat); 3] = [
                ("precision", &s.precision),
                ("recall", &s.recall),
                ("fmeasure", &s.fmeasure),
            ];
            let micro = s.micro.iter().flat_map(|m| {
                [
                    ("micro_precision", &m.precision),
                    ("micro_recall", &m.recall),
                    ("micro_fmeasure", &m.fmeasure),
                ]
            });
            for (stat, v) in rows.into_iter().chain(micro) {
                out.push_str(&format!(
                    "{name},{stat},{},{},{}\n",
                    v.mean,
                    cell(v.low),
                    cell(v.high)
                ));
            }
        }
        out
    }
}
