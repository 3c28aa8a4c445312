//! Importers that convert public Vietnamese summarization data sets into tomtat's layout:
//! `DEST/manifest.csv`, `DEST/articles/<id>.vi.txt`, `DEST/references/<target>.vi.<annotator>.txt`.
//!
//! Released text is kept byte for byte: an importer only takes the released structure apart
//! (title, body, summary; line ends become LF). What a cleaner would repair (NFD, invisible
//! characters, Ð for Đ, Cyrillic look-alikes) is listed by `tomtat dataset check` as `text`
//! warnings, normalized by the `vi-v1` profile when scoring, and repaired in a copy by
//! `tomtat dataset fix`; the `xlsum` and `rouge-score` profiles read it as their reference
//! scorers read the released files.

use super::staging::Staging;
use crate::error::Error;
use crate::files::read_text;
use crate::text::clean::{is_invisible, latinize_runs, map_d_lookalike};
use serde_json::Value;
use std::path::{Path, PathBuf};
use unicode_normalization::UnicodeNormalization;

/// What an import wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ImportCounts {
    pub clusters: usize,
    pub articles: usize,
    pub references: usize,
}

/// A cleaned copy of one text: LF line ends, no BOM or invisible characters, Đ for
/// look-alikes, NFC, trimmed lines, no blank lines at either end. Importers judge emptiness
/// and duplicates by it; `dataset fix` writes it.
pub fn clean_text(text: &str) -> String {
    let unified = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}'], "\n");
    let filtered: String = unified
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !is_invisible(c))
        .map(map_d_lookalike)
        .collect();
    drop(unified);
    let composed: String = filtered.nfc().collect();
    drop(filtered);
    // One output string, written a line at a time (a Vec of words cost ~30 bytes a word: a
    // line of 100 MB of one-letter words needed 3.5 GB).
    let mut out = String::with_capacity(composed.len());
    let mut line = String::new();
    let mut blank_lines = 0usize;
    for raw in composed.split('\n') {
        line.clear();
        for (i, word) in raw.split(' ').enumerate() {
            if i > 0 {
                line.push(' ');
            }
            latinize_runs(word, &mut line);
        }
        let kept = line.trim();
        if kept.is_empty() {
            blank_lines += 1;
            continue;
        }
        if !out.is_empty() {
            out.extend(std::iter::repeat_n('\n', blank_lines + 1));
        }
        blank_lines = 0;
        out.push_str(kept);
    }
    out
}

/// File names for ids: an id that is already a safe file name (ASCII letters, digits, `-`, `_`,
/// `.` not leading, at most [`MAX_STEM`] bytes) and not yet taken (ignoring case, for file
/// systems that do) is its own file name; any other gets its safe form, cut to [`MAX_STEM`]
/// bytes, with `~` and a digest of the id. No safe id contains `~`, so such a name never
/// equals a later id's, and distinct ids always get distinct files. The manifest keeps the id
/// itself; `dataset check` maps a reference named by a file name back to its article's id.
#[derive(Default)]
pub(super) struct FileNames {
    by_id: std::collections::HashMap<String, String>,
    taken: std::collections::HashSet<String>,
}

/// The longest file name stem an import makes (the reference file adds `.<lang>.<annotator>.txt`).
const MAX_STEM: usize = 96;

/// `raw` with every character but ASCII letters, digits, `-`, `_` and `.` as `_`, without
/// leading dots; `x` when nothing is left.
pub(super) fn safe_name(raw: &str) -> String {
    let name: String = raw
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.') {
                c
            } else {
                '_'
            }
        })
        .collect();
    let name = name.trim_start_matches('.');
    if name.is_empty() {
        "x".into()
    } else {
        name.into()
    }
}

impl FileNames {
    /// The file name stem of `id`, made on its first call and the same on every later one.
    pub(super) fn stem(&mut self, id: &str) -> String {
        if let Some(stem) = self.by_id.get(id) {
            return stem.clone();
        }
        let safe = safe_name(id);
        let mut stem = if safe == id && id.len() <= MAX_STEM {
            safe
        } else {
            let digest = sha2::Digest::finalize(<sha2::Sha256 as sha2::Digest>::new_with_prefix(
                id.as_bytes(),
            ));
            let hex: String = digest[..6].iter().map(|b| format!("{b:02x}")).collect();
            format!("{}~{hex}", &safe[..safe.len().min(MAX_STEM - 13)])
        };
        let base = stem.clone();
        let mut n = 1;
        while self.taken.contains(&stem.to_lowercase()) {
            n += 1;
            stem = format!("{base}~{n}");
        }
        self.taken.insert(stem.to_lowercase());
        self.by_id.insert(id.to_string(), stem.clone());
        stem
    }
}

