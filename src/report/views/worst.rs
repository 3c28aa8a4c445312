//! The examples that got worst in a compared metric, and one-line snippets of their texts, so
//! that a CI log (Markdown, JUnit) shows what changed where the run got worse.

use crate::report::run::runfile::RunExample;

/// How many examples a report names per regressed metric.
pub const WORST_LISTED: usize = 5;

/// Characters of each text a snippet keeps.
const SNIPPET_CHARS: usize = 60;

/// The indexes (into `deltas`) of the examples that got worse, worst first, ties by id.
pub fn worst_order(metric: &str, deltas: &[f64], ids: &[(String, Option<String>)]) -> Vec<usize> {
    let sign = if crate::report::lower_is_better(metric) {
        -1.0
    } else {
        1.0
    };
    let mut order: Vec<usize> = (0..deltas.len().min(ids.len()))
        .filter(|&i| sign * deltas[i] < 0.0)
        .collect();
    order.sort_by(|&a, &b| {
        (sign * deltas[a])
            .total_cmp(&(sign * deltas[b]))
            .then_with(|| ids[a].cmp(&ids[b]))
    });
    order
}

/// The base candidate, the new candidate and the first reference of one example, each on one
/// line and clipped.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub base: String,
    pub new: String,
    pub reference: String,
}

/// `text` on one line (white space runs as one space), at most [`SNIPPET_CHARS`] characters,
/// `…` where it was cut.
pub fn clip(text: &str) -> String {
    let mut out = String::new();
    let mut chars = 0;
    for word in text.split_whitespace() {
        if !out.is_empty() {
            out.push(' ');
            chars += 1;
        }
        for c in word.chars() {
            if chars >= SNIPPET_CHARS {
                out.push('…');
                return out;
            }
            out.push(c);
            chars += 1;
        }
    }
    out
}

/// The snippet of an example from both runs' texts; `None` when a run was saved without them.
pub fn snippet(base: &RunExample, new: &RunExample) -> Option<Snippet> {
    let (b, n) = (base.texts.as_ref()?, new.texts.as_ref()?);
    Some(Snippet {
        base: clip(&b.candidate),
        new: clip(&n.candidate),
        reference: clip(b.references.first().map_or("", String::as_str)),
    })
}

#[cfg(test)]
mod tests {
    use super::clip;

    #[test]
    fn clips_to_one_line() {
        assert_eq!(clip("a\n b\t\tc"), "a b c");
        let long = "x".repeat(100);
        assert_eq!(clip(&long).chars().count(), 61);
        assert!(clip(&long).ends_with('…'));
        // A space at the limit must not step over it.
        let words = "abcd ".repeat(40);
        assert!(clip(&words).chars().count() <= 61, "{}", clip(&words));
    }
}
