//! Every option that changes a score, whatever front end set it (command-line flags or Python
//! keywords), checked in one place with one set of messages.

use crate::error::Error;
use crate::metrics::{Metric, RefMode, ScoreOptions};
use crate::stats::{Bootstrap, MAX_RESAMPLES};
use crate::text::limit::Limit;
use crate::text::{Lexicon, Stemmer};
use crate::{Profile, Tokenizer, TokenizerOptions, ToneStyle, Units};
use std::path::PathBuf;

pub use crate::text::SentenceUnits;

/// Everything that decides how pairs are scored.
#[derive(Debug, Clone)]
pub struct RunConfig {
    pub tokenizer: Tokenizer,
    pub sentences: SentenceUnits,
    pub score: ScoreOptions,
    /// ROUGE-1.5.5's `-l`/`-b`, applied to every text before tokenizing.
    pub limit: Option<Limit>,
}

/// What a tokenizer is built from, besides its profile. `None` means the profile's default.
#[derive(Debug, Clone, Default)]
pub struct TokenizerSpec {
    pub tone_style: Option<ToneStyle>,
    pub fold_diacritics: bool,
    pub units: Option<Units>,
    pub stem: bool,
    /// The stemmer `stem` runs (Porter unless given).
    pub stemmer: Stemmer,
    pub stopwords: Option<PathBuf>,
    pub aliases: Option<PathBuf>,
    /// Read `stopwords` as ROUGE-1.5.5 does (whole lines, removed before stemming); set by
    /// `--perl-compat`.
    pub perl_stopwords: bool,
    /// The XL-Sum scorer's `lang` (xlsum profile).
    pub xlsum_lang: Option<String>,
}

impl TokenizerSpec {
    /// Builds the tokenizer for `profile`, loading stopword and alias files through its own
    /// normalization. An option the profile does not use is an error.
    pub fn build(&self, profile: Profile) -> Result<Tokenizer, Error> {
        if profile != Profile::ViV1 && self.tone_style.is_some() {
            return Err(Error::Options(format!(
                "--tone-style applies only to the vi-v1 profile, not {profile}"
            )));
        }
        let mut options = TokenizerOptions {
            tone_style: self.tone_style.unwrap_or(ToneStyle::New),
            fold_diacritics: self.fold_diacritics,
            units: self.units.unwrap_or(Units::Syllables),
            stem: self.stem,
            stemmer: self.stemmer,
            stop_before_stem: false,
            stopwords: None,
            aliases: None,
            xlsum_lang: self.xlsum_lang.clone(),
        };
        let base = Tokenizer::new(profile, options.clone())?;
        if let Some(path) = &self.aliases {
            options.aliases = Some(
                Lexicon::aliases_from_file(path, &base)
                    .map_err(|e| Error::Options(format!("cannot load --aliases: {e}")))?,
            );
        }
        if let Some(path) = &self.stopwords {
            let with_aliases = Tokenizer::new(profile, options.clone())?;
            let lexicon = if self.perl_stopwords {
                options.stop_before_stem = true;
                Lexicon::stopwords_verbatim(path)
            } else {
                Lexicon::stopwords_from_file(path, &with_aliases)
            };
            options.stopwords =
                Some(lexicon.map_err(|e| Error::Options(format!("cannot load --stopwords: {e}")))?);
        }
        Tokenizer::new(profile, options)
    }
}

