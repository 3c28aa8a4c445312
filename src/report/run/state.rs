//! The partial state of a run: everything its report is computed from, in a size that does not
//! grow with the number of examples, merged by an associative and commutative operation.
//!
//! Every report goes through it (`score`, `merge`, Python, the Spark and Ray adapters), so a
//! report is a pure function of the *set* of examples and the options: the same bytes whether
//! the examples were scored in one process or in any number of partitions merged in any order.
//!
//! Byte layout of [`RunState::to_bytes`] (all integers little-endian): the magic
//! `tomtat-state\0`, a `u32` layout version, a `u64` length and that many bytes of JSON header
//! (options, text counters, languages), the fingerprint sums (104 bytes), then the sums of each
//! language of the header in its order ([`Sums::write_to`]).

use crate::error::Error;
use crate::metrics::Metric;
use crate::report::run::fingerprint::{FingerprintSums, key_digest, key_hash};
use crate::report::run::micro::MicroLayout;
use crate::report::{
    Accounting, Bootstrap, LanguageSummary, MetricSummary, Report, Signature, Stat, Tally,
};
use crate::stats::{MAX_COUNT, Sums};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

const MAGIC: &[u8] = b"tomtat-state\0";
/// 2: the micro columns (counts summed over the examples) follow each metric's values.
const LAYOUT: u32 = 2;

/// The kinds of example a data set run counts.
const KINDS: [&str; 2] = ["article", "cluster"];

/// The options and counters of a state (the JSON header of its bytes).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
struct Header {
    signature_fields: serde_json::Map<String, serde_json::Value>,
    metrics: Vec<String>,
    bootstrap: Bootstrap,
    lsum_from_lines: bool,
    by_language: bool,
    /// Fewest and most references of an example; `[0, MAX]` when unknown.
    references: Option<(usize, usize)>,
    empty_candidates: u64,
    empty_references: u64,
    multi_sentence: bool,
    skipped: BTreeMap<String, u64>,
    /// Data set runs: the examples per kind (article, cluster), adding up to the count.
    #[serde(default, skip_serializing_if = "BTreeMap::is_empty")]
    kinds: BTreeMap<String, u64>,
    languages: Vec<String>,
    /// With langmatch: the examples whose candidate is not in its expected language, and the
    /// first [`MISSES_LISTED`] of their ids (in key order, so any partitioning lists the same).
    #[serde(default, skip_serializing_if = "is_zero")]
    langmatch_misses: u64,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    langmatch_first: Vec<String>,
}

/// Checks the counters and settings a state's header carries against its signature and its
/// number of scored examples `count`, so that an edited header cannot produce a report whose
/// accounting or labels contradict its numbers.
fn check_header(h: &Header, count: u64) -> Result<(), Error> {
    crate::report::run::signature::agrees_with_signature(
        &h.signature_fields,
        &h.metrics,
        &h.bootstrap,
    )
    .map_err(|e| bad(format!("partial state header: {e}")))?;
    if let Some(kind) = h.kinds.keys().find(|k| !KINDS.contains(&k.as_str())) {
        return Err(bad(format!(
            "partial state counts examples of an unknown kind '{}'",
            crate::files::terminal_safe(kind)
        )));
    }
    if h.kinds
        .values()
        .try_fold(0u64, |a, b| a.checked_add(*b))
        .is_none_or(|n| n > count)
    {
        return Err(bad(format!(
            "partial state counts more examples by kind than its {count} examples"
        )));
    }
    let most_references = count.saturating_mul(crate::report::run::runfile::MAX_REFERENCES as u64);
    for (what, n, most) in [
        ("empty candidates", h.empty_candidates, count),
        ("empty references", h.empty_references, most_references),
        ("langmatch misses", h.langmatch_misses, count),
    ] {
        if n > most {
            return Err(bad(format!(
                "partial state counts {n} {what} among {count} examples"
            )));
        }
    }
    let input = h
        .skipped
        .values()
        .try_fold(count, |a, b| a.checked_add(*b))
        .filter(|n| *n <= MAX_COUNT);
    if input.is_none() {
        return Err(bad(
            "partial state counts more skipped examples than any run can".into(),
        ));
    }
    if h.langmatch_first.len() > MISSES_LISTED
        || h.langmatch_first.len() as u64 > h.langmatch_misses
    {
        return Err(bad(
            "partial state lists more langmatch misses than it counts".into(),
        ));
    }
    if let Some((lo, hi)) = h.references
        && (lo > hi || hi > crate::report::run::runfile::MAX_REFERENCES && hi != usize::MAX)
    {
        return Err(bad(format!(
            "partial state reference range {lo}..{hi} is not a range"
        )));
    }
    Ok(())
}

