//! Text normalization and tokenizer profiles.
//!
//! A [`Profile`] names a frozen tokenization behaviour; a [`Tokenizer`] is a profile plus the
//! options that change tokens (recorded in every signature).

mod chars;
pub(crate) mod clean;
mod en;
pub mod language;
mod lexicon;
pub mod limit;
mod normalize;
pub mod porter;
pub mod rouge155_stem;
mod rouge_score;
mod sentences;
pub mod syllable;
mod unicode;
mod vi;
mod vi_scan;
pub mod xlsum;

pub use lexicon::Lexicon;
pub use normalize::normalize_text;
pub use sentences::{SentenceUnits, split_sentences};
pub use syllable::ToneStyle;
pub use vi::ViOptions;

use crate::error::Error;
use std::fmt;
use std::str::FromStr;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// A named, versioned tokenizer behaviour. The behaviour under a name never changes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Profile {
    /// Vietnamese: NFC, invisible characters, look-alikes, tone placement, dotted words.
    ViV1,
    /// English: NFC, Unicode lowercase, letters/digits, optional Porter stemming.
    EnV1,
    /// Any language: NFKC, case folding, Unicode word boundaries.
    UnicodeV1,
    /// Google rouge-score 0.1.2's tokenizer, for reproducing published numbers.
    RougeScore,
    /// csebuetnlp's multilingual_rouge_scoring (the XL-Sum/CrossSum scorer), for reproducing
    /// the numbers the cross-lingual field publishes.
    XlSum,
}

impl Profile {
    pub const ALL: [Profile; 5] = [
        Profile::ViV1,
        Profile::EnV1,
        Profile::UnicodeV1,
        Profile::RougeScore,
        Profile::XlSum,
    ];

    /// The canonical name used in signatures.
    pub fn name(self) -> &'static str {
        match self {
            Profile::ViV1 => "vi-v1",
            Profile::EnV1 => "en-v1",
            Profile::UnicodeV1 => "unicode-v1",
            Profile::RougeScore => "rouge-score",
            Profile::XlSum => "xlsum",
        }
    }
}

impl fmt::Display for Profile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Profile {
    type Err = Error;
    fn from_str(s: &str) -> Result<Self, Error> {
        match s {
            "vi-v1" | "vi" => Ok(Profile::ViV1),
            "en-v1" | "en" => Ok(Profile::EnV1),
            "unicode-v1" | "unicode" => Ok(Profile::UnicodeV1),
            "rouge-score" => Ok(Profile::RougeScore),
            "xlsum" => Ok(Profile::XlSum),
            other => Err(Error::Options(format!(
                "unknown profile '{other}' (expected vi-v1, en-v1, unicode-v1, rouge-score or xlsum)"
            ))),
        }
    }
}

/// What one token is for `vi-v1`: a syllable, or a `_`-joined word of pre-segmented text.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Units {
    #[default]
    Syllables,
    Words,
}

/// Which stemmer `stem` runs (en-v1 and rouge-score profiles).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Stemmer {
    /// NLTK's `PorterStemmer()` in its default mode, as rouge-score uses.
    #[default]
    Porter,
    /// ROUGE-1.5.5's `-m`: WordNet 2.0 irregular forms, then Porter's own Perl stemmer.
    Rouge155,
}

impl Stemmer {
    /// The stem of one token.
    pub fn stem(self, word: &str) -> String {
        match self {
            Stemmer::Porter => porter::stem(word),
            Stemmer::Rouge155 => rouge155_stem::stem(word),
        }
    }

    /// Emits `token` stemmed when it is longer than 3 characters, as it is otherwise: the rule
    /// of rouge-score and of ROUGE-1.5.5.
    pub fn emit_stemmed(self, token: &str, emit: &mut dyn FnMut(&str)) {
        if token.chars().count() > 3 {
            emit(&self.stem(token));
        } else {
            emit(token);
        }
    }
}

