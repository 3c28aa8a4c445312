//! ROUGE metrics over interned token ids.
//!
//! Each text is tokenized once into a [`Doc`] (token ids plus sentence boundaries); every
//! metric then works on ids. A metric first produces raw [`Counts`] against each reference;
//! the [`RefMode`] combines references; [`Counts::prf`] turns counts into precision, recall
//! and F.

pub mod chrf;
mod doc;
pub mod lcs;
pub mod marks;
pub mod micro;
pub mod ngram;
mod refs;
pub mod summary;
pub mod supplied;
mod weighted;
mod word_cache;

pub use doc::{Doc, Interner};
pub use refs::{RefMode, combine, combine_with_counts};
pub use supplied::ScoreName;

use crate::error::Error;
use lcs::{LcsScratch, lcs_len};
use ngram::{NgramScratch, key_overlap, ngram_overlap, skip_grams};
use std::fmt;
use std::str::FromStr;
use summary::{SummaryScratch, union_lcs_clipped};

/// One ROUGE variant.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Metric {
    /// ROUGE-N, N = 1..9: clipped n-gram overlap.
    N(u8),
    /// ROUGE-L: LCS of the whole texts.
    L,
    /// ROUGE-Lsum: summary-level union LCS over sentences.
    Lsum,
    /// ROUGE-W with f(k) = k^weight.
    W(f64),
    /// ROUGE-S (skip-bigrams at most `gap` apart; `None` = any) and ROUGE-SU (plus unigrams).
    S { gap: Option<u32>, unigrams: bool },
    /// Output-language fidelity: 1 when the candidate reads as its expected language (the
    /// example's `lang`, else [`ScoreOptions::target_lang`]), else 0; precision, recall and F
    /// are that one value. Not computed from tokens: see [`crate::run::score_pair`].
    LangMatch,
    /// Copied from the source: 1 when the candidate repeats a run of [`COPY_RUN`] tokens of the
    /// text it summarizes (the example's `source`, the article of a data set target), else 0;
    /// in a cross-lingual pair, the source left untranslated. Computed by
    /// [`crate::run::score_pair`].
    CopySource,
    /// chrF (`word_order` 0) or chrF++ (`word_order` 2), exactly as sacreBLEU 2.x: character
    /// n-grams of the texts, not tokens ([`chrf`]); with `normalize`, of the texts after
    /// Vietnamese normalization ([`crate::text::normalize_text`]). Computed by
    /// [`crate::run::score_pair`].
    Chrf { word_order: u8, normalize: bool },
    /// A score the user supplied per example ([`supplied`]), on the user's scale; `lower`
    /// when lower values are better. Precision, recall and F are the value. Set by
    /// [`crate::run::score_pair`] from the pair's `scores`.
    Supplied { name: ScoreName, lower: bool },
}

/// The shortest run of source tokens a candidate must repeat to count as copied.
pub const COPY_RUN: usize = 10;

impl Metric {
    /// The default set: rouge1, rouge2, rougeL, rougeLsum.
    pub const DEFAULT: [Metric; 4] = [Metric::N(1), Metric::N(2), Metric::L, Metric::Lsum];

    /// Parses a comma-separated list of metric names.
    pub fn parse_list(list: &str) -> Result<Vec<Metric>, Error> {
        let mut out: Vec<Metric> = Vec::new();
        for name in list.split(',').map(str::trim).filter(|s| !s.is_empty()) {
            let m: Metric = name.parse()?;
            if !out.contains(&m) {
                out.push(m);
            }
        }
        if out.is_empty() {
            return Err(Error::Options("--metrics names no metric".into()));
        }
        Ok(out)
    }

    /// True for a score the user supplied rather than one tomtat computes.
    pub fn is_supplied(self) -> bool {
        matches!(self, Metric::Supplied { .. })
    }

    /// True for metrics that use sentence boundaries.
    pub fn uses_sentences(self) -> bool {
        matches!(self, Metric::Lsum)
    }
}