/// How many ids of candidates in the wrong language a report names.
pub const MISSES_LISTED: usize = 10;

/// Examples encoded and added to the sums at a time by [`RunState::add_tally`] (a multiple
/// of the sums' tile of 256 examples).
const SUMS_BATCH: usize = 4096;

fn is_zero(n: &u64) -> bool {
    *n == 0
}

/// Keeps the `MISSES_LISTED` smallest keys of `keys`, sorted.
fn keep_first(keys: &mut Vec<String>) {
    keys.sort();
    keys.dedup();
    keys.truncate(MISSES_LISTED);
}

/// The mergeable state of a run; see the module documentation.
#[derive(Debug, Clone, PartialEq)]
pub struct RunState {
    header: Header,
    metrics: Vec<Metric>,
    micro: MicroLayout,
    fingerprint: FingerprintSums,
    sums: BTreeMap<String, Sums>,
}

fn bad(message: String) -> Error {
    Error::Input {
        origin: "partial state".into(),
        line: None,
        message,
    }
}

impl RunState {
    /// An empty state for runs scored with `signature` (its `nrefs` field is recomputed from
    /// the examples), `metrics` and `bootstrap`; `lsum_from_lines` when rougeLsum takes its
    /// sentences from line breaks; `by_language` adds per-language blocks to the report.
    pub fn new(
        signature: &Signature,
        metrics: &[Metric],
        bootstrap: Bootstrap,
        lsum_from_lines: bool,
        by_language: bool,
    ) -> RunState {
        // Canonical until the report: nrefs comes from the examples' reference range.
        let mut signature = signature.clone();
        signature.set("nrefs", "var".into());
        // A signature made by tomtat always reads; an unreadable one gets no micro block.
        let micro = MicroLayout::of(metrics, &signature.fields_json())
            .unwrap_or_else(|_| MicroLayout::none());
        RunState {
            micro,
            header: Header {
                signature_fields: signature.fields_json(),
                metrics: metrics.iter().map(|m| m.to_string()).collect(),
                bootstrap,
                lsum_from_lines,
                by_language,
                references: None,
                empty_candidates: 0,
                empty_references: 0,
                multi_sentence: false,
                skipped: BTreeMap::new(),
                kinds: BTreeMap::new(),
                languages: Vec::new(),
                langmatch_misses: 0,
                langmatch_first: Vec::new(),
            },
            metrics: metrics.to_vec(),
            fingerprint: FingerprintSums::default(),
            sums: BTreeMap::new(),
        }
    }

    fn width(&self) -> usize {
        3 * self.metrics.len() + self.micro.width()
    }

    fn resamples(&self) -> usize {
        self.header.bootstrap.resamples
    }

