//! Content checks of a data set (all warnings, with file and line): exact and near-duplicate
//! documents across clusters, references that copy long spans verbatim, boilerplate lines, and
//! train/test leakage against another data set.

use super::fragments::fragments;
use crate::data::dataset::{Article, Dataset, Finding, Reference, Severity};
use crate::text::{Profile, Tokenizer};
use rayon::prelude::*;
use rustc_hash::{FxHashMap, FxHashSet};
use std::borrow::Borrow;
use std::collections::BTreeMap;
use std::hash::{Hash, Hasher};
use std::path::{Path, PathBuf};

/// Word n-gram size of the MinHash shingles.
pub const SHINGLE: usize = 5;
/// Estimated Jaccard similarity (over word 5-gram shingles) from which two documents are
/// near-duplicates.
pub const NEAR_DUPLICATE_JACCARD: f64 = 0.8;
/// A reference copying a span at least this many tokens long from its article is flagged.
pub const VERBATIM_SPAN: usize = 25;
/// A line (of at least 3 tokens) found in articles of this many different clusters is
/// boilerplate (articles of one cluster may share syndicated sentences).
pub const BOILERPLATE_CLUSTERS: usize = 3;
/// Navigation lines are short: at most this many tokens.
const NAVIGATION_MAX_TOKENS: usize = 8;
/// N-gram size of the leakage check (as lm-evaluation-harness's decontamination).
pub const LEAKAGE_NGRAM: usize = 13;

const HASHES: usize = 64;
const BANDS: usize = 16;
const ROWS: usize = HASHES / BANDS;

/// Line starts that mark navigation, related-news lists and photo credits.
const NAVIGATION: &[&str] = &[
    "tin liên quan",
    "xem thêm",
    "đọc thêm",
    "tin cùng chuyên mục",
    "cùng chuyên mục",
    "theo dõi",
    "bình luận",
    "chia sẻ",
    "video đang hot",
    "bài nổi bật",
];

/// One document: its file, cluster, and tokens per line.
struct Document {
    path: PathBuf,
    cluster: String,
    target: String,
    lines: Vec<Line>,
    is_reference: bool,
}

/// The tokens of one line with any, kept as one string (a token never holds a space), so a
/// large data set costs one allocation a line rather than one a token.
struct Line {
    /// 1-based.
    number: usize,
    /// The tokens joined by single spaces.
    text: String,
    tokens: usize,
}

impl Line {
    fn tokens(&self) -> impl Iterator<Item = &str> {
        self.text.split(' ')
    }
}

impl Document {
    fn tokens(&self) -> Vec<&str> {
        self.lines.iter().flat_map(Line::tokens).collect()
    }

    /// The 1-based line of token position `pos`.
    fn line_of(&self, mut pos: usize) -> usize {
        for line in &self.lines {
            if pos < line.tokens {
                return line.number;
            }
            pos -= line.tokens;
        }
        self.lines.last().map_or(1, |l| l.number)
    }
}

fn tokenize_lines(text: &str, tokenizer: &Tokenizer) -> Vec<Line> {
    let mut lines = Vec::new();
    for (i, l) in text.lines().enumerate() {
        let (mut joined, mut tokens) = (String::new(), 0);
        tokenizer.tokenize_with(l, &mut |t| {
            if tokens > 0 {
                joined.push(' ');
            }
            joined.push_str(t);
            tokens += 1;
        });
        if tokens > 0 {
            lines.push(Line {
                number: i + 1,
                text: joined,
                tokens,
            });
        }
    }
    lines
}

