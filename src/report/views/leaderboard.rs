//! The result of `tomtat leaderboard`: many saved runs of the same examples, each pair tested
//! as `compare` tests it, Holm's correction across the pairs of a metric, ranks as ranges and
//! clusters of systems that are not significantly different.
//!
//! No run is rescored: the run files hold every per-example value, and each run's side of
//! the paired sums is computed once ([`SideSums`]), so a pair costs as much as its resamples
//! and trials, not its examples. A pair's figures are bit for bit `tomtat compare A B`'s.

use crate::error::Error;
use crate::report::RunFile;
use crate::report::views::comparison::{
    check_scored_alike, example_hash, paired_settings, shared_examples,
};
use crate::stats::{GateSettings, PairedResult, PairedSettings, PairedSums, Scale, SideSums, holm};
use rayon::prelude::*;
use serde::Serialize;

/// How clusters are built, in the words every format uses.
pub const CLUSTER_RULE: &str = "systems are ordered by the ranking metric's mean; a cluster ends \
where every system above significantly outperforms every system below (Holm-adjusted \
randomization p below the level), as WMT builds its clusters; a rank range runs from 1 + the \
systems significantly better to N − the systems significantly worse";

/// Settings of `leaderboard`; the tests are `compare`'s, with its defaults.
#[derive(Debug, Clone, PartialEq)]
pub struct LeaderboardSettings {
    /// Metrics to show; the first ranks. Empty means every metric all runs have.
    pub metrics: Vec<String>,
    /// Significance level of the Holm-adjusted randomization p-value.
    pub level: f64,
    pub trials: usize,
    pub resamples: usize,
    pub seed: u64,
    /// Index of the baseline run: test every other run against it only (sacreBLEU's shape).
    pub baseline: Option<usize>,
}

impl Default for LeaderboardSettings {
    fn default() -> Self {
        LeaderboardSettings {
            metrics: Vec::new(),
            level: 0.05,
            trials: 10_000,
            resamples: 1000,
            seed: 12345,
            baseline: None,
        }
    }
}

/// One system's figure for one metric: its run's own mean F and bootstrap interval (as
/// `score` printed them; no interval when the run was scored with `--bootstrap 0`).
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Figure {
    pub mean: f64,
    pub low: Option<f64>,
    pub high: Option<f64>,
}

/// One system of a board.
#[derive(Debug, Clone, Serialize)]
pub struct SystemRow {
    pub name: String,
    /// 1 = best by the ranking metric's mean.
    pub rank: usize,
    /// The ranks the system could take given the significant differences (`[1, 2]`: "1–2");
    /// `None` against a baseline, where only pairs with the baseline are tested.
    pub rank_range: Option<[usize; 2]>,
    /// 1 = best; `None` against a baseline.
    pub cluster: Option<usize>,
    /// Systems it is significantly better than, not different from, worse than (ranking
    /// metric; against a baseline only the baseline counts).
    pub wins: usize,
    pub ties: usize,
    pub losses: usize,
    #[serde(serialize_with = "figures_map")]
    pub metrics: Vec<(String, Figure)>,
    /// Index of the system's run in the runs given (not serialized).
    #[serde(skip)]
    pub run: usize,
}

/// One tested pair and metric; `delta` = b − a, as `tomtat compare A B` reports it.
#[derive(Debug, Clone, Serialize)]
pub struct PairRow {
    pub a: String,
    pub b: String,
    pub metric: String,
    pub delta: f64,
    pub ci_low: f64,
    pub ci_high: f64,
    pub p_bootstrap: f64,
    pub p_randomization: f64,
    /// Holm-adjusted across every tested pair of this metric.
    pub p_holm: f64,
    /// Examples b scored higher, the same, lower than a.
    pub wins: usize,
    pub ties: usize,
    pub losses: usize,
    /// Index of a and b in `systems` (not serialized).
    #[serde(skip)]
    pub index: (usize, usize),
}

