//! Longest common subsequence: a bit-parallel length (Hyyrö 2004, O(n·m/64)) for ROUGE-L, and
//! one LCS path with rouge-score's backtracking for the union LCS of ROUGE-Lsum, from a table
//! kept as bits.

/// Reusable buffers so that scoring many pairs allocates nothing per pair.
#[derive(Debug, Default)]
pub struct LcsScratch {
    /// Row of each token id in `peq`, `u32::MAX` when absent. Indexed by id.
    row_of: Vec<u32>,
    /// Match masks of the pattern, `words` u64 per distinct token.
    peq: Vec<u64>,
    v: Vec<u64>,
    used: Vec<u32>,
    /// Rises of a window of LCS table rows for [`mark_lcs`], `words` u64 per row.
    rises: Vec<u64>,
    /// The bit-parallel state at the first row of each block of [`mark_lcs`].
    checkpoints: Vec<u64>,
    /// Match mask of each token id in a pattern of at most 64 tokens ([`ShortPattern`]);
    /// zero outside one.
    short_peq: Vec<u64>,
}

impl LcsScratch {
    /// Builds the match masks of `pattern` (`words` u64 per distinct token) and sets `v` to
    /// all ones; [`LcsScratch::forget_pattern`] must follow.
    fn load_pattern(&mut self, pattern: &[u32], words: usize) {
        self.peq.clear();
        self.used.clear();
        for (i, &tok) in pattern.iter().enumerate() {
            let t = tok as usize;
            if t >= self.row_of.len() {
                self.row_of.resize(t + 1, u32::MAX);
            }
            if self.row_of[t] == u32::MAX {
                self.row_of[t] = self.used.len() as u32;
                self.used.push(tok);
                self.peq.resize(self.peq.len() + words, 0);
            }
            let row = self.row_of[t] as usize;
            self.peq[row * words + i / 64] |= 1u64 << (i % 64);
        }
        self.v.clear();
        self.v.resize(words, !0u64);
    }

    /// One step of Hyyrö's recurrence for a text token (nothing when the pattern lacks it).
    #[inline]
    fn advance(&mut self, tok: u32, words: usize) {
        let row = match self.row_of.get(tok as usize) {
            Some(&r) if r != u32::MAX => r as usize,
            _ => return,
        };
        let masks = &self.peq[row * words..(row + 1) * words];
        let mut carry = 0u64;
        for (v, &mask) in self.v.iter_mut().zip(masks) {
            let u = *v & mask;
            let (sum, c1) = v.overflowing_add(u);
            let (sum, c2) = sum.overflowing_add(carry);
            carry = (c1 | c2) as u64;
            *v = sum | (*v & !u);
        }
    }

    /// Fills `rises` with rows `base..=last` of the table, starting from the checkpoint of
    /// row `base` (a multiple of `block`); the pattern must be loaded.
    fn fill_window(
        &mut self,
        reference: &[u32],
        base: usize,
        last: usize,
        block: usize,
        words: usize,
        cols: usize,
    ) {
        let tail_mask = if cols.is_multiple_of(64) {
            !0u64
        } else {
            (1u64 << (cols % 64)) - 1
        };
        let k = base / block;
        self.v.clear();
        self.v
            .extend_from_slice(&self.checkpoints[k * words..(k + 1) * words]);
        self.rises.clear();
        self.rises.reserve((last - base + 1) * words);
        let push = |rises: &mut Vec<u64>, v: &[u64]| {
            let start = rises.len();
            rises.extend(v.iter().map(|v| !v));
            rises[start + words - 1] &= tail_mask;
        };
        push(&mut self.rises, &self.v);
        for &tok in &reference[base..last] {
            self.advance(tok, words);
            push(&mut self.rises, &self.v);
        }
    }

    /// Resets the token index that [`LcsScratch::load_pattern`] filled.
    fn forget_pattern(&mut self) {
        for &tok in &self.used {
            self.row_of[tok as usize] = u32::MAX;
        }
    }
}

