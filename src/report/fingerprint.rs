//! Data fingerprint: which examples, references and candidates a run saw.

use crate::data::Pair;
use serde::Serialize;
use sha2::{Digest, Sha256};

/// Count and SHA-256 of the ordered ids, of the references and of the candidates.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Fingerprint {
    pub count: usize,
    pub ids: String,
    pub references: String,
    pub candidates: String,
}

fn hash_all<'a>(items: impl Iterator<Item = &'a str>) -> String {
    let mut h = Sha256::new();
    for item in items {
        h.update((item.len() as u64).to_le_bytes());
        h.update(item.as_bytes());
    }
    h.finalize().iter().map(|b| format!("{b:02x}")).collect()
}

impl Fingerprint {
    pub fn of(pairs: &[Pair]) -> Fingerprint {
        Fingerprint {
            count: pairs.len(),
            ids: hash_all(pairs.iter().map(|p| p.id.as_str())),
            references: hash_all(pairs.iter().flat_map(|p| {
                std::iter::once("\u{1e}").chain(p.references.iter().map(String::as_str))
            })),
            candidates: hash_all(pairs.iter().map(|p| p.candidate.as_str())),
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
