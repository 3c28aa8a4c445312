//! Data fingerprint: which examples, references and candidates a run saw.
//!
//! Each example gets short SHA-256 digests of its references and of its candidate; the
//! fingerprint hashes the ids in sorted order and the digests in that same order. It therefore
//! does not depend on input order or sharding: merged shards fingerprint like the whole run.

use crate::data::Pair;
use serde::{Deserialize, Serialize};
use sha2::{Digest, Sha256};

/// The two 16-byte digests of an example (first bytes of SHA-256): references, then candidate.
pub type DigestBytes = [u8; 32];

/// SHA-256 of length-prefixed parts, so that part boundaries count ("ab","c" differs from
/// "a","bc").
fn hash_parts<'a>(parts: impl Iterator<Item = &'a [u8]>) -> [u8; 32] {
    let mut h = Sha256::new();
    for p in parts {
        update_prefixed(&mut h, p);
    }
    h.finalize().into()
}

fn update_prefixed(h: &mut Sha256, part: &[u8]) {
    h.update((part.len() as u64).to_le_bytes());
    h.update(part);
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The lowercase hex of 16 bytes, as ASCII.
fn hex16(bytes: &[u8]) -> [u8; 32] {
    const DIGITS: &[u8; 16] = b"0123456789abcdef";
    let mut out = [0u8; 32];
    for (i, b) in bytes.iter().take(16).enumerate() {
        out[2 * i] = DIGITS[usize::from(b >> 4)];
        out[2 * i + 1] = DIGITS[usize::from(b & 15)];
    }
    out
}

pub(crate) fn unhex16(s: &str) -> [u8; 16] {
    let mut out = [0u8; 16];
    for (i, pair) in s.as_bytes().chunks(2).take(16).enumerate() {
        let digit = |c: u8| (c as char).to_digit(16).unwrap_or(0) as u8;
        out[i] = digit(pair[0]) << 4 | pair.get(1).map_or(0, |&c| digit(c));
    }
    out
}

/// The reference and candidate digests of a pair, as bytes.
pub fn digest_bytes(pair: &Pair) -> DigestBytes {
    let refs = hash_parts(pair.references.iter().map(String::as_bytes));
    let cand = hash_parts(std::iter::once(pair.candidate.as_bytes()));
    let mut out = [0u8; 32];
    out[..16].copy_from_slice(&refs[..16]);
    out[16..].copy_from_slice(&cand[..16]);
    out
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

impl Fingerprint {
    /// The fingerprint of `count` examples given as (key, digests) in key order.
    pub fn from_sorted<'a>(
        count: usize,
        sorted: impl Iterator<Item = (&'a str, DigestBytes)>,
    ) -> Fingerprint {
        let (mut ids, mut refs, mut cands) = (Sha256::new(), Sha256::new(), Sha256::new());
        for (key, digests) in sorted {
            update_prefixed(&mut ids, key.as_bytes());
            update_prefixed(&mut refs, &hex16(&digests[..16]));
            update_prefixed(&mut cands, &hex16(&digests[16..]));
        }
        Fingerprint {
            count,
            ids: hex(&ids.finalize()),
            references: hex(&refs.finalize()),
            candidates: hex(&cands.finalize()),
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hex_round_trips() {
        let bytes: Vec<u8> = (0..16).map(|i| i * 17).collect();
        let text = hex(&bytes);
        assert_eq!(hex16(&bytes).as_slice(), text.as_bytes());
        assert_eq!(unhex16(&text).as_slice(), bytes.as_slice());
    }
}
