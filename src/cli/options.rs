//! Tokenizer flags shared by every subcommand that reads text.

use anyhow::{Context, Result};
use clap::{Args, ValueEnum};
use std::path::PathBuf;
use tomtat::text::Lexicon;
use tomtat::{Profile, Tokenizer, TokenizerOptions, ToneStyle, Units};

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
}

impl From<ProfileArg> for Profile {
    fn from(p: ProfileArg) -> Profile {
        match p {
            ProfileArg::Vi => Profile::ViV1,
            ProfileArg::En => Profile::EnV1,
            ProfileArg::Unicode => Profile::UnicodeV1,
            ProfileArg::RougeScore => Profile::RougeScore,
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
    /// Porter-stem tokens longer than 3 characters, like NLTK's default [en-v1, rouge-score]
    #[arg(long)]
    pub stem: bool,
    /// Remove these words (one or more per line, # comments)
    #[arg(long, value_name = "FILE")]
    pub stopwords: Option<PathBuf>,
    /// Map spelling variants to one form (TSV: variant<TAB>canonical)
    #[arg(long, value_name = "FILE")]
    pub aliases: Option<PathBuf>,
}

impl TokenizerArgs {
    /// Builds the tokenizer for `profile`, loading stopword and alias files through its own
    /// normalization.
    pub fn tokenizer(&self, profile: Profile) -> Result<Tokenizer> {
        if profile != Profile::ViV1 && self.tone_style.is_some() {
            anyhow::bail!("--tone-style applies only to the vi-v1 profile, not {profile}");
        }
        let mut options = TokenizerOptions {
            tone_style: match self.tone_style {
                Some(ToneStyleArg::Old) => ToneStyle::Old,
                Some(ToneStyleArg::Keep) => ToneStyle::Keep,
                Some(ToneStyleArg::New) | None => ToneStyle::New,
            },
            fold_diacritics: self.fold_diacritics,
            units: match self.units {
                Some(UnitsArg::Words) => Units::Words,
                Some(UnitsArg::Syllables) | None => Units::Syllables,
            },
            stem: self.stem,
            stopwords: None,
            aliases: None,
        };
        let base = Tokenizer::new(profile, options.clone())?;
        if let Some(path) = &self.aliases {
            options.aliases =
                Some(Lexicon::aliases_from_file(path, &base).context("cannot load --aliases")?);
        }
        if let Some(path) = &self.stopwords {
            let with_aliases = Tokenizer::new(profile, options.clone())?;
            options.stopwords = Some(
                Lexicon::stopwords_from_file(path, &with_aliases)
                    .context("cannot load --stopwords")?,
            );
        }
        Ok(Tokenizer::new(profile, options)?)
    }
}