/// Why `id` cannot be an article id of a data set (the manifest is CSV read with its fields
/// trimmed), or `None`.
pub(super) fn bad_id(id: &str) -> Option<&'static str> {
    if id.trim().is_empty() {
        Some("an id must not be empty")
    } else if id.trim() != id {
        Some("an id must not start or end with white space")
    } else if id.chars().any(char::is_control) {
        Some("an id must not hold control characters or line breaks")
    } else {
        None
    }
}

/// Builds an imported data set in a [`Staging`] folder, renamed into place when complete.
pub(super) struct Writer {
    stage: Staging,
    manifest: csv::Writer<Vec<u8>>,
    names: FileNames,
    pub(super) counts: ImportCounts,
}

/// One article's manifest fields besides its id and cluster.
#[derive(Default)]
pub(super) struct ArticleMeta<'a> {
    pub lang: &'a str,
    pub title: &'a str,
    pub outlet: &'a str,
    pub source_url: &'a str,
}

impl Writer {
    pub(super) fn new(dest: &Path) -> Result<Writer, Error> {
        let stage = Staging::new(dest, true, &["articles", "references"])?;
        let mut manifest = csv::WriterBuilder::new().from_writer(Vec::new());
        manifest
            .write_record([
                "article_id",
                "cluster_id",
                "lang",
                "title",
                "outlet",
                "source_url",
                "published",
                "file",
            ])
            .map_err(|e| Error::Options(e.to_string()))?;
        Ok(Writer {
            stage,
            manifest,
            names: FileNames::default(),
            counts: ImportCounts::default(),
        })
    }

    pub(super) fn write(&self, rel: &str, text: &str) -> Result<(), Error> {
        self.stage
            .write(Path::new(rel), format!("{text}\n").as_bytes())
    }

    fn article(&mut self, id: &str, cluster: &str, title: &str, body: &str) -> Result<(), Error> {
        let meta = ArticleMeta {
            lang: "vi",
            title,
            ..Default::default()
        };
        self.article_with(id, cluster, &meta, body)
    }

    pub(super) fn article_with(
        &mut self,
        id: &str,
        cluster: &str,
        meta: &ArticleMeta<'_>,
        body: &str,
    ) -> Result<(), Error> {
        if let Some(why) = bad_id(id) {
            return Err(Error::Options(format!("{why}: {id:?}")));
        }
        if self.names.by_id.contains_key(id) {
            return Err(Error::Options(format!("the id {id:?} appears twice")));
        }
        let rel = format!("articles/{}.{}.txt", self.names.stem(id), meta.lang);
        self.write(&rel, &format!("{}\n{body}", meta.title))?;
        self.manifest
            .write_record([
                id,
                cluster,
                meta.lang,
                meta.title,
                meta.outlet,
                meta.source_url,
                "",
                &rel,
            ])
            .map_err(|e| Error::Options(e.to_string()))?;
        self.counts.articles += 1;
        crate::files::hold("import");
        Ok(())
    }

    fn reference(&mut self, target: &str, annotator: &str, text: &str) -> Result<(), Error> {
        self.reference_in(target, "vi", annotator, text)
    }

    pub(super) fn reference_in(
        &mut self,
        target: &str,
        lang: &str,
        annotator: &str,
        text: &str,
    ) -> Result<(), Error> {
        let stem = self.names.stem(target);
        self.write(&format!("references/{stem}.{lang}.{annotator}.txt"), text)?;
        self.counts.references += 1;
        Ok(())
    }

    /// A file of the data set to write a piece at a time (`captions.jsonl`).
    pub(super) fn create(&self, rel: &str) -> Result<std::io::BufWriter<std::fs::File>, Error> {
        let path = self.stage.root.join(rel);
        std::fs::File::create(&path)
            .map(std::io::BufWriter::new)
            .map_err(|source| Error::Io { path, source })
    }

    /// Writes the data set's record of itself (`dataset.json`).
    pub(super) fn record(&self, record: &super::record::Record) -> Result<(), Error> {
        self.write(super::record::FILE, record.to_json().trim_end())
    }

    pub(super) fn finish(self) -> Result<ImportCounts, Error> {
        let bytes = self
            .manifest
            .into_inner()
            .map_err(|e| Error::Options(e.to_string()))?;
        self.stage.write(Path::new("manifest.csv"), &bytes)?;
        self.stage.commit()?;
        Ok(self.counts)
    }
}

