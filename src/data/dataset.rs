//! A data set on disk: `manifest.csv` and article files in the data set folder, and reference
//! summaries named `<target>.<lang>.<annotator>.txt` (target = article or cluster id) in
//! `<dataset>/references/` or, for bundled data sets, `reference-summaries/<name>/`.
//!
//! [`check`] reports every problem it finds with file and line; [`load`] refuses a data set
//! with any error.

use super::text_findings::{check_language, check_text};
use crate::error::Error;
use crate::files::decode_utf8;
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::fmt;
use std::path::{Component, Path, PathBuf};

/// One article of the manifest, with its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Article {
    pub id: String,
    pub cluster_id: String,
    pub lang: String,
    pub title: String,
    pub outlet: String,
    pub source_url: String,
    pub published: String,
    pub path: PathBuf,
    pub text: String,
}

/// One reference summary.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub target: String,
    pub lang: String,
    pub annotator: String,
    pub path: PathBuf,
    pub text: String,
}

/// A loaded data set. Invariant after [`load`]: every reference names a known target and
/// every target has at least one reference.
#[derive(Debug, Clone)]
pub struct Dataset {
    pub name: String,
    pub dir: PathBuf,
    pub references_dir: PathBuf,
    pub articles: Vec<Article>,
    pub references: Vec<Reference>,
    /// What the data set records of itself (`dataset.json`): its sentence boundaries and
    /// word segmentation.
    pub record: super::record::Record,
}

impl Dataset {
    /// Article ids and cluster ids, in manifest order, without repeats.
    pub fn targets(&self) -> Vec<String> {
        let mut seen = HashSet::new();
        let mut out = Vec::new();
        for a in &self.articles {
            for t in [&a.id, &a.cluster_id] {
                if !t.is_empty() && seen.insert(t.clone()) {
                    out.push(t.clone());
                }
            }
        }
        out
    }

    /// Targets that have at least one reference: what a system is scored on.
    pub fn scored_targets(&self) -> Vec<String> {
        let covered: HashSet<&str> = self.references.iter().map(|r| r.target.as_str()).collect();
        self.targets()
            .into_iter()
            .filter(|t| covered.contains(t.as_str()))
            .collect()
    }

    /// The articles a target covers: the article itself, or every article of a cluster.
    pub fn articles_of(&self, target: &str) -> Vec<&Article> {
        self.articles
            .iter()
            .filter(|a| a.id == target || a.cluster_id == target)
            .collect()
    }

    /// All references of `target`, any language.
    pub fn references_of_target(&self, target: &str) -> Vec<&Reference> {
        self.references
            .iter()
            .filter(|r| r.target == target)
            .collect()
    }

    /// References of `target` in `lang`.
    pub fn references_of(&self, target: &str, lang: &str) -> Vec<&Reference> {
        self.references
            .iter()
            .filter(|r| r.target == target && r.lang == lang)
            .collect()
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Severity {
    Error,
    Warning,
}

/// One problem found by [`check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub severity: Severity,
    /// What the finding is about, for grouping and filtering: `layout` (files, names, the
    /// manifest), `utf8`, `empty`, `text` (a character a profile normalizes and `dataset fix`
    /// repairs), `tone`, `language`, or a content check's kind (`curate::checks`).
    pub kind: &'static str,
    pub path: PathBuf,
    pub line: Option<usize>,
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let kind = match self.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
        };
        write!(f, "{kind}: {}", self.located())
    }
}

impl Finding {
    /// `path[:line]: message`, without the severity.
    pub fn located(&self) -> String {
        match self.line {
            Some(l) => format!("{}:{l}: {}", self.path.display(), self.message),
            None => format!("{}: {}", self.path.display(), self.message),
        }
    }
}

pub(super) struct Findings(pub(super) Vec<Finding>);

impl Findings {
    pub(super) fn add(
        &mut self,
        severity: Severity,
        kind: &'static str,
        path: &Path,
        line: Option<usize>,
        message: String,
    ) {
        self.0.push(Finding {
            severity,
            kind,
            path: path.to_path_buf(),
            line,
            message,
        });
    }
    pub(super) fn error(&mut self, path: &Path, line: Option<usize>, message: impl Into<String>) {
        self.add(Severity::Error, "layout", path, line, message.into());
    }
    pub(super) fn warning(
        &mut self,
        kind: &'static str,
        path: &Path,
        line: Option<usize>,
        message: impl Into<String>,
    ) {
        self.add(Severity::Warning, kind, path, line, message.into());
    }
}