/// The documents of a data set's articles and references, given as values (each text is
/// dropped once tokenized, so a large set never holds its texts and tokens at once) or as
/// references.
fn documents<A, R>(
    articles: impl IntoParallelIterator<Item = A>,
    references: impl IntoParallelIterator<Item = R>,
) -> Vec<Document>
where
    A: Borrow<Article> + Send,
    R: Borrow<Reference> + Send,
{
    let vi = Tokenizer::with_defaults(Profile::ViV1);
    let en = Tokenizer::with_defaults(Profile::EnV1);
    let tok = |lang: &str| if lang == "en" { &en } else { &vi };
    let mut docs: Vec<Document> = articles
        .into_par_iter()
        .map(|a| {
            let a = a.borrow();
            Document {
                path: a.path.clone(),
                cluster: a.cluster_id.clone(),
                target: a.id.clone(),
                lines: tokenize_lines(&a.text, tok(&a.lang)),
                is_reference: false,
            }
        })
        .collect();
    let cluster_of: FxHashMap<&str, &str> = docs
        .iter()
        .flat_map(|a| {
            [
                (a.target.as_str(), a.cluster.as_str()),
                (a.cluster.as_str(), a.cluster.as_str()),
            ]
        })
        .collect();
    let refs: Vec<Document> = references
        .into_par_iter()
        .map(|r| {
            let r = r.borrow();
            Document {
                path: r.path.clone(),
                cluster: cluster_of
                    .get(r.target.as_str())
                    .unwrap_or(&r.target.as_str())
                    .to_string(),
                target: r.target.clone(),
                lines: tokenize_lines(&r.text, tok(&r.lang)),
                is_reference: true,
            }
        })
        .collect();
    docs.extend(refs);
    docs
}

fn hash_of<T: Hash + ?Sized>(x: &T) -> u64 {
    let mut h = rustc_hash::FxHasher::default();
    x.hash(&mut h);
    h.finish()
}

fn splitmix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9e3779b97f4a7c15);
    x = (x ^ (x >> 30)).wrapping_mul(0xbf58476d1ce4e5b9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94d049bb133111eb);
    x ^ (x >> 31)
}

fn shingles(tokens: &[&str]) -> FxHashSet<u64> {
    if tokens.len() < SHINGLE {
        return std::iter::once(hash_of(tokens))
            .filter(|_| !tokens.is_empty())
            .collect();
    }
    tokens.windows(SHINGLE).map(hash_of).collect()
}

fn minhash(set: &FxHashSet<u64>) -> [u64; HASHES] {
    let values: Vec<u64> = set.iter().copied().collect();
    minhash_of(&values)
}

vectorized! {
    fn minhash_of(values: &[u64]) -> [u64; HASHES] = minhash_portable
}

/// The signature: per hash function `k`, the least `splitmix(x ^ k·c)` over the values (a
/// minimum, so the order of the values does not matter).
#[inline(always)]
fn minhash_portable(values: &[u64]) -> [u64; HASHES] {
    let mut sig = [u64::MAX; HASHES];
    for &x in values {
        for (k, slot) in sig.iter_mut().enumerate() {
            *slot = (*slot).min(splitmix(
                x ^ (k as u64).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95),
            ));
        }
    }
    sig
}

fn jaccard(a: &FxHashSet<u64>, b: &FxHashSet<u64>) -> f64 {
    let inter = a.intersection(b).count();
    let union = a.len() + b.len() - inter;
    if union == 0 {
        0.0
    } else {
        inter as f64 / union as f64
    }
}

fn warn(kind: &'static str, path: &Path, line: Option<usize>, message: String) -> Finding {
    Finding {
        severity: Severity::Warning,
        kind,
        path: path.to_path_buf(),
        line,
        message,
    }
}