/// Length of the LCS of `a` and `b`, bit-parallel over the shorter sequence.
pub fn lcs_len(a: &[u32], b: &[u32], s: &mut LcsScratch) -> usize {
    let (pattern, text) = if a.len() <= b.len() { (a, b) } else { (b, a) };
    let m = pattern.len();
    if m == 0 {
        return 0;
    }
    let words = m.div_ceil(64);
    s.load_pattern(pattern, words);
    for &tok in text {
        s.advance(tok, words);
    }
    s.forget_pattern();
    let mut ones = 0usize;
    for (k, &v) in s.v.iter().enumerate() {
        let bits = if k + 1 == words && m % 64 != 0 {
            v & ((1u64 << (m % 64)) - 1)
        } else {
            v
        };
        ones += bits.count_ones() as usize;
    }
    m - ones
}

/// LCS length by the textbook quadratic table (the reference the bit-parallel one is tested
/// against).
pub fn lcs_len_quadratic(a: &[u32], b: &[u32]) -> usize {
    let mut prev = vec![0u32; b.len() + 1];
    let mut cur = vec![0u32; b.len() + 1];
    for &x in a {
        for (j, &y) in b.iter().enumerate() {
            cur[j + 1] = if x == y {
                prev[j] + 1
            } else {
                prev[j + 1].max(cur[j])
            };
        }
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()] as usize
}

/// Words of the bit table [`mark_lcs`] keeps at once (32 MiB); above it, rows are recomputed
/// from checkpoints during the backtrack.
const TABLE_WORDS: usize = 1 << 22;

/// Marks in `hits` the positions of `reference` on one LCS with `candidate`, chosen exactly as
/// rouge-score's `_backtrack_norec` (and ROUGE-1.5.5's `markLCS`) choose it: a match goes
/// diagonal, otherwise left only when strictly better, else up.
///
/// The table is kept as bits: row `i` holds, for each candidate position `j`, whether
/// `T[i][j] − T[i][j−1]` is 1 (rows of an LCS table rise by 0 or 1), computed bit-parallel as
/// in [`lcs_len`]. When the whole table would exceed 32 MiB, only every `b`-th row's state is
/// kept (`b` ≥ √|reference|) and the backtrack recomputes one block of `b` rows at a time: memory
/// stays about `(32 MiB + √|reference| · |candidate| / 8)` bytes for twice the time.
pub fn mark_lcs(reference: &[u32], candidate: &[u32], hits: &mut [bool], s: &mut LcsScratch) {
    mark_lcs_within(reference, candidate, hits, s, TABLE_WORDS);
}

fn mark_lcs_within(
    reference: &[u32],
    candidate: &[u32],
    hits: &mut [bool],
    s: &mut LcsScratch,
    budget: usize,
) {
    let (rows, cols) = (reference.len(), candidate.len());
    if rows == 0 || cols == 0 {
        return;
    }
    if ShortPattern::fits(candidate) && rows < budget {
        let pattern = ShortPattern::load(candidate, s);
        pattern.mark(reference, hits, s);
        pattern.forget(s);
        return;
    }
    let words = cols.div_ceil(64);
    let block = if (rows + 1) * words <= budget {
        rows
    } else {
        (budget / words).saturating_sub(1).max(rows.isqrt()).max(1)
    };
    s.load_pattern(candidate, words);
    s.checkpoints.clear();
    if block < rows {
        for (i, &tok) in reference.iter().enumerate() {
            if i % block == 0 {
                s.checkpoints.extend_from_slice(&s.v);
            }
            s.advance(tok, words);
        }
    } else {
        s.checkpoints.extend_from_slice(&s.v);
    }
    let base = (rows - 1) / block * block;
    s.fill_window(reference, base, rows, block, words, cols);
    let mut table = Window {
        s: &mut *s,
        reference,
        base,
        block,
        words,
        cols,
    };
    backtrack(reference, candidate, hits, &mut table);
    s.forget_pattern();
}

/// A candidate of at most 64 tokens loaded once, to mark its LCS with any number of
/// references: each row of the table is one word, and the backtrack counts bits.
pub struct ShortPattern<'a> {
    candidate: &'a [u32],
    peq: Vec<u64>,
}

impl<'a> ShortPattern<'a> {
    /// Whether `candidate` can be loaded: 1 to 64 tokens.
    pub fn fits(candidate: &[u32]) -> bool {
        (1..=64).contains(&candidate.len())
    }