impl fmt::Display for Metric {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Metric::N(n) => write!(f, "rouge{n}"),
            Metric::L => f.write_str("rougeL"),
            Metric::Lsum => f.write_str("rougeLsum"),
            Metric::W(w) if *w == 1.2 => f.write_str("rougeW"),
            Metric::W(w) => write!(f, "rougeW-{w}"),
            Metric::S { gap, unigrams } => {
                let su = if *unigrams { "SU" } else { "S" };
                match gap {
                    Some(g) => write!(f, "rouge{su}{g}"),
                    None => write!(f, "rouge{su}*"),
                }
            }
            Metric::LangMatch => f.write_str("langmatch"),
            Metric::CopySource => f.write_str("copysource"),
            Metric::Chrf { word_order: 0, .. } => f.write_str("chrF"),
            Metric::Chrf { .. } => f.write_str("chrF++"),
            Metric::Supplied { name, lower: false } => write!(f, "extra:{name}"),
            Metric::Supplied { name, lower: true } => write!(f, "extra:{name}:lower"),
        }
    }
}

impl FromStr for Metric {
    type Err = Error;
    fn from_str(name: &str) -> Result<Self, Error> {
        let bad = || {
            Error::Options(format!(
                "unknown metric '{name}' (expected rouge1..rouge9, rougeL, rougeLsum, rougeW, \
                 rougeW-1.5, rougeS4, rougeSU4, rougeS*, rougeSU*, chrF, chrF++, langmatch, \
                 copysource)"
            ))
        };
        if let Some(rest) = name.strip_prefix("extra:") {
            let (field, lower) = match rest.strip_suffix(":lower") {
                Some(field) => (field, true),
                None => (rest, false),
            };
            return Ok(Metric::Supplied {
                name: ScoreName::new(field)?,
                lower,
            });
        }
        match name {
            "langmatch" => return Ok(Metric::LangMatch),
            "copysource" => return Ok(Metric::CopySource),
            "chrF" => {
                return Ok(Metric::Chrf {
                    word_order: 0,
                    normalize: false,
                });
            }
            "chrF++" => {
                return Ok(Metric::Chrf {
                    word_order: 2,
                    normalize: false,
                });
            }
            _ => {}
        }
        let rest = name.strip_prefix("rouge").ok_or_else(bad)?;
        match rest {
            "L" => return Ok(Metric::L),
            "Lsum" => return Ok(Metric::Lsum),
            "W" => return Ok(Metric::W(1.2)),
            _ => {}
        }
        if let Some(w) = rest.strip_prefix("W-") {
            let w: f64 = w.parse().map_err(|_| bad())?;
            if !(1.0..=10.0).contains(&w) {
                return Err(Error::Options(format!(
                    "ROUGE-W weight must be between 1 and 10, got {w}"
                )));
            }
            return Ok(Metric::W(w));
        }
        let (unigrams, gap) = if let Some(g) = rest.strip_prefix("SU") {
            (true, g)
        } else if let Some(g) = rest.strip_prefix('S') {
            (false, g)
        } else {
            let n: u8 = rest.parse().map_err(|_| bad())?;
            if !(1..=9).contains(&n) || rest.len() != 1 {
                return Err(bad());
            }
            return Ok(Metric::N(n));
        };
        let gap = match gap {
            "*" => None,
            g if !g.is_empty() && g.bytes().all(|b| b.is_ascii_digit()) => {
                Some(g.parse().map_err(|_| bad())?)
            }
            _ => return Err(bad()),
        };
        Ok(Metric::S { gap, unigrams })
    }
}

/// Precision, recall and F of one example for one metric, each in [0, 1].
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Prf {
    pub precision: f64,
    pub recall: f64,
    pub fmeasure: f64,
}

/// Raw counts of one metric against one reference: `hit` over `candidate` gives precision,
/// over `reference` recall. For ROUGE-W the counts are weighted and `inverse` undoes the
/// weighting (x^(1/w)); `select` is ROUGE-1.5.5's per-reference score used by `best-recall`.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Counts {
    pub hit: f64,
    pub candidate: f64,
    pub reference: f64,
    pub inverse: Option<f64>,
    pub select: f64,
}