fn duplicates(docs: &[Document], out: &mut Vec<Finding>) {
    // Tokens, shingles and signatures are made per document in parallel and not kept: a large
    // data set would otherwise hold every token twice and every shingle set at once.
    let hashes: Vec<Option<u64>> = docs
        .par_iter()
        .map(|d| {
            let t = d.tokens();
            (!t.is_empty()).then(|| hash_of(&t))
        })
        .collect();
    let same_tokens = |a: &Document, b: &Document| {
        a.lines
            .iter()
            .flat_map(Line::tokens)
            .eq(b.lines.iter().flat_map(Line::tokens))
    };
    let mut exact: FxHashMap<u64, usize> = FxHashMap::default();
    let mut exact_pairs: FxHashSet<(usize, usize)> = FxHashSet::default();
    for (i, hash) in hashes.iter().enumerate() {
        let Some(hash) = *hash else {
            continue;
        };
        if let Some(&first) = exact.get(&hash) {
            if same_tokens(&docs[first], &docs[i]) {
                exact_pairs.insert((first, i));
                out.push(warn(
                    "duplicate",
                    &docs[i].path,
                    None,
                    format!(
                        "exact duplicate (after normalization) of {}",
                        docs[first].path.display()
                    ),
                ));
            }
        } else {
            exact.insert(hash, i);
        }
    }
    // An exact duplicate has its first copy's shingles, so the same signature, buckets and
    // Jaccard with every document: only first copies go through the buckets, and each pair of
    // first copies found stands for every pair of their copies.
    let mut copies: FxHashMap<usize, Vec<usize>> = FxHashMap::default();
    for &(first, i) in &exact_pairs {
        copies.entry(first).or_insert_with(|| vec![first]).push(i);
    }
    let is_copy: FxHashSet<usize> = exact_pairs.iter().map(|&(_, i)| i).collect();
    let shingles_of = |d: &Document| shingles(&d.tokens());
    let sigs: Vec<Option<[u64; HASHES]>> = docs
        .par_iter()
        .enumerate()
        .map(|(i, d)| {
            if is_copy.contains(&i) {
                return None;
            }
            let set = shingles_of(d);
            (!set.is_empty()).then(|| minhash(&set))
        })
        .collect();
    // Pairs of documents sharing a band, packed as `a << 32 | b` (a < b; a data set of 2^32
    // documents would not fit in memory anyway). A pair within one cluster is dropped below
    // unless one of the two stands for copies (whose clusters may differ), so it is not kept:
    // near-identical texts in one cluster have a number of pairs quadratic in their count
    // (12 million and 0.5 GB for 100,000 imported articles).
    let mut candidates: FxHashSet<u64> = FxHashSet::default();
    let wanted = |a: usize, b: usize| {
        docs[a].cluster != docs[b].cluster || copies.contains_key(&a) || copies.contains_key(&b)
    };
    for band in 0..BANDS {
        let mut buckets: FxHashMap<u64, Vec<usize>> = FxHashMap::default();
        for (i, sig) in sigs.iter().enumerate() {
            if let Some(sig) = sig {
                buckets
                    .entry(hash_of(&sig[band * ROWS..(band + 1) * ROWS]))
                    .or_default()
                    .push(i);
            }
        }
        for members in buckets.values().filter(|m| m.len() > 1) {
            for (x, &a) in members.iter().enumerate() {
                for &b in &members[x + 1..] {
                    let (a, b) = (a.min(b), a.max(b));
                    if wanted(a, b) {
                        candidates.insert(((a as u64) << 32) | b as u64);
                    }
                }
            }
        }
    }
    let group = |i: usize| copies.get(&i).cloned().unwrap_or_else(|| vec![i]);
    let mut pairs: Vec<(usize, usize)> = candidates
        .into_iter()
        .flat_map(|pair| {
            let (ga, gb) = (group((pair >> 32) as usize), group(pair as u32 as usize));
            ga.into_iter()
                .flat_map(move |x| gb.clone().into_iter().map(move |y| (x.min(y), x.max(y))))
        })
        .collect();
    pairs.sort_unstable();
    pairs.retain(|&(a, b)| docs[a].cluster != docs[b].cluster && !exact_pairs.contains(&(a, b)));
    let mut involved: Vec<usize> = pairs.iter().flat_map(|&(a, b)| [a, b]).collect();
    involved.sort_unstable();
    involved.dedup();
    let sets: FxHashMap<usize, FxHashSet<u64>> = involved
        .par_iter()
        .map(|&i| (i, shingles_of(&docs[i])))
        .collect();
    for (a, b) in pairs {
        let j = jaccard(&sets[&a], &sets[&b]);
        if j >= NEAR_DUPLICATE_JACCARD {
            out.push(warn(
"near-duplicate",&docs[b].path, None, format!(
                "near-duplicate of {} in another cluster (Jaccard {j:.2} over word {SHINGLE}-grams)",
                docs[a].path.display()
            )));
        }
    }
}

