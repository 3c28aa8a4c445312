//! Data fingerprint: which examples, references and candidates a run saw.
//!
//! Each example gets short SHA-256 digests of its references and of its candidate; the
//! fingerprint hashes the ids in sorted order and the digests in that same order. It therefore
//! does not depend on input order or sharding: merged shards fingerprint like the whole run.

use crate::data::Pair;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// Digests of one example (hex of the first 16 bytes of SHA-256).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExampleDigest {
    /// `id`, or `id` and language for data set runs (one target may have one candidate per
    /// language).
    pub key: String,
    pub references: String,
    pub candidate: String,
}

/// Hex SHA-256 (its first `bytes` bytes) of length-prefixed parts, so that part boundaries
/// count ("ab","c" differs from "a","bc").
fn hash_hex<'a>(parts: impl Iterator<Item = &'a str>, bytes: usize) -> String {
    let mut h = Sha256::new();
    for p in parts {
        h.update((p.len() as u64).to_le_bytes());
        h.update(p.as_bytes());
    }
    h.finalize()
        .iter()
        .take(bytes)
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn digest_parts<'a>(parts: impl Iterator<Item = &'a str>) -> String {
    hash_hex(parts, 16)
}

impl ExampleDigest {
    pub fn of(pair: &Pair) -> ExampleDigest {
        ExampleDigest {
            key: example_key(&pair.id, pair.lang.as_deref()),
            references: digest_parts(pair.references.iter().map(String::as_str)),
            candidate: digest_parts(std::iter::once(pair.candidate.as_str())),
        }
    }
}

/// The key that pairs examples across runs.
pub fn example_key(id: &str, lang: Option<&str>) -> String {
    match lang {
        Some(l) => format!("{id}\u{1f}{l}"),
        None => id.to_string(),
    }
}

/// Count and SHA-256 of the sorted example keys, and of the reference and candidate digests
/// in that order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    pub count: usize,
    pub ids: String,
    pub references: String,
    pub candidates: String,
}

fn full_hash<'a>(items: impl Iterator<Item = &'a str>) -> String {
    hash_hex(items, 32)
}

impl Fingerprint {
    pub fn of(pairs: &[Pair]) -> Fingerprint {
        let digests: Vec<ExampleDigest> = pairs.iter().map(ExampleDigest::of).collect();
        Fingerprint::from_digests(&digests)
    }

    pub fn from_digests(digests: &[ExampleDigest]) -> Fingerprint {
        let mut sorted: Vec<&ExampleDigest> = digests.iter().collect();
        sorted.sort_by(|a, b| a.key.cmp(&b.key));
        Fingerprint {
            count: digests.len(),
            ids: full_hash(sorted.iter().map(|d| d.key.as_str())),
            references: full_hash(sorted.iter().map(|d| d.references.as_str())),
            candidates: full_hash(sorted.iter().map(|d| d.candidate.as_str())),
        }
    }

    /// The hashes cut to 12 hex digits, for tables.
    pub fn short(&self) -> String {
        format!(
            "n={} ids={} refs={} cands={}",
            self.count,
            &self.ids[..12],
            &self.references[..12],
            &self.candidates[..12]
        )
    }
}
