//! Flags shared by subcommands: the tokenizer's, and every option that changes a score.

use anyhow::Result;
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use tomtat::metrics::RefMode;
use tomtat::options::{ScoringOptions, TokenizerSpec};
use tomtat::report::Bootstrap;
use tomtat::text::Stemmer;
use tomtat::text::limit::Limit;
use tomtat::{Profile, Tokenizer, ToneStyle, Units};

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ProfileArg {
    /// Vietnamese (NFC, invisible characters, look-alikes, tone placement, dotted words)
    #[value(name = "vi-v1", alias = "vi")]
    Vi,
    /// English (NFC, lowercase, letters and digits; --stem for Porter stemming)
    #[value(name = "en-v1", alias = "en")]
    En,
    /// Any language (NFKC, case folding, Unicode word boundaries, CJK ideographs one by one)
    #[value(name = "unicode-v1", alias = "unicode")]
    Unicode,
    /// Google rouge-score 0.1.2, bit for bit (keeps only a-z and 0-9: wrong for Vietnamese)
    #[value(name = "rouge-score")]
    RougeScore,
    /// The XL-Sum/CrossSum scorer (csebuetnlp's multilingual_rouge_scoring), bit for bit: no
    /// Unicode normalization; --stem is its use_stemmer, --xlsum-lang its lang
    #[value(name = "xlsum")]
    XlSum,
}

