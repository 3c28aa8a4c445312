//! Importers for csebuetnlp's BBC data sets, as their authors release them: XL-Sum (one JSON
//! Lines file per language and split, `vietnamese_test.jsonl`, with `id`, `url`, `title`,
//! `summary` and `text`) and CrossSum (one file per language pair and split,
//! `vietnamese-english_test.jsonl`, with `source_url`, `target_url`, `summary` in the target
//! language and `text` in the source language).
//!
//! Each example becomes one article (in its language) with one `gold` reference (in the
//! summary's language: a CrossSum pair keeps both languages, so a candidate in the target
//! language is scored against it as any cross-lingual data set is). Files are read a line at a
//! time; memory holds one 8-byte digest per article for duplicate detection.

use super::columnar::{ColumnarFormat, ColumnarReader};
use super::fields::Fields;
use super::import::ImportCounts;
use super::import_rows::{Example, Part, Shape, digest, import};
use super::records::TableFormat;
use crate::error::Error;
use crate::files::decode_utf8;
use crate::files::limit::LineLimit;
use serde_json::Value;
use std::collections::HashMap;
use std::io::BufRead;
use std::path::{Path, PathBuf};

/// XL-Sum's language names (its file names) and their ISO 639-1 codes (its README's table).
const LANGUAGES: &[(&str, &str)] = &[
    ("amharic", "am"),
    ("arabic", "ar"),
    ("azerbaijani", "az"),
    ("bengali", "bn"),
    ("burmese", "my"),
    ("chinese_simplified", "zh-CN"),
    ("chinese_traditional", "zh-TW"),
    ("english", "en"),
    ("french", "fr"),
    ("gujarati", "gu"),
    ("hausa", "ha"),
    ("hindi", "hi"),
    ("igbo", "ig"),
    ("indonesian", "id"),
    ("japanese", "ja"),
    ("kirundi", "rn"),
    ("korean", "ko"),
    ("kyrgyz", "ky"),
    ("marathi", "mr"),
    ("nepali", "ne"),
    ("oromo", "om"),
    ("pashto", "ps"),
    ("persian", "fa"),
    ("pidgin", "pcm"),
    ("portuguese", "pt"),
    ("punjabi", "pa"),
    ("russian", "ru"),
    ("scottish_gaelic", "gd"),
    ("serbian_cyrillic", "sr"),
    ("serbian_latin", "sr"),
    ("sinhala", "si"),
    ("somali", "so"),
    ("spanish", "es"),
    ("swahili", "sw"),
    ("tamil", "ta"),
    ("telugu", "te"),
    ("thai", "th"),
    ("tigrinya", "ti"),
    ("turkish", "tr"),
    ("ukrainian", "uk"),
    ("urdu", "ur"),
    ("uzbek", "uz"),
    ("vietnamese", "vi"),
    ("welsh", "cy"),
    ("yoruba", "yo"),
];

fn code_of(name: &str) -> Option<&'static str> {
    LANGUAGES.iter().find(|(n, _)| *n == name).map(|(_, c)| *c)
}

/// `code` when it is the ISO code of one of the data sets' languages, else an error naming
/// the codes that are.
fn known_code(code: &str) -> Result<String, Error> {
    if LANGUAGES.iter().any(|(_, c)| *c == code) {
        return Ok(code.to_string());
    }
    let codes: Vec<&str> = LANGUAGES.iter().map(|(_, c)| *c).collect();
    Err(Error::Options(format!(
        "--languages: {code:?} is not a language of XL-Sum or CrossSum (one of {})",
        codes.join(", ")
    )))
}

/// Refuses an `--against` file (or folder) that is the imported one itself (every article
/// would be its own duplicate and be dropped).
pub(super) fn check_against(file: &Path, against: &[PathBuf]) -> Result<(), Error> {
    let same = |a: &Path| match (std::fs::canonicalize(a), std::fs::canonicalize(file)) {
        (Ok(a), Ok(f)) => a == f,
        _ => false,
    };
    match against.iter().find(|a| same(a)) {
        Some(a) => Err(Error::Options(format!(
            "--against {}: that is the {} being imported; give the other splits of the data \
             set",
            a.display(),
            if file.is_dir() { "folder" } else { "file" }
        ))),
        None => Ok(()),
    }
}

