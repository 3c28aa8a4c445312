//! What a run keeps of each scored example once its texts are gone: its scores (row-major),
//! its key, the line it came from and the digests of its texts — about 150 bytes an example,
//! so millions of examples fit in memory while the texts are streamed.

use crate::metrics::Prf;
use crate::report::run::fingerprint::{DigestBytes, Fingerprint, FingerprintSums, key_digest};
use hashbrown::HashTable;
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// One scored example, as given to [`Tally::push`].
#[derive(Debug, Clone, Copy)]
pub struct Entry<'a> {
    pub id: &'a str,
    pub lang: Option<&'a str>,
    /// Where the example came from (1-based line, or position), for error messages.
    pub line: usize,
    pub digests: DigestBytes,
    pub scores: &'a [Prf],
    /// The example's micro columns ([`crate::metrics::micro::row`]).
    pub micro: &'a [f64],
    pub references: usize,
    pub empty_candidate: bool,
    pub empty_references: usize,
    pub multi_sentence: bool,
}

/// Two examples with the same key.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Duplicate {
    pub id: String,
    pub lang: Option<String>,
    pub line: usize,
    pub first_line: usize,
}

impl std::fmt::Display for Duplicate {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "duplicate id '{}'", self.id)?;
        if let Some(lang) = &self.lang {
            write!(f, " for language '{lang}'")?;
        }
        write!(f, " (first seen at line {})", self.first_line)
    }
}

/// The scored examples of a run, in input order. Invariant: keys are unique.
#[derive(Debug, Default)]
pub struct Tally {
    width: usize,
    values: Vec<f64>,
    micro_width: usize,
    micro: Vec<f64>,
    languages: Vec<String>,
    language_of: Vec<u32>,
    keys: String,
    key_ends: Vec<usize>,
    lines: Vec<usize>,
    digests: Vec<DigestBytes>,
    index: HashTable<u32>,
    empty_candidates: usize,
    empty_references: usize,
    multi_sentence: bool,
    references: Option<(usize, usize)>,
}

fn key_at<'a>(keys: &'a str, ends: &[usize], i: usize) -> &'a str {
    let start = if i == 0 { 0 } else { ends[i - 1] };
    &keys[start..ends[i]]
}

/// The index's hash of example `j`'s key (what the index rehashes with as it grows).
fn hash_at(keys: &str, ends: &[usize], j: u32) -> u64 {
    FxBuildHasher.hash_one(key_at(keys, ends, j as usize))
}

impl Tally {
    /// An empty tally for runs of `metrics` metrics with `micro` micro columns per example.
    pub fn new(metrics: usize, micro: usize) -> Tally {
        Tally {
            width: 3 * metrics,
            micro_width: micro,
            ..Tally::default()
        }
    }

    /// Adds an example, or reports that its key was seen before (the tally is then unchanged).
    pub fn push(&mut self, e: Entry<'_>) -> Result<(), Duplicate> {
        let start = self.keys.len();
        self.keys.push_str(e.id);
        if let Some(lang) = e.lang {
            self.keys.push('\u{1f}');
            self.keys.push_str(lang);
        }
        let (keys, ends, hasher) = (&self.keys, &self.key_ends, FxBuildHasher);
        let key = &keys[start..];
        let hash = hasher.hash_one(key);
        if let Some(&first) = self
            .index
            .find(hash, |&j| key_at(keys, ends, j as usize) == key)
        {
            let duplicate = Duplicate {
                id: e.id.to_string(),
                lang: e.lang.map(str::to_string),
                line: e.line,
                first_line: self.lines[first as usize],
            };
            self.keys.truncate(start);
            return Err(duplicate);
        }
        let i = self.key_ends.len() as u32;
        self.index
            .insert_unique(hash, i, |&j| hash_at(keys, ends, j));
        self.key_ends.push(self.keys.len());
        self.lines.push(e.line);
        self.digests.push(e.digests);
        for s in e.scores {
            self.values
                .extend_from_slice(&[s.precision, s.recall, s.fmeasure]);
        }
        // Exactly `micro_width` columns, so that rows stay aligned whatever the caller gave.
        let given = e.micro.iter().copied().chain(std::iter::repeat(0.0));
        self.micro.extend(given.take(self.micro_width));
        let lang = e.lang.unwrap_or("");
        let g = match self.languages.iter().position(|l| l == lang) {
            Some(g) => g,
            None => {
                self.languages.push(lang.to_string());
                self.languages.len() - 1
            }
        };
        self.language_of.push(g as u32);
        self.empty_candidates += usize::from(e.empty_candidate);
        self.empty_references += e.empty_references;
        self.multi_sentence |= e.multi_sentence;
        self.references = Some(match self.references {
            None => (e.references, e.references),
            Some((lo, hi)) => (lo.min(e.references), hi.max(e.references)),
        });
        Ok(())
    }

    /// Makes room for `n` more examples, so that a run that knows its size in advance
    /// never holds a vector and its doubled copy at once.
    pub fn reserve(&mut self, n: usize) {
        self.values.reserve_exact(n.saturating_mul(self.width));
        self.micro.reserve_exact(n.saturating_mul(self.micro_width));
        self.language_of.reserve_exact(n);
        self.key_ends.reserve_exact(n);
        self.lines.reserve_exact(n);
        self.digests.reserve_exact(n);
        let (keys, ends) = (&self.keys, &self.key_ends);
        self.index.reserve(n, |&j| hash_at(keys, ends, j));
    }

