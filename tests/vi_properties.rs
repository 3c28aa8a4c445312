//! Property tests of the `vi-v1` tokenizer over generated Vietnamese text.
//!
//! Text is built from real syllables (onset × rhyme × tone) mixed with English words, numbers,
//! punctuation and whitespace, then transformed in ways that must not change its tokens
//! (Unicode forms, tone placement, case, invisible characters, look-alike letters) or must
//! (tone, vowel quality, d/đ).

use proptest::prelude::*;
use tomtat::text::syllable::ToneStyle;
use tomtat::{Profile, Tokenizer, TokenizerOptions};
use unicode_normalization::UnicodeNormalization;

const CASES: u32 = 1000;

/// Tone marks in the order level, grave, acute, hook, tilde, dot below.
const TONE_MARKS: [Option<char>; 6] = [
    None,
    Some('\u{300}'),
    Some('\u{301}'),
    Some('\u{309}'),
    Some('\u{303}'),
    Some('\u{323}'),
];

/// Rhymes whose tone placement never varies, with any onset.
const FIXED_RHYMES: &[&str] = &[
    "a", "ac", "ach", "ai", "am", "an", "ang", "anh", "ao", "at", "au", "ay", "ăc", "ăm", "ăn",
    "ăng", "ât", "âu", "ây", "e", "em", "en", "eo", "ê", "êch", "ên", "ênh", "êu", "i", "ia",
    "ich", "iêc", "iên", "iêng", "iêt", "iêu", "im", "in", "inh", "it", "o", "oc", "oi", "om",
    "on", "ong", "ô", "ôi", "ôm", "ông", "ơ", "ơi", "ơn", "u", "ua", "uc", "ui", "un", "ung",
    "uôc", "uôi", "uôn", "uông", "ư", "ưa", "ưc", "ưng", "ươc", "ươi", "ương", "ưu", "y", "oan",
    "oang", "oanh", "oai", "oay", "oăn", "oen", "uân", "uât", "uê", "uyên", "uyêt", "uynh",
];
const FIXED_ONSETS: &[&str] = &[
    "", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "r",
    "s", "t", "th", "tr", "v", "x",
];
/// Open rhymes whose tone mark may sit on either vowel, and onsets they really occur with.
const MOVABLE_RHYMES: &[&str] = &["oa", "oe", "uy"];
const MOVABLE_ONSETS: &[&str] = &["", "h", "kh", "l", "t", "th", "x", "ch", "ng", "nh"];

const ENGLISH: &[&str] = &[
    "Ukraine",
    "NATO",
    "Washington",
    "security",
    "talks",
    "Reuters",
    "G7",
];
const NUMBERS: &[&str] = &["7,5", "100.000", "10/1", "2022", "3", "1.000.000"];
const PUNCT: &[&str] = &[",", ".", "!", "?", ":", ";", "(", ")", "\"", "-", "…", "–"];

#[derive(Debug, Clone)]
struct Syl {
    onset: &'static str,
    rhyme: String,
    tone: usize,
}

impl Syl {
    fn movable(&self) -> bool {
        MOVABLE_RHYMES.contains(&self.rhyme.as_str())
    }

    /// Index (in chars of the rhyme) where the tone mark goes.
    fn tone_position(&self, old: bool) -> usize {
        let chars: Vec<char> = self.rhyme.chars().collect();
        if self.movable() {
            return if old { 0 } else { 1 };
        }
        if let Some(i) = chars.iter().rposition(|c| "ăâêôơư".contains(*c)) {
            return i;
        }
        let vowels: Vec<usize> = (0..chars.len())
            .filter(|&i| "aeiouy".contains(chars[i]))
            .collect();
        let ends_in_vowel = vowels.last() == Some(&(chars.len() - 1));
        match (vowels.len(), ends_in_vowel) {
            (1, _) => vowels[0],
            (2, true) if self.movable() => vowels[1],
            (2, true) => vowels[0],
            (_, true) => vowels[1],
            _ => *vowels.last().unwrap_or(&0),
        }
    }