impl Counts {
    fn plain(hit: usize, candidate: usize, reference: usize) -> Counts {
        let recall = if reference > 0 {
            hit as f64 / reference as f64
        } else {
            0.0
        };
        Counts {
            hit: hit as f64,
            candidate: candidate as f64,
            reference: reference as f64,
            inverse: None,
            select: recall,
        }
    }

    /// Precision, recall and F with `alpha` weighting (0.5 = F1).
    pub fn prf(&self, alpha: f64) -> Prf {
        let ratio = |den: f64| {
            if den > 0.0 {
                let x = self.hit / den;
                match self.inverse {
                    Some(w) => x.powf(1.0 / w),
                    None => x,
                }
            } else {
                0.0
            }
        };
        let precision = ratio(self.candidate);
        let recall = ratio(self.reference);
        Prf {
            precision,
            recall,
            fmeasure: fmeasure(precision, recall, alpha),
        }
    }
}

/// F = P·R / ((1−α)·P + α·R); for α = 0.5 computed as rouge-score does (2PR / (P+R)) so that
/// results are bit-identical to it.
pub fn fmeasure(precision: f64, recall: f64, alpha: f64) -> f64 {
    if alpha == 0.5 {
        if precision + recall > 0.0 {
            2.0 * precision * recall / (precision + recall)
        } else {
            0.0
        }
    } else {
        let den = (1.0 - alpha) * precision + alpha * recall;
        if den > 0.0 {
            precision * recall / den
        } else {
            0.0
        }
    }
}

/// Options that decide how a pair is scored.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreOptions {
    pub metrics: Vec<Metric>,
    pub refs: RefMode,
    pub alpha: f64,
    /// Reproduce ROUGE-1.5.5's ROUGE-W and ROUGE-SU quirks.
    pub perl_compat: bool,
    /// The language every candidate is expected in, for examples without a `lang` (langmatch).
    pub target_lang: Option<String>,
}

impl Default for ScoreOptions {
    fn default() -> Self {
        ScoreOptions {
            metrics: Metric::DEFAULT.to_vec(),
            refs: RefMode::Max,
            alpha: 0.5,
            perl_compat: false,
            target_lang: None,
        }
    }
}

/// Per-thread buffers reused across pairs.
#[derive(Debug, Default)]
pub struct Scratch {
    ngram: NgramScratch,
    lcs: LcsScratch,
    summary: SummaryScratch,
}

/// Scores a candidate against its references; one [`Prf`] per metric, in `options.metrics`
/// order. An empty candidate or reference scores 0, never NaN.
pub fn score(
    candidate: &Doc,
    references: &[Doc],
    options: &ScoreOptions,
    s: &mut Scratch,
) -> Vec<Prf> {
    score_with_counts(candidate, references, options, s)
        .into_iter()
        .map(|(prf, _)| prf)
        .collect()
}

/// Like [`score`], with the raw counts each score came from (the chosen reference's, or the
/// pooled sums; `None` for jackknife, which averages several).
pub fn score_with_counts(
    candidate: &Doc,
    references: &[Doc],
    options: &ScoreOptions,
    s: &mut Scratch,
) -> Vec<(Prf, Option<Counts>)> {
    score_with_lcs_texts(candidate, references, None, options, s)
}

/// [`score_with_counts`] where, with `perl_compat`, ROUGE-Lsum and ROUGE-W read their
/// sentences from other documents, `lcs` (candidate, references), while hits are clipped by
/// the unigram counts of `candidate`/`references` and precision counts `candidate`'s
/// tokens: ROUGE-1.5.5 under `-b` (see [`crate::text::limit`]).
pub fn score_with_lcs_texts(
    candidate: &Doc,
    references: &[Doc],
    lcs: Option<(&Doc, &[Doc])>,
    options: &ScoreOptions,
    s: &mut Scratch,
) -> Vec<(Prf, Option<Counts>)> {
    let per_metric: Vec<Vec<Counts>> = options
        .metrics
        .iter()
        .map(|&metric| {
            references
                .iter()
                .enumerate()
                .map(|(k, r)| {
                    let lcs = lcs
                        .filter(|_| options.perl_compat)
                        .map(|(c, rs)| (c, &rs[k]));
                    counts_with(metric, candidate, r, options.perl_compat, lcs, s)
                })
                .collect()
        })
        .collect();
    refs::combine_all(&per_metric, options.refs, options.alpha)
}

