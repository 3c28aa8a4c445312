//! On which signature fields two runs differ: what `compare`, `merge` and `correlate` refuse.

use crate::report::RunFile;

/// Signature fields that do not change any per-example number and may differ between runs
/// that are compared or merged.
pub const NON_SCORING_FIELDS: [&str; 5] = ["version", "boot", "conf", "seed", "bmethod"];

/// Signature fields that describe the examples rather than an option: shards of one data
/// set may differ in them (one shard of two-reference examples, one of single-reference
/// ones), and a merge recomputes them from the shards.
pub(crate) const EXAMPLE_FIELDS: [&str; 1] = ["nrefs"];

/// The scoring fields on which two runs differ, as `name (a vs b)`.
pub fn signature_differences(a: &RunFile, b: &RunFile) -> Vec<String> {
    differences(a, b, &[])
}

/// The fields on which two runs differ, besides the non-scoring ones and `also_ignored`.
pub(crate) fn differences(a: &RunFile, b: &RunFile, also_ignored: &[&str]) -> Vec<String> {
    let mut keys: Vec<&String> = a.signature_fields.keys().collect();
    for k in b.signature_fields.keys() {
        if !keys.contains(&k) {
            keys.push(k);
        }
    }
    keys.into_iter()
        .filter(|k| {
            !NON_SCORING_FIELDS.contains(&k.as_str()) && !also_ignored.contains(&k.as_str())
        })
        .filter_map(|k| {
            let (x, y) = (a.signature_fields.get(k), b.signature_fields.get(k));
            (x != y).then(|| {
                let show = |v: Option<&serde_json::Value>| {
                    v.and_then(|v| v.as_str()).unwrap_or("absent").to_string()
                };
                format!("{k} ({} vs {})", show(x), show(y))
            })
        })
        .collect()
}