/// Every option that changes tokens. Options that a profile does not use are rejected by
/// [`Tokenizer::new`] rather than silently ignored.
#[derive(Debug, Clone, Default)]
pub struct TokenizerOptions {
    pub tone_style: ToneStyle,
    pub fold_diacritics: bool,
    pub units: Units,
    pub stem: bool,
    /// The stemmer `stem` runs.
    pub stemmer: Stemmer,
    /// Remove stop words before stemming (ROUGE-1.5.5's order) instead of after.
    pub stop_before_stem: bool,
    /// Tokens removed after normalization.
    pub stopwords: Option<Lexicon>,
    /// The XL-Sum scorer's `lang` (its name for the language, renamed as it renames it); only
    /// for the xlsum profile.
    pub xlsum_lang: Option<String>,
    /// Spelling variants mapped to one form after normalization.
    pub aliases: Option<Lexicon>,
}

/// A profile with its options, ready to tokenize any number of texts.
#[derive(Debug, Clone)]
pub struct Tokenizer {
    profile: Profile,
    options: TokenizerOptions,
    /// Unique per construction (clones share it, as they share options).
    identity: u64,
}

fn next_identity() -> u64 {
    static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
    NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
}

impl Tokenizer {
    /// Checks that every option applies to `profile`.
    pub fn new(profile: Profile, options: TokenizerOptions) -> Result<Self, Error> {
        let vi_only = [
            (options.fold_diacritics, "--fold-diacritics"),
            (options.units == Units::Words, "--units words"),
        ];
        if profile != Profile::ViV1
            && let Some((_, flag)) = vi_only.iter().find(|(on, _)| *on)
        {
            return Err(Error::Options(format!(
                "{flag} applies only to the vi-v1 profile, not {profile}"
            )));
        }
        if options.stem
            && !matches!(
                profile,
                Profile::EnV1 | Profile::RougeScore | Profile::XlSum
            )
        {
            return Err(Error::Options(format!(
                "--stem applies only to the en-v1, rouge-score and xlsum profiles, not {profile}"
            )));
        }
        if profile != Profile::XlSum && options.xlsum_lang.is_some() {
            return Err(Error::Options(format!(
                "--xlsum-lang applies only to the xlsum profile, not {profile}"
            )));
        }
        let mut options = options;
        if profile == Profile::XlSum {
            if let Some(lang) = &options.xlsum_lang {
                options.xlsum_lang = Some(xlsum::language(lang)?);
            }
            if options.stem && options.stemmer != Stemmer::Porter {
                return Err(Error::Options(
                    "--stemmer rouge155 does not apply to the xlsum profile (its stemmer follows \
                     --xlsum-lang)"
                        .into(),
                ));
            }
            // The scorer's stemmer follows its language; with none for the language, use_stemmer
            // changes nothing, and the signature says so.
            if options.stem && xlsum::stemmer(options.xlsum_lang.as_deref())?.is_none() {
                options.stem = false;
            }
        }
        Ok(Tokenizer {
            profile,
            options,
            identity: next_identity(),
        })
    }

    /// The stemmer to run, if `stem` is on.
    fn stemmer(&self) -> Option<Stemmer> {
        self.options.stem.then_some(self.options.stemmer)
    }

    /// A tokenizer with the profile's defaults.
    pub fn with_defaults(profile: Profile) -> Self {
        Tokenizer {
            profile,
            options: TokenizerOptions::default(),
            identity: next_identity(),
        }
    }

    pub fn profile(&self) -> Profile {
        self.profile
    }

    pub fn options(&self) -> &TokenizerOptions {
        &self.options
    }

    /// Normalizes a single word the way the profile would, before aliases and stopwords,
    /// stemming with `stemmer` (en-v1 and rouge-score).
    fn base_tokens(
        &self,
        text: &str,
        stemmer: Option<Stemmer>,
        path: xlsum::Path,
        emit: &mut dyn FnMut(&str),
    ) {
        match self.profile {
            Profile::ViV1 => {
                let opts = ViOptions {
                    tone_style: self.options.tone_style,
                    fold_diacritics: self.options.fold_diacritics,
                    units: self.options.units,
                };
                vi::tokenize(text, &opts, emit)
            }
            Profile::EnV1 => en::tokenize(text, stemmer, emit),
            Profile::UnicodeV1 => unicode::tokenize(text, emit),
            Profile::RougeScore => rouge_score::tokenize(text, stemmer, emit),
            Profile::XlSum => xlsum::tokenize(text, path, stemmer, emit),
        }
    }

