//! The scoring keywords shared by every Python entry point, checked by the library's
//! [`crate::options`] with the CLI's messages.

use super::errors::to_py_err;
use crate::Profile;
use crate::options::{ScoringOptions, TokenizerSpec, parse_refs, parse_tone_style, parse_units};
use crate::report::Bootstrap;
use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use std::path::PathBuf;

pub(super) fn parse_profile(profile: &str) -> PyResult<Option<Profile>> {
    if profile == "auto" {
        return Ok(None);
    }
    profile.parse().map(Some).map_err(to_py_err)
}

/// The tokenizer keywords shared by every entry point.
#[derive(Clone, FromPyObject)]
#[pyo3(from_item_all)]
pub(super) struct TokenizerKw {
    tone_style: Option<String>,
    fold_diacritics: bool,
    units: Option<String>,
    stem: bool,
    stemmer: String,
    stopwords: Option<PathBuf>,
    aliases: Option<PathBuf>,
    xlsum_lang: Option<String>,
}

impl TokenizerKw {
    pub(super) fn spec(&self) -> PyResult<TokenizerSpec> {
        Ok(TokenizerSpec {
            tone_style: self
                .tone_style
                .as_deref()
                .map(parse_tone_style)
                .transpose()
                .map_err(to_py_err)?,
            fold_diacritics: self.fold_diacritics,
            units: self
                .units
                .as_deref()
                .map(parse_units)
                .transpose()
                .map_err(to_py_err)?,
            stem: self.stem || self.stemmer == "rouge155",
            stemmer: match self.stemmer.as_str() {
                "porter" => crate::text::Stemmer::Porter,
                "rouge155" => crate::text::Stemmer::Rouge155,
                other => {
                    return Err(PyValueError::new_err(format!(
                        "stemmer must be 'porter' or 'rouge155', got '{other}'"
                    )));
                }
            },
            stopwords: self.stopwords.clone(),
            aliases: self.aliases.clone(),
            perl_stopwords: false,
            xlsum_lang: self.xlsum_lang.clone(),
        })
    }
}

/// Every scoring keyword, as a dict built by the Python side.
#[derive(Clone, FromPyObject)]
#[pyo3(from_item_all)]
pub(super) struct ScoringKw {
    profile: String,
    metrics: Vec<String>,
    refs: String,
    alpha: f64,
    perl_compat: bool,
    limit_words: Option<usize>,
    limit_bytes: Option<usize>,
    split_sentences: bool,
    bootstrap: usize,
    confidence: f64,
    seed: u64,
    target_lang: Option<String>,
    chrf_normalize: bool,
    score_fields: Vec<String>,
    lower_is_better: Vec<String>,
    tokenizer: TokenizerKw,
}

impl ScoringKw {
    pub(super) fn options(&self) -> PyResult<ScoringOptions> {
        Ok(ScoringOptions {
            profile: parse_profile(&self.profile)?,
            tokenizer: self.tokenizer.spec()?,
            split_sentences: self.split_sentences,
            sentences: None,
            metrics: self.metrics.join(","),
            refs: parse_refs(&self.refs).map_err(to_py_err)?,
            alpha: self.alpha,
            perl_compat: self.perl_compat,
            limit: crate::text::limit::Limit::from_counts(self.limit_words, self.limit_bytes),
            bootstrap: Bootstrap {
                resamples: self.bootstrap,
                confidence: self.confidence,
                seed: self.seed,
            },
            target_lang: self.target_lang.clone(),
            chrf_normalize: self.chrf_normalize,
            score_fields: self.score_fields.clone(),
            lower_is_better: self.lower_is_better.clone(),
        })
    }
}