/// The board of one set of examples (all, or one language).
#[derive(Debug, Clone, Serialize)]
pub struct Board {
    #[serde(skip_serializing_if = "Option::is_none")]
    pub lang: Option<String>,
    pub count: usize,
    /// In rank order.
    pub systems: Vec<SystemRow>,
    pub pairs: Vec<PairRow>,
}

/// A whole leaderboard: the board of every example and, for runs of several languages, one
/// board per language.
#[derive(Debug, Clone, Serialize)]
pub struct Leaderboard {
    pub tool: &'static str,
    pub version: &'static str,
    pub signature: String,
    pub metrics: Vec<String>,
    /// The metric that ranks (the first of `metrics`).
    pub ranked_by: String,
    pub level: f64,
    pub trials: usize,
    pub resamples: usize,
    pub seed: u64,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub baseline: Option<String>,
    pub cluster_rule: &'static str,
    pub notes: Vec<String>,
    #[serde(flatten)]
    pub all: Board,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub languages: Vec<Board>,
    /// Per run, its example index for each of the first run's examples, in that order (not
    /// serialized; for the page's explorer).
    #[serde(skip)]
    pub aligned: Vec<Vec<usize>>,
}

fn figures_map<S: serde::Serializer>(
    figures: &[(String, Figure)],
    s: S,
) -> Result<S::Ok, S::Error> {
    use serde::ser::SerializeMap;
    let mut map = s.serialize_map(Some(figures.len()))?;
    for (name, f) in figures {
        map.serialize_entry(name, f)?;
    }
    map.end()
}

/// The leaderboard of `runs` (named `names`): refuses runs scored differently or on other
/// examples, naming the run, as `compare` does.
pub fn leaderboard(
    runs: &[RunFile],
    names: &[String],
    settings: &LeaderboardSettings,
) -> Result<Leaderboard, Error> {
    let gate = GateSettings {
        alpha: settings.level,
        tolerance: 0.0,
        extra_tolerance: 0.0,
        trials: settings.trials,
        resamples: settings.resamples,
    };
    gate.check().map_err(|mut e| {
        if e.name == "alpha" {
            e.name = "level";
        }
        Error::Options(format!("--{e}"))
    })?;
    if runs.len() < 2 {
        return Err(Error::Options(format!(
            "a leaderboard needs at least two runs, got {}",
            runs.len()
        )));
    }
    let first = &runs[0];
    let mut notes = Vec::new();
    let mut aligned = vec![(0..first.examples.len()).collect::<Vec<usize>>()];
    for (run, name) in runs.iter().zip(names).skip(1) {
        let odd = |e: Error| {
            Error::Options(format!(
                "run '{name}' does not compare with '{}': {}",
                names[0], e
            ))
        };
        check_scored_alike(first, run, false).map_err(odd)?;
        let shared = shared_examples(first, run, false, &mut notes).map_err(odd)?;
        aligned.push(shared.into_iter().map(|(_, j)| j).collect());
    }
    let metrics = chosen_metrics(runs, names, &settings.metrics)?;
    let paired = paired_settings(settings.resamples, settings.trials, settings.seed);
    let keys: Vec<u64> = first.examples.iter().map(example_hash).collect();
    // Per metric and run, the values in the first run's order.
    let values: Vec<Vec<Vec<f64>>> = metrics
        .iter()
        .map(|m| {
            runs.iter()
                .zip(&aligned)
                .map(|(run, order)| {
                    let col = run.metrics.iter().position(|x| x == m).unwrap_or(0);
                    order.iter().map(|&i| run.examples[i].prf[col][2]).collect()
                })
                .collect()
        })
        .collect();
    let pairs = tested_pairs(runs.len(), settings.baseline);
    let everything: Vec<usize> = (0..first.examples.len()).collect();
    let context = Context {
        metrics: &metrics,
        values: &values,
        keys: &keys,
        paired,
        pairs: &pairs,
        names,
        level: settings.level,
        baseline: settings.baseline,
    };
    let all = context.board(None, &everything, &|run, m| {
        figure(&runs[run].report, None, m)
    });
    let mut langs: Vec<String> = first
        .examples
        .iter()
        .filter_map(|e| e.lang.clone())
        .collect();
    langs.sort();
    langs.dedup();
    let languages = if langs.len() > 1 {
        langs
            .iter()
            .map(|lang| {
                let subset: Vec<usize> = (0..first.examples.len())
                    .filter(|&i| first.examples[i].lang.as_deref() == Some(lang))
                    .collect();
                context.board(Some(lang), &subset, &|run, m| {
                    figure(&runs[run].report, Some(lang), m)
                })
            })
            .collect()
    } else {
        Vec::new()
    };
    Ok(Leaderboard {
        tool: "tomtat",
        version: env!("CARGO_PKG_VERSION"),
        signature: first.signature.clone(),
        ranked_by: metrics[0].clone(),
        metrics,
        level: settings.level,
        trials: settings.trials,
        resamples: settings.resamples,
        seed: settings.seed,
        baseline: settings.baseline.map(|b| names[b].clone()),
        cluster_rule: CLUSTER_RULE,
        notes,
        all,
        languages,
        aligned,
    })
}