fn verbatim(docs: &[Document], out: &mut Vec<Finding>) {
    let mut by_cluster: FxHashMap<&str, Vec<&Document>> = FxHashMap::default();
    for d in docs.iter().filter(|d| !d.is_reference) {
        by_cluster.entry(d.cluster.as_str()).or_default().push(d);
        by_cluster.entry(d.target.as_str()).or_default();
    }
    let mut by_target: FxHashMap<&str, Vec<&Document>> = FxHashMap::default();
    for d in docs.iter().filter(|d| !d.is_reference) {
        by_target.entry(d.target.as_str()).or_default().push(d);
    }
    let articles_of = |target: &str, cluster: &str| -> Vec<&Document> {
        match by_target.get(target) {
            Some(own) => own.clone(),
            None => by_cluster.get(cluster).cloned().unwrap_or_default(),
        }
    };
    for r in docs.iter().filter(|d| d.is_reference) {
        let mut ids: FxHashMap<&str, u32> = FxHashMap::default();
        let ref_ids: Vec<u32> = r
            .tokens()
            .into_iter()
            .map(|t| intern(&mut ids, t))
            .collect();
        let mut best = (0usize, 0usize);
        for a in articles_of(&r.target, &r.cluster) {
            let art: Vec<u32> = a
                .tokens()
                .into_iter()
                .map(|t| intern(&mut ids, t))
                .collect();
            for (start, len) in fragments(&ref_ids, &art) {
                if len > best.0 {
                    best = (len, start);
                }
            }
        }
        if best.0 >= VERBATIM_SPAN {
            out.push(warn(
                "copy-span",
                &r.path,
                Some(r.line_of(best.1)),
                format!(
                    "copies a {}-token span of its article(s) verbatim (threshold {VERBATIM_SPAN})",
                    best.0
                ),
            ));
        }
    }
}

fn intern<'a>(ids: &mut FxHashMap<&'a str, u32>, token: &'a str) -> u32 {
    let next = ids.len() as u32;
    *ids.entry(token).or_insert(next)
}