/// Where the references of the data set in `dir` live.
pub fn references_dir(dir: &Path) -> PathBuf {
    let own = dir.join("references");
    if own.is_dir() {
        return own;
    }
    let name = dir
        .file_name()
        .map(|n| n.to_os_string())
        .unwrap_or_default();
    dir.parent()
        .and_then(Path::parent)
        .map(|root| root.join("reference-summaries").join(&name))
        .unwrap_or(own)
}

/// Loads a data set, failing with the first error [`check`] finds.
pub fn load(dir: &Path) -> Result<Dataset, Error> {
    load_with_findings(dir).map(|(dataset, _)| dataset)
}

/// [`load`], with the warnings [`check`] found (text a profile normalizes, mixed tone styles,
/// a language that reads as another): a data set with warnings loads and scores.
pub fn load_with_findings(dir: &Path) -> Result<(Dataset, Vec<Finding>), Error> {
    let (dataset, findings) = check(dir);
    if let Some(f) = findings.iter().find(|f| f.severity == Severity::Error) {
        return Err(Error::Options(format!(
            "{} (run `tomtat dataset check {}` for every problem)",
            f.located(),
            dir.display()
        )));
    }
    dataset
        .map(|d| (d, findings))
        .ok_or_else(|| Error::Options(format!("{}: cannot load the data set", dir.display())))
}

/// Checks a data set and returns what could be loaded plus every finding, errors first.
pub fn check(dir: &Path) -> (Option<Dataset>, Vec<Finding>) {
    let mut f = Findings(Vec::new());
    let manifest = dir.join("manifest.csv");
    let bytes = match crate::files::read_limited_io(&manifest) {
        Ok(b) => b,
        Err(e) => {
            f.error(&manifest, None, format!("cannot read the manifest: {e}"));
            return (None, f.0);
        }
    };
    let text = match decode_utf8(&bytes, &manifest.display().to_string()) {
        Ok(t) => t,
        Err(e) => {
            f.error(&manifest, None, e.to_string());
            return (None, f.0);
        }
    };
    let articles = read_manifest(dir, &manifest, text, &mut f);
    let listed: HashSet<PathBuf> = articles.iter().map(|a| a.path.clone()).collect();
    for file in text_files(dir, &mut f) {
        if !listed.contains(&file) && !file.starts_with(dir.join("references")) {
            f.error(&file, None, "file without a manifest row");
        }
    }
    let refs_dir = references_dir(dir);
    let mut references = read_references(&refs_dir, &mut f);
    super::targets::name_targets_by_id(&articles, &mut references);
    let dataset = Dataset {
        name: dir
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default(),
        dir: dir.to_path_buf(),
        references_dir: refs_dir.clone(),
        articles,
        references,
        record: super::record::read(dir, &mut |path, message| f.error(path, None, message)),
    };
    let targets: BTreeSet<String> = dataset.targets().into_iter().collect();
    for r in &dataset.references {
        if !targets.contains(&r.target) {
            f.error(
                &r.path,
                None,
                format!("reference for unknown target '{}'", r.target),
            );
        }
    }
    // Every cluster needs references: its own (multi-document) or one for each article.
    let covered: HashSet<&str> = dataset
        .references
        .iter()
        .map(|r| r.target.as_str())
        .collect();
    let mut clusters: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for a in &dataset.articles {
        let key = if a.cluster_id.is_empty() {
            a.id.as_str()
        } else {
            a.cluster_id.as_str()
        };
        clusters.entry(key).or_default().push(a.id.as_str());
    }
    for (cluster, articles) in clusters {
        if covered.contains(cluster) {
            continue;
        }
        let bare: Vec<&str> = articles
            .into_iter()
            .filter(|a| !covered.contains(a))
            .collect();
        if !bare.is_empty() {
            f.error(
                &refs_dir,
                None,
                format!(
                    "no reference for '{cluster}' nor for its article(s) {} \
                     ({cluster}.<lang>.<annotator>.txt)",
                    bare.join(", ")
                ),
            );
        }
    }
    let mut findings = f.0;
    findings.sort_by_key(|f| f.severity);
    (Some(dataset), findings)
}