/// How an import treats duplicate articles.
#[derive(Debug, Clone, Default)]
pub struct BbcImport {
    /// Other split files of the same data set: articles that also appear there are duplicates
    /// across splits.
    pub against: Vec<PathBuf>,
    /// Drop duplicates (within the file and across `against`), listing them in `dropped.tsv`.
    pub dedup: bool,
    /// The language (ISO code) of the articles (XL-Sum) or `SRC-TGT` (CrossSum), when the file
    /// name does not tell.
    pub languages: Option<String>,
    /// With a folder (an extracted release): the one split to import (`train`, `val`, `test`);
    /// `None`: every split there.
    pub split: Option<String>,
}

/// What an import of a BBC file found and wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct BbcReport {
    pub counts: ImportCounts,
    /// Article language and summary language.
    pub languages: (String, String),
    /// Articles whose text is also in an earlier line of the file.
    pub duplicates_within: usize,
    /// Articles whose text is also in one of the `against` files.
    pub duplicates_across: usize,
    pub dropped: usize,
    /// Rows left out because their text or summary is empty (listed in `dropped.tsv`): a data
    /// set cannot hold them.
    pub dropped_empty: usize,
}

/// Calls `each` with every row of a JSON Lines file (a JSON object) or of a Parquet/Arrow file
/// (the Hugging Face copies: an object of the `columns` it has as strings), with its 1-based
/// line or row; errors name the file and line. `progress` is told the bytes read so far.
pub(super) fn each_row(
    file: &Path,
    columns: &[&str],
    progress: &mut dyn FnMut(u64),
    each: impl FnMut(usize, &Value) -> Result<(), Error>,
) -> Result<(), Error> {
    match TableFormat::from_path(file) {
        Some(TableFormat::Parquet) => {
            each_columnar_row(file, ColumnarFormat::Parquet, columns, progress, each)
        }
        Some(TableFormat::Arrow) => {
            each_columnar_row(file, ColumnarFormat::ArrowIpc, columns, progress, each)
        }
        _ => each_json_row(file, progress, each),
    }
}

/// [`each_row`] for Parquet and Arrow IPC files, a record batch at a time.
fn each_columnar_row(
    file: &Path,
    format: ColumnarFormat,
    columns: &[&str],
    progress: &mut dyn FnMut(u64),
    mut each: impl FnMut(usize, &Value) -> Result<(), Error>,
) -> Result<(), Error> {
    let mut fields = Fields::default();
    fields.extra = columns.iter().map(|c| c.to_string()).collect();
    let mut reader = ColumnarReader::open(file, format, &fields)?;
    while let Some((batch, _)) = reader.next_batch()? {
        for k in 0..batch.len() {
            let row: serde_json::Map<String, Value> = columns
                .iter()
                .filter_map(|c| Some((c.to_string(), Value::String(batch.text(k, c)?))))
                .collect();
            each(batch.first + k, &Value::Object(row))?;
        }
        progress(reader.position());
    }
    Ok(())
}

/// [`each_row`] for JSON Lines.
fn each_json_row(
    file: &Path,
    progress: &mut dyn FnMut(u64),
    mut each: impl FnMut(usize, &Value) -> Result<(), Error>,
) -> Result<(), Error> {
    let origin = file.display().to_string();
    let io = |source| Error::Io {
        path: file.to_path_buf(),
        source,
    };
    let mut reader =
        std::io::BufReader::new(LineLimit::new(std::fs::File::open(file).map_err(io)?));
    let (mut raw, mut line, mut read) = (Vec::new(), 0usize, 0u64);
    loop {
        raw.clear();
        let n = reader.read_until(b'\n', &mut raw).map_err(io)?;
        if n == 0 {
            return Ok(());
        }
        line += 1;
        read += n as u64;
        progress(read);
        let text = decode_utf8(&raw, &origin).map_err(|e| match e {
            Error::InvalidUtf8 {
                origin,
                byte,
                offset,
                ..
            } => Error::InvalidUtf8 {
                origin,
                line,
                byte,
                offset,
            },
            other => other,
        })?;
        if text.trim().is_empty() {
            continue;
        }
        // Parsed as `--pairs` parses a line: a repeated key is an error, not the last one winning.
        let row = super::records::json_row(text, &origin, line)?;
        each(line, &Value::Object(row.fields))?;
    }
}