    /// The syllable in NFC with its tone mark placed in the `old` or new style.
    fn render(&self, old: bool) -> String {
        let pos = self.tone_position(old);
        let mut s: String = self.onset.to_string();
        for (i, c) in self.rhyme.chars().enumerate() {
            s.push(c);
            if i == pos
                && let Some(mark) = TONE_MARKS[self.tone]
            {
                s.push(mark);
            }
        }
        s.nfc().collect()
    }
}

#[derive(Debug, Clone)]
enum Item {
    Syl(Syl, bool),
    Word(&'static str),
    Punct(&'static str),
}

fn syllable() -> impl Strategy<Value = Syl> {
    prop_oneof![
        3 => (prop::sample::select(FIXED_ONSETS), prop::sample::select(FIXED_RHYMES), 0..6usize),
        1 => (prop::sample::select(MOVABLE_ONSETS), prop::sample::select(MOVABLE_RHYMES), 0..6usize),
    ]
    .prop_map(|(onset, rhyme, tone)| Syl { onset, rhyme: rhyme.to_string(), tone })
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        8 => (syllable(), any::<bool>()).prop_map(|(s, old)| Item::Syl(s, old)),
        1 => prop::sample::select(ENGLISH).prop_map(Item::Word),
        1 => prop::sample::select(NUMBERS).prop_map(Item::Word),
        1 => prop::sample::select(PUNCT).prop_map(Item::Punct),
    ]
}

fn doc() -> impl Strategy<Value = Vec<Item>> {
    prop::collection::vec(item(), 1..40)
}

/// Renders items separated by single spaces; `style` picks each syllable's tone placement.
fn render(items: &[Item], style: impl Fn(usize, bool) -> bool) -> String {
    let parts: Vec<String> = items
        .iter()
        .enumerate()
        .map(|(i, item)| match item {
            Item::Syl(s, old) => s.render(style(i, *old)),
            Item::Word(w) | Item::Punct(w) => w.to_string(),
        })
        .collect();
    parts.join(" ")
}

fn as_written(items: &[Item]) -> String {
    render(items, |_, old| old)
}

fn vi() -> Tokenizer {
    Tokenizer::with_defaults(Profile::ViV1)
}

fn vi_with(options: TokenizerOptions) -> Tokenizer {
    Tokenizer::new(Profile::ViV1, options).expect("valid options")
}

/// Rewrites every toned vowel as its precomposed toneless vowel plus a combining tone mark
/// (the "tổ hợp" input method form).
fn composite_tone_form(text: &str) -> String {
    let tone_marks: Vec<char> = TONE_MARKS.iter().flatten().copied().collect();
    let mut out = String::new();
    for c in text.chars() {
        let decomposed: Vec<char> = c.to_string().nfd().collect();
        match decomposed.iter().position(|d| tone_marks.contains(d)) {
            Some(i) if decomposed.len() > 1 => {
                let tone = decomposed[i];
                let rest: String = decomposed
                    .iter()
                    .enumerate()
                    .filter(|(j, _)| *j != i)
                    .map(|(_, d)| *d)
                    .collect();
                out.extend(rest.nfc());
                out.push(tone);
            }
            _ => out.push(c),
        }
    }
    out
}

fn toneless_letters(text: &str) -> Vec<char> {
    let mut letters: Vec<char> = text
        .nfd()
        .filter(|c| c.is_alphabetic())
        .flat_map(char::to_lowercase)
        .collect();
    letters.sort_unstable();
    letters
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(CASES))]

    #[test]
    fn nfc_nfd_and_composite_tone_forms_give_identical_tokens(items in doc()) {
        let text = as_written(&items);
        let expected = vi().tokenize(&text);
        let nfd: String = text.nfd().collect();
        prop_assert_eq!(vi().tokenize(&nfd), expected.clone());
        prop_assert_eq!(vi().tokenize(&composite_tone_form(&text)), expected);
    }

    #[test]
    fn tone_style_conversion_gives_identical_tokens(
        items in doc(),
        flips in prop::collection::vec(any::<bool>(), 40),
    ) {
        let all_new = render(&items, |_, _| false);
        let all_old = render(&items, |_, _| true);
        let mixed = render(&items, |i, _| flips[i]);
        let expected = vi().tokenize(&all_new);
        prop_assert_eq!(vi().tokenize(&all_old), expected.clone());
        prop_assert_eq!(vi().tokenize(&mixed), expected);
    }

    #[test]
    fn closed_and_qu_syllables_are_never_moved(syl in syllable(), old in any::<bool>()) {
        prop_assume!(!syl.movable());
        let written = syl.render(old);
        let lower: String = written.to_lowercase();
        for style in [ToneStyle::Old, ToneStyle::New, ToneStyle::Keep] {
            let t = vi_with(TokenizerOptions { tone_style: style, ..Default::default() });
            prop_assert_eq!(t.tokenize(&written), vec![lower.clone()]);
        }
    }

    #[test]
    fn movable_syllables_follow_the_chosen_style(
        onset in prop::sample::select(MOVABLE_ONSETS),
        rhyme in prop::sample::select(MOVABLE_RHYMES),
        tone in 1..6usize,
        written_old in any::<bool>(),
    ) {
        let syl = Syl { onset, rhyme: rhyme.to_string(), tone };
        for (style, old) in [(ToneStyle::Old, true), (ToneStyle::New, false)] {
            let t = vi_with(TokenizerOptions { tone_style: style, ..Default::default() });
            prop_assert_eq!(t.tokenize(&syl.render(written_old)), vec![syl.render(old)]);
        }
        let keep = vi_with(TokenizerOptions { tone_style: ToneStyle::Keep, ..Default::default() });
        prop_assert_eq!(keep.tokenize(&syl.render(written_old)), vec![syl.render(written_old)]);
    }

    #[test]
    fn case_changes_give_identical_tokens(items in doc(), upper in prop::collection::vec(0..3u8, 40)) {
        let text = as_written(&items);
        let cased: String = text
            .split(' ')
            .zip(upper.iter().cycle())
            .map(|(w, u)| match u {
                0 => w.to_string(),
                1 => w.to_uppercase(),
                _ => {
                    let mut cs = w.chars();
                    cs.next().map(|f| f.to_uppercase().chain(cs).collect()).unwrap_or_default()
                }
            })
            .collect::<Vec<_>>()
            .join(" ");
        prop_assert_eq!(vi().tokenize(&cased), vi().tokenize(&text));
    }

    #[test]
    fn invisible_characters_inside_words_give_identical_tokens(
        items in doc(),
        inserts in prop::collection::vec((any::<prop::sample::Index>(), 0..6usize), 1..10),
    ) {
        const INVISIBLE: [char; 6] = ['\u{200B}', '\u{200C}', '\u{200D}', '\u{2060}', '\u{FEFF}', '\u{AD}'];
        let text = as_written(&items);
        let mut chars: Vec<char> = text.chars().collect();
        for (at, which) in inserts {
            let pos = at.index(chars.len() + 1);
            chars.insert(pos, INVISIBLE[which]);
        }
        let noisy: String = chars.into_iter().collect();
        prop_assert_eq!(vi().tokenize(&noisy), vi().tokenize(&text));
    }

    #[test]
    fn whitespace_variants_give_identical_tokens(
        items in doc(),
        seps in prop::collection::vec(0..9usize, 40),
    ) {
        const SPACES: [&str; 9] = [" ", "\u{A0}", "\u{2028}", "\t", "\r\n", "  ", "\u{3000}", "\u{2009}", "\n"];
        let text = as_written(&items);
        let mut spaced = String::new();
        for (i, word) in text.split(' ').enumerate() {
            if i > 0 {
                spaced.push_str(SPACES[seps[i % seps.len()]]);
            }
            spaced.push_str(word);
        }
        prop_assert_eq!(vi().tokenize(&spaced), vi().tokenize(&text));
    }

    #[test]
    fn eth_and_cyrillic_lookalikes_give_identical_tokens(
        items in doc(),
        picks in prop::collection::vec(any::<bool>(), 64),
    ) {
        let text = as_written(&items);
        let expected = vi().tokenize(&text);
        let eth: String = text.chars().map(|c| match c { 'đ' => 'ð', 'Đ' => 'Ð', _ => c }).collect();
        prop_assert_eq!(vi().tokenize(&eth), expected.clone());
        // Replace some twins in each word, always keeping one Latin letter untouched.
        let twin = |c: char| match c {
            'a' => Some('а'), 'e' => Some('е'), 'o' => Some('о'), 'p' => Some('р'),
            'c' => Some('с'), 'y' => Some('у'), 'x' => Some('х'), 'i' => Some('і'),
            's' => Some('ѕ'), 'h' => Some('һ'), 'd' => Some('ԁ'), _ => None,
        };
        let mut k = 0;
        let mixed: Vec<String> = text.split(' ').map(|word| {
            let nfd: Vec<char> = word.nfd().collect();
            let keep = nfd.iter().position(|c| c.is_alphabetic());
            nfd.iter().enumerate().map(|(i, &c)| {
                k += 1;
                match twin(c) {
                    Some(t) if Some(i) != keep && picks[k % picks.len()] => t,
                    _ => c,
                }
            }).collect()
        }).collect();
        prop_assert_eq!(vi().tokenize(&mixed.join(" ")), expected);
    }

    #[test]
    fn tone_quality_and_d_changes_are_never_collapsed(
        syl in syllable(),
        other_tone in 0..6usize,
        which in 0..3u8,
    ) {
        let written = syl.render(false);
        let changed = match which {
            0 => {
                prop_assume!(other_tone != syl.tone);
                Syl { tone: other_tone, ..syl.clone() }.render(false)
            }
            1 => {
                let swap = |c: char| match c {
                    'a' => Some('ă'), 'ă' => Some('â'), 'â' => Some('a'),
                    'o' => Some('ô'), 'ô' => Some('ơ'), 'ơ' => Some('o'),
                    'u' => Some('ư'), 'ư' => Some('u'), 'e' => Some('ê'), 'ê' => Some('e'),
                    _ => None,
                };
                let nfd: Vec<char> = written.nfd().collect();
                let at = nfd.iter().position(|&c| swap(c).is_some());
                prop_assume!(at.is_some());
                // Swap on the composed base letter so quality marks are replaced, not stacked.
                let base: Vec<char> = syl.rhyme.chars().collect();
                let i = base.iter().position(|&c| swap(c).is_some());
                prop_assume!(i.is_some());
                let i = i.unwrap_or(0);
                let rhyme: String = base.iter().enumerate()
                    .map(|(j, &c)| if j == i { swap(c).unwrap_or(c) } else { c })
                    .collect();
                Syl { rhyme, ..syl.clone() }.render(false)
            }
            _ => {
                let onset = match syl.onset { "d" => "đ", "đ" => "d", _ => { prop_assume!(false); "" } };
                Syl { onset, ..syl.clone() }.render(false)
            }
        };
        prop_assert_ne!(vi().tokenize(&written), vi().tokenize(&changed));
        let fold = vi_with(TokenizerOptions { fold_diacritics: true, ..Default::default() });
        let folded = fold.tokenize(&written);
        prop_assert_eq!(fold.tokenize(&changed), folded.clone());
        prop_assert!(folded.iter().all(|t| t.is_ascii()));
    }

    #[test]
    fn normalization_is_idempotent_and_drops_nothing(items in doc()) {
        let text = as_written(&items);
        let tokens = vi().tokenize(&text);
        prop_assert_eq!(vi().tokenize(&tokens.join(" ")), tokens.clone());
        for t in &tokens {
            prop_assert!(!t.is_empty());
            prop_assert!(!t.chars().any(|c| c.is_whitespace()));
            prop_assert!(!t.chars().any(|c| c.is_ascii_punctuation() && !matches!(c, '.' | ',' | '/' | ':')));
            prop_assert!(!t.chars().any(|c| matches!(c, '.' | ',' | '/' | ':')) || t.chars().any(|c| c.is_ascii_digit()));
        }
        prop_assert_eq!(toneless_letters(&tokens.join(" ")), toneless_letters(&text));
    }
}