    /// True when rougeLsum's sentences are tokenized apart from the text, by another path
    /// ([`Tokenizer::tokenize_sentence_with`]): the XL-Sum scorer's.
    pub fn sentences_apart(&self) -> bool {
        self.profile == Profile::XlSum
    }

    /// Calls `emit` with each token of `text`, in order, without collecting them.
    pub fn tokenize_with(&self, text: &str, emit: &mut dyn FnMut(&str)) {
        self.tokenize_on(text, xlsum::Path::Full, emit)
    }

    /// Calls `emit` with each token of one rougeLsum sentence: [`Tokenizer::tokenize_with`],
    /// but for xlsum the scorer's sentence path (its sanitizer alone).
    pub fn tokenize_sentence_with(&self, text: &str, emit: &mut dyn FnMut(&str)) {
        self.tokenize_on(text, xlsum::Path::Lines, emit)
    }

    fn tokenize_on(&self, text: &str, path: xlsum::Path, emit: &mut dyn FnMut(&str)) {
        let (aliases, stopwords) = (&self.options.aliases, &self.options.stopwords);
        if aliases.is_none() && stopwords.is_none() {
            return self.base_tokens(text, self.stemmer(), path, emit);
        }
        // Stemming happens in the profile's tokenizer, unless stop words are to be matched
        // before it (ROUGE-1.5.5's order): then it happens last.
        let stem_last = self.stemmer().filter(|_| self.options.stop_before_stem);
        let in_profile = self.stemmer().filter(|_| stem_last.is_none());
        self.base_tokens(text, in_profile, path, &mut |token| {
            let token = aliases
                .as_ref()
                .and_then(|a| a.alias(token))
                .unwrap_or(token);
            if stopwords.as_ref().is_some_and(|s| s.contains(token)) {
                return;
            }
            match stem_last {
                Some(stemmer) => stemmer.emit_stemmed(token, emit),
                None => emit(token),
            }
        });
    }

    /// Tokenizes word by word for a caller that caches tokens by word (see [`Doc::build`]):
    /// `known(word)` is asked first for each word and, when it returns false, that word's
    /// tokens (after aliases and stop words) go to `emit`. Only `vi-v1` tokens depend on the
    /// word alone; for the other profiles this returns false and calls neither.
    ///
    /// [`Doc::build`]: crate::metrics::Doc::build
    pub fn tokenize_words(
        &self,
        text: &str,
        known: &mut dyn FnMut(&str) -> bool,
        emit: &mut dyn FnMut(&str),
    ) -> bool {
        if self.profile != Profile::ViV1 {
            return false;
        }
        let opts = ViOptions {
            tone_style: self.options.tone_style,
            fold_diacritics: self.options.fold_diacritics,
            units: self.options.units,
        };
        let (aliases, stopwords) = (&self.options.aliases, &self.options.stopwords);
        if aliases.is_none() && stopwords.is_none() {
            vi::tokenize_words(text, &opts, known, emit);
        } else {
            vi::tokenize_words(text, &opts, known, &mut |token| {
                let token = aliases
                    .as_ref()
                    .and_then(|a| a.alias(token))
                    .unwrap_or(token);
                if !stopwords.as_ref().is_some_and(|s| s.contains(token)) {
                    emit(token);
                }
            });
        }
        true
    }

    /// Calls `word` with each word of `text`, as [`Tokenizer::tokenize_words`] would ask
    /// `known`, when this tokenizer tokenizes by word and `text` is in the common form that
    /// preparing leaves unchanged; returns false otherwise, possibly after some words (each
    /// still a word whose tokens depend on it alone), and the caller takes the general path.
    pub fn scan_words(&self, text: &str, word: impl FnMut(&str)) -> bool {
        self.profile == Profile::ViV1 && vi_scan::scan_words(text, self.options.units, word)
    }

    /// A number that differs between tokenizers whose options differ, so that a cache of
    /// tokens by word can tell whether it was filled by this one.
    pub fn identity(&self) -> u64 {
        self.identity
    }

    /// The tokens of `text`, in order.
    pub fn tokenize(&self, text: &str) -> Vec<String> {
        let mut out = Vec::new();
        self.tokenize_with(text, &mut |t| out.push(t.to_string()));
        out
    }
}

pub(crate) use chars::is_word_char;

