//! Importers that convert public Vietnamese summarization data sets into tomtat's layout:
//! `DEST/manifest.csv`, `DEST/articles/<id>.vi.txt`, `DEST/references/<target>.vi.<annotator>.txt`.
//!
//! Text is repaired on the way in (CRLF, BOM, NFD, invisible characters, Ð for Đ, Cyrillic
//! look-alikes inside Latin words) so that `tomtat dataset check` sees clean files.

use crate::error::Error;
use crate::files::read_text;
use crate::text::clean::{is_invisible, latinize_mixed_word};
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

/// Cleans one imported text: LF line ends, no BOM or invisible characters, Đ for look-alikes,
/// NFC, trimmed lines, no blank lines at either end.
pub fn clean_text(text: &str) -> String {
    let unified = text
        .replace("\r\n", "\n")
        .replace(['\r', '\u{2028}', '\u{2029}'], "\n");
    let filtered: String = unified
        .chars()
        .filter(|&c| c == '\n' || c == '\t' || !is_invisible(c))
        .map(|c| match c {
            'Ð' | 'Ɖ' => 'Đ',
            'ð' | 'ɖ' => 'đ',
            _ => c,
        })
        .collect();
    let composed: String = filtered.nfc().collect();
    let lines: Vec<String> = composed
        .split('\n')
        .map(|line| {
            line.split(' ')
                .map(latinize_word_keeping_punctuation)
                .collect::<Vec<_>>()
                .join(" ")
                .trim()
                .to_string()
        })
        .collect();
    let start = lines
        .iter()
        .position(|l| !l.is_empty())
        .unwrap_or(lines.len());
    let end = lines
        .iter()
        .rposition(|l| !l.is_empty())
        .map_or(start, |i| i + 1);
    lines[start..end].join("\n")
}

fn latinize_word_keeping_punctuation(word: &str) -> String {
    let mut out = String::with_capacity(word.len());
    let mut run = String::new();
    for c in word.chars() {
        if c.is_alphanumeric() || unicode_normalization::char::is_combining_mark(c) {
            run.push(c);
        } else {
            out.push_str(&latinize_mixed_word(&run));
            run.clear();
            out.push(c);
        }
    }
    out.push_str(&latinize_mixed_word(&run));
    out
}

/// Builds a data set in a temporary folder beside its destination and renames it into place
/// only when complete: an import that fails (or is interrupted) leaves no half-written set.
pub(super) struct Writer {
    dest: PathBuf,
    /// Where the files go until [`Writer::finish`].
    root: PathBuf,
    tmp: tempfile::TempDir,
    _live: crate::files::atomic::Live,
    manifest: csv::Writer<Vec<u8>>,
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
        if dest.exists()
            && std::fs::read_dir(dest)
                .map(|mut d| d.next().is_some())
                .unwrap_or(true)
        {
            return Err(Error::Options(format!(
                "{}: the destination exists and is not empty",
                dest.display()
            )));
        }
        let parent = match dest.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        let io = |path: &Path| {
            let path = path.to_path_buf();
            move |source| Error::Io { path, source }
        };
        std::fs::create_dir_all(&parent).map_err(io(&parent))?;
        crate::files::atomic::sweep_stale(&parent, Some("import"));
        let tmp = tempfile::Builder::new()
            .prefix(&format!(".tomtat-import-{}-", std::process::id()))
            .tempdir_in(&parent)
            .map_err(io(&parent))?;
        let root = tmp.path().to_path_buf();
        for sub in ["articles", "references"] {
            let d = root.join(sub);
            std::fs::create_dir_all(&d).map_err(io(&d))?;
        }
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
            dest: dest.to_path_buf(),
            _live: crate::files::atomic::Live::new(&root),
            root,
            tmp,
            manifest,
            counts: ImportCounts::default(),
        })
    }

    pub(super) fn write(&self, rel: &str, text: &str) -> Result<(), Error> {
        let path = self.root.join(rel);
        std::fs::write(&path, format!("{text}\n")).map_err(|source| Error::Io { path, source })
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
        let rel = format!("articles/{id}.{}.txt", meta.lang);
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
        self.write(&format!("references/{target}.{lang}.{annotator}.txt"), text)?;
        self.counts.references += 1;
        Ok(())
    }

    pub(super) fn finish(self) -> Result<ImportCounts, Error> {
        let bytes = self
            .manifest
            .into_inner()
            .map_err(|e| Error::Options(e.to_string()))?;
        let path = self.root.join("manifest.csv");
        std::fs::write(&path, bytes).map_err(|source| Error::Io { path, source })?;
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            // Temporary folders are made 0700; a data set is an ordinary folder.
            std::fs::set_permissions(&self.root, std::fs::Permissions::from_mode(0o755)).map_err(
                |source| Error::Io {
                    path: self.root.clone(),
                    source,
                },
            )?;
        }
        // An empty destination folder is replaced by the rename; a failed rename leaves the
        // temporary folder to be removed when `tmp` drops.
        std::fs::rename(&self.root, &self.dest).map_err(|source| Error::Io {
            path: self.dest.clone(),
            source,
        })?;
        let _ = self.tmp.keep();
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
            let text = clean_text(&read_text(&file)?);
            let (title, body) = text.split_once('\n').unwrap_or((text.as_str(), ""));
            let body: Vec<&str> = body.lines().filter(|l| !l.is_empty()).collect();
            w.article(&format!("{cluster}_{k}"), &cluster, title, &body.join("\n"))?;
        }
        let summaries = src.join("summary").join(&cluster);
        if summaries.is_dir() {
            for (k, file) in numbered_texts(&summaries)? {
                let text = clean_text(&read_text(&file)?);
                let kept: Vec<&str> = text
                    .lines()
                    .filter(|l| !l.is_empty())
                    .filter(|l| !(l.starts_with("Cluster_") && l.len() <= 12))
                    .filter(|l| !(l.starts_with('=') && l.ends_with('=')))
                    .collect();
                w.reference(&cluster, &format!("s{k}"), &kept.join("\n"))?;
            }
        }
    }
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
            let field = |name: &str| clean_text(doc[name].as_str().unwrap_or(""));
            let body = [field("anchor_text"), field("raw_text")]
                .into_iter()
                .filter(|s| !s.is_empty())
                .collect::<Vec<_>>()
                .join("\n");
            w.article(
                &format!("{cluster}-{}", k + 1),
                &cluster,
                &field("title"),
                &body,
            )?;
        }
        let summary = v["summary"]
            .as_str()
            .ok_or_else(|| bad("missing 'summary' string"))?;
        w.reference(&cluster, "gold", &clean_text(summary))?;
        w.counts.clusters += 1;
    }
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