/// The names runs get when none are given, from where each was read (`origins`): the file
/// name without `.json`, or the whole path where two would be the same; a run from memory
/// (`<memory>`, `<merged>`) is `run1`, `run2`, … by its position.
pub fn run_names(origins: &[String]) -> Vec<String> {
    let stem = |o: &str| {
        std::path::Path::new(o)
            .file_stem()
            .map(|s| s.to_string_lossy().into_owned())
            .unwrap_or_else(|| o.to_string())
    };
    origins
        .iter()
        .enumerate()
        .map(|(i, o)| {
            if o.starts_with('<') {
                return format!("run{}", i + 1);
            }
            let s = stem(o);
            if origins
                .iter()
                .filter(|p| !p.starts_with('<') && stem(p) == s)
                .count()
                > 1
            {
                o.clone()
            } else {
                s
            }
        })
        .collect()
}

/// The metrics named (each must be in every run), or every metric all runs have.
fn chosen_metrics(
    runs: &[RunFile],
    names: &[String],
    wanted: &[String],
) -> Result<Vec<String>, Error> {
    if wanted.is_empty() {
        let shared: Vec<String> = runs[0]
            .metrics
            .iter()
            .filter(|m| runs.iter().all(|r| r.metrics.contains(m)))
            .cloned()
            .collect();
        if shared.is_empty() {
            return Err(Error::Options("the runs share no metric".into()));
        }
        return Ok(shared);
    }
    for m in wanted {
        if let Some((_, name)) = runs.iter().zip(names).find(|(r, _)| !r.metrics.contains(m)) {
            return Err(Error::Options(format!(
                "metric '{m}' is not in run '{name}' (it has: {})",
                runs.iter()
                    .zip(names)
                    .find(|(_, n)| *n == name)
                    .map(|(r, _)| r.metrics.join(","))
                    .unwrap_or_default()
            )));
        }
    }
    let mut unique: Vec<String> = Vec::new();
    for m in wanted {
        if !unique.contains(m) {
            unique.push(m.clone());
        }
    }
    Ok(unique)
}

/// The pairs tested: every pair `(i, j)` with `i < j`, or `(baseline, j)` for every other run.
fn tested_pairs(n: usize, baseline: Option<usize>) -> Vec<(usize, usize)> {
    match baseline {
        Some(b) => (0..n).filter(|&j| j != b).map(|j| (b, j)).collect(),
        None => (0..n)
            .flat_map(|i| (i + 1..n).map(move |j| (i, j)))
            .collect(),
    }
}

