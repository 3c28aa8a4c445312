//! Token ids by word, for tokenizers whose tokens depend on the word alone.

use hashbrown::HashTable;

/// The token ids of each word seen. Each entry holds its word's length and its first and last
/// eight bytes (so a word of up to 16 bytes is compared without reading its bytes); longer
/// words are also compared byte by byte in a flat arena. Ids live in a second flat arena.
#[derive(Debug, Default)]
pub struct WordCache {
    table: HashTable<Entry>,
    bytes: Vec<u8>,
    ids: Vec<u32>,
}

/// A word's length and two 64-bit numbers that cover its bytes (overlapping halves from 8
/// bytes on): equal keys mean equal words of up to 16 bytes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Key {
    head: u64,
    tail: u64,
    len: u32,
}

#[derive(Debug, Clone, Copy)]
struct Entry {
    key: Key,
    start: u32,
    from: u32,
    to: u32,
}

impl Key {
    #[inline(always)]
    fn of(word: &[u8]) -> Key {
        let n = word.len();
        let u64_at = |at: usize| u64::from_le_bytes(word[at..at + 8].try_into().unwrap_or([0; 8]));
        let u32_at =
            |at: usize| u32::from_le_bytes(word[at..at + 4].try_into().unwrap_or([0; 4])) as u64;
        let (head, tail) = match n {
            0 => (0, 0),
            1..4 => (
                word[0] as u64 | (word[n / 2] as u64) << 8 | (word[n - 1] as u64) << 16,
                0,
            ),
            4..8 => (u32_at(0) | u32_at(n - 4) << 32, 0),
            _ => (u64_at(0), u64_at(n - 8)),
        };
        Key {
            head,
            tail,
            len: n as u32,
        }
    }

    /// A 64-bit hash of the key (a folded 128-bit multiply of its two halves).
    #[inline(always)]
    fn hash(self) -> u64 {
        let a = self.head ^ 0x243f_6a88_85a3_08d3;
        let b = self.tail ^ (self.len as u64).rotate_left(32) ^ 0x1319_8a2e_0370_7344;
        let product = (a as u128).wrapping_mul(b as u128);
        (product as u64) ^ ((product >> 64) as u64)
    }
}

impl WordCache {
    /// The token ids of `word`, when it was inserted.
    #[inline]
    pub fn get(&self, word: &str) -> Option<&[u32]> {
        let key = Key::of(word.as_bytes());
        let bytes = &self.bytes;
        let entry = self.table.find(key.hash(), |e| {
            e.key == key
                && (word.len() <= 16
                    || bytes[e.start as usize..e.start as usize + word.len()] == *word.as_bytes())
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
            key: Key::of(word.as_bytes()),
            start: self.bytes.len() as u32,
            from: self.ids.len() as u32,
            to: (self.ids.len() + ids.len()) as u32,
        };
        if word.len() > 16 {
            self.bytes.extend_from_slice(word.as_bytes());
        }
        self.ids.extend_from_slice(ids);
        self.table
            .insert_unique(entry.key.hash(), entry, |e| e.key.hash());
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
    fn keys_tell_every_byte_of_short_words_apart() {
        for n in 1..=16 {
            let a: Vec<u8> = (1..=n as u8).collect();
            assert_eq!(Key::of(&a), Key::of(&a.clone()));
            for i in 0..n {
                let mut b = a.clone();
                b[i] ^= 0x80;
                assert_ne!(Key::of(&a), Key::of(&b), "length {n}, byte {i}");
            }
        }
    }
}