/// Every option of a scoring run. `profile: None` means "detect it from the text"
/// ([`crate::run::detect_profile`]).
#[derive(Debug, Clone)]
pub struct ScoringOptions {
    pub profile: Option<Profile>,
    pub tokenizer: TokenizerSpec,
    /// Sentence units for rougeLsum from the rule-based splitter instead of line breaks (the
    /// old spelling of `sentences: Some(Split)`).
    pub split_sentences: bool,
    /// Where sentences end, for rougeLsum, baselines and data set statistics; `None`: the data
    /// set's record, else lines for rougeLsum (and the splitter for baselines).
    pub sentences: Option<SentenceUnits>,
    /// Comma-separated metric names (see [`Metric::parse_list`]).
    pub metrics: String,
    pub refs: RefMode,
    pub alpha: f64,
    pub perl_compat: bool,
    /// ROUGE-1.5.5's `-l`/`-b` length limit.
    pub limit: Option<Limit>,
    pub bootstrap: Bootstrap,
    /// The language candidates are expected in where an example has no `lang` (langmatch).
    pub target_lang: Option<String>,
    /// chrF and chrF++ read the texts after Vietnamese normalization (`--chrf-normalize`).
    pub chrf_normalize: bool,
    /// Supplied per-example scores (`--score-field`), each a metric after the computed ones.
    pub score_fields: Vec<String>,
    /// The supplied scores for which lower is better (`--lower-is-better`).
    pub lower_is_better: Vec<String>,
}

impl Default for ScoringOptions {
    fn default() -> Self {
        ScoringOptions {
            profile: None,
            tokenizer: TokenizerSpec::default(),
            split_sentences: false,
            sentences: None,
            metrics: "rouge1,rouge2,rougeL,rougeLsum".into(),
            refs: RefMode::Max,
            alpha: 0.5,
            perl_compat: false,
            limit: None,
            bootstrap: Bootstrap {
                resamples: 1000,
                confidence: 0.95,
                seed: 12345,
            },
            target_lang: None,
            chrf_normalize: false,
            score_fields: Vec::new(),
            lower_is_better: Vec::new(),
        }
    }
}

impl ScoringOptions {
    /// Checks ranges and builds the score options.
    pub fn score_options(&self) -> Result<ScoreOptions, Error> {
        if !(0.0..=1.0).contains(&self.alpha) {
            return Err(Error::Options(format!(
                "--alpha must be between 0 and 1, got {}",
                self.alpha
            )));
        }
        if self.bootstrap.resamples > MAX_RESAMPLES {
            return Err(Error::Options(format!(
                "--bootstrap must be at most {}, got {}",
                MAX_RESAMPLES, self.bootstrap.resamples
            )));
        }
        let confidence = self.bootstrap.confidence;
        if !(confidence > 0.0 && confidence < 1.0) {
            return Err(Error::Options(format!(
                "--confidence must be between 0 and 1 (exclusive), got {confidence}"
            )));
        }
        let mut metrics = Metric::parse_list(&self.metrics)?;
        let mut chrf = false;
        for m in &mut metrics {
            if let Metric::Chrf { normalize, .. } = m {
                *normalize = self.chrf_normalize;
                chrf = true;
            }
        }
        if self.refs == RefMode::BestFirst
            && matches!(
                metrics.first(),
                Some(Metric::LangMatch | Metric::CopySource | Metric::Chrf { .. })
            )
        {
            return Err(Error::Options(
                "--refs best-first picks each example's reference by the first metric's F: list \
                 a ROUGE metric first"
                    .into(),
            ));
        }
        if self.chrf_normalize && !chrf {
            return Err(Error::Options(
                "--chrf-normalize applies only with the chrF or chrF++ metric".into(),
            ));
        }
        metrics.extend(self.supplied_metrics()?);
        let target_lang = match self.target_lang.as_deref() {
            Some(lang) => Some(crate::text::language::canonical_code(lang).ok_or_else(|| {
                Error::Options(format!(
                    "--target-lang '{lang}' is not a language langmatch can judge: use one \
                         of {} (or an ISO 639-3 or BCP 47 form of one, e.g. vie, vi-VN)",
                    crate::text::language::judged_codes().join(", ")
                ))
            })?),
            None => None,
        };
        if self.target_lang.is_some() && !metrics.contains(&Metric::LangMatch) {
            return Err(Error::Options(
                "--target-lang applies only with the langmatch metric".into(),
            ));
        }
        Ok(ScoreOptions {
            metrics,
            refs: self.refs,
            alpha: self.alpha,
            perl_compat: self.perl_compat,
            target_lang: target_lang.map(str::to_string),
        })
    }