pub(super) fn field<'a>(
    v: &'a Value,
    name: &str,
    origin: &Path,
    line: usize,
) -> Result<&'a str, Error> {
    let message = match v.get(name) {
        Some(Value::String(s)) => return Ok(s),
        None | Some(Value::Null) => format!("missing field '{name}' (a string)"),
        Some(other) => format!(
            "field '{name}' must be a string, not {}",
            super::records::kind(other)
        ),
    };
    Err(Error::Input {
        origin: origin.display().to_string(),
        line: Some(line),
        message,
    })
}

/// The id field: a string, or a whole number as its decimal text (as `score --pairs` reads
/// ids; a Parquet integer column arrives as that text).
fn id_field(v: &Value, name: &str, origin: &Path, line: usize) -> Result<String, Error> {
    match v.get(name) {
        Some(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(n.to_string()),
        Some(Value::Number(n)) => Err(Error::Input {
            origin: origin.display().to_string(),
            line: Some(line),
            message: format!("field '{name}' must be a string or a whole number, not {n}"),
        }),
        _ => field(v, name, origin, line).map(str::to_string),
    }
}

/// A file's name without its extension (the split and languages are read from it).
fn stem_of(file: &Path) -> String {
    file.file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default()
}

/// The digests (and ids) of the articles of the `against` files.
fn against_digests(
    files: &[PathBuf],
    text_field: &str,
    progress: &mut dyn FnMut(u64),
) -> Result<HashMap<u64, String>, Error> {
    let mut seen = HashMap::new();
    for file in files {
        let name = file
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        each_row(file, &[text_field], progress, |line, v| {
            let text = field(v, text_field, file, line)?;
            seen.entry(digest(text))
                .or_insert_with(|| format!("{name}:{line}"));
            Ok(())
        })?;
    }
    Ok(seen)
}

/// The split files of an import: `file` itself, or (a folder: the extracted release) its
/// `*_SPLIT.jsonl` (or `.parquet`/`.arrow`) files for `split`, or for every split there.
fn split_files(file: &Path, split: Option<&str>) -> Result<Vec<PathBuf>, Error> {
    if !file.is_dir() {
        if let Some(s) = split {
            return Err(Error::Options(format!(
                "--split {s}: {} is a file (one split); --split chooses among the files of an \
                 extracted release folder",
                file.display()
            )));
        }
        return Ok(vec![file.to_path_buf()]);
    }
    let wanted: Vec<&str> = match split {
        Some(s) => vec![s],
        None => vec!["train", "val", "test"],
    };
    let mut files: Vec<PathBuf> = std::fs::read_dir(file)
        .map_err(|source| Error::Io {
            path: file.to_path_buf(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            let stem = stem_of(p);
            TableFormat::from_path(p).is_some()
                && stem
                    .rsplit_once('_')
                    .is_some_and(|(_, s)| wanted.contains(&s))
        })
        .collect();
    // train, val, test: the release's order.
    files.sort_by_key(|p| {
        let stem = stem_of(p);
        let s = stem.rsplit_once('_').map_or("", |(_, s)| s).to_string();
        (wanted.iter().position(|w| *w == s), stem)
    });
    if files.is_empty() {
        return Err(Error::Options(format!(
            "{}: no LANGUAGE_{}.jsonl file in this folder (the release names them e.g. \
             vietnamese_test.jsonl)",
            file.display(),
            split.unwrap_or("{train,val,test}")
        )));
    }
    Ok(files)
}

/// The import parts of `files`, each read row by row with `columns`.
fn parts<'p, 'q: 'p>(
    files: &'p [PathBuf],
    columns: &'p [&'p str],
    progress: &'p std::cell::RefCell<&'q mut dyn FnMut(u64)>,
) -> Vec<Part<'p>> {
    files
        .iter()
        .map(|f| Part {
            origin: f.clone(),
            cluster: stem_of(f),
            rows: Box::new(move |each| {
                each_row(f, columns, &mut |read| (progress.borrow_mut())(read), each)
            }),
        })
        .collect()
}

/// The one value `of` gives every file, or an error naming two files that differ.
fn same_for_all<T: PartialEq + Clone>(
    files: &[PathBuf],
    of: impl Fn(&Path) -> Result<T, Error>,
) -> Result<T, Error> {
    let first = of(&files[0])?;
    for f in &files[1..] {
        if of(f)? != first {
            return Err(Error::Options(format!(
                "{} and {} are of different languages; import one language at a time",
                files[0].display(),
                f.display()
            )));
        }
    }
    Ok(first)
}