    /// Adds the examples of `tally` (scored with this state's metrics). The caller keeps keys
    /// unique across everything added to one state (a [`Tally`] does within itself).
    pub fn add_tally(&mut self, tally: &Tally) {
        let groups = tally.languages().len();
        let mut rows: Vec<Vec<u64>> = vec![Vec::new(); groups];
        let mut hashes: Vec<Vec<u64>> = vec![Vec::new(); groups];
        let mut sums: Vec<Option<Sums>> = (0..groups).map(|_| None).collect();
        let langmatch = self.metrics.iter().position(|m| *m == Metric::LangMatch);
        let scales = self.micro.scales(&self.metrics);
        let (width, resamples, seed) = (self.width(), self.resamples(), self.header.bootstrap.seed);
        // The encoded rows go to the sums a batch at a time: the sums are exact integers and a
        // resample's weight of an example depends only on its key, so batches add up to what
        // all rows at once give, and a run of millions of examples never holds them encoded.
        let mut flush = |g: usize, rows: &mut Vec<u64>, hashes: &mut Vec<u64>| {
            if hashes.is_empty() && sums[g].is_some() {
                return;
            }
            sums[g]
                .get_or_insert_with(|| Sums::new(width, resamples))
                .add(rows, hashes, seed);
            rows.clear();
            hashes.clear();
        };
        for (key, g, digests, row, micro) in tally.examples() {
            if let Some(k) = langmatch
                && row.get(3 * k + 2).is_some_and(|f| *f == 0.0)
            {
                self.header.langmatch_misses += 1;
                self.header
                    .langmatch_first
                    .push(match key.split_once('\u{1f}') {
                        Some((id, lang)) => format!("{id} ({lang})"),
                        None => key.to_string(),
                    });
                if self.header.langmatch_first.len() > 4 * MISSES_LISTED {
                    keep_first(&mut self.header.langmatch_first);
                }
            }
            let digest = key_digest(key);
            self.fingerprint.add(&digest, digests);
            hashes[g].push(key_hash(&digest));
            let values = row.iter().chain(micro);
            rows[g].extend(values.zip(&scales).map(|(v, s)| s.encode(*v)));
            if hashes[g].len() == SUMS_BATCH {
                flush(g, &mut rows[g], &mut hashes[g]);
            }
        }
        for g in 0..groups {
            flush(g, &mut rows[g], &mut hashes[g]);
        }
        for (lang, sums) in tally.languages().iter().zip(sums) {
            let Some(sums) = sums else { continue };
            match self.sums.get_mut(lang) {
                Some(existing) => {
                    // Same shape by construction.
                    let _ = existing.merge(&sums);
                }
                None => {
                    self.sums.insert(lang.clone(), sums);
                }
            }
        }
        let (empty_candidates, empty_references, multi_sentence) = tally.text_counts();
        self.header.empty_candidates += empty_candidates as u64;
        self.header.empty_references += empty_references as u64;
        self.header.multi_sentence |= multi_sentence;
        if let Some(range) = tally.references_range() {
            self.add_references(range);
        }
        keep_first(&mut self.header.langmatch_first);
    }

    /// Widens the known range of references per example.
    pub fn add_references(&mut self, (lo, hi): (usize, usize)) {
        self.header.references = Some(match self.header.references {
            None => (lo, hi),
            Some((a, b)) => (a.min(lo), b.max(hi)),
        });
    }

    /// Replaces the range of references per example (`None`: unknown, `nrefs:var`).
    pub fn set_references(&mut self, range: Option<(usize, usize)>) {
        self.header.references = range;
    }

    /// Counts the examples of a data set run by kind (see [`Accounting::kinds`]); kinds other
    /// than [`KINDS`] are not counted.
    pub fn add_kinds(&mut self, kinds: &BTreeMap<String, usize>) {
        for (kind, n) in kinds.iter().filter(|(k, _)| KINDS.contains(&k.as_str())) {
            let e = self.header.kinds.entry(kind.clone()).or_default();
            *e = e.saturating_add(*n as u64);
        }
    }

    /// Counts examples that were read but skipped, by reason.
    pub fn add_skipped(&mut self, skipped: &BTreeMap<String, usize>) {
        for (reason, n) in skipped {
            *self.header.skipped.entry(reason.clone()).or_default() += *n as u64;
        }
    }