/// The raw counts of `metric` for one candidate/reference pair.
pub fn counts(
    metric: Metric,
    cand: &Doc,
    refr: &Doc,
    perl_compat: bool,
    s: &mut Scratch,
) -> Counts {
    counts_with(metric, cand, refr, perl_compat, None, s)
}

fn sentences(doc: &Doc) -> Vec<&[u32]> {
    doc.sentences().collect()
}

/// [`counts`]; `lcs`, when given (ROUGE-1.5.5 under `-b`), holds the documents ROUGE-Lsum and
/// perl-compat ROUGE-W read their sentences from, hits staying clipped by `cand`/`refr`.
fn counts_with(
    metric: Metric,
    cand: &Doc,
    refr: &Doc,
    perl_compat: bool,
    lcs: Option<(&Doc, &Doc)>,
    s: &mut Scratch,
) -> Counts {
    match metric {
        Metric::N(n) => {
            let (h, c, r) = ngram_overlap(&cand.tokens, &refr.tokens, n as usize, &mut s.ngram);
            let mut counts = Counts::plain(h, c, r);
            counts.select = perl_round5(counts.select);
            counts
        }
        Metric::L => {
            if cand.tokens.is_empty() || refr.tokens.is_empty() {
                return Counts::plain(0, cand.tokens.len(), refr.tokens.len());
            }
            let h = lcs_len(&cand.tokens, &refr.tokens, &mut s.lcs);
            Counts::plain(h, cand.tokens.len(), refr.tokens.len())
        }
        Metric::Lsum => {
            let (c, r) = (sentences(cand), sentences(refr));
            let other = lcs.map(|(lc, lr)| (sentences(lc), sentences(lr)));
            let (lc, lr) = other.as_ref().map_or((&c, &r), |(lc, lr)| (lc, lr));
            let (h, n, m) = union_lcs_clipped(lc, lr, (&c, &r), &mut s.summary);
            Counts::plain(h, n, m)
        }
        Metric::W(w) => {
            let f = |k: usize| (k as f64).powf(w);
            if perl_compat {
                let (c, r) = (sentences(cand), sentences(refr));
                let other = lcs.map(|(lc, lr)| (sentences(lc), sentences(lr)));
                let (lc, lr) = other.as_ref().map_or((&c, &r), |(lc, lr)| (lc, lr));
                let (hit, base) = weighted::perl_wlcs(lc, lr, (&c, &r), w, &mut s.summary);
                let select = if base > 0.0 {
                    (hit / base).powf(1.0 / w)
                } else {
                    0.0
                };
                Counts {
                    hit,
                    candidate: f(cand.tokens.len()),
                    reference: base.powf(w),
                    inverse: Some(w),
                    select,
                }
            } else {
                let hit = weighted::wlcs(&refr.tokens, &cand.tokens, w);
                let reference = f(refr.tokens.len());
                Counts {
                    hit,
                    candidate: f(cand.tokens.len()),
                    reference,
                    inverse: Some(w),
                    select: if reference > 0.0 {
                        (hit / reference).powf(1.0 / w)
                    } else {
                        0.0
                    },
                }
            }
        }
        // Filled in from the texts by the caller; no tokens decide it.
        Metric::LangMatch | Metric::CopySource | Metric::Chrf { .. } | Metric::Supplied { .. } => {
            Counts::plain(0, 0, 0)
        }
        Metric::S { gap, unigrams } => {
            let gap = gap.map(|g| g as usize);
            let c = skip_grams(&cand.tokens, gap, unigrams, perl_compat);
            let r = skip_grams(&refr.tokens, gap, unigrams, perl_compat);
            let (h, nc, nr) = key_overlap(&c, &r, &mut s.ngram);
            let mut counts = Counts::plain(h, nc, nr);
            counts.select = perl_round5(counts.select);
            counts
        }
    }
}