    /// Loads `candidate` (it [`ShortPattern::fits`]) into the scratch's mask table; the result
    /// must be handed back through [`ShortPattern::forget`].
    pub fn load(candidate: &'a [u32], s: &mut LcsScratch) -> Self {
        debug_assert!(Self::fits(candidate));
        let mut peq = std::mem::take(&mut s.short_peq);
        for (j, &tok) in candidate.iter().enumerate() {
            let t = tok as usize;
            if t >= peq.len() {
                peq.resize(t + 1, 0);
            }
            peq[t] |= 1u64 << j;
        }
        ShortPattern { candidate, peq }
    }

    /// Zeroes the masks [`ShortPattern::load`] set and returns the table to the scratch.
    pub fn forget(mut self, s: &mut LcsScratch) {
        for &tok in self.candidate {
            self.peq[tok as usize] = 0;
        }
        s.short_peq = self.peq;
    }

    /// [`mark_lcs`] of `reference` against the loaded candidate: the same path.
    pub fn mark(&self, reference: &[u32], hits: &mut [bool], s: &mut LcsScratch) {
        let candidate = self.candidate;
        let rises = &mut s.rises;
        rises.clear();
        rises.push(0);
        let mut v = !0u64;
        for &tok in reference {
            let u = v & self.peq.get(tok as usize).copied().unwrap_or(0);
            v = v.wrapping_add(u) | (v & !u);
            rises.push(!v);
        }
        if v == !0 {
            return;
        }
        backtrack(reference, candidate, hits, &mut OneWord(rises));
    }
}

/// One word a row: `T[i][j]` is the count of rises of row `i` below column `j` (bits above
/// the candidate's length stay set in `v`, so they are never rises).
struct OneWord<'a>(&'a [u64]);

impl Table for OneWord<'_> {
    #[inline]
    fn value(&self, i: usize, j: usize) -> usize {
        (self.0[i] & low_mask(j)).count_ones() as usize
    }

    #[inline]
    fn rise(&self, i: usize, j: usize) -> usize {
        ((self.0[i] >> (j - 1)) & 1) as usize
    }

    fn reach(&mut self, _: usize) {}
}

/// Rows `base..` of the table of [`mark_lcs_within`], recomputed from a checkpoint when the
/// backtrack leaves them.
struct Window<'a> {
    s: &'a mut LcsScratch,
    reference: &'a [u32],
    base: usize,
    block: usize,
    words: usize,
    cols: usize,
}

impl Table for Window<'_> {
    fn value(&self, i: usize, j: usize) -> usize {
        window_value(&self.s.rises, self.words, self.base, i, j)
    }

    fn rise(&self, i: usize, j: usize) -> usize {
        window_rise(&self.s.rises, self.words, self.base, i, j)
    }

    fn reach(&mut self, i: usize) {
        if i > 0 && i == self.base {
            self.base -= self.block;
            let (base, block, words, cols) = (self.base, self.block, self.words, self.cols);
            self.s
                .fill_window(self.reference, base, i, block, words, cols);
        }
    }
}

/// The LCS table as the backtrack reads it.
trait Table {
    /// `T[i][j]`.
    fn value(&self, i: usize, j: usize) -> usize;
    /// `T[i][j] − T[i][j−1]` (1 ≤ `j`).
    fn rise(&self, i: usize, j: usize) -> usize;
    /// Called when the backtrack moves to row `i`, before it reads rows `i − 1` and `i`.
    fn reach(&mut self, i: usize);
}

/// Marks in `hits` the positions of `reference` on the LCS path rouge-score's
/// `_backtrack_norec` (and ROUGE-1.5.5's `markLCS`) take through `table`: a match goes
/// diagonal, otherwise left only when strictly better, else up.
#[inline]
fn backtrack(reference: &[u32], candidate: &[u32], hits: &mut [bool], table: &mut impl Table) {
    let (mut i, mut j) = (reference.len(), candidate.len());
    let mut cur = table.value(i, j);
    let mut up = table.value(i - 1, j);
    while i > 0 && j > 0 {
        if reference[i - 1] == candidate[j - 1] {
            hits[i - 1] = true;
            i -= 1;
            j -= 1;
            cur -= 1;
        } else {
            let left = cur - table.rise(i, j);
            if left > up {
                j -= 1;
                cur = left;
                up -= if i > 1 { table.rise(i - 1, j + 1) } else { 0 };
                continue;
            }
            i -= 1;
            cur = up;
        }
        table.reach(i);
        up = if i > 0 { table.value(i - 1, j) } else { 0 };
    }
}

