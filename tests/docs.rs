//! The documentation is a test: every ```console block of README.md and docs/*.md runs here,
//! through the real binary, and must print what the page shows.
//!
//! A block is a sequence of `$ COMMAND` lines, each followed by its expected output (standard
//! output, then standard error). A last output line `[exit: N]` expects exit status N (else 0).
//! The output is matched with snapbox: `...` on a line of its own stands for any lines, `[..]`
//! for any text within a line. Commands run with `sh -c`, so pipes work, with the built
//! `tomtat` first on PATH, in a fresh folder per page that holds copies of `datasets/`,
//! `reference-summaries/`, `baselines/` and the files of `docs/examples/`; the blocks of a
//! page run in order, so a later block can use what an earlier one wrote.
//!
//! `TOMTAT_BLESS=1 cargo test --test docs` writes the actual output into the pages instead of
//! failing, for examples without wildcards (then read the diff before committing it).
//!
//! trycmd would run each command itself, without a shell; the guide's `tokenize` examples are
//! pipelines (`printf … | tomtat tokenize`), so this harness keeps `sh` and uses snapbox only
//! for matching and diffs.

use std::path::{Path, PathBuf};
use std::process::Command;

struct Example {
    page: PathBuf,
    line: usize,
    command: String,
    expected: String,
    status: i32,
    /// 0-based lines of the page holding the expected output (end exclusive).
    output_lines: (usize, usize),
}

fn examples(page: &Path) -> Vec<Example> {
    let text = std::fs::read_to_string(page).unwrap();
    let mut out: Vec<Example> = Vec::new();
    let mut in_console = false;
    for (i, line) in text.lines().enumerate() {
        if !in_console {
            in_console = line.trim_end() == "```console";
            continue;
        }
        if line.starts_with("```") {
            in_console = false;
        } else if let Some(command) = line.strip_prefix("$ ") {
            out.push(Example {
                page: page.to_path_buf(),
                line: i + 1,
                command: command.to_string(),
                expected: String::new(),
                status: 0,
                output_lines: (i + 1, i + 1),
            });
        } else if let Some(last) = out.last_mut() {
            if let Some(n) = line
                .strip_prefix("[exit: ")
                .and_then(|r| r.strip_suffix(']'))
            {
                last.status = n.parse().unwrap();
            } else {
                last.expected.push_str(line);
                last.expected.push('\n');
                last.output_lines.1 = i + 1;
            }
        } else {
            panic!(
                "{}:{}: output before any `$ ` command",
                page.display(),
                i + 1
            );
        }
    }
    out
}

fn pages(root: &Path) -> Vec<PathBuf> {
    let mut pages = vec![root.join("README.md")];
    let mut docs: Vec<PathBuf> = std::fs::read_dir(root.join("docs"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "md"))
        .collect();
    docs.sort();
    pages.extend(docs);
    pages
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let path = entry.unwrap().path();
        let target = to.join(path.file_name().unwrap());
        if path.is_dir() {
            copy_tree(&path, &target);
        } else {
            std::fs::copy(&path, &target).unwrap();
        }
    }
}

/// A working folder for one page: the bundled data set, its references, the baselines and the
/// example inputs.
fn workdir(root: &Path) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for sub in ["datasets", "reference-summaries", "baselines"] {
        copy_tree(&root.join(sub), &dir.path().join(sub));
    }
    copy_tree(&root.join("docs/examples"), dir.path());
    dir
}

/// Runs `example`; on a mismatch the error and the actual output.
fn run(example: &Example, dir: &Path, bin_dir: &Path) -> Result<(), (String, String)> {
    let path = std::env::join_paths(std::iter::once(bin_dir.to_path_buf()).chain(
        std::env::split_paths(&std::env::var_os("PATH").unwrap_or_default()),
    ))
    .unwrap();
    let output = Command::new("sh")
        .arg("-c")
        .arg(format!("{{ {}\n}} 2>&1", example.command))
        .current_dir(dir)
        .env("PATH", path)
        .env_remove("RUST_BACKTRACE")
        .stdin(std::process::Stdio::null())
        .output()
        .map_err(|e| (format!("cannot run sh: {e}"), String::new()))?;
    let actual = String::from_utf8_lossy(&output.stdout).into_owned();
    let status = output.status.code().unwrap_or(-1);
    let place = format!(
        "{}:{}: `{}`",
        example.page.display(),
        example.line,
        example.command
    );
    if status != example.status {
        return Err((
            format!(
                "{place}: exit {status}, the page expects {}\n{actual}",
                example.status
            ),
            actual,
        ));
    }
    snapbox::Assert::new()
        .normalize_paths(false)
        .try_eq(
            Some(&place),
            actual.clone().into(),
            example.expected.clone().into(),
        )
        .map_err(|e| (e.to_string(), actual))
}

/// Writes `actual` outputs into `page` in place of the expected ones (no wildcards there).
fn bless(page: &Path, fixes: &[(&Example, String)]) {
    let text = std::fs::read_to_string(page).unwrap();
    let mut lines: Vec<String> = text.lines().map(str::to_string).collect();
    for (example, actual) in fixes.iter().rev() {
        let (from, to) = example.output_lines;
        let new: Vec<String> = actual.lines().map(str::to_string).collect();
        lines.splice(from..to, new);
    }
    std::fs::write(page, lines.join("\n") + "\n").unwrap();
}