/// Imports an XL-Sum split file (`vietnamese_test.jsonl`: `id`, `url`, `title`, `summary`,
/// `text`), or the splits of an extracted release folder. The language comes from the file
/// name, or `options.languages` (an ISO code).
pub fn import_xlsum(
    file: &Path,
    dest: &Path,
    options: &BbcImport,
    progress: &mut dyn FnMut(u64),
) -> Result<BbcReport, Error> {
    let files = split_files(file, options.split.as_deref())?;
    let lang = same_for_all(&files, |file| match &options.languages {
        Some(code) => known_code(code),
        None => stem_of(file)
            .rsplit_once('_')
            .and_then(|(name, _)| code_of(name))
            .map(str::to_string)
            .ok_or_else(|| {
                Error::Options(format!(
                    "{}: cannot tell the language from the file name (XL-Sum names files \
                     LANGUAGE_SPLIT.jsonl, e.g. vietnamese_test.jsonl); give --languages CODE",
                    file.display()
                ))
            }),
    })?;
    for f in &files {
        check_against(f, &options.against)?;
    }
    let across = against_digests(&options.against, "text", &mut |_| {})?;
    let progress = std::cell::RefCell::new(progress);
    let columns = ["id", "url", "title", "summary", "text"];
    let shape = Shape {
        article_lang: lang.clone(),
        summary_lang: lang,
        outlet: "BBC",
        record: None,
    };
    import(
        parts(&files, &columns, &progress),
        dest,
        options,
        &across,
        &shape,
        &|file, line, v| {
            Ok(Example {
                id: id_field(v, "id", file, line)?,
                title: field(v, "title", file, line)?,
                url: v.get("url").and_then(Value::as_str).unwrap_or(""),
                text: field(v, "text", file, line)?,
                summary: field(v, "summary", file, line)?,
                cluster: None,
            })
        },
    )
}

/// Imports a CrossSum file (`vietnamese-english_test.jsonl`: `source_url`, `target_url`,
/// `summary` in the target language, `text` in the source language), or the splits of a
/// folder. The languages come from the file name, or `options.languages` (`SRC-TGT` as ISO
/// codes, e.g. `vi-en`). Ids are the last part of the source URL.
pub fn import_crosssum(
    file: &Path,
    dest: &Path,
    options: &BbcImport,
    progress: &mut dyn FnMut(u64),
) -> Result<BbcReport, Error> {
    let files = split_files(file, options.split.as_deref())?;
    let languages = same_for_all(&files, |file| {
        let stem = stem_of(file);
        let from_name = || {
            let (pair, _) = stem.rsplit_once('_')?;
            let (src, tgt) = pair.split_once('-')?;
            Some((code_of(src)?.to_string(), code_of(tgt)?.to_string()))
        };
        match options.languages.as_deref() {
            Some(given) => match given.split_once('-') {
                Some((src, tgt)) => Some((known_code(src)?, known_code(tgt)?)),
                None => None,
            },
            None => from_name(),
        }
        .ok_or_else(|| {
            Error::Options(format!(
                "{}: cannot tell the languages (CrossSum names files SOURCE-TARGET_SPLIT.jsonl, \
                 e.g. vietnamese-english_test.jsonl); give --languages SRC-TGT, e.g. vi-en",
                file.display()
            ))
        })
    })?;
    for f in &files {
        check_against(f, &options.against)?;
    }
    let across = against_digests(&options.against, "text", &mut |_| {})?;
    let progress = std::cell::RefCell::new(progress);
    let columns = ["source_url", "target_url", "summary", "text"];
    let shape = Shape {
        article_lang: languages.0,
        summary_lang: languages.1,
        outlet: "BBC",
        record: None,
    };
    import(
        parts(&files, &columns, &progress),
        dest,
        options,
        &across,
        &shape,
        &|file, line, v| {
            let url = field(v, "source_url", file, line)?;
            let last = url.trim_end_matches('/').rsplit('/').next().unwrap_or(url);
            Ok(Example {
                id: last.to_string(),
                title: "",
                url,
                text: field(v, "text", file, line)?,
                summary: field(v, "summary", file, line)?,
                cluster: None,
            })
        },
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn ids_are_file_name_safe() {
        assert_eq!(
            crate::data::import::safe_name("../etc/passwd"),
            "_etc_passwd"
        );
        assert_eq!(
            crate::data::import::safe_name("world-53074000"),
            "world-53074000"
        );
        assert_eq!(crate::data::import::safe_name(""), "x");
    }
}
