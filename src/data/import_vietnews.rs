//! The VietNews importer (Nguyen et al., 2019; the word-segmented release
//! `ThanhChinhBK/vietnews`, `data/{train,val,test}_tokenized/NNNNNN.txt.seg`): one article a
//! file, blocks separated by a blank line: 1 the title, 2 the abstract (the reference), 3 the
//! body, one sentence a line, and 4 (most files) image captions, one a line.
//!
//! The text is kept as released: word-segmented (`Bản_án`), so `--units words` scores the
//! released words and the default scores syllables; body lines are its sentences, which the
//! data set records (`dataset.json`: sentences `lines`, segmented). Captions are not article
//! text: they go to `DEST/captions.jsonl` (`{"id", "captions": […]}`), outside the scored set.

use super::import::{ArticleMeta, ImportCounts, Writer};
use super::import_bbc::BbcImport;
use super::import_rows::{digest, tsv_safe};
use super::record::Record;
use crate::error::Error;
use crate::files::read_text;
use crate::text::SentenceUnits;
use std::collections::HashMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// What a VietNews import found and wrote.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct VietnewsReport {
    pub counts: ImportCounts,
    /// Articles whose body is also in an earlier file of SRC.
    pub duplicates_within: usize,
    /// Articles whose body is also in one of the `against` folders.
    pub duplicates_across: usize,
    /// Duplicates left out (`dedup`).
    pub dropped: usize,
    /// Files left out because a block is missing or empty (listed in `dropped.tsv`).
    pub dropped_malformed: usize,
    /// Articles with captions (written to `captions.jsonl`).
    pub with_captions: usize,
}

/// The `.txt.seg` files of a folder with their ids (the file name without `.txt.seg`), in
/// name order.
fn seg_files(dir: &Path) -> Result<Vec<(String, PathBuf)>, Error> {
    let entries = std::fs::read_dir(dir).map_err(|source| Error::Io {
        path: dir.to_path_buf(),
        source,
    })?;
    let mut out: Vec<(String, PathBuf)> = entries
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter_map(|p| {
            let name = p.file_name()?.to_str()?.to_string();
            let id = name.strip_suffix(".txt.seg")?.to_string();
            p.is_file().then_some((id, p))
        })
        .collect();
    out.sort();
    if out.is_empty() {
        return Err(Error::Options(format!(
            "{}: no .txt.seg files (give a folder of the VietNews release such as \
             data/test_tokenized)",
            dir.display()
        )));
    }
    Ok(out)
}

/// The blank-line separated blocks of a file, each a list of its lines (line ends removed,
/// the text of each line as released).
fn blocks(text: &str) -> Vec<Vec<&str>> {
    let mut out: Vec<Vec<&str>> = Vec::new();
    let mut current: Vec<&str> = Vec::new();
    for line in text.lines() {
        if line.trim().is_empty() {
            if !current.is_empty() {
                out.push(std::mem::take(&mut current));
            }
        } else {
            current.push(line);
        }
    }
    if !current.is_empty() {
        out.push(current);
    }
    out
}

/// The digest duplicates are found by: the body with `_` read as a space, so that the same
/// article segmented differently is still the same.
fn body_digest(body: &[&str]) -> u64 {
    digest(&body.join("\n").replace('_', " "))
}