fn read_manifest(dir: &Path, manifest: &Path, text: &str, f: &mut Findings) -> Vec<Article> {
    let mut reader = csv::ReaderBuilder::new().from_reader(text.as_bytes());
    let headers: Vec<String> = match reader.headers() {
        Ok(h) => h.iter().map(|s| s.trim().to_string()).collect(),
        Err(e) => {
            f.error(manifest, Some(1), format!("invalid CSV header: {e}"));
            return Vec::new();
        }
    };
    let col = |name: &str| headers.iter().position(|h| h == name);
    let (Some(id_col), Some(file_col)) = (col("article_id"), col("file")) else {
        f.error(
            manifest,
            Some(1),
            "the header needs at least article_id and file columns",
        );
        return Vec::new();
    };
    let mut reads = Vec::new();
    let mut ids: BTreeMap<String, usize> = BTreeMap::new();
    for record in reader.records() {
        let record = match record {
            Ok(r) => r,
            Err(e) => {
                let line = e.position().map(|p| p.line() as usize);
                f.error(manifest, line, format!("invalid CSV: {e}"));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line() as usize);
        let get = |c: Option<usize>| {
            c.and_then(|c| record.get(c))
                .unwrap_or("")
                .trim()
                .to_string()
        };
        let id = get(Some(id_col));
        let rel = get(Some(file_col));
        if id.is_empty() || rel.is_empty() {
            f.error(
                manifest,
                Some(line),
                "article_id and file must not be empty",
            );
            continue;
        }
        if let Some(first) = ids.insert(id.clone(), line) {
            f.error(
                manifest,
                Some(line),
                format!("duplicate article_id '{id}' (first at line {first})"),
            );
            continue;
        }
        let rel_path = Path::new(&rel);
        if rel_path.is_absolute()
            || rel_path
                .components()
                .any(|c| !matches!(c, Component::Normal(_)))
        {
            f.error(
                manifest,
                Some(line),
                format!("file '{rel}' must be a relative path inside the data set (no '..')"),
            );
            continue;
        }
        let path = dir.join(rel_path);
        if leaves(dir, &path) {
            f.error(
                manifest,
                Some(line),
                format!("file '{rel}' is a symlink that leaves the data set folder"),
            );
            continue;
        }
        let missing = Finding {
            severity: Severity::Error,
            kind: "layout",
            path: manifest.to_path_buf(),
            line: Some(line),
            message: format!("row names a missing or unreadable file '{rel}'"),
        };
        reads.push(Read {
            at: f.0.len(),
            missing: Some(missing),
            item: Article {
                id,
                cluster_id: get(col("cluster_id")),
                lang: get(col("lang")),
                title: get(col("title")),
                outlet: get(col("outlet")),
                source_url: get(col("source_url")),
                published: get(col("published")),
                path,
                text: String::new(),
            },
        });
    }
    let articles = read_all(reads, f, |a| (&a.path, &a.lang), |a, text| a.text = text);
    if articles.is_empty() && ids.is_empty() {
        f.error(manifest, None, "the manifest lists no article");
    }
    articles
}

/// A file to read and check, found in a sequential pass: its findings go at `at` among the
/// others, and `missing` is added when it cannot be read.
struct Read<T> {
    at: usize,
    missing: Option<Finding>,
    item: T,
}

/// Reads and checks the files of `reads` in parallel (each file's text and language, as
/// [`read_checked`] and [`check_language`]), then puts their findings where the sequential
/// pass would have, so the findings come in the same order as one file after another.
fn read_all<T: Send>(
    reads: Vec<Read<T>>,
    f: &mut Findings,
    file: impl Fn(&T) -> (&PathBuf, &String) + Sync,
    set_text: impl Fn(&mut T, String),
) -> Vec<T> {
    use rayon::prelude::*;
    let done: Vec<(Read<T>, Option<String>, Vec<Finding>)> = reads
        .into_par_iter()
        .map(|r| {
            let mut own = Findings(Vec::new());
            let (path, lang) = file(&r.item);
            let text = read_checked(path, &mut own);
            match &text {
                Some(text) => check_language(path, text, lang, &mut own),
                None => own.0.extend(r.missing.clone()),
            }
            (r, text, own.0)
        })
        .collect();
    let before = std::mem::take(&mut f.0);
    let mut cursor = 0;
    let mut out = Vec::new();
    for (r, text, findings) in done {
        f.0.extend_from_slice(&before[cursor..r.at]);
        cursor = r.at;
        f.0.extend(findings);
        if let Some(text) = text {
            let mut item = r.item;
            set_text(&mut item, text);
            out.push(item);
        }
    }
    f.0.extend_from_slice(&before[cursor..]);
    out
}

fn read_references(dir: &Path, f: &mut Findings) -> Vec<Reference> {
    let mut files: Vec<PathBuf> = match std::fs::read_dir(dir) {
        Ok(entries) => entries.filter_map(|e| e.ok()).map(|e| e.path()).collect(),
        Err(e) => {
            f.error(dir, None, format!("cannot read the references folder: {e}"));
            return Vec::new();
        }
    };
    files.sort();
    let mut reads = Vec::new();
    for path in files {
        if !path.is_file() {
            continue;
        }
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        if name.starts_with('.') || name.to_ascii_lowercase().starts_with("readme") {
            continue;
        }
        if leaves(dir, &path) {
            f.error(&path, None, "symlink that leaves the references folder");
            continue;
        }
        let Some(stem) = name.strip_suffix(".txt") else {
            f.error(
                &path,
                None,
                "reference files must end in .txt (README files are skipped)",
            );
            continue;
        };
        let parts: Vec<&str> = stem.rsplitn(3, '.').collect();
        let [annotator, lang, target] = parts[..] else {
            f.error(
                &path,
                None,
                "reference file names are <target>.<lang>.<annotator>.txt",
            );
            continue;
        };
        reads.push(Read {
            at: f.0.len(),
            missing: None,
            item: Reference {
                target: target.to_string(),
                lang: lang.to_string(),
                annotator: annotator.to_string(),
                path,
                text: String::new(),
            },
        });
    }
    read_all(reads, f, |r| (&r.path, &r.lang), |r, text| r.text = text)
}

/// True when `path` (through any symlink) resolves outside `root`: such a file is never read.
/// Symlinks are allowed inside a data set only when they stay inside its folder.
fn leaves(root: &Path, path: &Path) -> bool {
    match (std::fs::canonicalize(root), std::fs::canonicalize(path)) {
        (Ok(root), Ok(path)) => !path.starts_with(root),
        _ => false,
    }
}

/// Every `.txt` file below `dir` except the references folder's. Symlinked folders are not
/// descended into (so a link loop cannot hang the walk); a symlink that leaves `dir` is an
/// error.
fn text_files(dir: &Path, f: &mut Findings) -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        let entries = match std::fs::read_dir(&d) {
            Ok(e) => e,
            Err(e) => {
                f.error(&d, None, format!("cannot list: {e}"));
                continue;
            }
        };
        for entry in entries.filter_map(|e| e.ok()) {
            let p = entry.path();
            let Ok(kind) = entry.file_type() else {
                continue;
            };
            if kind.is_symlink() {
                if leaves(dir, &p) {
                    f.error(&p, None, "symlink that leaves the data set folder");
                    continue;
                }
                if p.is_dir() {
                    continue;
                }
            }
            if kind.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "txt") {
                out.push(p);
            }
        }
    }
    out.sort();
    out
}

/// Reads a text file and reports its content problems; `None` when it cannot be used.
fn read_checked(path: &Path, f: &mut Findings) -> Option<String> {
    let bytes = match crate::files::read_limited_io(path) {
        Ok(b) => b,
        // Missing and unreadable files are reported where the set's layout is checked.
        Err(e) if e.kind() == std::io::ErrorKind::InvalidData => {
            f.error(path, None, e.to_string());
            return None;
        }
        Err(_) => return None,
    };
    let text = match decode_utf8(&bytes, &path.display().to_string()) {
        Ok(t) => t.to_string(),
        Err(Error::InvalidUtf8 { line, byte, .. }) => {
            f.add(
                Severity::Error,
                "utf8",
                path,
                Some(line),
                format!("invalid UTF-8 at byte {byte}"),
            );
            return None;
        }
        Err(e) => {
            f.error(path, None, e.to_string());
            return None;
        }
    };
    if text.trim().is_empty() {
        f.add(Severity::Error, "empty", path, None, "empty text".into());
        return None;
    }
    check_text(path, &text, f);
    Some(text)
}
