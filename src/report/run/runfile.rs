//! Run files (`tomtat score --save RUN.json`): everything `compare` and `merge` need without
//! the inputs: signature, fingerprint, the aggregate report, and per example its key, digests,
//! precision/recall/F and raw counts for every metric.
//!
//! Layout (schema 2, as [`crate::report::SCHEMA`]): `{"tool", "kind": "run", "schema", "version", "signature",
//! "signature_fields", "metrics": [names], "bootstrap": {resamples, confidence, seed},
//! "fingerprint", "report": {the JSON report}, "examples": [{"id", "lang"?, "references",
//! "candidate", "prf": [[p, r, f] per metric], "counts": [[hit, candidate, reference] or null],
//! "chrf"?, "texts"?: {"candidate", "references"}, "empty_candidate"?, "empty_references"?,
//! "multi_sentence"?}]}`.

use crate::data::Pair;
use crate::error::Error;
use crate::metrics::ExampleScores;
use crate::metrics::{Counts, Prf};
use crate::report::{Bootstrap, Fingerprint, Tally};
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
    /// The chrF statistics behind the chrF metrics (their micro columns), flattened.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chrf: Vec<f64>,
    /// The texts, for people reading a report's examples (absent with `--no-texts`); when
    /// present they must have the digests above.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub texts: Option<ExampleTexts>,
    #[serde(default, skip_serializing_if = "is_false")]
    pub empty_candidate: bool,
    #[serde(default, skip_serializing_if = "is_zero")]
    pub empty_references: usize,
    #[serde(default, skip_serializing_if = "is_false")]
    pub multi_sentence: bool,
}

/// The candidate and references of a run example.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExampleTexts {
    pub candidate: String,
    pub references: Vec<String>,
}

fn is_false(b: &bool) -> bool {
    !*b
}

fn is_zero(n: &usize) -> bool {
    *n == 0
}

impl RunExample {
    /// The example of a scored pair whose [`crate::report::digest_bytes`] are `digests`.
    pub fn new(
        pair: &Pair,
        scored: &ExampleScores,
        digests: &crate::report::DigestBytes,
    ) -> RunExample {
        RunExample {
            id: pair.id.clone(),
            lang: pair.lang.clone(),
            references: crate::report::run::fingerprint::hex(&digests[..16]),
            candidate: crate::report::run::fingerprint::hex(&digests[16..]),
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
            chrf: scored.chrf.clone(),
            texts: None,
            empty_candidate: scored.empty_candidate,
            empty_references: scored.empty_references,
            multi_sentence: scored.multi_sentence,
        }
    }

    /// The example with its pair's texts (see [`RunExample::texts`]).
    pub fn with_texts(mut self, pair: &Pair) -> RunExample {
        self.texts = Some(ExampleTexts {
            candidate: pair.candidate.clone(),
            references: pair.references.clone(),
        });
        self
    }