/// Imports one folder of VietNews `.txt.seg` files. `options.against` names the folders of
/// the other splits; `options.dedup` drops duplicates, listing them in `dropped.tsv`.
pub fn import_vietnews(
    src: &Path,
    dest: &Path,
    options: &BbcImport,
    progress: &mut dyn FnMut(u64),
) -> Result<VietnewsReport, Error> {
    if options.languages.is_some() {
        return Err(Error::Options(
            "--languages: VietNews is Vietnamese only; leave it out".into(),
        ));
    }
    super::import_bbc::check_against(src, &options.against)?;
    let mut across: HashMap<u64, String> = HashMap::new();
    for dir in &options.against {
        let split = dir.file_name().map(|n| n.to_string_lossy().into_owned());
        for (id, path) in seg_files(dir)? {
            let text = read_text(&path)?;
            if let Some(body) = blocks(&text).get(2) {
                across
                    .entry(body_digest(body))
                    .or_insert_with(|| format!("{}/{id}", split.clone().unwrap_or_default()));
            }
        }
    }
    let files = seg_files(src)?;
    let cluster = super::import::safe_name(
        &src.file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
    );
    let mut w = Writer::new(dest)?;
    let mut report = VietnewsReport::default();
    let mut within: HashMap<u64, String> = HashMap::new();
    let mut dropped = String::from("file\tid\treason\n");
    // Captions stream to their file: a split of 100,000 articles has about 90,000 of them.
    let mut captions: Option<std::io::BufWriter<std::fs::File>> = None;
    for (n, (id, path)) in files.iter().enumerate() {
        progress(n as u64 + 1);
        let text = read_text(path)?;
        let parts = blocks(&text);
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        let name = tsv_safe(&name.unwrap_or_default());
        if parts.len() < 3 {
            report.dropped_malformed += 1;
            dropped.push_str(&format!(
                "{name}\t{}\tonly {} of the 3 blocks (title, abstract, body)\n",
                tsv_safe(id),
                parts.len()
            ));
            continue;
        }
        let (title, abstract_, body) = (&parts[0], &parts[1], &parts[2]);
        let d = body_digest(body);
        let reason = if let Some(other) = across.get(&d) {
            report.duplicates_across += 1;
            Some(format!("same body as {other}"))
        } else if let Some(first) = within.get(&d) {
            report.duplicates_within += 1;
            Some(format!("same body as {first}"))
        } else {
            within.insert(d, id.clone());
            None
        };
        if let Some(reason) = reason
            && options.dedup
        {
            report.dropped += 1;
            dropped.push_str(&format!("{name}\t{}\t{reason}\n", tsv_safe(id)));
            continue;
        }
        let meta = ArticleMeta {
            lang: "vi",
            title: &title.join(" "),
            outlet: "VietNews",
            source_url: "",
        };
        w.article_with(id, &cluster, &meta, &body.join("\n"))?;
        w.reference_in(id, "vi", "abstract", &abstract_.join("\n"))?;
        if parts.len() > 3 {
            report.with_captions += 1;
            let lines: Vec<&str> = parts[3..].iter().flatten().copied().collect();
            let row = serde_json::json!({"id": id, "captions": lines});
            if captions.is_none() {
                captions = Some(w.create("captions.jsonl")?);
            }
            if let Some(out) = captions.as_mut() {
                writeln!(out, "{row}").map_err(|source| Error::Io {
                    path: dest.join("captions.jsonl"),
                    source,
                })?;
            }
        }
    }
    if let Some(out) = captions {
        out.into_inner().map_err(|e| Error::Io {
            path: dest.join("captions.jsonl"),
            source: e.into_error(),
        })?;
    }
    if report.dropped > 0 || report.dropped_malformed > 0 {
        w.write("dropped.tsv", dropped.trim_end())?;
    }
    let record = Record {
        sentences: Some(SentenceUnits::Lines),
        segmented: true,
        source: format!(
            "VietNews (ThanhChinhBK/vietnews), {}",
            src.file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default()
        ),
    };
    w.record(&record)?;
    w.counts.clusters = 1;
    report.counts = w.finish()?;
    Ok(report)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_separated_by_blank_lines() {
        let text = "Tiêu_đề\n\nTóm_tắt .\n\nCâu một .\nCâu hai .\n\nẢnh 1\n";
        assert_eq!(
            blocks(text),
            vec![
                vec!["Tiêu_đề"],
                vec!["Tóm_tắt ."],
                vec!["Câu một .", "Câu hai ."],
                vec!["Ảnh 1"]
            ]
        );
    }
}
