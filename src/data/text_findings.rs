//! The findings of `dataset check` about a text's characters and language: text a profile
//! normalizes (`text`: not NFC, invisible characters, look-alike letters), mixed tone styles
//! (`tone`), and a declared language the text does not read as (`language`). All are
//! warnings: such a set loads and scores.

use super::dataset::Findings;
use crate::text::clean::{is_invisible, latinize_mixed_word};
use crate::text::syllable::{ToneStyle, canonical_tone};
use std::path::Path;
use unicode_normalization::is_nfc;

/// Unicode problems, look-alike letters and mixed tone styles, with the line of the first
/// occurrence of each.
pub(super) fn check_text(path: &Path, text: &str, f: &mut Findings) {
    let (mut nfc, mut invisible, mut eth, mut cyrillic) = (false, false, false, false);
    let mut old_style: Option<(usize, String)> = None;
    let mut new_style: Option<(usize, String)> = None;
    for (i, line) in text.lines().enumerate() {
        let n = Some(i + 1);
        if !nfc && !is_nfc(line) {
            nfc = true;
            f.warning("text", path, n, "text is not NFC (decomposed accents)");
        }
        if !invisible && let Some(c) = line.chars().find(|&c| is_invisible(c) && c != '\r') {
            invisible = true;
            f.warning(
                "text",
                path,
                n,
                format!("invisible character U+{:04X} in the text", c as u32),
            );
        }
        if !eth && line.contains(['Ð', 'ð', 'Ɖ', 'ɖ']) {
            eth = true;
            f.warning("text", path, n, "look-alike letter Ð/ð/Ɖ/ɖ used for Đ/đ");
        }
        for word in line.split(|c: char| !c.is_alphanumeric()) {
            if !cyrillic && latinize_mixed_word(word) != word {
                cyrillic = true;
                f.warning(
                    "text",
                    path,
                    n,
                    format!("Cyrillic look-alike letter inside the Latin word '{word}'"),
                );
            }
            let lower = word.to_lowercase();
            if old_style.is_none() && canonical_tone(&lower, ToneStyle::New).is_some() {
                old_style = Some((i + 1, word.to_string()));
            }
            if new_style.is_none() && canonical_tone(&lower, ToneStyle::Old).is_some() {
                new_style = Some((i + 1, word.to_string()));
            }
        }
    }
    if let (Some((lo, wo)), Some((ln, wn))) = (old_style, new_style) {
        f.warning(
            "tone",
            path,
            Some(lo.min(ln)),
            format!("both tone styles in one file: '{wo}' (line {lo}, old style) and '{wn}' (line {ln}, new style)"),
        );
    }
}

pub(super) fn check_language(path: &Path, text: &str, declared: &str, f: &mut Findings) {
    if declared.is_empty() {
        f.error(path, None, "no language given");
        return;
    }
    let declared_as = crate::text::language::canonical_code(declared).unwrap_or(declared);
    if let Some(detected) = crate::text::language::detect_reliable(text)
        && detected != declared_as
    {
        f.warning(
            "language",
            path,
            None,
            format!("declared language '{declared}' but the text reads as '{detected}'"),
        );
    }
}
