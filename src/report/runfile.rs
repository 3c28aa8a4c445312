//! Run files (`tomtat score --save RUN.json`): everything `compare` and `merge` need without
//! the inputs: signature, fingerprint, the aggregate report, and per example its key, digests,
//! precision/recall/F and raw counts for every metric.
//!
//! Layout (schema 1): `{"tool", "kind": "run", "schema", "version", "signature",
//! "signature_fields", "metrics": [names], "bootstrap": {resamples, confidence, seed},
//! "fingerprint", "report": {the JSON report}, "examples": [{"id", "lang"?, "references",
//! "candidate", "prf": [[p, r, f] per metric], "counts": [[hit, candidate, reference] or null],
//! "empty_candidate"?, "empty_references"?, "multi_sentence"?}]}`.

use super::{Bootstrap, ExampleDigest, Fingerprint};
use crate::data::Pair;
use crate::error::Error;
use crate::metrics::{Counts, Prf};
use crate::run::ExampleScores;
use serde::{Deserialize, Serialize};
use std::path::Path;

/// One scored example in a run file.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct RunExample {
    pub id: String,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    /// Digest of the references (16-byte SHA-256 prefix, hex).
    pub references: String,
    /// Digest of the candidate.
    pub candidate: String,
    pub prf: Vec<[f64; 3]>,
    pub counts: Vec<Option<[f64; 3]>>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub empty_candidate: bool,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub empty_references: usize,
    #[serde(default, skip_serializing_if = "is_false")]
    pub multi_sentence: bool,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl RunExample {
    pub fn new(pair: &Pair, scored: &ExampleScores) -> RunExample {
        let digest = ExampleDigest::of(pair);
        RunExample {
            id: pair.id.clone(),
            lang: pair.lang.clone(),
            references: digest.references,
            candidate: digest.candidate,
            prf: scored
                .scores
                .iter()
                .map(|p| [p.precision, p.recall, p.fmeasure])
                .collect(),
            counts: scored
                .counts
                .iter()
                .map(|c| c.map(|c: Counts| [c.hit, c.candidate, c.reference]))
                .collect(),
            empty_candidate: scored.empty_candidate,
            empty_references: scored.empty_references,
            multi_sentence: scored.multi_sentence,
        }
    }

    pub fn key(&self) -> String {
        super::example_key(&self.id, self.lang.as_deref())
    }

    pub fn digest(&self) -> ExampleDigest {
        ExampleDigest {
            key: self.key(),
            references: self.references.clone(),
            candidate: self.candidate.clone(),
        }
    }

    /// The scores as `ExampleScores` (raw counts are not needed again).
    pub fn scores(&self) -> ExampleScores {
        ExampleScores {
            scores: self
                .prf
                .iter()
                .map(|[p, r, f]| Prf {
                    precision: *p,
                    recall: *r,
                    fmeasure: *f,
                })
                .collect(),
            counts: vec![None; self.prf.len()],
            empty_candidate: self.empty_candidate,
            empty_references: self.empty_references,
            multi_sentence: self.multi_sentence,
        }
    }
}

/// A saved run.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RunFile {
    pub tool: String,
    pub kind: String,
    pub schema: u32,
    pub version: String,
    pub signature: String,
    pub signature_fields: serde_json::Map<String, serde_json::Value>,
    pub metrics: Vec<String>,
    pub bootstrap: Bootstrap,
    pub fingerprint: Fingerprint,
    pub report: serde_json::Value,
    pub examples: Vec<RunExample>,
}

impl RunFile {
    /// Reads and validates a run file.
    pub fn read(path: &Path) -> Result<RunFile, Error> {
        let origin = path.display().to_string();
        let text = crate::data::read_text(path)?;
        let run: RunFile = serde_json::from_str(&text).map_err(|e| Error::Input {
            origin: origin.clone(),
            line: Some(e.line()),
            message: format!("not a tomtat run file: {e}"),
        })?;
        let bad = |message: String| Error::Input {
            origin: origin.clone(),
            line: None,
            message,
        };
        if run.tool != "tomtat" || run.kind != "run" {
            return Err(bad("not a tomtat run file (tool/kind)".into()));
        }
        if run.schema != super::SCHEMA {
            return Err(bad(format!(
                "run file schema {} is not supported (this tomtat reads schema {})",
                run.schema,
                super::SCHEMA
            )));
        }
        if let Some(e) = run
            .examples
            .iter()
            .find(|e| e.prf.len() != run.metrics.len() || e.counts.len() != run.metrics.len())
        {
            return Err(bad(format!(
                "example '{}' has scores for {} metrics, the run lists {}",
                e.id,
                e.prf.len(),
                run.metrics.len()
            )));
        }
        Ok(run)
    }

