//! Which target a reference file belongs to when it is named by its article's file name
//! rather than by the article's id (importers keep a data set's own ids and make only file
//! names safe).

use super::dataset::{Article, Reference};
use std::collections::{BTreeMap, HashSet};

/// Gives each reference named by its article's file name (`articles/<name>.<lang>.txt`)
/// rather than its id the article's id as target: importers keep ids as the data set has
/// them and make only file names safe (`a/b` is `a_b~…`). A target that is an id or cluster
/// id stays as it is; a file name shared by articles of different ids names none.
pub(super) fn name_targets_by_id(articles: &[Article], references: &mut [Reference]) {
    let known: HashSet<&str> = articles
        .iter()
        .flat_map(|a| [a.id.as_str(), a.cluster_id.as_str()])
        .collect();
    let mut by_name: BTreeMap<&str, Option<&str>> = BTreeMap::new();
    for a in articles {
        let name = a
            .path
            .file_name()
            .and_then(|n| n.to_str())
            .and_then(|n| n.strip_suffix(".txt"))
            .and_then(|n| n.rsplit_once('.'))
            .map(|(name, _lang)| name);
        if let Some(name) = name.filter(|n| *n != a.id) {
            let entry = by_name.entry(name).or_insert(Some(a.id.as_str()));
            if *entry != Some(a.id.as_str()) {
                *entry = None;
            }
        }
    }
    for r in references.iter_mut() {
        if known.contains(r.target.as_str()) {
            continue;
        }
        if let Some(Some(id)) = by_name.get(r.target.as_str()) {
            r.target = id.to_string();
        }
    }
}
