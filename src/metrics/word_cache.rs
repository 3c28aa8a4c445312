//! Token ids by word, for tokenizers whose tokens depend on the word alone.

use hashbrown::HashTable;
use std::hash::Hasher;

/// The token ids of each word seen. Words and ids live in two flat arenas; each entry keeps
/// its word's full hash, so a probe compares bytes only when the hashes are equal.
#[derive(Debug, Default)]
pub struct WordCache {
    table: HashTable<Entry>,
    bytes: Vec<u8>,
    ids: Vec<u32>,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    hash: u64,
    start: u32,
    len: u32,
    from: u32,
    to: u32,
}

fn hash_of(word: &[u8]) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    hasher.write(word);
    hasher.finish()
}

/// Byte equality of two slices of equal length, without a call for short words.
#[inline(always)]
fn same(a: &[u8], b: &[u8]) -> bool {
    let n = a.len();
    if n != b.len() {
        return false;
    }
    let word = |s: &[u8], at: usize| u64::from_le_bytes(s[at..at + 8].try_into().unwrap_or([0; 8]));
    let half = |s: &[u8], at: usize| u32::from_le_bytes(s[at..at + 4].try_into().unwrap_or([0; 4]));
    match n {
        0..4 => a == b,
        4..8 => half(a, 0) == half(b, 0) && half(a, n - 4) == half(b, n - 4),
        8..=16 => word(a, 0) == word(b, 0) && word(a, n - 8) == word(b, n - 8),
        _ => a == b,
    }
}

impl WordCache {
    /// The token ids of `word`, when it was inserted.
    #[inline]
    pub fn get(&self, word: &str) -> Option<&[u32]> {
        let hash = hash_of(word.as_bytes());
        let bytes = &self.bytes;
        let entry = self.table.find(hash, |e| {
            e.hash == hash
                && same(
                    &bytes[e.start as usize..e.start as usize + e.len as usize],
                    word.as_bytes(),
                )
        })?;
        Some(&self.ids[entry.from as usize..entry.to as usize])
    }

    /// Records `ids` as the tokens of `word` (not yet in the cache). A word that would take
    /// an arena past 4 GiB is not recorded.
    pub fn insert(&mut self, word: &str, ids: &[u32]) {
        let fits = |len: usize, more: usize| {
            len.checked_add(more)
                .is_some_and(|n| n <= u32::MAX as usize)
        };
        if !fits(self.bytes.len(), word.len()) || !fits(self.ids.len(), ids.len()) {
            return;
        }
        let entry = Entry {
            hash: hash_of(word.as_bytes()),
            start: self.bytes.len() as u32,
            len: word.len() as u32,
            from: self.ids.len() as u32,
            to: (self.ids.len() + ids.len()) as u32,
        };
        self.bytes.extend_from_slice(word.as_bytes());
        self.ids.extend_from_slice(ids);
        self.table.insert_unique(entry.hash, entry, |e| e.hash);
    }

    /// Words held.
    pub fn len(&self) -> usize {
        self.table.len()
    }

    pub fn clear(&mut self) {
        self.table.clear();
        self.bytes.clear();
        self.ids.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_exactly_the_words_inserted() {
        let mut cache = WordCache::default();
        let words = [
            "a",
            "ab",
            "abc",
            "hoà",
            "nguyễn",
            "12345678",
            "dài-hơn-mười-sáu-byte",
        ];
        for (i, w) in words.iter().enumerate() {
            assert_eq!(cache.get(w), None);
            cache.insert(w, &[i as u32, 100]);
        }
        for (i, w) in words.iter().enumerate() {
            assert_eq!(cache.get(w), Some(&[i as u32, 100][..]), "{w}");
        }
        for other in [
            "",
            "b",
            "abd",
            "hoa",
            "nguyễm",
            "12345679",
            "dài-hơn-mười-sáu-bytf",
        ] {
            assert_eq!(cache.get(other), None, "{other}");
        }
        assert_eq!(cache.len(), words.len());
        cache.clear();
        assert_eq!(cache.get("a"), None);
    }

    #[test]
    fn same_compares_every_byte() {
        for n in 0..24 {
            let a: Vec<u8> = (0..n as u8).collect();
            assert!(same(&a, &a.clone()));
            for i in 0..n {
                let mut b = a.clone();
                b[i] ^= 1;
                assert!(!same(&a, &b), "length {n}, byte {i}");
            }
        }
    }
}