    pub fn len(&self) -> usize {
        self.key_ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.key_ends.is_empty()
    }

    /// Precision, recall and F of every metric, one row of `3 × metrics` values per example.
    pub fn rows(&self) -> &[f64] {
        &self.values
    }

    /// The F-measure of metric `m` for every example, in input order.
    pub fn fmeasures(&self, m: usize) -> Vec<f64> {
        self.values
            .chunks_exact(self.width.max(1))
            .map(|row| row[3 * m + 2])
            .collect()
    }

    /// The number of references of every example, when it is the same for all.
    pub fn references_per_example(&self) -> Option<usize> {
        self.references.filter(|(lo, hi)| lo == hi).map(|(n, _)| n)
    }

    /// The order-independent fingerprint of the examples.
    pub fn fingerprint(&self) -> Fingerprint {
        let mut sums = FingerprintSums::default();
        for i in 0..self.len() {
            sums.add(
                &key_digest(key_at(&self.keys, &self.key_ends, i)),
                &self.digests[i],
            );
        }
        sums.finish()
    }

    /// Every example as (key, index of its language in [`Tally::languages`], digests, row of
    /// scores, micro columns), in input order.
    pub fn examples(&self) -> impl Iterator<Item = (&str, usize, &DigestBytes, &[f64], &[f64])> {
        let (w, mw) = (self.width, self.micro_width);
        (0..self.len()).map(move |i| {
            (
                key_at(&self.keys, &self.key_ends, i),
                self.language_of[i] as usize,
                &self.digests[i],
                &self.values[i * w..(i + 1) * w],
                &self.micro[i * mw..(i + 1) * mw],
            )
        })
    }

    /// The languages of the examples ("" for none), in first-seen order.
    pub fn languages(&self) -> &[String] {
        &self.languages
    }

    /// The range of the number of references per example, when any example was added with
    /// its references counted.
    pub fn references_range(&self) -> Option<(usize, usize)> {
        self.references
    }

    /// Candidates with no tokens, references with no tokens, and whether any text had more
    /// than one sentence.
    pub fn text_counts(&self) -> (usize, usize, bool) {
        (
            self.empty_candidates,
            self.empty_references,
            self.multi_sentence,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry<'a>(id: &'a str, line: usize, scores: &'a [Prf]) -> Entry<'a> {
        Entry {
            id,
            lang: None,
            line,
            digests: [line as u8; 32],
            scores,
            micro: &[],
            references: 1,
            empty_candidate: false,
            empty_references: 0,
            multi_sentence: false,
        }
    }

    #[test]
    fn rejects_duplicate_keys_and_stays_unchanged() {
        let s = [Prf {
            precision: 0.5,
            recall: 0.25,
            fmeasure: 1.0 / 3.0,
        }];
        let mut t = Tally::new(1, 0);
        for (i, id) in ["b", "a", "c"].iter().enumerate() {
            t.push(entry(id, i + 1, &s)).expect("unique");
        }
        let before = t.fingerprint();
        let e = t.push(entry("a", 9, &s)).unwrap_err();
        assert_eq!(e.to_string(), "duplicate id 'a' (first seen at line 2)");
        assert_eq!(t.len(), 3);
        assert_eq!(t.fingerprint(), before);
        let mut other = Tally::new(1, 0);
        other.push(entry("a", 2, &s)).expect("unique");
        other
            .push(Entry {
                lang: Some("en"),
                ..entry("a", 5, &s)
            })
            .expect("another language is another key");
        assert_eq!(other.languages().len(), 2);
    }

    /// The fingerprint's bytes are part of every saved run: this pins them (values computed
    /// independently with Python's hashlib from the documented layout: sums modulo 2^256 of
    /// little-endian SHA-256 digests).
    #[test]
    fn fingerprint_is_stable() {
        use crate::data::Pair;
        use crate::report::digest_bytes;
        let pairs: Vec<Pair> = ["z", "y", "x"]
            .iter()
            .map(|id| Pair {
                id: id.to_string(),
                candidate: format!("cand {id}"),
                references: vec![format!("ref {id}"), "r2".into()],
                lang: None,
                source: None,
                scores: Vec::new(),
            })
            .collect();
        let mut t = Tally::new(0, 0);
        for (i, p) in pairs.iter().enumerate() {
            t.push(Entry {
                digests: digest_bytes(p),
                ..entry(&p.id, i + 1, &[])
            })
            .expect("unique");
        }
        let f = t.fingerprint();
        assert_eq!(f.count, 3);
        assert_eq!(
            f.ids,
            "aafff2f9868b0319f5b94fe7b13b195626a8cd56d533cd270191668f6f30a099"
        );
        assert_eq!(
            f.references,
            "3ca44143a84429fe21ad3ca8c3a09c6a2bbaf8df2efee3a16a01cbca9dffd6d4"
        );
        assert_eq!(
            f.candidates,
            "b9f27e8a008cd69a309675e563f87b3a1a082223367cba0f2169f6b0c3f4266b"
        );
    }
}