fn boilerplate(docs: &[Document], out: &mut Vec<Finding>) {
    // Where each line of three tokens or more occurs: its first place (document, line) and,
    // when it occurs again, the index of the list of its other places in `more` (most lines
    // occur once and need no list).
    let mut seen: FxHashMap<&str, ((u32, u32), u32)> = FxHashMap::default();
    let mut more: Vec<Vec<(u32, u32)>> = Vec::new();
    for (i, d) in docs.iter().enumerate().filter(|(_, d)| !d.is_reference) {
        let mut in_doc: FxHashMap<&str, usize> = FxHashMap::default();
        for l in &d.lines {
            let (line, key) = (&l.number, l.text.as_str());
            if l.tokens <= NAVIGATION_MAX_TOKENS && NAVIGATION.iter().any(|n| key.starts_with(n)) {
                out.push(warn(
                    "boilerplate",
                    &d.path,
                    Some(*line),
                    format!("navigation or related-news line: '{}'", key),
                ));
            }
            if l.tokens < 3 {
                continue;
            }
            if let Some(first) = in_doc.insert(key, *line) {
                out.push(warn(
                    "boilerplate",
                    &d.path,
                    Some(*line),
                    format!("line repeats line {first} (a repeated caption?)"),
                ));
            }
            let place = (i as u32, *line as u32);
            match seen.entry(key) {
                std::collections::hash_map::Entry::Vacant(slot) => {
                    slot.insert((place, u32::MAX));
                }
                std::collections::hash_map::Entry::Occupied(mut slot) => {
                    let list = &mut slot.get_mut().1;
                    if *list == u32::MAX {
                        *list = more.len() as u32;
                        more.push(Vec::new());
                    }
                    more[*list as usize].push(place);
                }
            }
        }
    }
    let clusters = |places: &[(usize, usize)]| {
        places
            .iter()
            .map(|(d, _)| docs[*d].cluster.as_str())
            .collect::<FxHashSet<_>>()
            .len()
    };
    let mut repeated: Vec<(&str, Vec<(usize, usize)>)> = seen
        .iter()
        .filter(|(_, (_, list))| *list != u32::MAX)
        .map(|(text, &(first, list))| {
            let places = std::iter::once(first)
                .chain(more[list as usize].iter().copied())
                .map(|(d, l)| (d as usize, l as usize))
                .collect();
            (*text, places)
        })
        .filter(|(_, places): &(&str, Vec<(usize, usize)>)| {
            clusters(places) >= BOILERPLATE_CLUSTERS
        })
        .collect();
    repeated.sort_by_key(|(_, places)| places[0]);
    for (text, places) in repeated {
        let places = &places;
        let docs_n = places
            .iter()
            .map(|(d, _)| *d)
            .collect::<FxHashSet<_>>()
            .len();
        let (d, line) = places[0];
        let shown: String = text.chars().take(80).collect();
        out.push(warn(
            "boilerplate",
            &docs[d].path,
            Some(line),
            format!(
                "boilerplate: this line appears in {docs_n} articles of {} clusters: '{shown}'",
                clusters(places)
            ),
        ));
    }
}

fn leakage(docs: &[Document], other: &[Document], other_name: &str, out: &mut Vec<Finding>) {
    // Each n-gram of the other set with the first of its documents that holds it, so that a
    // finding names the documents it overlaps.
    let mut grams: rustc_hash::FxHashMap<u64, u32> = Default::default();
    for (k, d) in other.iter().enumerate() {
        for g in d.tokens().windows(LEAKAGE_NGRAM).map(hash_of) {
            grams.entry(g).or_insert(k as u32);
        }
    }
    for d in docs {
        let t = d.tokens();
        let mine: Vec<u64> = t.windows(LEAKAGE_NGRAM).map(hash_of).collect();
        let mut hit: BTreeMap<u32, usize> = BTreeMap::new();
        for g in &mine {
            if let Some(&k) = grams.get(g) {
                *hit.entry(k).or_default() += 1;
            }
        }
        let hits: usize = hit.values().sum();
        if hits > 0 {
            let mut by_count: Vec<(u32, usize)> = hit.into_iter().collect();
            by_count.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
            let named: Vec<String> = by_count
                .iter()
                .take(3)
                .map(|&(k, n)| format!("{} ({n})", other[k as usize].path.display()))
                .collect();
            let more = by_count.len().saturating_sub(3);
            out.push(warn(
                "leakage",
                &d.path,
                None,
                format!(
                    "leakage: {hits} of its {} word {LEAKAGE_NGRAM}-grams occur in {other_name}: \
                     {}{}",
                    mine.len(),
                    named.join(", "),
                    if more > 0 {
                        format!(" and {more} more")
                    } else {
                        String::new()
                    }
                ),
            ));
        }
    }
}

/// Every content warning for `dataset`, and leakage against `against` when given.
pub fn content_checks(dataset: Dataset, against: Option<&Dataset>) -> Vec<Finding> {
    let docs = documents(dataset.articles, dataset.references);
    let mut out = Vec::new();
    duplicates(&docs, &mut out);
    verbatim(&docs, &mut out);
    boilerplate(&docs, &mut out);
    if let Some(other) = against {
        leakage(
            &docs,
            &documents(&other.articles, &other.references),
            &other.dir.display().to_string(),
            &mut out,
        );
    }
    out
}