    /// The fingerprint recomputed from the examples.
    pub fn computed_fingerprint(&self) -> Fingerprint {
        let digests: Vec<ExampleDigest> = self.examples.iter().map(RunExample::digest).collect();
        Fingerprint::from_digests(&digests)
    }
}

/// Signature fields that do not change any per-example number and may differ between runs
/// that are compared or merged.
pub const NON_SCORING_FIELDS: [&str; 4] = ["version", "boot", "conf", "seed"];

/// The scoring fields on which two runs differ, as `name (a vs b)`.
pub fn signature_differences(a: &RunFile, b: &RunFile) -> Vec<String> {
    let mut keys: Vec<&String> = a.signature_fields.keys().collect();
    for k in b.signature_fields.keys() {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys.into_iter()
        .filter(|k| !NON_SCORING_FIELDS.contains(&k.as_str()))
        .filter_map(|k| {
            let (x, y) = (a.signature_fields.get(k), b.signature_fields.get(k));
            (x != y).then(|| {
                let show = |v: Option<&serde_json::Value>| {
                    v.and_then(|v| v.as_str()).unwrap_or("absent").to_string()
                };
                format!("{k} ({} vs {})", show(x), show(y))
            })
        })
        .collect()
}

/// Builds the report and the run file of scored examples: means and bootstrap intervals over
/// all examples (and per language when `by_language`), warnings, fingerprint. `score` and
/// `merge` both end here, so a merged run is computed exactly like an unsplit one.
pub fn assemble(
    signature: &super::Signature,
    metrics: &[crate::metrics::Metric],
    bootstrap: Bootstrap,
    examples: Vec<RunExample>,
    lsum_from_lines: bool,
    by_language: bool,
) -> (super::Report, RunFile) {
    let scored: Vec<ExampleScores> = examples.iter().map(RunExample::scores).collect();
    let rows: Vec<Vec<Prf>> = scored.iter().map(|s| s.scores.clone()).collect();
    let summaries = super::aggregate(metrics, &rows, Some(bootstrap));
    let digests: Vec<ExampleDigest> = examples.iter().map(RunExample::digest).collect();
    let warnings = crate::run::warnings(&scored, lsum_from_lines);
    let mut report = super::Report::new(
        signature,
        examples.len(),
        summaries,
        Fingerprint::from_digests(&digests),
        warnings,
    );
    if by_language {
        let mut langs: Vec<String> = Vec::new();
        for e in &examples {
            let l = e.lang.clone().unwrap_or_default();
            if !langs.contains(&l) {
                langs.push(l);
            }
        }
        let blocks = langs
            .into_iter()
            .map(|lang| {
                let mine: Vec<Vec<Prf>> = examples
                    .iter()
                    .zip(&rows)
                    .filter(|(e, _)| e.lang.as_deref().unwrap_or("") == lang)
                    .map(|(_, r)| r.clone())
                    .collect();
                super::LanguageSummary {
                    count: mine.len(),
                    summaries: super::aggregate(metrics, &mine, Some(bootstrap)),
                    lang,
                }
            })
            .collect();
        report = report.with_languages(blocks);
    }
    let run = RunFile {
        tool: "tomtat".into(),
        kind: "run".into(),
        schema: super::SCHEMA,
        version: env!("CARGO_PKG_VERSION").into(),
        signature: report.signature.clone(),
        signature_fields: report.signature_fields.clone(),
        metrics: metrics.iter().map(|m| m.to_string()).collect(),
        bootstrap,
        fingerprint: report.fingerprint.clone(),
        report: serde_json::to_value(&report).unwrap_or_default(),
        examples,
    };
    (report, run)
}