/// A run's figure for `metric` from its report (`lang`: its per-language block).
fn figure(report: &serde_json::Value, lang: Option<&str>, metric: &str) -> Option<Figure> {
    let block = match lang {
        Some(l) => report.get("by_language")?.get(l)?,
        None => report,
    };
    let f = block.get("metrics")?.get(metric)?.get("fmeasure")?;
    Some(Figure {
        mean: f.get("mean")?.as_f64()?,
        low: f.get("low").and_then(serde_json::Value::as_f64),
        high: f.get("high").and_then(serde_json::Value::as_f64),
    })
}

/// What every board of one leaderboard shares.
struct Context<'a> {
    metrics: &'a [String],
    /// Per metric, per run, per example of the first run.
    values: &'a [Vec<Vec<f64>>],
    keys: &'a [u64],
    paired: PairedSettings,
    pairs: &'a [(usize, usize)],
    names: &'a [String],
    level: f64,
    baseline: Option<usize>,
}

impl Context<'_> {
    /// The board of the examples `subset` (indices into the first run's examples).
    fn board(
        &self,
        lang: Option<&str>,
        subset: &[usize],
        reported: &(dyn Fn(usize, &str) -> Option<Figure> + Sync),
    ) -> Board {
        let runs = self.names.len();
        let keys: Vec<u64> = subset.iter().map(|&i| self.keys[i]).collect();
        let pick = |v: &[f64]| -> Vec<f64> { subset.iter().map(|&i| v[i]).collect() };
        // Per metric: each run's side, then each pair from two sides.
        let results: Vec<Vec<PairedResult>> = self
            .metrics
            .iter()
            .enumerate()
            .map(|(m, name)| {
                let scale = Scale::of_name(name);
                let values: Vec<Vec<f64>> = self.values[m].iter().map(|v| pick(v)).collect();
                let columns: Vec<&[f64]> = values.iter().map(Vec::as_slice).collect();
                let sides = SideSums::for_runs(&columns, &keys, self.paired, scale);
                self.pairs
                    .par_iter()
                    .map(|&(a, b)| {
                        PairedSums::between(&sides[a], &sides[b], &values[a], &values[b])
                            .finish(self.paired)
                    })
                    .collect()
            })
            .collect();
        let mut pairs = Vec::new();
        for (m, name) in self.metrics.iter().enumerate() {
            let adjusted = holm(
                &results[m]
                    .iter()
                    .map(|r| r.p_randomization)
                    .collect::<Vec<_>>(),
            );
            for ((&(a, b), r), p_holm) in self.pairs.iter().zip(&results[m]).zip(adjusted) {
                pairs.push(PairRow {
                    a: self.names[a].clone(),
                    b: self.names[b].clone(),
                    metric: name.clone(),
                    delta: r.delta,
                    ci_low: r.ci_low,
                    ci_high: r.ci_high,
                    p_bootstrap: r.p_bootstrap,
                    p_randomization: r.p_randomization,
                    p_holm,
                    wins: r.wins,
                    ties: r.ties,
                    losses: r.losses,
                    index: (a, b),
                });
            }
        }
        // Means from the paired sums (exact), intervals from the runs' reports.
        let mut means: Vec<Vec<f64>> = vec![vec![0.0; self.metrics.len()]; runs];
        for (m, rs) in results.iter().enumerate() {
            for (&(a, b), r) in self.pairs.iter().zip(rs) {
                means[a][m] = r.base_mean;
                means[b][m] = r.new_mean;
            }
        }
        let ranked = &self.metrics[0];
        let lower = crate::report::lower_is_better(ranked);
        let better = |x: f64, y: f64| if lower { x < y } else { x > y };
        let mut order: Vec<usize> = (0..runs).collect();
        order.sort_by(|&x, &y| {
            let (a, b) = (means[x][0], means[y][0]);
            if better(a, b) {
                std::cmp::Ordering::Less
            } else if better(b, a) {
                std::cmp::Ordering::Greater
            } else {
                x.cmp(&y)
            }
        });
        // beats[i][j]: i is significantly better than j on the ranking metric.
        let mut beats = vec![vec![false; runs]; runs];
        for p in pairs.iter().filter(|p| &p.metric == ranked) {
            if p.p_holm < self.level {
                let (a, b) = p.index;
                let b_better = if lower { p.delta < 0.0 } else { p.delta > 0.0 };
                if b_better {
                    beats[b][a] = true;
                } else if p.delta != 0.0 {
                    beats[a][b] = true;
                }
            }
        }
        let clusters = match self.baseline {
            Some(_) => None,
            None => Some(clusters(&order, &beats)),
        };
        let systems = order
            .iter()
            .enumerate()
            .map(|(position, &i)| {
                let wins = (0..runs).filter(|&j| beats[i][j]).count();
                let losses = (0..runs).filter(|&j| beats[j][i]).count();
                let others = match self.baseline {
                    Some(b) if b == i => runs - 1,
                    Some(_) => 1,
                    None => runs - 1,
                };
                SystemRow {
                    run: i,
                    name: self.names[i].clone(),
                    rank: position + 1,
                    rank_range: clusters.as_ref().map(|_| [1 + losses, runs - wins]),
                    cluster: clusters.as_ref().map(|c| c[position]),
                    wins,
                    ties: others.saturating_sub(wins + losses),
                    losses,
                    metrics: self
                        .metrics
                        .iter()
                        .enumerate()
                        .map(|(m, name)| {
                            let exact = means[i][m];
                            let f = reported(i, name).unwrap_or(Figure {
                                mean: exact,
                                low: None,
                                high: None,
                            });
                            (name.clone(), f)
                        })
                        .collect(),
                }
            })
            .collect();
        Board {
            lang: lang.map(str::to_string),
            count: subset.len(),
            systems,
            pairs,
        }
    }
}

