//! `tomtat dataset fix`: a repaired copy of a data set, never the set itself. Every text file
//! (articles and references) gets exactly the repairs `dataset check` asks for as `text`
//! findings: invisible characters removed, Ð/ð/Ɖ/ɖ as Đ/đ, Cyrillic look-alikes inside Latin
//! words as Latin letters, NFC, and LF line ends without a BOM. Nothing else changes: the
//! manifest, ids, file names, spacing and punctuation are copied byte for byte. Each repair is
//! logged by file and line in `DEST/repairs.tsv`.

use super::dataset::check;
use super::staging::Staging;
use crate::error::Error;
use crate::text::clean::{is_invisible, latinize_runs, map_d_lookalike};
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use unicode_normalization::{UnicodeNormalization, is_nfc};

/// What a fix repaired: per repair, the number of lines (files for BOM and CRLF).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FixReport {
    pub files: usize,
    pub repaired_files: usize,
    pub repairs: BTreeMap<&'static str, usize>,
}

/// One line repaired, and the names of the repairs it needed.
fn repair_line(line: &str) -> (String, Vec<&'static str>) {
    let mut done = Vec::new();
    let mut text: String = line
        .chars()
        .filter(|&c| c == '\t' || !is_invisible(c))
        .collect();
    if text.len() != line.len() {
        done.push("invisible characters removed");
    }
    if text.contains(['Ð', 'ð', 'Ɖ', 'ɖ']) {
        text = text.chars().map(map_d_lookalike).collect();
        done.push("look-alike Ð as Đ");
    }
    let mut latin = String::with_capacity(text.len());
    latinize_runs(&text, &mut latin);
    if latin != text {
        done.push("Cyrillic look-alike as Latin");
    }
    if !is_nfc(&latin) {
        latin = latin.nfc().collect();
        done.push("NFC");
    }
    (latin, done)
}

/// The repaired bytes of one text file, logging its repairs as `rel\tline\trepair` rows.
fn repair_file(text: &str, rel: &str, log: &mut String, report: &mut FixReport) -> String {
    let mut out = String::with_capacity(text.len());
    let mut changed = false;
    let mut note = |line: usize, what: &'static str, log: &mut String| {
        log.push_str(&format!("{rel}\t{line}\t{what}\n"));
        *report.repairs.entry(what).or_default() += 1;
        changed = true;
    };
    let (body, bom) = match text.strip_prefix('\u{FEFF}') {
        Some(rest) => (rest, true),
        None => (text, false),
    };
    if bom {
        note(1, "BOM removed", log);
    }
    let mut crlf = 0usize;
    for (i, raw) in body.split_inclusive('\n').enumerate() {
        let (line, end) = match raw.strip_suffix("\r\n") {
            Some(l) => {
                crlf += 1;
                (l, "\n")
            }
            None => match raw.strip_suffix('\n') {
                Some(l) => (l, "\n"),
                None => (raw, ""),
            },
        };
        let (fixed, done) = repair_line(line);
        for what in done {
            note(i + 1, what, log);
        }
        out.push_str(&fixed);
        out.push_str(end);
    }
    if crlf > 0 {
        note(1, "CRLF line ends as LF", log);
    }
    if changed {
        report.repaired_files += 1;
    }
    out
}

/// True when the file starts with a UTF-8 byte order mark.
fn starts_with_bom(path: &Path) -> bool {
    let mut head = [0u8; 3];
    std::fs::File::open(path)
        .and_then(|mut f| std::io::Read::read_exact(&mut f, &mut head))
        .is_ok_and(|_| head == *b"\xEF\xBB\xBF")
}

/// `path` relative to `root` as text with `/`, for the log.
fn relative(path: &Path, root: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Writes a repaired copy of the data set in `src` to `dest` (which must not exist, even
/// empty, and must not be inside `src`). `src` is only read. A set that `dataset check` cannot load (an error
/// finding) is refused with that finding: fix repairs text, not layout.
pub fn fix_dataset(src: &Path, dest: &Path) -> Result<FixReport, Error> {
    if let (Ok(s), Some(parent)) = (std::fs::canonicalize(src), dest.parent()) {
        let parent = if parent.as_os_str().is_empty() {
            Path::new(".")
        } else {
            parent
        };
        if std::fs::canonicalize(parent).is_ok_and(|p| p.starts_with(&s)) {
            return Err(Error::Options(format!(
                "{}: the destination is inside the data set {}; write the copy elsewhere",
                dest.display(),
                src.display()
            )));
        }
    }
    // Staged first: a DEST that exists is refused before the set is read.
    let stage = Staging::new(dest, false, &["references"])?;
    let dataset = super::dataset::load(src)?;
    let manifest = src.join("manifest.csv");
    let bytes = crate::files::read_limited(&manifest)?;
    stage.write(Path::new("manifest.csv"), &bytes)?;
    let mut report = FixReport::default();
    let mut log = String::from("file\tline\trepair\n");
    // The loaded texts, as read (decoding dropped a leading BOM, which is looked for in the
    // file's first bytes so that its removal is logged).
    let mut copy = |path: &Path, text: &str, rel: PathBuf, report: &mut FixReport| {
        let text = if starts_with_bom(path) {
            format!("\u{FEFF}{text}")
        } else {
            text.to_string()
        };
        let fixed = repair_file(&text, &relative(&rel, Path::new("")), &mut log, report);
        report.files += 1;
        stage.write(&rel, fixed.as_bytes())
    };
    for a in &dataset.articles {
        let rel = a.path.strip_prefix(src).unwrap_or(&a.path).to_path_buf();
        copy(&a.path, &a.text, rel, &mut report)?;
    }
    for r in &dataset.references {
        let name = r.path.file_name().map(PathBuf::from).unwrap_or_default();
        copy(
            &r.path,
            &r.text,
            Path::new("references").join(name),
            &mut report,
        )?;
    }
    stage.write(Path::new("repairs.tsv"), log.as_bytes())?;
    stage.commit()?;
    // The copy must now be free of text findings; anything left is a bug to report, not hide.
    let (_, findings) = check(dest);
    if let Some(f) = findings.iter().find(|f| f.kind == "text") {
        return Err(Error::Options(format!(
            "the repaired copy still has a text finding (please report): {}",
            f.located()
        )));
    }
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn repairs_each_kind_and_names_it() {
        let (fixed, done) = repair_line("Ðà Nẵng \u{0421}uộc ho\u{200B}a\u{300}");
        assert_eq!(fixed, "Đà Nẵng Cuộc hoà");
        assert_eq!(
            done,
            [
                "invisible characters removed",
                "look-alike Ð as Đ",
                "Cyrillic look-alike as Latin",
                "NFC"
            ]
        );
        let (same, none) = repair_line("  Hai  bên, đàm phán!\t");
        assert_eq!((same.as_str(), none.len()), ("  Hai  bên, đàm phán!\t", 0));
    }
}