    /// The example as one JSON object, as it appears in a run file.
    pub fn to_json(&self) -> String {
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Adds the example to `tally`; `line` is its position in the run file, `micro` its micro
    /// columns ([`RunExample::micro`]).
    pub fn push_to(
        &self,
        tally: &mut Tally,
        line: usize,
        micro: &[f64],
    ) -> Result<(), crate::report::Duplicate> {
        let mut digests = [0u8; 32];
        digests[..16].copy_from_slice(&crate::report::run::fingerprint::unhex16(&self.references));
        digests[16..].copy_from_slice(&crate::report::run::fingerprint::unhex16(&self.candidate));
        let scores = self.scores();
        tally.push(crate::report::Entry {
            id: &self.id,
            lang: self.lang.as_deref(),
            line,
            digests,
            scores: &scores.scores,
            micro,
            // A run file does not keep reference counts; merge takes nrefs from the signatures.
            references: 0,
            empty_candidate: self.empty_candidate,
            empty_references: self.empty_references,
            multi_sentence: self.multi_sentence,
        })
    }

    pub fn key(&self) -> String {
        crate::report::example_key(&self.id, self.lang.as_deref())
    }

    /// The example's micro columns for a run of `metrics` under `refs`; an error naming the
    /// example when its counts or chrF statistics are missing.
    pub fn micro(
        &self,
        metrics: &[crate::metrics::Metric],
        refs: crate::metrics::RefMode,
    ) -> Result<Vec<f64>, String> {
        crate::metrics::micro::row(metrics, refs, &self.counts, &self.chrf).map_err(|e| {
            format!(
                "example '{}': {e} (a run file from an earlier tomtat; score it again)",
                self.id
            )
        })
    }

    /// The scores as `ExampleScores` (raw counts are not needed again).
    pub fn scores(&self) -> ExampleScores {
        ExampleScores {
            detected: None,
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
            chrf: Vec::new(),
        }
    }
}

/// The largest raw count a run file may hold: every integer up to it is exact in an `f64`.
const MAX_COUNT_VALUE: f64 = 9_007_199_254_740_992.0;

/// The most references one example may have (far beyond any data set, and small enough that
/// counters summing them over [`crate::stats::MAX_COUNT`] examples cannot overflow).
pub const MAX_REFERENCES: usize = 1 << 20;

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
        let text = crate::files::read_text(path)?;
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
        if run.schema != crate::report::SCHEMA {
            return Err(bad(format!(
                "run file schema {} is not supported (this tomtat reads schema {})",
                run.schema,
                crate::report::SCHEMA
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
        run.validate().map_err(bad)?;
        run.check_report().map_err(bad)?;
        Ok(run)
    }

    /// Checks the stored report against the one recomputed from the examples (as `merge`
    /// computes it), so that an edited report is never returned as the run's figures.
    fn check_report(&self) -> Result<(), String> {
        let mut rebuilt =
            merge_runs(std::slice::from_ref(self), &[String::new()]).map_err(|e| e.to_string())?;
        // Run files written before the corpus-level figures have none: compare the rest.
        if !has_micro(&self.report) {
            strip_micro(&mut rebuilt.report);
        }
        for part in ["count", "metrics", "by_language", "warnings"] {
            if self.report.get(part) != rebuilt.report.get(part) {
                return Err(format!(
                    "field 'report.{part}' does not match the examples (edited run)"
                ));
            }
        }
        Ok(())
    }
}

/// True when any metric of the report (or of a language block) has a `micro` block.
fn has_micro(report: &serde_json::Value) -> bool {
    metric_blocks(report).any(|m| m.get("micro").is_some())
}

/// Removes every `micro` block from the report's metrics and language blocks.
fn strip_micro(report: &mut serde_json::Value) {
    fn strip(metrics: Option<&mut serde_json::Value>) {
        let blocks = metrics.and_then(|m| m.as_object_mut());
        for m in blocks.into_iter().flat_map(|o| o.values_mut()) {
            if let Some(m) = m.as_object_mut() {
                m.remove("micro");
            }
        }
    }
    strip(report.get_mut("metrics"));
    if let Some(languages) = report
        .get_mut("by_language")
        .and_then(|b| b.as_object_mut())
    {
        for l in languages.values_mut() {
            strip(l.get_mut("metrics"));
        }
    }
}

fn metric_blocks(report: &serde_json::Value) -> impl Iterator<Item = &serde_json::Value> {
    let languages = report
        .get("by_language")
        .and_then(|b| b.as_object())
        .into_iter()
        .flat_map(|b| b.values())
        .filter_map(|l| l.get("metrics"));
    report
        .get("metrics")
        .into_iter()
        .chain(languages)
        .filter_map(|m| m.as_object())
        .flat_map(|o| o.values())
}

impl RunFile {
    /// Checks what a tampered or damaged run file could get wrong: every score finite and in
    /// [0, 1], digests well formed, bootstrap settings in range, the signature string equal to
    /// its fields, and the count and fingerprint equal to those recomputed from the examples.
    /// The message names the field.
    fn validate(&self) -> Result<(), String> {
        let b = &self.bootstrap;
        if !(b.confidence > 0.0 && b.confidence < 1.0) {
            return Err(format!(
                "field 'bootstrap.confidence' must be between 0 and 1 (exclusive), got {}",
                b.confidence
            ));
        }
        if b.resamples > crate::report::MAX_RESAMPLES {
            return Err(format!(
                "field 'bootstrap.resamples' must be at most {}, got {}",
                crate::report::MAX_RESAMPLES,
                b.resamples
            ));
        }
        let parsed = match self
            .metrics
            .iter()
            .map(|m| m.parse::<crate::metrics::Metric>())
            .collect::<Result<Vec<_>, _>>()
        {
            Ok(parsed) => parsed,
            Err(e) => return Err(format!("field 'metrics': {e}")),
        };
        let hex32 = |s: &str| s.len() == 32 && s.bytes().all(|c| c.is_ascii_hexdigit());
        let mut tally = Tally::new(self.metrics.len(), 0);
        for (i, e) in self.examples.iter().enumerate() {
            for (m, prf) in e.prf.iter().enumerate() {
                let supplied = parsed.get(m).is_some_and(|x| x.is_supplied());
                for (k, v) in ["precision", "recall", "fmeasure"].iter().zip(prf) {
                    if supplied {
                        if let Err(why) = crate::metrics::supplied::check_value(*v) {
                            return Err(format!(
                                "example '{}': {} {k} {why}",
                                e.id, self.metrics[m]
                            ));
                        }
                    } else if !(0.0..=1.0).contains(v) {
                        return Err(format!(
                            "example '{}': {} {k} is {v}, not a score in [0, 1]",
                            e.id, self.metrics[m]
                        ));
                    }
                }
            }
            for c in e.counts.iter().flatten() {
                if !c.iter().all(|v| (0.0..=MAX_COUNT_VALUE).contains(v)) {
                    return Err(format!(
                        "example '{}': counts {c:?} are not counts (each in [0, 2^53])",
                        e.id
                    ));
                }
            }
            if e.empty_references > MAX_REFERENCES {
                return Err(format!(
                    "example '{}': empty_references is {}, more than any example has",
                    e.id, e.empty_references
                ));
            }
            if !hex32(&e.references) || !hex32(&e.candidate) {
                return Err(format!(
                    "example '{}': fields 'references' and 'candidate' must be 32 hex digits",
                    e.id
                ));
            }
            if let Some(t) = &e.texts {
                let d = crate::report::run::fingerprint::text_digests(&t.candidate, &t.references);
                let (r, c) = (
                    crate::report::run::fingerprint::hex(&d[..16]),
                    crate::report::run::fingerprint::hex(&d[16..]),
                );
                if r != e.references || c != e.candidate {
                    return Err(format!(
                        "example '{}': its texts do not have its digests (edited run)",
                        e.id
                    ));
                }
            }
            e.push_to(&mut tally, i + 1, &[])
                .map_err(|d| format!("example '{}' appears twice", d.id))?;
        }
        let rebuilt = crate::report::Signature::from_fields(&self.signature_fields).to_string();
        if rebuilt != self.signature {
            return Err(format!(
                "field 'signature' does not match 'signature_fields' ({rebuilt})"
            ));
        }
        crate::report::run::signature::agrees_with_signature(
            &self.signature_fields,
            &self.metrics,
            &self.bootstrap,
        )
        .map_err(|e| format!("fields 'metrics' and 'bootstrap': {e}"))?;
        if self.fingerprint != tally.fingerprint() {
            return Err(
                "field 'fingerprint' does not match the examples (edited or truncated run)".into(),
            );
        }
        // The report's own signature is a copy of the run's: an edited one would be printed
        // by compare and merge as if the run had been scored so.
        if let Some(copy) = self.report.get("signature")
            && copy.as_str() != Some(self.signature.as_str())
        {
            return Err(format!(
                "field 'report.signature' does not match field 'signature' ({})",
                self.signature
            ));
        }
        let count = self.report.get("count").and_then(|c| c.as_u64());
        if count != Some(self.examples.len() as u64) {
            return Err(format!(
                "field 'report.count' is {}, the run has {} examples",
                count.map_or("missing".into(), |c| c.to_string()),
                self.examples.len()
            ));
        }
        Ok(())
    }
}

/// The partial state of scored examples: means and bootstrap sums over all examples (and per
/// language when `by_language`), text counters and fingerprint. `score` and `merge` both end
/// here, so a merged run is computed exactly like an unsplit one.
pub fn assemble(
    signature: &crate::report::Signature,
    metrics: &[crate::metrics::Metric],
    bootstrap: Bootstrap,
    tally: &Tally,
    lsum_from_lines: bool,
    by_language: bool,
) -> crate::report::RunState {
    let mut state =
        crate::report::RunState::new(signature, metrics, bootstrap, lsum_from_lines, by_language);
    state.add_tally(tally);
    state
}

impl RunFile {
    /// The run file of a report and its examples.
    pub fn new(
        report: &crate::report::Report,
        metrics: &[crate::metrics::Metric],
        bootstrap: Bootstrap,
        examples: Vec<RunExample>,
    ) -> RunFile {
        RunFile {
            tool: "tomtat".into(),
            kind: "run".into(),
            schema: crate::report::SCHEMA,
            version: env!("CARGO_PKG_VERSION").into(),
            signature: report.signature.clone(),
            signature_fields: report.signature_fields.clone(),
            metrics: metrics.iter().map(|m| m.to_string()).collect(),
            bootstrap,
            fingerprint: report.fingerprint.clone(),
            report: serde_json::to_value(report).unwrap_or_default(),
            examples,
        }
    }
}

/// One run from runs of disjoint shards: the same signature (version and bootstrap settings
/// aside) and metrics, no example twice; the report is recomputed over all examples with the
/// first run's bootstrap settings. `names` label the runs in errors.
pub fn merge_runs(runs: &[RunFile], names: &[String]) -> Result<RunFile, Error> {
    use crate::metrics::Metric;
    let bad = |m: String| Err(Error::Options(m));
    let Some(first) = runs.first() else {
        return bad("nothing to merge: no run given".into());
    };
    let name = |k: usize| names.get(k).map_or("?", |s| s.as_str());
    for (k, run) in runs.iter().enumerate().skip(1) {
        let diffs = crate::report::run::differences::differences(
            first,
            run,
            &crate::report::run::differences::EXAMPLE_FIELDS,
        );
        if !diffs.is_empty() || run.metrics != first.metrics {
            return bad(format!(
                "{} was scored differently from {}: {}",
                name(k),
                name(0),
                if diffs.is_empty() {
                    "metrics differ".to_string()
                } else {
                    diffs.join(", ")
                }
            ));
        }
    }
    let mut seen: std::collections::HashMap<String, usize> = Default::default();
    let mut examples = Vec::new();
    for (k, run) in runs.iter().enumerate() {
        for e in &run.examples {
            if let Some(other) = seen.insert(e.key(), k) {
                return bad(format!(
                    "example '{}' is in both {} and {}: shards must be disjoint",
                    e.id,
                    name(other),
                    name(k)
                ));
            }
            examples.push(e.clone());
        }
    }
    let metrics: Vec<Metric> = first
        .metrics
        .iter()
        .map(|m| m.parse())
        .collect::<Result<_, _>>()
        .map_err(|e| Error::Options(format!("the run lists an unknown metric: {e}")))?;
    let mut fields = first.signature_fields.clone();
    fields.insert("version".into(), env!("CARGO_PKG_VERSION").into());
    let signature = crate::report::Signature::from_fields(&fields);
    let lsum_from_lines = fields.get("sent").and_then(|v| v.as_str()) == Some("lines")
        && metrics.contains(&Metric::Lsum);
    let by_language = runs.iter().any(|r| r.report.get("by_language").is_some());
    let refs = fields
        .get("refs")
        .and_then(|v| v.as_str())
        .map_or(Ok(crate::metrics::RefMode::Max), crate::options::parse_refs)?;
    let mut tally = Tally::new(
        metrics.len(),
        crate::metrics::micro::total_width(&metrics, refs),
    );
    for (i, e) in examples.iter().enumerate() {
        let micro = e.micro(&metrics, refs).map_err(Error::Options)?;
        e.push_to(&mut tally, i + 1, &micro)
            .map_err(|d| Error::Options(format!("example '{}' appears twice", d.id)))?;
    }
    let mut state = assemble(
        &signature,
        &metrics,
        first.bootstrap,
        &tally,
        lsum_from_lines,
        by_language,
    );
    let mut range: Option<(usize, usize)> = None;
    for run in runs {
        let shard: crate::report::Accounting = run
            .report
            .get("examples")
            .and_then(|v| serde_json::from_value(v.clone()).ok())
            .unwrap_or_else(|| crate::report::Accounting::all_scored(run.examples.len()));
        state.add_skipped(&shard.skipped_by_reason);
        state.add_kinds(&shard.kinds);
        let nrefs = run.signature_fields.get("nrefs").and_then(|v| v.as_str());
        let shard_range = match nrefs.and_then(|n| n.parse::<usize>().ok()) {
            Some(n) => (n, n),
            None => (0, usize::MAX),
        };
        range = Some(match range {
            None => shard_range,
            Some((lo, hi)) => (lo.min(shard_range.0), hi.max(shard_range.1)),
        });
    }
    state.set_references(range);
    let report = state.report();
    examples.sort_by_cached_key(|e| e.key());
    Ok(RunFile::new(&report, &metrics, first.bootstrap, examples))
}