    /// Adds `other`, a state of the same options; the examples of the two must be disjoint
    /// (a state cannot tell: merging the same partition twice counts its examples twice).
    pub fn merge(&mut self, other: &RunState) -> Result<(), Error> {
        let (a, b) = (&self.header, &other.header);
        let fields = |h: &Header| {
            let mut f = h.signature_fields.clone();
            f.remove("nrefs");
            f
        };
        if fields(a) != fields(b)
            || a.metrics != b.metrics
            || a.bootstrap != b.bootstrap
            || a.lsum_from_lines != b.lsum_from_lines
        {
            return Err(bad(format!(
                "cannot merge states scored with different options ({} vs {})",
                Signature::from_fields(&b.signature_fields),
                Signature::from_fields(&a.signature_fields)
            )));
        }
        for (lang, sums) in &other.sums {
            match self.sums.get_mut(lang) {
                Some(mine) => mine.merge(sums).map_err(|e| bad(e.0))?,
                None => {
                    self.sums.insert(lang.clone(), sums.clone());
                }
            }
        }
        self.fingerprint.merge(&other.fingerprint);
        let h = &mut self.header;
        let o = &other.header;
        let add = |a: u64, b: u64, what: &str| {
            a.checked_add(b)
                .filter(|n| *n <= MAX_COUNT)
                .ok_or_else(|| bad(format!("merged states count more {what} than any run can")))
        };
        h.by_language |= o.by_language;
        h.empty_candidates = add(h.empty_candidates, o.empty_candidates, "empty candidates")?;
        h.empty_references = add(h.empty_references, o.empty_references, "empty references")?;
        h.multi_sentence |= o.multi_sentence;
        for (reason, n) in &o.skipped {
            let e = h.skipped.entry(reason.clone()).or_default();
            *e = add(*e, *n, "skipped examples")?;
        }
        for (kind, n) in &o.kinds {
            let e = h.kinds.entry(kind.clone()).or_default();
            *e = add(*e, *n, "examples")?;
        }
        let skipped = h
            .skipped
            .values()
            .try_fold(self.fingerprint.count(), |a, b| a.checked_add(*b));
        if skipped.is_none_or(|n| n > MAX_COUNT) {
            return Err(bad(
                "merged states count more examples than any run can".into()
            ));
        }
        h.langmatch_misses = add(h.langmatch_misses, o.langmatch_misses, "langmatch misses")?;
        h.langmatch_first.extend(o.langmatch_first.iter().cloned());
        keep_first(&mut h.langmatch_first);
        if let Some(range) = o.references {
            self.add_references(range);
        }
        Ok(())
    }

    /// The number of examples added.
    pub fn count(&self) -> u64 {
        self.fingerprint.count()
    }

    /// The report of every example added: the same bytes for the same set of examples and
    /// options, whatever the order and partitioning they were added in.
    pub fn report(&self) -> Report {
        let h = &self.header;
        let mut total = Sums::new(self.width(), self.resamples());
        for sums in self.sums.values() {
            let _ = total.merge(sums);
        }
        let mut signature = Signature::from_fields(&h.signature_fields);
        signature.set(
            "nrefs",
            match h.references {
                Some((lo, hi)) if lo == hi => lo.to_string(),
                _ => "var".into(),
            },
        );
        let count = self.count() as usize;
        let skipped: BTreeMap<String, usize> = h
            .skipped
            .iter()
            .map(|(r, n)| (r.clone(), *n as usize))
            .collect();
        let input = count + skipped.values().sum::<usize>();
        let kinds = h
            .kinds
            .iter()
            .map(|(k, n)| (k.clone(), *n as usize))
            .collect();
        let accounting = Accounting::new(input, count, skipped)
            .unwrap_or_else(|_| Accounting::all_scored(count))
            .with_kinds(kinds);
        let mut report = Report::new(
            &signature,
            count,
            self.summaries(&total),
            self.fingerprint.finish(),
            self.warnings(),
        )
        .with_accounting(accounting);
        if h.by_language {
            let languages = self
                .sums
                .iter()
                .map(|(lang, sums)| LanguageSummary {
                    lang: lang.clone(),
                    count: sums.count() as usize,
                    summaries: self.summaries(sums),
                })
                .collect();
            report = report.with_languages(languages);
        }
        report
    }

    fn summaries(&self, sums: &Sums) -> Vec<(String, MetricSummary)> {
        let scales = self.micro.scales(&self.metrics);
        let means = sums.means(&scales);
        let intervals = sums.intervals(self.header.bootstrap.confidence, &scales);
        let stat = |c: usize| Stat {
            mean: means[c],
            low: intervals.as_ref().map(|i| i[c].low),
            high: intervals.as_ref().map(|i| i[c].high),
        };
        let mut out = self
            .metrics
            .iter()
            .enumerate()
            .map(|(m, metric)| {
                (
                    metric.to_string(),
                    MetricSummary {
                        precision: stat(3 * m),
                        recall: stat(3 * m + 1),
                        fmeasure: stat(3 * m + 2),
                        micro: None,
                    },
                )
            })
            .collect::<Vec<_>>();
        self.micro
            .add_to(&mut out, sums, self.header.bootstrap.confidence);
        out
    }