#[test]
fn every_console_example_prints_what_the_page_shows() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_tomtat"));
    let bin_dir = bin.parent().unwrap();
    let blessing = std::env::var_os("TOMTAT_BLESS").is_some();
    let mut failures = Vec::new();
    let mut count = 0;
    for page in pages(root) {
        let dir = workdir(root);
        let found = examples(&page);
        let mut fixes = Vec::new();
        for example in &found {
            count += 1;
            if let Err((e, actual)) = run(example, dir.path(), bin_dir) {
                let wildcard = example.expected.contains("[..]")
                    || example.expected.lines().any(|l| l == "...");
                if blessing && !wildcard {
                    fixes.push((example, actual));
                } else {
                    failures.push(e);
                }
            }
        }
        if !fixes.is_empty() {
            bless(&page, &fixes);
        }
    }
    assert!(count >= 20, "only {count} console examples found");
    assert!(
        failures.is_empty(),
        "{} of {count} console examples drifted:\n\n{}",
        failures.len(),
        failures.join("\n\n")
    );
}

/// The harness itself: a drifted example must fail, a matching one pass.
#[test]
fn a_drifted_example_fails() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let bin = PathBuf::from(env!("CARGO_BIN_EXE_tomtat"));
    let dir = tempfile::tempdir().unwrap();
    let page = dir.path().join("page.md");
    std::fs::write(
        &page,
        "```console\n$ printf 'Hòa bình\\n' | tomtat tokenize\nhoà bình\n$ printf 'x\\n' | tomtat tokenize\ny\n$ tomtat score --pairs missing.jsonl\n...\n[exit: 2]\n```\n",
    )
    .unwrap();
    let found = examples(&page);
    assert_eq!(found.len(), 3);
    let work = workdir(root);
    assert!(run(&found[0], work.path(), bin.parent().unwrap()).is_ok());
    assert!(run(&found[1], work.path(), bin.parent().unwrap()).is_err());
    assert!(run(&found[2], work.path(), bin.parent().unwrap()).is_ok());
}

/// GitHub's anchor for a heading: lowercase, punctuation dropped (but `-` and `_`), spaces to
/// hyphens.
fn slug(heading: &str) -> String {
    heading
        .trim()
        .to_lowercase()
        .chars()
        .filter(|c| c.is_alphanumeric() || matches!(c, ' ' | '-' | '_'))
        .map(|c| if c == ' ' { '-' } else { c })
        .collect()
}

/// Headings and links of a page outside fenced code.
fn headings_and_links(text: &str) -> (Vec<String>, Vec<(usize, String)>) {
    let mut headings = Vec::new();
    let mut links = Vec::new();
    let mut fenced = false;
    for (i, line) in text.lines().enumerate() {
        if line.starts_with("```") {
            fenced = !fenced;
            continue;
        }
        if fenced {
            continue;
        }
        if line.starts_with('#') {
            headings.push(slug(line.trim_start_matches('#')));
        }
        let prose: String = line
            .split('`')
            .enumerate()
            .filter(|(k, _)| k % 2 == 0)
            .map(|(_, part)| part)
            .collect();
        let mut rest = prose.as_str();
        while let Some(at) = rest.find("](") {
            rest = &rest[at + 2..];
            if let Some(end) = rest.find(')') {
                links.push((i + 1, rest[..end].to_string()));
                rest = &rest[end..];
            }
        }
    }
    (headings, links)
}

#[test]
fn every_relative_link_and_anchor_resolves() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut broken = Vec::new();
    let mut checked = 0;
    for page in pages(root) {
        let text = std::fs::read_to_string(&page).unwrap();
        let (own, links) = headings_and_links(&text);
        for (line, link) in links {
            if link.starts_with("http://")
                || link.starts_with("https://")
                || link.starts_with("mailto:")
            {
                continue;
            }
            checked += 1;
            let (file, anchor) = link.split_once('#').unwrap_or((link.as_str(), ""));
            let headings = if file.is_empty() {
                own.clone()
            } else {
                let target = page.parent().unwrap().join(file);
                if !target.exists() {
                    broken.push(format!("{}:{line}: {link}: no such file", page.display()));
                    continue;
                }
                if anchor.is_empty() || target.is_dir() {
                    continue;
                }
                headings_and_links(&std::fs::read_to_string(&target).unwrap()).0
            };
            if !anchor.is_empty() && !headings.iter().any(|h| h == anchor) {
                broken.push(format!(
                    "{}:{line}: {link}: no heading #{anchor}",
                    page.display()
                ));
            }
        }
    }
    assert!(checked > 20, "only {checked} links checked");
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn every_guide_page_is_linked_from_the_readme_and_the_guide_index() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let readme = std::fs::read_to_string(root.join("README.md")).unwrap();
    let index = std::fs::read_to_string(root.join("docs/README.md")).unwrap();
    for page in pages(root).iter().skip(1) {
        let name = page.file_name().unwrap().to_str().unwrap();
        if name == "README.md" {
            continue;
        }
        assert!(
            readme.contains(&format!("(docs/{name}")),
            "README.md does not link docs/{name}"
        );
        assert!(
            index.contains(&format!("({name}")),
            "docs/README.md does not link {name}"
        );
    }
}

#[test]
fn the_readme_stays_short() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let size = std::fs::metadata(root.join("README.md")).unwrap().len();
    assert!(
        size <= 12 * 1024,
        "README.md is {size} bytes: move detail into docs/"
    );
}
