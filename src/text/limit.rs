//! ROUGE-1.5.5's length limits, `-l N` (the first N words) and `-b N` (the first N bytes),
//! applied to every candidate and reference before tokenizing, exactly as its `readText` does:
//! one sentence a line (empty lines dropped); whole lines are kept while the running total
//! stays below N, and the line that reaches N is cut. Words are counted as Perl's
//! `split(/\s+/, $line)` counts them (a line starting with white space counts one empty word
//! first); bytes are counted per line, without the spaces that join lines.
//!
//! ROUGE-1.5.5 reads its ROUGE-L and ROUGE-W sentences with a separate routine
//! (`readText_LCS`) that, under `-b`, never adds up the lengths: each line is compared with N
//! on its own, and the first line of N bytes or more is cut to N. With `--perl-compat`,
//! tomtat's rougeLsum and rougeW read their sentences that way ([`truncate_lcs`]) and clip
//! hits by the unigrams of the `readText` cut, as ROUGE-1.5.5 does; otherwise every metric
//! reads the `readText` cut.

/// A length limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Limit {
    /// The first N words (ROUGE-1.5.5 `-l N`).
    Words(usize),
    /// The first N bytes (ROUGE-1.5.5 `-b N`); a cut inside a UTF-8 character keeps the
    /// whole characters before it.
    Bytes(usize),
}

impl Limit {
    /// The limit that a words count and a bytes count name, the words when both are given
    /// (the front ends refuse both before this).
    pub fn from_counts(words: Option<usize>, bytes: Option<usize>) -> Option<Limit> {
        match (words, bytes) {
            (Some(n), _) => Some(Limit::Words(n)),
            (None, Some(n)) => Some(Limit::Bytes(n)),
            (None, None) => None,
        }
    }

    /// The signature value: `w10`, `b75`.
    pub fn name(self) -> String {
        match self {
            Limit::Words(n) => format!("w{n}"),
            Limit::Bytes(n) => format!("b{n}"),
        }
    }
}

/// Perl's `split(/\s+/, $line)`: white-space separated words, with an empty first word when
/// the line starts with white space (and no words for a blank line).
fn perl_words(line: &str) -> Vec<&str> {
    let mut words: Vec<&str> = line.split_ascii_whitespace().collect();
    if !words.is_empty() && line.starts_with(|c: char| c.is_ascii_whitespace()) {
        words.insert(0, "");
    }
    words
}

/// `text` cut to `limit`, one kept line a line.
pub fn truncate(text: &str, limit: Limit) -> String {
    let lines = text.split('\n').filter(|l| !l.is_empty());
    let mut kept: Vec<String> = Vec::new();
    let mut total = 0;
    match limit {
        Limit::Words(n) => {
            for line in lines {
                let words = perl_words(line);
                if total + words.len() < n {
                    total += words.len();
                    kept.push(line.to_string());
                } else {
                    kept.push(words[..n - total].join(" "));
                    break;
                }
            }
        }
        Limit::Bytes(n) => {
            for line in lines {
                if total + line.len() < n {
                    total += line.len();
                    kept.push(line.to_string());
                } else {
                    let mut end = n - total;
                    while !line.is_char_boundary(end) {
                        end -= 1;
                    }
                    kept.push(line[..end].to_string());
                    break;
                }
            }
        }
    }
    kept.join("\n")
}

/// ROUGE-1.5.5's `readText_LCS` cut: under a word limit the same as [`truncate`]; under a
/// byte limit every line shorter than N is kept, and the first line of N bytes or more is cut
/// to N and ends the text.
pub fn truncate_lcs(text: &str, limit: Limit) -> String {
    let Limit::Bytes(n) = limit else {
        return truncate(text, limit);
    };
    let mut kept: Vec<&str> = Vec::new();
    for line in text.split('\n').filter(|l| !l.is_empty()) {
        if line.len() < n {
            kept.push(line);
        } else {
            let mut end = n;
            while !line.is_char_boundary(end) {
                end -= 1;
            }
            kept.push(&line[..end]);
            break;
        }
    }
    kept.join("\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_cut_the_line_that_reaches_the_limit() {
        let text = "one two three\n\nfour five six\nseven";
        assert_eq!(truncate(text, Limit::Words(4)), "one two three\nfour");
        assert_eq!(
            truncate(text, Limit::Words(6)),
            "one two three\nfour five six"
        );
        assert_eq!(
            truncate(text, Limit::Words(100)),
            "one two three\nfour five six\nseven"
        );
        // A leading space is an empty first word, as in Perl.
        assert_eq!(truncate(" a b c", Limit::Words(2)), " a");
    }

    #[test]
    fn bytes_count_lines_without_joining_spaces() {
        let text = "abcd\nefgh\nijkl";
        assert_eq!(truncate(text, Limit::Bytes(9)), "abcd\nefgh\ni");
        assert_eq!(truncate(text, Limit::Bytes(8)), "abcd\nefgh");
        assert_eq!(truncate(text, Limit::Bytes(10)), "abcd\nefgh\nij");
        assert_eq!(truncate("hòa bình", Limit::Bytes(2)), "h");
        // ROUGE-1.5.5's LCS reader compares each line with the limit on its own.
        assert_eq!(truncate_lcs(text, Limit::Bytes(5)), "abcd\nefgh\nijkl");
        assert_eq!(truncate_lcs("abcdef\nxy", Limit::Bytes(4)), "abcd");
        assert_eq!(truncate("hòa bình", Limit::Bytes(3)), "hò");
    }
}
