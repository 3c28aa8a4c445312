//! The library's modules form layers: each top-level module of `src/` uses only modules below
//! it, so there is no import cycle and safe file handling (`files`) sits at the bottom. This
//! reads the sources (comments excluded) and fails naming the edge that breaks the order.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// Bottom to top: a module may use only modules earlier in this list.
const LAYERS: &[&str] = &[
    "error", "files", "text", "metrics", "stats", "data", "options", "report", "run", "baseline",
    "curate", "python",
];

fn top_module(src: &Path, file: &Path) -> Option<String> {
    let rel = file.strip_prefix(src).ok()?;
    let first = rel.components().next()?.as_os_str().to_str()?;
    Some(first.trim_end_matches(".rs").to_string())
}

/// The first path segment after each `prefix` (`crate::`, `crate::report::`) in the code of
/// `text` (comments left out), each item of a `prefix{…}` group counted.
fn uses_after(text: &str, prefix: &str) -> BTreeSet<String> {
    // Comments out, lines kept: a `{…}` group may span lines.
    let code: String = text
        .lines()
        .map(|l| l.split("//").next().unwrap_or(""))
        .collect::<Vec<_>>()
        .join("\n");
    let mut found = BTreeSet::new();
    let mut rest = code.as_str();
    while let Some(i) = rest.find(prefix) {
        rest = &rest[i + prefix.len()..];
        if let Some(group) = rest.strip_prefix('{') {
            let inner = group.split('}').next().unwrap_or("");
            for item in inner.split(',') {
                found.insert(item.trim().split("::").next().unwrap_or("").to_string());
            }
        } else {
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            found.insert(name);
        }
    }
    found
}

fn rust_files(dir: &Path, out: &mut Vec<std::path::PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

#[test]
fn modules_only_use_the_layers_below_them() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    rust_files(&src, &mut files);
    let rank = |m: &str| LAYERS.iter().position(|l| *l == m);
    let mut edges: BTreeMap<(String, String), String> = BTreeMap::new();
    for file in &files {
        let Some(module) = top_module(&src, file) else {
            continue;
        };
        if matches!(module.as_str(), "cli" | "main" | "lib") {
            continue;
        }
        let text = std::fs::read_to_string(file).unwrap();
        for used in uses_after(&text, "crate::") {
            if used != module && rank(&used).is_some() {
                edges
                    .entry((module.clone(), used))
                    .or_insert_with(|| file.display().to_string());
            }
        }
    }
    let mut wrong = Vec::new();
    for ((from, to), file) in &edges {
        let (Some(a), Some(b)) = (rank(from), rank(to)) else {
            wrong.push(format!("{from} is not in LAYERS"));
            continue;
        };
        if b > a {
            wrong.push(format!("{from} uses {to} above it ({file})"));
        }
    }
    assert!(wrong.is_empty(), "layering broken:\n{}", wrong.join("\n"));
}

#[test]
fn every_library_module_has_a_layer() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let lib = std::fs::read_to_string(src.join("lib.rs")).unwrap();
    for line in lib.lines() {
        let line = line.trim();
        if let Some(rest) = line
            .strip_prefix("pub mod ")
            .or_else(|| line.strip_prefix("mod "))
        {
            let name = rest.trim_end_matches(';');
            assert!(LAYERS.contains(&name), "{name} has no place in LAYERS");
        }
    }
}

/// Bottom to top: the folders of `src/report/`. A file in one may use only its own folder and
/// those before it, directly or through a name `report/mod.rs` re-exports.
const REPORT_LAYERS: &[&str] = &["run", "views", "text", "pages"];

/// The layer each name re-exported by `report/mod.rs` comes from (`RunFile` → `run`).
fn report_reexports(root: &str) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    for statement in root.split(';') {
        let statement = statement.trim();
        let Some(path) = statement.rsplit("pub use ").next() else {
            continue;
        };
        if !statement.contains("pub use ") {
            continue;
        }
        let layer = path.split("::").next().unwrap_or("");
        if !REPORT_LAYERS.contains(&layer) {
            continue;
        }
        let items = match path.split_once('{') {
            Some((_, inner)) => inner.trim_end_matches('}').to_string(),
            None => path.rsplit("::").next().unwrap_or("").to_string(),
        };
        for item in items.split(',') {
            let name = item.trim().rsplit("::").next().unwrap_or("").trim();
            if !name.is_empty() {
                names.insert(name.to_string(), layer.to_string());
            }
        }
    }
    names
}

#[test]
fn report_folders_only_use_the_folders_below_them() {
    let report = Path::new(env!("CARGO_MANIFEST_DIR")).join("src/report");
    let root = std::fs::read_to_string(report.join("mod.rs")).unwrap();
    let reexported = report_reexports(&root);
    assert!(reexported.contains_key("RunFile") && reexported.contains_key("compare_html"));
    let rank = |m: &str| REPORT_LAYERS.iter().position(|l| *l == m);
    let mut files = Vec::new();
    rust_files(&report, &mut files);
    let mut wrong = Vec::new();
    let mut placed = 0;
    for file in &files {
        let rel = file.strip_prefix(&report).unwrap();
        let Some(folder) = rel.components().next().and_then(|c| c.as_os_str().to_str()) else {
            continue;
        };
        if folder == "mod.rs" {
            continue;
        }
        let Some(own) = rank(folder) else {
            wrong.push(format!("{} is in no layer of REPORT_LAYERS", rel.display()));
            continue;
        };
        placed += 1;
        let text = std::fs::read_to_string(file).unwrap();
        for name in uses_after(&text, "crate::report::") {
            let layer = if rank(&name).is_some() {
                Some(name.clone())
            } else {
                reexported.get(&name).cloned()
            };
            if let Some(layer) = layer
                && rank(&layer).is_some_and(|r| r > own)
            {
                wrong.push(format!("{} uses {name} from {layer}", rel.display()));
            }
        }
    }
    assert!(placed > 10, "found only {placed} files under src/report");
    assert!(
        wrong.is_empty(),
        "report layering broken:\n{}",
        wrong.join("\n")
    );
}