fn sorted_entries(dir: &Path) -> Result<Vec<PathBuf>, Error> {
    let mut out: Vec<PathBuf> = std::fs::read_dir(dir)
        .map_err(|source| Error::Io {
            path: dir.to_path_buf(),
            source,
        })?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .collect();
    // Numeric file names sort by number (2.txt before 10.txt).
    out.sort_by_key(|p| {
        let stem = p
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_default();
        (stem.parse::<u64>().unwrap_or(u64::MAX), stem)
    });
    Ok(out)
}

/// The `.txt` files of a folder with their stems, in numeric order. Editor backups
/// (`3.txt~`) and other files are skipped.
fn numbered_texts(dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    Ok(sorted_entries(dir)?
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "txt"))
        .map(|f| {
            let stem = f
                .file_stem()
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_default();
            (stem, f)
        })
        .collect())
}

/// The record of a data set whose texts are paragraphs: the splitter finds their sentences.
fn paragraphs(source: &str) -> super::record::Record {
    super::record::Record {
        sentences: Some(crate::text::SentenceUnits::Split),
        segmented: false,
        source: source.to_string(),
    }
}

/// Imports ViMs (`SRC/data/Cluster_NNN/<k>.txt`: title line then body;
/// `SRC/summary/Cluster_NNN/<k>.txt`: a `Cluster_NNN` line and optional `=…=` header lines
/// from the annotation tool, then the summary).
pub fn import_vims(src: &Path, dest: &Path) -> Result<ImportCounts, Error> {
    let mut w = Writer::new(dest)?;
    for cluster_dir in sorted_entries(&src.join("data"))? {
        if !cluster_dir.is_dir() {
            continue;
        }
        let cluster = cluster_dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        w.counts.clusters += 1;
        for (k, file) in numbered_texts(&cluster_dir)? {
            let text = read_text(&file)?;
            let mut lines = text.lines().filter(|l| !l.trim().is_empty());
            let title = lines.next().unwrap_or("");
            let body: Vec<&str> = lines.collect();
            w.article(&format!("{cluster}_{k}"), &cluster, title, &body.join("\n"))?;
        }
        let summaries = src.join("summary").join(&cluster);
        if summaries.is_dir() {
            for (k, file) in numbered_texts(&summaries)? {
                let text = read_text(&file)?;
                let kept: Vec<&str> = text
                    .lines()
                    .filter(|l| !l.trim().is_empty())
                    .filter(|l| !(l.trim().starts_with("Cluster_") && l.trim().len() <= 12))
                    .filter(|l| !(l.trim().starts_with('=') && l.trim().ends_with('=')))
                    .collect();
                w.reference(&cluster, &format!("s{k}"), &kept.join("\n"))?;
            }
        }
    }
    w.record(&paragraphs("ViMs"))?;
    w.finish()
}

/// Imports one AbMuSu JSON Lines file: one cluster a line with `single_documents` (`title`,
/// `anchor_text`, `raw_text`) and one gold `summary`.
pub fn import_abmusu(file: &Path, dest: &Path) -> Result<ImportCounts, Error> {
    let origin = file.display().to_string();
    let text = read_text(file)?;
    let split = file
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let mut w = Writer::new(dest)?;
    for (i, line) in text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
    {
        let bad = |m: &str| Error::Input {
            origin: origin.clone(),
            line: Some(i + 1),
            message: m.to_string(),
        };
        let v: Value =
            serde_json::from_str(line).map_err(|e| bad(&format!("invalid JSON: {e}")))?;
        let cluster = format!("{split}-{:03}", w.counts.clusters + 1);
        let docs = v["single_documents"]
            .as_array()
            .ok_or_else(|| bad("missing 'single_documents' list"))?;
        for (k, doc) in docs.iter().enumerate() {
            let field = |name: &str| doc[name].as_str().unwrap_or("");
            let body = [field("anchor_text"), field("raw_text")]
                .into_iter()
                .filter(|s| !clean_text(s).is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            w.article(
                &format!("{cluster}-{}", k + 1),
                &cluster,
                &field("title").replace(['\r', '\n'], " "),
                &body,
            )?;
        }
        let summary = v["summary"]
            .as_str()
            .ok_or_else(|| bad("missing 'summary' string"))?;
        w.reference(&cluster, "gold", summary)?;
        w.counts.clusters += 1;
    }
    w.record(&paragraphs("VLSP 2022 AbMuSu"))?;
    w.finish()
}

#[cfg(test)]
mod tests {
    use super::clean_text;

    #[test]
    fn cleans_quirks() {
        assert_eq!(
            clean_text("\u{FEFF}Ðà Nẵng\r\nho\u{200B}a\u{300}\r\n\r\n"),
            "Đà Nẵng\nhoà"
        );
        assert_eq!(clean_text("Сhuyên gia, tốt."), "Chuyên gia, tốt.");
    }
}