/// Strips every diacritic and maps đ to d (for comparing against unaccented text).
pub(crate) fn fold_diacritics(token: &str) -> String {
    if token.is_ascii() {
        return token.to_string();
    }
    token
        .nfd()
        .filter(|c| !is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            _ => c,
        })
        .nfc()
        .collect()
}

/// True when `text` reads as Vietnamese: it has a letter that only Vietnamese uses (đ, ă, ơ,
/// ư, a hook or dot-below tone, a tone on â/ê/ô, or a tilde on e/i/u/y), or a toned word and
/// at least four words in five that are valid Vietnamese syllables ("hoà bình"). That is the
/// sign that an ASCII-only tokenizer will mangle it. French or Spanish text ("café crème",
/// "à la maison de mon père") does not count. NFD text counts as its NFC form.
pub fn looks_vietnamese(text: &str) -> bool {
    if text.is_ascii() {
        return false;
    }
    let composed: std::borrow::Cow<'_, str> = if text.chars().any(is_combining_mark) {
        text.nfc().collect::<String>().into()
    } else {
        text.into()
    };
    vietnamese_only_letter(&composed) || mostly_toned_syllables(&composed)
}

fn vietnamese_only_letter(text: &str) -> bool {
    use syllable::Tone;
    text.chars().filter(|c| !c.is_ascii()).any(|c| {
        c.to_lowercase().any(|l| {
            let (base, tone) = syllable::split_tone(l);
            l == 'đ'
                || "ăơư".contains(base)
                || matches!(tone, Tone::Hook | Tone::Dot)
                || (tone != Tone::Level && "âêô".contains(base))
                || (tone == Tone::Tilde && "eiuy".contains(base))
        })
    })
}

fn mostly_toned_syllables(text: &str) -> bool {
    let (mut words, mut syllables, mut toned) = (0usize, 0usize, 0usize);
    for word in text
        .split(|c: char| !c.is_alphabetic())
        .filter(|w| !w.is_empty())
    {
        words += 1;
        let lower: String = word.chars().flat_map(char::to_lowercase).collect();
        if syllable::is_syllable(&lower) {
            syllables += 1;
            toned += usize::from(!lower.is_ascii());
        }
    }
    toned > 0 && syllables * 5 >= words * 4
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn profile_names_round_trip() {
        for p in Profile::ALL {
            assert_eq!(p.name().parse::<Profile>().ok(), Some(p));
        }
        assert_eq!("vi".parse::<Profile>().ok(), Some(Profile::ViV1));
        assert!("xx".parse::<Profile>().is_err());
    }

    #[test]
    fn rejects_options_of_other_profiles() {
        let fold = TokenizerOptions {
            fold_diacritics: true,
            ..Default::default()
        };
        assert!(Tokenizer::new(Profile::EnV1, fold).is_err());
        let stem = TokenizerOptions {
            stem: true,
            ..Default::default()
        };
        assert!(Tokenizer::new(Profile::ViV1, stem.clone()).is_err());
        assert!(Tokenizer::new(Profile::RougeScore, stem).is_ok());
    }

    #[test]
    fn detects_vietnamese() {
        assert!(looks_vietnamese("đàm phán"));
        assert!(looks_vietnamese("THỦY"));
        assert!(!looks_vietnamese("café crème"));
        assert!(!looks_vietnamese("plain text"));
        // Only letters French also has, but every word a Vietnamese syllable.
        assert!(looks_vietnamese("hoà bình"));
        assert!(looks_vietnamese("Hòa bình và tình yêu"));
        assert!(looks_vietnamese("hoa\u{300} bi\u{300}nh"));
        assert!(!looks_vietnamese("à la maison de mon père"));
        assert!(!looks_vietnamese("José likes the café"));
    }

    #[test]
    fn unicode_profile_splits_ideographs_and_folds_case() {
        let t = Tokenizer::with_defaults(Profile::UnicodeV1);
        assert_eq!(
            t.tokenize("Straße 東京タワー"),
            ["strasse", "東", "京", "タワー"]
        );
    }

    #[test]
    fn rouge_score_profile_drops_non_ascii() {
        let t = Tokenizer::with_defaults(Profile::RougeScore);
        assert_eq!(t.tokenize("đàm phán"), ["m", "ph", "n"]);
    }
}
