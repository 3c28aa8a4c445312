//! Stopword lists and alias tables, normalized with the same tokenizer as the texts so that
//! an entry matches whatever spelling, case or Unicode form the text uses.

use super::Tokenizer;
use crate::error::Error;
use crate::files::read_text;
use std::collections::HashMap;
use std::path::Path;

/// A set of normalized tokens (stopwords), or a map from variant to canonical token (aliases).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Lexicon {
    entries: HashMap<String, String>,
    /// First 8 hex digits of the SHA-256 of the source file, for signatures.
    digest: String,
}

fn digest_of(text: &str) -> String {
    use sha2::{Digest, Sha256};
    let hash = Sha256::digest(text.as_bytes());
    hash.iter().take(4).map(|b| format!("{b:02x}")).collect()
}

impl Lexicon {
    /// Reads a stopword file: one or more words a line, each normalized like the text to
    /// exactly one token; blank lines and `#` comments skipped. A word that normalizes to
    /// several tokens (`won't`, `e.g.`) is an error naming the line: removing each of its
    /// pieces would remove words the list does not name (`won`).
    pub fn stopwords_from_file(path: &Path, tokenizer: &Tokenizer) -> Result<Self, Error> {
        let text = read_text(path)?;
        let mut entries = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            for word in line.split_whitespace() {
                let tokens = tokenizer.tokenize(word);
                if tokens.len() > 1 {
                    return Err(Error::Lexicon {
                        path: path.to_path_buf(),
                        line: i + 1,
                        message: format!(
                            "stop word '{word}' is {} tokens after normalization ({}); list \
                             single tokens (score --perl-compat reads each line as one word, \
                             like ROUGE-1.5.5)",
                            tokens.len(),
                            tokens.join(" ")
                        ),
                    });
                }
                for token in tokens {
                    entries.insert(token.clone(), token);
                }
            }
        }
        Ok(Lexicon {
            entries,
            digest: digest_of(&text),
        })
    }

    /// Reads a stopword file as ROUGE-1.5.5 does (`--perl-compat`): every line, without its
    /// line break, is one entry, matched exactly against tokens before stemming. An entry
    /// that is not a token as written (`won't`, `Mr.`) never matches.
    pub fn stopwords_verbatim(path: &Path) -> Result<Self, Error> {
        let text = read_text(path)?;
        let entries = text
            .split('\n')
            .map(|line| (line.to_string(), line.to_string()))
            .collect();
        Ok(Lexicon {
            entries,
            digest: digest_of(&text),
        })
    }

    /// Reads an alias table: `variant<TAB>canonical` a line, each side one token after
    /// normalization; blank lines and `#` comments skipped.
    pub fn aliases_from_file(path: &Path, tokenizer: &Tokenizer) -> Result<Self, Error> {
        let text = read_text(path)?;
        let mut entries = HashMap::new();
        for (i, line) in text.lines().enumerate() {
            let problem = |message: String| Error::Lexicon {
                path: path.to_path_buf(),
                line: i + 1,
                message,
            };
            if line.trim().is_empty() || line.trim_start().starts_with('#') {
                continue;
            }
            let Some((variant, canonical)) = line.split_once('\t') else {
                return Err(problem("expected variant<TAB>canonical".into()));
            };
            let one_token = |side: &str, what: &str| match tokenizer.tokenize(side).as_slice() {
                [token] => Ok(token.clone()),
                tokens => Err(problem(format!(
                    "the {what} '{}' must be one token after normalization, got {}",
                    side.trim(),
                    tokens.len()
                ))),
            };
            let variant = one_token(variant, "variant")?;
            let canonical = one_token(canonical, "canonical form")?;
            entries.insert(variant, canonical);
        }
        Ok(Lexicon {
            entries,
            digest: digest_of(&text),
        })
    }

    /// Short content hash recorded in signatures.
    pub fn digest(&self) -> &str {
        &self.digest
    }

    pub fn contains(&self, token: &str) -> bool {
        self.entries.contains_key(token)
    }

    pub fn alias(&self, token: &str) -> Option<&str> {
        self.entries.get(token).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.entries.len()
    }

    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }
}
