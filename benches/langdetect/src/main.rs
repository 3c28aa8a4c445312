//! Accuracy of language detectors on short summary sentences: tomtat's `read_language`,
//! whatlang (its reliable answers, and its best guess), and lingua (built for Vietnamese and
//! English only). Vietnamese sentences come from the ViMs summaries in DATA_DIR/vims/summary,
//! also with their diacritics removed; English from the bundled English references and
//! english_with_vietnamese_names.txt. Prints a Markdown table.

use lingua::{Language, LanguageDetectorBuilder};
use std::path::Path;
use unicode_normalization::UnicodeNormalization;

fn sentences_of(text: &str) -> Vec<String> {
    tomtat::text::split_sentences(text)
        .into_iter()
        .flat_map(|s| s.split('\n').map(str::to_string).collect::<Vec<_>>())
        .map(|s| s.trim().to_string())
        .filter(|s| s.split_whitespace().count() >= 3)
        .collect()
}

fn files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    let mut entries: Vec<_> = entries.filter_map(Result::ok).map(|e| e.path()).collect();
    entries.sort();
    for p in entries {
        if p.is_dir() {
            files(&p, out);
        } else if p.extension().is_some_and(|e| e == "txt") {
            out.push(p);
        }
    }
}

fn fold(text: &str) -> String {
    text.nfd()
        .filter(|c| !unicode_normalization::char::is_combining_mark(*c))
        .map(|c| match c {
            'đ' => 'd',
            'Đ' => 'D',
            other => other,
        })
        .collect()
}

fn main() {
    let data = std::env::args().nth(1).unwrap_or_else(|| "../shared/data".into());
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../..");
    let mut vims = Vec::new();
    files(&Path::new(&data).join("vims/summary"), &mut vims);
    if vims.is_empty() {
        eprintln!("no ViMs summaries under {data}/vims/summary: nothing measured");
        std::process::exit(2);
    }
    let mut vi: Vec<String> = vims
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .flat_map(|t| sentences_of(&t))
        .filter(|s| !s.starts_with("Cluster_") && !s.starts_with('='))
        .collect();
    vi.truncate(1000);
    let unaccented: Vec<String> = vi.iter().map(|s| fold(s)).collect();
    if std::env::var_os("SHOW_MISSES").is_some() {
        for s in unaccented.iter().filter(|s| tomtat::text::language::read_language(s) != Some("vi")).take(15) {
            eprintln!("{s}");
        }
    }
    let mut en = Vec::new();
    let mut refs = Vec::new();
    files(&root.join("reference-summaries/vi-news-ukraine-2022"), &mut refs);
    for p in refs.iter().filter(|p| p.to_string_lossy().contains(".en.")) {
        en.extend(sentences_of(&std::fs::read_to_string(p).unwrap_or_default()));
    }
    let names: Vec<String> = include_str!("../english_with_vietnamese_names.txt")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(str::to_string)
        .collect();
    let mixed: Vec<String> = vi
        .iter()
        .zip(en.iter().chain(names.iter()).cycle())
        .take(200)
        .map(|(v, e)| format!("{v} {e}"))
        .collect();
    let lingua = LanguageDetectorBuilder::from_languages(&[Language::English, Language::Vietnamese])
        .build();
    type Detector<'a> = (&'a str, Box<dyn Fn(&str) -> Option<&'static str> + 'a>);
    let detectors: Vec<Detector> = vec![
        ("tomtat `read_language`", Box::new(tomtat::text::language::read_language)),
        ("whatlang, reliable answers only", Box::new(tomtat::text::language::detect_reliable)),
        (
            "whatlang, best guess",
            Box::new(|t: &str| {
                whatlang::detect(t).map(|i| match i.lang() {
                    whatlang::Lang::Vie => "vi",
                    whatlang::Lang::Eng => "en",
                    other => other.code(),
                })
            }),
        ),
        (
            "lingua 1.8 (English and Vietnamese only)",
            Box::new(|t: &str| match lingua.detect_language_of(t) {
                Some(Language::Vietnamese) => Some("vi"),
                Some(Language::English) => Some("en"),
                _ => None,
            }),
        ),
    ];
    let sets: [(&str, &[String], &str); 4] = [
        ("Vietnamese (ViMs summary sentences)", &vi, "vi"),
        ("Vietnamese without diacritics (the same, folded)", &unaccented, "vi"),
        ("English (bundled English references)", &en, "en"),
        ("English naming Vietnamese people and places", &names, "en"),
    ];
    print!("| detector |");
    for (name, texts, _) in &sets {
        print!(" {name}, n = {} |", texts.len());
    }
    println!(" Vietnamese + English in one text, n = {}: read as vi / en / unknown |", mixed.len());
    println!("|---|{}---|", "---|".repeat(sets.len()));
    for (name, detect) in &detectors {
        print!("| {name} |");
        for (_, texts, want) in &sets {
            let right = texts.iter().filter(|t| detect(t) == Some(*want)).count();
            print!(" {:.1}% |", 100.0 * right as f64 / texts.len() as f64);
        }
        let count = |l: Option<&str>| mixed.iter().filter(|t| detect(t) == l).count();
        println!(
            " {} / {} / {} |",
            count(Some("vi")),
            count(Some("en")),
            mixed.len() - count(Some("vi")) - count(Some("en"))
        );
    }
}