/// Per position of `order` (best first), its cluster (1 = best): a cluster ends after a
/// position when every system up to it significantly beats every system after it.
fn clusters(order: &[usize], beats: &[Vec<bool>]) -> Vec<usize> {
    let mut cluster = 1;
    let mut out = Vec::with_capacity(order.len());
    for k in 0..order.len() {
        out.push(cluster);
        let split = k + 1 < order.len()
            && order[..=k]
                .iter()
                .all(|&i| order[k + 1..].iter().all(|&j| beats[i][j]));
        if split {
            cluster += 1;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_cluster_ends_only_where_everyone_above_beats_everyone_below() {
        // 0 beats 2 and 3; 1 beats 3 only: {0, 1, 2} then {3}.
        let mut beats = vec![vec![false; 4]; 4];
        beats[0][2] = true;
        beats[0][3] = true;
        beats[1][3] = true;
        beats[2][3] = true;
        assert_eq!(clusters(&[0, 1, 2, 3], &beats), vec![1, 1, 1, 2]);
        beats[1][2] = true;
        assert_eq!(clusters(&[0, 1, 2, 3], &beats), vec![1, 1, 2, 3]);
        assert_eq!(clusters(&[0, 1], &vec![vec![false; 2]; 2]), vec![1, 1]);
    }

    #[test]
    fn runs_are_named_by_their_file_or_their_path_or_their_place() {
        let names = run_names(&[
            "runs/a.json".into(),
            "old/b.json".into(),
            "new/b.json".into(),
            "<memory>".into(),
        ]);
        assert_eq!(names, ["a", "old/b.json", "new/b.json", "run4"]);
    }

    #[test]
    fn pairs_are_every_pair_or_every_run_against_the_baseline() {
        assert_eq!(tested_pairs(3, None), vec![(0, 1), (0, 2), (1, 2)]);
        assert_eq!(tested_pairs(3, Some(1)), vec![(1, 0), (1, 2)]);
    }
}
