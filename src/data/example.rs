//! What scoring reads of one example, wherever its texts are held.

use super::Pair;
use std::borrow::Cow;

/// One example's texts, read in place: an owned [`Pair`] (the CLI's readers), or strings a
/// caller holds (Python's `str` objects) that scoring borrows instead of copying.
pub trait Example: Sync {
    /// A reference text: `String` for a [`Pair`], `&str` for borrowed texts.
    type Text: AsRef<str> + Sync;

    /// The id that warnings name.
    fn id(&self) -> Cow<'_, str>;
    fn candidate(&self) -> &str;
    fn references(&self) -> &[Self::Text];
    /// The row's language, when the input gives one.
    fn lang(&self) -> Option<&str> {
        None
    }
    /// The text the candidate summarizes, when the input gives it.
    fn source(&self) -> Option<&str> {
        None
    }
    /// Supplied scores, one per supplied metric in the run's order.
    fn scores(&self) -> &[f64] {
        &[]
    }
}

impl Example for Pair {
    type Text = String;

    fn id(&self) -> Cow<'_, str> {
        Cow::Borrowed(&self.id)
    }
    fn candidate(&self) -> &str {
        &self.candidate
    }
    fn references(&self) -> &[String] {
        &self.references
    }
    fn lang(&self) -> Option<&str> {
        self.lang.as_deref()
    }
    fn source(&self) -> Option<&str> {
        self.source.as_deref()
    }
    fn scores(&self) -> &[f64] {
        &self.scores
    }
}

impl<E: Example> Example for &E {
    type Text = E::Text;

    fn id(&self) -> Cow<'_, str> {
        (*self).id()
    }
    fn candidate(&self) -> &str {
        (*self).candidate()
    }
    fn references(&self) -> &[E::Text] {
        (*self).references()
    }
    fn lang(&self) -> Option<&str> {
        (*self).lang()
    }
    fn source(&self) -> Option<&str> {
        (*self).source()
    }
    fn scores(&self) -> &[f64] {
        (*self).scores()
    }
}

/// An example of borrowed texts, named by its position (Python's batches, whose ids are
/// their positions).
#[derive(Debug, Clone)]
pub struct BorrowedPair<'a> {
    pub index: usize,
    pub candidate: &'a str,
    pub references: Vec<&'a str>,
}

impl<'a> Example for BorrowedPair<'a> {
    type Text = &'a str;

    fn id(&self) -> Cow<'_, str> {
        Cow::Owned(self.index.to_string())
    }
    fn candidate(&self) -> &str {
        self.candidate
    }
    fn references(&self) -> &[&'a str] {
        &self.references
    }
}

/// The bytes of text an example holds (its candidate, references and source).
pub fn text_bytes<E: Example>(example: &E) -> usize {
    example.candidate().len()
        + example
            .references()
            .iter()
            .map(|r| r.as_ref().len())
            .sum::<usize>()
        + example.source().map_or(0, str::len)
}