    fn warnings(&self) -> Vec<String> {
        let h = &self.header;
        let mut out = Vec::new();
        if h.empty_candidates > 0 {
            out.push(format!(
                "{} example(s) have a candidate with no tokens; they score 0",
                h.empty_candidates
            ));
        }
        if h.empty_references > 0 {
            out.push(format!(
                "{} reference(s) have no tokens; they score 0 against any candidate",
                h.empty_references
            ));
        }
        if h.langmatch_misses > 0 {
            let more = if h.langmatch_misses as usize > h.langmatch_first.len() {
                ", …"
            } else {
                ""
            };
            out.push(format!(
                "langmatch: {} of {} candidates are not in their expected language (first ids: {}{more})",
                h.langmatch_misses,
                self.count(),
                h.langmatch_first.join(", ")
            ));
        }
        if h.lsum_from_lines && !h.multi_sentence && self.count() > 0 {
            out.push(
                "rougeLsum equals rougeL here: no candidate or reference has a line break \
                 (put one sentence per line, or use --sentences split)"
                    .to_string(),
            );
        }
        out
    }

    /// The state as bytes (see the module documentation), for an engine to ship and reduce.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut header = self.header.clone();
        header.languages = self.sums.keys().cloned().collect();
        let json = serde_json::to_vec(&header).unwrap_or_default();
        let mut out = Vec::with_capacity(json.len() + 256);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&LAYOUT.to_le_bytes());
        out.extend_from_slice(&(json.len() as u64).to_le_bytes());
        out.extend_from_slice(&json);
        self.fingerprint.write_to(&mut out);
        for sums in self.sums.values() {
            sums.write_to(&mut out);
        }
        out
    }

    /// Reads and validates a state written by [`RunState::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<RunState, Error> {
        let rest = bytes
            .strip_prefix(MAGIC)
            .ok_or_else(|| bad("not a tomtat partial state".into()))?;
        if rest.len() < 12 {
            return Err(bad("partial state is truncated".into()));
        }
        let (layout, rest) = rest.split_at(4);
        let layout = u32::from_le_bytes(layout.try_into().unwrap_or([0; 4]));
        if layout != LAYOUT {
            return Err(bad(format!(
                "partial state layout {layout} is not supported (this tomtat reads {LAYOUT})"
            )));
        }
        let (len, rest) = rest.split_at(8);
        let len = u64::from_le_bytes(len.try_into().unwrap_or([0; 8]));
        if len > rest.len() as u64 {
            return Err(bad("partial state is truncated".into()));
        }
        let (json, rest) = rest.split_at(len as usize);
        let header: Header =
            serde_json::from_slice(json).map_err(|e| bad(format!("partial state header: {e}")))?;
        let metrics: Vec<Metric> = header
            .metrics
            .iter()
            .map(|m| m.parse())
            .collect::<Result<_, _>>()
            .map_err(|e| bad(format!("partial state metrics: {e}")))?;
        let b = header.bootstrap;
        if b.resamples > crate::report::MAX_RESAMPLES || !(b.confidence > 0.0 && b.confidence < 1.0)
        {
            return Err(bad(format!(
                "partial state bootstrap settings out of range ({} resamples, confidence {})",
                b.resamples, b.confidence
            )));
        }
        let micro = MicroLayout::of(&metrics, &header.signature_fields)
            .map_err(|e| bad(format!("partial state header: {e}")))?;
        let (fingerprint, mut rest) = FingerprintSums::read_from(rest)
            .ok_or_else(|| bad("partial state is truncated".into()))?;
        let mut sums = BTreeMap::new();
        let width = 3 * metrics.len() + micro.width();
        for lang in &header.languages {
            let (s, tail) = Sums::read_from(rest, width, b.resamples).map_err(|e| bad(e.0))?;
            micro.check(&s).map_err(bad)?;
            if sums.insert(lang.clone(), s).is_some() {
                return Err(bad(format!("partial state lists language '{lang}' twice")));
            }
            rest = tail;
        }
        if !rest.is_empty() {
            return Err(bad(format!(
                "partial state has {} bytes after its end",
                rest.len()
            )));
        }
        let counted = sums
            .values()
            .try_fold(0u64, |n, s| n.checked_add(s.count()))
            .unwrap_or(u64::MAX);
        if counted != fingerprint.count() {
            return Err(bad(format!(
                "partial state counts {counted} scored examples, its fingerprint {}",
                fingerprint.count()
            )));
        }
        check_header(&header, counted)?;
        Ok(RunState {
            header: Header {
                languages: Vec::new(),
                ..header
            },
            metrics,
            micro,
            fingerprint,
            sums,
        })
    }
}