/// ROUGE-1.5.5 compares n-gram scores after `sprintf("%07.5f")`: `x` rounded to 5 decimals,
/// as the nearest `f64` to that decimal. Scores in [0, 1] away from a tie take the integer
/// count of 10⁻⁵ directly (`x · 10⁵` is within 10⁻¹⁰ of the exact product, and an integer over
/// 10⁵ divides correctly rounded to the decimal's nearest `f64`); anything else is formatted.
fn perl_round5(x: f64) -> f64 {
    let scaled = x * 1e5;
    let whole = scaled.round();
    if (0.0..=1.0).contains(&x) && (scaled - whole).abs() < 0.499_999 {
        return whole / 1e5;
    }
    format!("{x:.5}").parse().unwrap_or(x)
}

/// The scores of one example, one [`Prf`] per metric in the configured order.
#[derive(Debug, Clone, PartialEq)]
pub struct ExampleScores {
    pub scores: Vec<Prf>,
    /// Raw counts behind each score (see [`crate::metrics::score_with_counts`]).
    pub counts: Vec<Option<Counts>>,
    pub empty_candidate: bool,
    pub empty_references: usize,
    /// True when the candidate or a reference has more than one sentence.
    pub multi_sentence: bool,
    /// The language the candidate reads as, with the share of the evidence for it, when
    /// langmatch is asked for.
    pub detected: Option<(Option<&'static str>, f64)>,
    /// The statistics of the chrF metrics (sacreBLEU's per order `[hypothesis, reference,
    /// matches]`), flattened in metric order: the micro columns of chrF ([`micro`]).
    pub chrf: Vec<f64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn perl_round5_is_the_formatted_and_parsed_score() {
        let by_format = |x: f64| -> f64 { format!("{x:.5}").parse().unwrap_or(x) };
        let mut seed = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        for _ in 0..200_000 {
            let x = (next() >> 11) as f64 / (1u64 << 53) as f64;
            assert_eq!(perl_round5(x).to_bits(), by_format(x).to_bits(), "{x}");
        }
        for d in 1..=400u32 {
            for h in 0..=d {
                let x = h as f64 / d as f64;
                assert_eq!(perl_round5(x).to_bits(), by_format(x).to_bits(), "{h}/{d}");
            }
        }
        for x in [
            0.0,
            1.0,
            0.000_005,
            0.123_455,
            0.5,
            0.999_995,
            2.5,
            f64::NAN,
        ] {
            assert_eq!(perl_round5(x).to_bits(), by_format(x).to_bits(), "{x}");
        }
    }

    #[test]
    fn metric_names_round_trip() {
        for name in [
            "rouge1",
            "rouge9",
            "rougeL",
            "rougeLsum",
            "rougeW",
            "rougeW-1.5",
            "rougeS4",
            "rougeSU4",
            "rougeS*",
            "rougeSU*",
        ] {
            let m: Metric = name.parse().expect(name);
            assert_eq!(m.to_string(), name);
        }
        for bad in [
            "rouge0",
            "rouge10",
            "rougeX",
            "bleu",
            "rougeS",
            "rougeW-0.5",
            "rougeSUx",
        ] {
            assert!(bad.parse::<Metric>().is_err(), "{bad}");
        }
    }

    #[test]
    fn alpha_one_is_precision_and_zero_is_recall() {
        assert_eq!(fmeasure(0.5, 1.0, 0.5), 2.0 / 3.0);
        assert_eq!(fmeasure(0.5, 1.0, 1.0), 0.5);
        assert_eq!(fmeasure(0.5, 1.0, 0.0), 1.0);
        assert_eq!(fmeasure(0.0, 0.0, 0.3), 0.0);
    }
}