    /// The supplied metrics, in the order of `score_fields`: names checked, none twice, and
    /// every `lower_is_better` name one of them.
    fn supplied_metrics(&self) -> Result<Vec<Metric>, Error> {
        let mut out: Vec<Metric> = Vec::new();
        for field in &self.score_fields {
            let name = crate::metrics::ScoreName::new(field)?;
            let metric = Metric::Supplied {
                name,
                lower: self.lower_is_better.contains(field),
            };
            if out
                .iter()
                .any(|m| matches!(m, Metric::Supplied { name: n, .. } if *n == name))
            {
                return Err(Error::Options(format!(
                    "--score-field {field} is given twice"
                )));
            }
            out.push(metric);
        }
        if let Some((_, twice)) = self
            .lower_is_better
            .iter()
            .enumerate()
            .find(|(i, n)| self.lower_is_better[..*i].contains(n))
        {
            return Err(Error::Options(format!(
                "--lower-is-better {twice} is given twice"
            )));
        }
        if let Some(stray) = self
            .lower_is_better
            .iter()
            .find(|n| !self.score_fields.contains(n))
        {
            return Err(Error::Options(format!(
                "--lower-is-better {stray} names no --score-field"
            )));
        }
        Ok(out)
    }

    /// The sentence units given (`sentences`, or `split_sentences`), if any.
    pub fn sentence_units(&self) -> Option<SentenceUnits> {
        self.sentences
            .or(self.split_sentences.then_some(SentenceUnits::Split))
    }

    /// The full configuration for one profile.
    pub fn run_config(&self, profile: Profile, score: &ScoreOptions) -> Result<RunConfig, Error> {
        let tokenizer = TokenizerSpec {
            perl_stopwords: self.perl_compat,
            ..self.tokenizer.clone()
        };
        Ok(RunConfig {
            tokenizer: tokenizer.build(profile)?,
            sentences: self.sentence_units().unwrap_or(SentenceUnits::Lines),
            score: score.clone(),
            limit: self.limit,
        })
    }
}

/// Looks `value` up among the names of `what`'s choices; the error lists them.
fn choose<T: Copy>(what: &str, value: &str, choices: &[(&str, T)]) -> Result<T, Error> {
    choices
        .iter()
        .find(|(name, _)| *name == value)
        .map(|(_, v)| *v)
        .ok_or_else(|| {
            let names: Vec<&str> = choices.iter().map(|(n, _)| *n).collect();
            Error::Options(format!(
                "unknown {what} '{value}' (expected {})",
                names.join(", ")
            ))
        })
}

/// `max`, `pool`, `best-recall`, `jackknife`, `best-first` or `avg`, as `--refs` names them.
pub fn parse_refs(value: &str) -> Result<RefMode, Error> {
    let modes = [
        RefMode::Max,
        RefMode::Pool,
        RefMode::BestRecall,
        RefMode::Jackknife,
        RefMode::BestFirst,
        RefMode::Avg,
    ];
    let choices: Vec<(&str, RefMode)> = modes.iter().map(|m| (m.name(), *m)).collect();
    choose("refs", value, &choices)
}

/// `old`, `new` or `keep`, as `--tone-style` names them.
pub fn parse_tone_style(value: &str) -> Result<ToneStyle, Error> {
    choose(
        "tone_style",
        value,
        &[
            ("old", ToneStyle::Old),
            ("new", ToneStyle::New),
            ("keep", ToneStyle::Keep),
        ],
    )
}

/// `syllables` or `words`, as `--units` names them.
pub fn parse_units(value: &str) -> Result<Units, Error> {
    choose(
        "units",
        value,
        &[("syllables", Units::Syllables), ("words", Units::Words)],
    )
}
