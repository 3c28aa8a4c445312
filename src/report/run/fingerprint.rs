//! Data fingerprint: which examples, references and candidates a run saw.
//!
//! Each example gets short SHA-256 digests of its references and of its candidate; the
//! fingerprint adds up, modulo 2^256, one digest per example of its key and two binding the key
//! to those digests. Addition makes it independent of input order and of sharding (merged
//! shards fingerprint like the whole run) with no sort in one place. It detects accidental
//! changes; it is not meant to resist an adversary who crafts many examples to collide.

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

/// The digest of a set of ratings (system, id, value), whatever their order: SHA-256 of the
/// length-prefixed fields of every rating, sorted (values as their shortest decimal text),
/// first 12 hex digits as [`Fingerprint::short`] shows its digests.
pub fn ratings_digest(ratings: &[(String, String, f64)]) -> String {
    let mut rows: Vec<[String; 3]> = ratings
        .iter()
        .map(|(s, i, v)| [s.clone(), i.clone(), v.to_string()])
        .collect();
    rows.sort();
    let digest = hash_parts(rows.iter().flatten().map(|f| f.as_bytes()));
    hex(&digest[..6])
}

pub(crate) fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
    text_digests(&pair.candidate, &pair.references)
}

/// The digests of a candidate and its references (what [`digest_bytes`] takes of a pair).
pub fn text_digests(candidate: &str, references: &[String]) -> DigestBytes {
    let refs = hash_parts(references.iter().map(String::as_bytes));
    let cand = hash_parts(std::iter::once(candidate.as_bytes()));
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

/// The count of examples and three sums modulo 2^256 (hex, most significant digit first): of
/// the examples' key digests, and of the digests binding each key to its references and to
/// its candidate. See [`FingerprintSums`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Fingerprint {
    pub count: usize,
    pub ids: String,
    pub references: String,
    pub candidates: String,
}

/// A 256-bit integer as four little-endian 64-bit limbs.
type U256 = [u64; 4];

fn add_u256(a: &mut U256, b: &U256) {
    let mut carry = false;
    for (x, y) in a.iter_mut().zip(b) {
        let (s, c1) = x.overflowing_add(*y);
        let (s, c2) = s.overflowing_add(u64::from(carry));
        *x = s;
        carry = c1 || c2;
    }
}

fn u256_of(digest: &[u8; 32]) -> U256 {
    let mut out = [0u64; 4];
    for (limb, bytes) in out.iter_mut().zip(digest.chunks_exact(8)) {
        *limb = u64::from_le_bytes(bytes.try_into().unwrap_or([0; 8]));
    }
    out
}

fn hex_u256(v: &U256) -> String {
    v.iter().rev().map(|l| format!("{l:016x}")).collect()
}

/// The fingerprint while examples are added: a multiset hash (each example's SHA-256 digests
/// added modulo 2^256), so it is the same for any order and any partitioning of the same
/// examples, and shards' sums add up to the whole run's. Invariant: callers add each key once.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct FingerprintSums {
    count: u64,
    ids: U256,
    references: U256,
    candidates: U256,
}

/// SHA-256 of the length-prefixed example key.
pub fn key_digest(key: &str) -> [u8; 32] {
    hash_parts(std::iter::once(key.as_bytes()))
}

/// The 64-bit hash of a key digest that draws the example's bootstrap weights.
pub fn key_hash(key_digest: &[u8; 32]) -> u64 {
    u64::from_le_bytes(key_digest[..8].try_into().unwrap_or([0; 8]))
}

impl FingerprintSums {
    /// Adds the example whose key has digest `key` and whose texts have `digests`.
    pub fn add(&mut self, key: &[u8; 32], digests: &DigestBytes) {
        let bound = |d: &[u8]| hash_parts([key.as_slice(), d].into_iter());
        self.count += 1;
        add_u256(&mut self.ids, &u256_of(key));
        add_u256(&mut self.references, &u256_of(&bound(&digests[..16])));
        add_u256(&mut self.candidates, &u256_of(&bound(&digests[16..])));
    }

    pub fn merge(&mut self, other: &FingerprintSums) {
        self.count = self.count.saturating_add(other.count);
        add_u256(&mut self.ids, &other.ids);
        add_u256(&mut self.references, &other.references);
        add_u256(&mut self.candidates, &other.candidates);
    }

    pub fn count(&self) -> u64 {
        self.count
    }

    pub fn finish(&self) -> Fingerprint {
        Fingerprint {
            count: self.count as usize,
            ids: hex_u256(&self.ids),
            references: hex_u256(&self.references),
            candidates: hex_u256(&self.candidates),
        }
    }

    /// The count and the three sums as 104 little-endian bytes.
    pub fn write_to(&self, out: &mut Vec<u8>) {
        out.extend_from_slice(&self.count.to_le_bytes());
        for v in [&self.ids, &self.references, &self.candidates] {
            for limb in v {
                out.extend_from_slice(&limb.to_le_bytes());
            }
        }
    }

    /// Reads what [`FingerprintSums::write_to`] wrote at the front of `bytes`; returns the rest.
    pub fn read_from(bytes: &[u8]) -> Option<(FingerprintSums, &[u8])> {
        if bytes.len() < 104 {
            return None;
        }
        let (head, rest) = bytes.split_at(104);
        let word =
            |i: usize| u64::from_le_bytes(head[8 * i..8 * i + 8].try_into().unwrap_or([0; 8]));
        let limbs = |k: usize| [word(k), word(k + 1), word(k + 2), word(k + 3)];
        Some((
            FingerprintSums {
                count: word(0),
                ids: limbs(1),
                references: limbs(5),
                candidates: limbs(9),
            },
            rest,
        ))
    }
}

impl Fingerprint {
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
        assert_eq!(unhex16(&hex(&bytes)).as_slice(), bytes.as_slice());
    }

    #[test]
    fn sums_carry_across_limbs_and_wrap_modulo_2_256() {
        let mut a = [u64::MAX, u64::MAX, 0, 0];
        add_u256(&mut a, &[1, 0, 0, 0]);
        assert_eq!(a, [0, 0, 1, 0]);
        let mut b = [u64::MAX; 4];
        add_u256(&mut b, &[2, 0, 0, 0]);
        assert_eq!(b, [1, 0, 0, 0]);
        assert_eq!(hex_u256(&[1, 0, 0, 0]).len(), 64);
    }

    #[test]
    fn sums_are_order_free_and_round_trip() {
        let d = |i: u8| [i; 32];
        let (k1, k2) = (key_digest("a"), key_digest("b"));
        let (mut x, mut y) = (FingerprintSums::default(), FingerprintSums::default());
        x.add(&k1, &d(1));
        x.add(&k2, &d(2));
        y.add(&k2, &d(2));
        y.add(&k1, &d(1));
        assert_eq!(x.finish(), y.finish());
        let mut swapped = FingerprintSums::default();
        swapped.add(&k1, &d(2));
        swapped.add(&k2, &d(1));
        assert_eq!(swapped.finish().ids, x.finish().ids);
        assert_ne!(swapped.finish().references, x.finish().references);
        let mut bytes = Vec::new();
        x.write_to(&mut bytes);
        let (back, rest) = FingerprintSums::read_from(&bytes).expect("104 bytes");
        assert_eq!((back, rest.len()), (x, 0));
    }
}
