//! An offline rule-based sentence splitter for Vietnamese and English news text.
//!
//! A sentence ends at a line break, or at `.`, `!`, `?` or `…` (with any closing quotes or
//! brackets) followed by whitespace and a capital letter, a digit or an opening quote — unless
//! the word before the period is an abbreviation (TP., PGS., TS., ThS., Mr., Dr. …) or a single
//! capital initial (J. Biden), also as the last part of a `_`-joined word-segmented name
//! (`Hoàng_Ngọc_C.`, `Lê_Kim_D.`). Decimals (7,5 · 100.000) never split: no space follows.

/// Where sentence boundaries (for ROUGE-Lsum, baselines and data set statistics) come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum SentenceUnits {
    /// One sentence per line, as rouge-score and ROUGE-1.5.5 expect.
    #[default]
    Lines,
    /// The rule-based splitter [`split_sentences`].
    Split,
}

/// Abbreviations after which a period does not end a sentence (matched case-sensitively).
const ABBREVIATIONS: &[&str] = &[
    "TP", "Tp", "PGS", "GS", "TS", "ThS", "BS", "KS", "CN", "NXB", "TT", "Th", "NSƯT", "NSND",
    "Mr", "Mrs", "Ms", "Dr", "Prof", "St", "Mt", "Inc", "Ltd", "Co", "Corp", "Jr", "Sr", "vs",
    "No", "Gen", "Col", "Lt", "Sgt", "Rep", "Sen", "Gov", "U.S", "U.K", "e.g", "i.e", "etc",
];

/// Splits `text` into trimmed, non-empty sentences.
pub fn split_sentences(text: &str) -> Vec<&str> {
    let mut out = Vec::new();
    for line in text.split(['\n', '\u{2028}', '\u{2029}']) {
        split_line(line, &mut out);
    }
    out
}

fn split_line<'a>(line: &'a str, out: &mut Vec<&'a str>) {
    let chars: Vec<(usize, char)> = line.char_indices().collect();
    let mut start = 0;
    let mut i = 0;
    while i < chars.len() {
        let (pos, c) = chars[i];
        if !matches!(c, '.' | '!' | '?' | '…') {
            i += 1;
            continue;
        }
        let mut end = i + 1;
        while end < chars.len()
            && matches!(
                chars[end].1,
                '.' | '!' | '?' | '…' | '"' | '”' | '’' | '\'' | ')' | ']' | '»'
            )
        {
            end += 1;
        }
        let mut next = end;
        while next < chars.len() && chars[next].1.is_whitespace() {
            next += 1;
        }
        let spaced = next > end;
        let starts_sentence = chars.get(next).is_some_and(|&(_, n)| {
            n.is_uppercase()
                || n.is_numeric()
                || matches!(
                    n,
                    '"' | '“' | '‘' | '\'' | '(' | '[' | '«' | '-' | '–' | '—'
                )
        });
        if spaced && starts_sentence && !(c == '.' && is_abbreviation(&line[start..pos])) {
            let end_byte = chars.get(end).map_or(line.len(), |&(b, _)| b);
            push_trimmed(&line[start..end_byte], out);
            start = chars[next].0;
            i = next;
        } else {
            i = end;
        }
    }
    push_trimmed(&line[start..], out);
}

fn is_abbreviation(before: &str) -> bool {
    let word = before
        .rsplit(|c: char| c.is_whitespace() || matches!(c, '(' | '"' | '“'))
        .next()
        .unwrap_or("");
    // A word-segmented name joins its syllables with `_` (VietNews: `Hoàng_Ngọc_C.`); its
    // last part is the initial.
    let last = word.rsplit('_').next().unwrap_or(word);
    let mut letters = last.chars();
    let single_initial =
        matches!((letters.next(), letters.next()), (Some(c), None) if c.is_uppercase());
    single_initial || ABBREVIATIONS.contains(&word) || ABBREVIATIONS.contains(&last)
}

fn push_trimmed<'a>(s: &'a str, out: &mut Vec<&'a str>) {
    let s = s.trim();
    if !s.is_empty() {
        out.push(s);
    }
}

#[cfg(test)]
mod tests {
    use super::split_sentences;

    #[test]
    fn underscore_joined_initials_stay_inside_their_sentence() {
        let text =
            "Bị_cáo là anh Hoàng_Ngọc_C. ( SN 1994 ) và Lê_Kim_D. Cả hai bị bắt . Sau đó họ khai .";
        assert_eq!(
            split_sentences(text),
            [
                "Bị_cáo là anh Hoàng_Ngọc_C. ( SN 1994 ) và Lê_Kim_D. Cả hai bị bắt .",
                "Sau đó họ khai ."
            ]
        );
    }

    #[test]
    fn splits_vietnamese_news() {
        assert_eq!(
            split_sentences("Ông Sherman nói. Nga không đồng ý! Giá tăng 7,5% lên 100.000 đồng."),
            [
                "Ông Sherman nói.",
                "Nga không đồng ý!",
                "Giá tăng 7,5% lên 100.000 đồng."
            ]
        );
    }

    #[test]
    fn keeps_abbreviations_and_initials() {
        assert_eq!(
            split_sentences("PGS. TS. Nguyễn Văn A ở TP. Hồ Chí Minh gặp J. Biden. Sau đó về."),
            [
                "PGS. TS. Nguyễn Văn A ở TP. Hồ Chí Minh gặp J. Biden.",
                "Sau đó về."
            ]
        );
        assert_eq!(
            split_sentences("Mr. Smith left.\nThen she said"),
            ["Mr. Smith left.", "Then she said"]
        );
    }

    #[test]
    fn quotes_close_the_sentence() {
        assert_eq!(
            split_sentences("Ông nói: \"Không.\" Bà đáp."),
            ["Ông nói: \"Không.\"", "Bà đáp."]
        );
    }
}