/// The low `j` bits (0 ≤ `j` ≤ 64).
#[inline]
fn low_mask(j: usize) -> u64 {
    if j >= 64 { u64::MAX } else { (1u64 << j) - 1 }
}

/// `T[i][j] − T[i][j−1]` (1 ≤ `j`) from a window whose first row is row `base` ≤ `i`.
#[inline]
fn window_rise(rises: &[u64], words: usize, base: usize, i: usize, j: usize) -> usize {
    ((rises[(i - base) * words + (j - 1) / 64] >> ((j - 1) % 64)) & 1) as usize
}

/// `T[i][j]`: the rises of row `i` (`base` ≤ `i`, or `i` = 0) up to column `j`.
fn window_value(rises: &[u64], words: usize, base: usize, i: usize, j: usize) -> usize {
    if i == 0 || j == 0 {
        return 0;
    }
    let row = &rises[(i - base) * words..(i - base + 1) * words];
    let full = j / 64;
    let mut n: usize = row[..full].iter().map(|w| w.count_ones() as usize).sum();
    if !j.is_multiple_of(64) {
        n += (row[full] & ((1u64 << (j % 64)) - 1)).count_ones() as usize;
    }
    n
}

/// [`mark_lcs`] by the textbook quadratic table, to test the bit version against.
pub fn mark_lcs_quadratic(reference: &[u32], candidate: &[u32], hits: &mut [bool]) {
    let (rows, cols) = (reference.len(), candidate.len());
    if rows == 0 || cols == 0 {
        return;
    }
    let w = cols + 1;
    let mut t = vec![0u32; (rows + 1) * w];
    for i in 1..=rows {
        for j in 1..=cols {
            t[i * w + j] = if reference[i - 1] == candidate[j - 1] {
                t[(i - 1) * w + j - 1] + 1
            } else {
                t[(i - 1) * w + j].max(t[i * w + j - 1])
            };
        }
    }
    let (mut i, mut j) = (rows, cols);
    while i > 0 && j > 0 {
        if reference[i - 1] == candidate[j - 1] {
            hits[i - 1] = true;
            i -= 1;
            j -= 1;
        } else if t[i * w + j - 1] > t[(i - 1) * w + j] {
            j -= 1;
        } else {
            i -= 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_lengths() {
        let mut s = LcsScratch::default();
        assert_eq!(lcs_len(&[1, 2, 3, 4], &[1, 3, 4, 2], &mut s), 3);
        assert_eq!(lcs_len(&[], &[1], &mut s), 0);
        assert_eq!(lcs_len(&[5; 130], &[5; 70], &mut s), 70);
        let a: Vec<u32> = (0..200).map(|i| i % 7).collect();
        let b: Vec<u32> = (0..150).map(|i| (i * 3) % 7).collect();
        assert_eq!(lcs_len(&a, &b, &mut s), lcs_len_quadratic(&a, &b));
    }

    #[test]
    fn bit_table_marks_the_same_path_as_the_quadratic_table() {
        let mut s = LcsScratch::default();
        let mut state = 7u64;
        let mut next = |k: u64| {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            ((state >> 33) % k) as u32
        };
        for case in 0..3000 {
            let alphabet = 1 + (case % 5) as u64;
            let (n, m) = (next(140) as usize, next(140) as usize);
            let a: Vec<u32> = (0..n).map(|_| next(alphabet)).collect();
            let b: Vec<u32> = (0..m).map(|_| next(alphabet)).collect();
            let (mut fast, mut slow) = (vec![false; n], vec![false; n]);
            mark_lcs(&a, &b, &mut fast, &mut s);
            mark_lcs_quadratic(&a, &b, &mut slow);
            assert_eq!(fast, slow, "{a:?} {b:?}");
            // Blocks of checkpointed rows must backtrack along the very same path.
            let mut blocked = vec![false; n];
            mark_lcs_within(&a, &b, &mut blocked, &mut s, 1 + case % 7);
            assert_eq!(blocked, slow, "blocks: {a:?} {b:?}");
        }
    }
}