impl From<ProfileArg> for Profile {
    fn from(p: ProfileArg) -> Profile {
        match p {
            ProfileArg::Vi => Profile::ViV1,
            ProfileArg::En => Profile::EnV1,
            ProfileArg::Unicode => Profile::UnicodeV1,
            ProfileArg::RougeScore => Profile::RougeScore,
            ProfileArg::XlSum => Profile::XlSum,
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum ToneStyleArg {
    /// Mark on the first vowel of open oa/oe/uy: hòa, khỏe, thủy
    Old,
    /// Mark on the second vowel: hoà, khoẻ, thuỷ
    New,
    /// Leave the mark where the text put it
    Keep,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum UnitsArg {
    /// One token per syllable; "_" separates (sinh_viên → sinh viên)
    Syllables,
    /// Keep "_"-joined words of pre-segmented text as one token
    Words,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum StemmerArg {
    /// NLTK's PorterStemmer() default mode, as rouge-score (same as --stem)
    Porter,
    /// ROUGE-1.5.5's -m: WordNet 2.0 irregular forms, then Porter's original Perl stemmer
    Rouge155,
}

#[derive(Debug, Clone, Args)]
pub struct TokenizerArgs {
    /// Tokenizer profile [default: vi-v1 for tokenize; detected from the text for score]
    #[arg(long, value_enum)]
    pub profile: Option<ProfileArg>,
    /// Canonical tone-mark placement in open oa/oe/uy syllables [vi-v1; default: new]
    #[arg(long, value_enum)]
    pub tone_style: Option<ToneStyleArg>,
    /// Strip all diacritics and map đ to d [vi-v1]
    #[arg(long)]
    pub fold_diacritics: bool,
    /// Token units [vi-v1; default: syllables]
    #[arg(long, value_enum)]
    pub units: Option<UnitsArg>,
    /// Porter-stem tokens longer than 3 characters, like NLTK's default [en-v1, rouge-score;
    /// xlsum: the scorer's use_stemmer]
    #[arg(long)]
    pub stem: bool,
    /// The XL-Sum scorer's lang, e.g. vietnamese, english, bangla [xlsum; default: none]
    #[arg(long, value_name = "NAME")]
    pub xlsum_lang: Option<String>,
    /// Stem tokens longer than 3 characters with this stemmer (implies --stem) [en-v1,
    /// rouge-score]
    #[arg(long, value_enum, value_name = "NAME")]
    pub stemmer: Option<StemmerArg>,
    /// Remove these words (one or more per line, # comments)
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,
    /// Map spelling variants to one form (TSV: variant<TAB>canonical)
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,
}

impl TokenizerArgs {
    /// The library's description of these flags.
    pub fn spec(&self) -> TokenizerSpec {
        TokenizerSpec {
            tone_style: self.tone_style.map(|t| match t {
                ToneStyleArg::Old => ToneStyle::Old,
                ToneStyleArg::New => ToneStyle::New,
                ToneStyleArg::Keep => ToneStyle::Keep,
            }),
            fold_diacritics: self.fold_diacritics,
            units: self.units.map(|u| match u {
                UnitsArg::Syllables => Units::Syllables,
                UnitsArg::Words => Units::Words,
            }),
            stem: self.stem || self.stemmer.is_some(),
            stemmer: match self.stemmer {
                Some(StemmerArg::Rouge155) => Stemmer::Rouge155,
                Some(StemmerArg::Porter) | None => Stemmer::Porter,
            },
            stopwords: self.stopwords.clone(),
            aliases: self.aliases.clone(),
            perl_stopwords: false,
            xlsum_lang: self.xlsum_lang.clone(),
        }
    }

    /// Builds the tokenizer for `profile` (see [`TokenizerSpec::build`]).
    pub fn tokenizer(&self, profile: Profile) -> Result<Tokenizer> {
        Ok(self.spec().build(profile)?)
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum RefsArg {
    /// Per metric, the reference with the best F (rouge-score score_multi)
    Max,
    /// ROUGE-1.5.5 -f A: hits and counts summed over references
    Pool,
    /// ROUGE-1.5.5 -f B: the reference with the best recall
    BestRecall,
    /// Mean of the max score over the leave-one-out reference subsets
    Jackknife,
    /// torchmetrics <= 1.5.2 accumulate="best" (1.6.0 and later is max): the reference with
    /// the best F of the first metric scores every metric
    BestFirst,
    /// torchmetrics accumulate="avg": precision, recall and F each averaged over the references
    Avg,
}

/// Where sentences end.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum SentencesArg {
    /// One sentence a line (VietNews; rouge-score and ROUGE-1.5.5 read rougeLsum so)
    Lines,
    /// The rule-based splitter (Vietnamese abbreviations, decimals, `_`-joined initials)
    Split,
}

impl SentencesArg {
    pub fn units(self) -> tomtat::run::SentenceUnits {
        match self {
            SentencesArg::Lines => tomtat::run::SentenceUnits::Lines,
            SentencesArg::Split => tomtat::run::SentenceUnits::Split,
        }
    }
}

/// Every option that changes a score, shared by `score` and `signature`.
#[derive(Debug, Clone, Args)]
pub struct ScoringArgs {
    #[command(flatten)]
    pub tokenizer: TokenizerArgs,
    /// Where sentences end, for rougeLsum, baselines and `dataset stats` [default: the data
    /// set's own choice (dataset.json), else lines for rougeLsum and split for baselines]
    #[arg(long, value_enum, value_name = "UNITS")]
    pub sentences: Option<SentencesArg>,
    /// The same as --sentences split (kept for scripts)
    #[arg(long, conflicts_with = "sentences")]
    pub split_sentences: bool,
    /// Comma-separated metrics: rouge1..rouge9, rougeL, rougeLsum, rougeW, rougeW-1.5,
    /// rougeS4, rougeSU4, rougeS*, rougeSU*, langmatch (1 when the candidate is written in its
    /// expected language, else 0) and copysource (1 when it repeats 10 tokens of its source)
    #[arg(long, default_value = "rouge1,rouge2,rougeL,rougeLsum")]
    pub metrics: String,
    /// With langmatch: the language (vi, en) candidates are expected in where a row has no lang
    #[arg(long, value_name = "CODE")]
    pub target_lang: Option<String>,
    /// How several references combine
    #[arg(long, value_enum, default_value = "max")]
    pub refs: RefsArg,
    /// F = P·R / ((1−α)·P + α·R), as ROUGE-1.5.5's -p; 0.5 is F1 (not compare's --alpha,
    /// which is a significance level)
    #[arg(long, default_value_t = 0.5, allow_negative_numbers = true)]
    pub alpha: f64,
    /// Reproduce ROUGE-1.5.5's ROUGE-W (double-weighted recall) and ROUGE-SU (last unigram),
    /// and its stop-word matching (whole lines of --stopwords, before stemming)
    #[arg(long)]
    pub perl_compat: bool,
    /// Score only the first N words of every text, as ROUGE-1.5.5's -l N
    #[arg(long, value_name = "N", conflicts_with = "limit_bytes", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit_words: Option<u32>,
    /// Score only the first N bytes of every text, as ROUGE-1.5.5's -b N
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub limit_bytes: Option<u32>,
    /// Bootstrap resamples for confidence intervals (0 = off)
    #[arg(long, default_value_t = 1000, allow_negative_numbers = true)]
    pub bootstrap: usize,
    /// chrF/chrF++: read the texts after Vietnamese normalization (NFC, tone placement,
    /// look-alikes, lowercase) instead of exactly as sacreBLEU does
    #[arg(long)]
    pub chrf_normalize: bool,
    /// A numeric field (column) of --pairs holding a score of each example from elsewhere (an
    /// LLM judge, BERTScore, a human rating): a metric of the run named extra:NAME, on its own
    /// scale, with mean, interval and compare's paired tests like rouge1. Repeatable
    #[arg(long, value_name = "NAME")]
    pub score_field: Vec<String>,
    /// A --score-field for which lower is better (an error rate, a latency): compare counts a
    /// rise as a regression. Repeatable
    #[arg(long, value_name = "NAME")]
    pub lower_is_better: Vec<String>,
    /// Confidence level of the intervals [default: 0.95; with --bootstrap 0 it is refused]
    #[arg(long, allow_negative_numbers = true)]
    pub confidence: Option<f64>,
    /// Seed of the bootstrap and of the random-3 baseline (recorded in the signature)
    /// [default: 12345]
    #[arg(long)]
    pub seed: Option<u64>,
}

/// The confidence level of bootstrap intervals when `--confidence` is not given.
pub const DEFAULT_CONFIDENCE: f64 = 0.95;

/// The seed when `--seed` is not given.
pub const DEFAULT_SEED: u64 = 12345;

impl ScoringArgs {
    /// The seed of the bootstrap and of seeded baselines.
    pub fn seed(&self) -> u64 {
        self.seed.unwrap_or(DEFAULT_SEED)
    }

    /// Refuses `--confidence` without intervals to give it to (`--bootstrap 0`), and
    /// `--seed` with nothing to seed (`seeds_baseline`: a random-3 baseline uses it).
    pub fn refuse_unused(&self, seeds_baseline: bool) -> anyhow::Result<()> {
        if self.bootstrap == 0 && self.confidence.is_some() {
            anyhow::bail!(
                "--confidence works only with --bootstrap above 0; here it would do nothing"
            );
        }
        if self.bootstrap == 0 && self.seed.is_some() && !seeds_baseline {
            anyhow::bail!(
                "--seed works only with --bootstrap above 0 or the random-3 baseline; here it \
                 would do nothing"
            );
        }
        Ok(())
    }

    /// The library's description of these flags.
    pub fn options(&self) -> ScoringOptions {
        ScoringOptions {
            profile: self.tokenizer.profile.map(Profile::from),
            tokenizer: self.tokenizer.spec(),
            split_sentences: self.split_sentences,
            sentences: self.sentences.map(SentencesArg::units),
            metrics: self.metrics.clone(),
            refs: match self.refs {
                RefsArg::Max => RefMode::Max,
                RefsArg::Pool => RefMode::Pool,
                RefsArg::BestRecall => RefMode::BestRecall,
                RefsArg::Jackknife => RefMode::Jackknife,
                RefsArg::BestFirst => RefMode::BestFirst,
                RefsArg::Avg => RefMode::Avg,
            },
            alpha: self.alpha,
            perl_compat: self.perl_compat,
            limit: Limit::from_counts(
                self.limit_words.map(|n| n as usize),
                self.limit_bytes.map(|n| n as usize),
            ),
            bootstrap: Bootstrap {
                resamples: self.bootstrap,
                confidence: self.confidence.unwrap_or(DEFAULT_CONFIDENCE),
                seed: self.seed(),
            },
            target_lang: self.target_lang.clone(),
            chrf_normalize: self.chrf_normalize,
            score_fields: self.score_field.clone(),
            lower_is_better: self.lower_is_better.clone(),
        }
    }
}

/// The paired tests' flags, shared by `compare` and `leaderboard` so both run the same tests
/// with the same defaults (a leaderboard pair equals `compare A B` bit for bit).
#[derive(Debug, Clone, Copy, Args)]
pub struct PairedTestArgs {
    /// Approximate-randomization trials
    #[arg(long, default_value_t = 10_000)]
    pub trials: usize,
    /// Paired bootstrap resamples
    #[arg(long, default_value_t = 1000)]
    pub resamples: usize,
    /// Seed of both tests
    #[arg(long, default_value_t = 12345)]
    pub seed: u64,
}
