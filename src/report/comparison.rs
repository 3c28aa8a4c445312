//! The result of `tomtat compare` and its formats: table, Markdown (for CI job summaries),
//! JSON and JUnit XML (one test case per metric, failed on a regression).

use super::markdown::{code_span, escape_md};
use super::{RunFile, option_differences, signature_differences};
use crate::error::Error;
use crate::stats::{GateSettings, PairedResult, PairedSettings, Scale, holm, paired_test};
use serde::Serialize;
use std::collections::HashMap;

/// One compared metric (scores are F on the 0–1 scale, or a supplied score on its own).
#[derive(Debug, Clone, Serialize)]
pub struct MetricComparison {
    pub metric: String,
    #[serde(flatten)]
    pub result: PairedResult,
    /// Holm-adjusted randomization p-value across the compared metrics.
    pub p_holm: f64,
    /// Significantly worse (adjusted p < alpha) by more than the tolerance.
    pub regression: bool,
    /// Per-example new − base (for plots; not serialized).
    #[serde(skip)]
    pub deltas: Vec<f64>,
}

/// A whole comparison.
#[derive(Debug, Clone, Serialize)]
pub struct Comparison {
    pub tool: &'static str,
    pub version: &'static str,
    pub base: String,
    pub new: String,
    pub signature: String,
    pub count: usize,
    pub alpha: f64,
    pub tolerance_points: f64,
    /// The tolerance of supplied scores, in their own units.
    pub extra_tolerance: f64,
    pub trials: usize,
    pub resamples: usize,
    pub seed: u64,
    pub notes: Vec<String>,
    pub metrics: Vec<MetricComparison>,
    pub regressions: Vec<String>,
    /// Per-metric per-example scores that differ from the base run (not serialized).
    #[serde(skip)]
    pub changed: usize,
    /// The compared examples' ids (with their language), in the order of each metric's
    /// `deltas` (not serialized).
    #[serde(skip)]
    pub ids: Vec<String>,
    #[serde(skip)]
    pub fail_on_change: bool,
}

impl MetricComparison {
    /// The comparison of `metric` with its gate applied: a regression is a change for the
    /// worse (down, or up for a `:lower` metric) larger than the gate's tolerance (points for
    /// computed metrics; `extra_tolerance`, in the score's own units, for supplied ones) with
    /// Holm-adjusted p below the gate's alpha. Wins, ties and losses
    /// count examples that got better, stayed, got worse.
    pub fn judged(
        metric: String,
        mut result: PairedResult,
        p_holm: f64,
        gate: &GateSettings,
        deltas: Vec<f64>,
    ) -> MetricComparison {
        let lower = super::lower_is_better(&metric);
        if lower {
            std::mem::swap(&mut result.wins, &mut result.losses);
        }
        let factor = super::shown_factor(&metric);
        let tolerance = if factor == 1.0 {
            gate.extra_tolerance
        } else {
            gate.tolerance
        };
        let gain = if lower { -result.delta } else { result.delta } * factor;
        MetricComparison {
            regression: gain < -tolerance && p_holm < gate.alpha,
            metric,
            result,
            p_holm,
            deltas,
        }
    }

    /// True when the change is for the better.
    fn improved(&self) -> bool {
        if super::lower_is_better(&self.metric) {
            self.result.delta < 0.0
        } else {
            self.result.delta > 0.0
        }
    }
}

/// The verdict of one metric, in the words every format uses.
pub(super) fn verdict(m: &MetricComparison, alpha: f64) -> &'static str {
    if m.regression {
        "REGRESSION"
    } else if m.p_holm < alpha && m.improved() {
        "better"
    } else if m.p_holm < alpha {
        "worse (within tolerance)"
    } else {
        "no significant change"
    }
}

fn rows(c: &Comparison) -> Vec<[String; 11]> {
    c.metrics
        .iter()
        .map(|m| {
            let r = &m.result;
            let k = super::shown_factor(&m.metric);
            let digits = if k == 1.0 { 4 } else { 2 };
            let pts = |x: f64| format!("{:.digits$}", x * k);
            let signed = |x: f64| format!("{:+.digits$}", x * k);
            [
                m.metric.clone(),
                pts(r.base_mean),
                pts(r.new_mean),
                signed(r.delta),
                format!("{:+.2}%", r.delta_percent),
                format!("[{}, {}]", signed(r.ci_low), signed(r.ci_high)),
                format!("{:.4}", r.p_bootstrap),
                format!("{:.4}", r.p_randomization),
                format!("{:.4}", m.p_holm),
                format!("{}/{}/{}", r.wins, r.ties, r.losses),
                verdict(m, c.alpha).to_string(),
            ]
        })
        .collect()
}

const HEADER: [&str; 11] = [
    "metric",
    "base",
    "new",
    "Δ",
    "Δ%",
    "95% CI of Δ",
    "p boot",
    "p AR",
    "p Holm",
    "W/T/L",
    "verdict",
];

pub fn render_table(c: &Comparison) -> String {
    let mut all = vec![HEADER.map(String::from)];
    all.extend(rows(c));
    let mut out = format!(
        "tomtat compare · {} · F ×100{} · Δ = new − base\n{}\n\n",
        super::count_of(c.count, "example"),
        super::supplied_note(c.metrics.iter().map(|m| &m.metric)),
        verdict_rule(c)
    );
    out.push_str(&super::table::aligned(&all, false));
    out.push_str(&format!(
        "\nsignature: {}\n",
        super::terminal_safe(&c.signature)
    ));
    for n in &c.notes {
        out.push_str(&format!("note: {}\n", super::terminal_safe(n)));
    }
    out.push_str(&super::terminal_safe(&summary_line(c)));
    out.push('\n');
    super::terminal_safe_text(&out)
}

/// What decides the verdict, in one sentence every format prints.
pub(super) fn verdict_rule(c: &Comparison) -> String {
    format!(
        "verdict: REGRESSION when a metric got worse by more than the {} and its p Holm (the \
         randomization p, Holm-adjusted across metrics) is below alpha {}; p boot and the 95% CI \
         are shown, not used",
        tolerance_text(c),
        c.alpha
    )
}

/// `tolerance 0.5 points`, and the supplied scores' tolerance when there are any.
fn tolerance_text(c: &Comparison) -> String {
    let mut out = format!("tolerance {} points", c.tolerance_points);
    if c.metrics.iter().any(|m| m.metric.starts_with("extra:")) {
        out.push_str(&format!(
            " (extra: {} in their own units)",
            c.extra_tolerance
        ));
    }
    out
}

fn summary_line(c: &Comparison) -> String {
    if c.regressions.is_empty() {
        "result: no significant regression".to_string()
    } else {
        format!(
            "result: significant regression in {}",
            c.regressions.join(", ")
        )
    }
}

pub fn render_markdown(c: &Comparison) -> String {
    let mut out = format!(
        "### tomtat compare: {}\n\n| metric | base | new | Δ | p (Holm) | verdict |\n|---|---|---|---|---|---|\n",
        escape_md(&summary_line(c))
    );
    for (m, r) in c.metrics.iter().zip(rows(c)) {
        let mark = if m.regression { "❌ " } else { "" };
        out.push_str(&format!(
            "| {} | {} | {} | {} | {} | {mark}{} |\n",
            escape_md(&r[0]),
            escape_md(&r[1]),
            escape_md(&r[2]),
            escape_md(&r[3]),
            escape_md(&r[8]),
            escape_md(&r[10])
        ));
    }
    out.push_str(&format!("\n{}.\n", escape_md(&verdict_rule(c))));
    out.push_str(&worst_examples(c));
    out.push_str("\n<details><summary>Details</summary>\n\n");
    out.push_str(&format!(
        "| {} |\n|{}\n",
        HEADER.join(" | "),
        "---|".repeat(11)
    ));
    for r in rows(c) {
        let cells: Vec<String> = r.iter().map(|x| escape_md(x)).collect();
        out.push_str(&format!("| {} |\n", cells.join(" | ")));
    }
    out.push_str(&format!(
        "\n{} examples; F ×100{}; p from {} paired bootstrap resamples and {} randomization trials \
         (+1 corrected), Holm-adjusted across metrics; alpha {}, {}.\n\n\
         Signature: {}\n",
        c.count,
        escape_md(super::supplied_note(c.metrics.iter().map(|m| &m.metric))),
        c.resamples,
        c.trials,
        c.alpha,
        escape_md(&tolerance_text(c)),
        code_span(&c.signature)
    ));
    for n in &c.notes {
        out.push_str(&format!("\nNote: {}\n", escape_md(n)));
    }
    out.push_str("\n</details>\n");
    super::terminal_safe_text(&out)
}

/// How many examples the Markdown names per regressed metric.
const WORST_LISTED: usize = 5;

/// Per regressed metric, a heading (a link anchor: `#worst-examples-rouge2`) and the ids of
/// the examples that got worst, with their Δ: where to start reading.
fn worst_examples(c: &Comparison) -> String {
    let mut out = String::new();
    for m in c.metrics.iter().filter(|m| m.regression) {
        let sign = if super::lower_is_better(&m.metric) {
            -1.0
        } else {
            1.0
        };
        let k = super::shown_factor(&m.metric);
        let mut order: Vec<usize> = (0..m.deltas.len().min(c.ids.len()))
            .filter(|&i| sign * m.deltas[i] < 0.0)
            .collect();
        order.sort_by(|&a, &b| {
            (sign * m.deltas[a])
                .total_cmp(&(sign * m.deltas[b]))
                .then_with(|| c.ids[a].cmp(&c.ids[b]))
        });
        let listed: Vec<String> = order
            .iter()
            .take(WORST_LISTED)
            .map(|&i| format!("{} (Δ {:+.2})", code_span(&c.ids[i]), m.deltas[i] * k))
            .collect();
        out.push_str(&format!(
            "\n#### Worst examples: {}\n\n{} of {} got worse; the worst: {}\n",
            escape_md(&m.metric),
            order.len(),
            m.deltas.len(),
            listed.join(", ")
        ));
    }
    out
}

pub fn render_json(c: &Comparison) -> String {
    let mut s = serde_json::to_string_pretty(c).unwrap_or_default();
    s.push('\n');
    s
}

/// Escapes text for XML 1.0 content or attributes; characters XML cannot hold at all (most
/// C0 controls) become visible `\u{..}` escapes, so the document stays well formed.
fn xml_escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' | '\n' | '\r' => out.push_str(&format!("&#{};", c as u32)),
            c if c.is_control() || matches!(c, '\u{FFFE}' | '\u{FFFF}') => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

pub fn render_junit(c: &Comparison) -> String {
    let mut out = format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<testsuite name=\"tomtat compare\" tests=\"{}\" failures=\"{}\">\n",
        c.metrics.len(),
        c.regressions.len()
    );
    for (m, r) in c.metrics.iter().zip(rows(c)) {
        let detail = format!(
            "base {} new {} delta {} CI {} p(Holm) {}",
            r[1], r[2], r[3], r[5], r[8]
        );
        out.push_str(&format!(
            "  <testcase classname=\"tomtat.compare\" name=\"{}\">",
            xml_escape(&m.metric)
        ));
        if m.regression {
            out.push_str(&format!(
                "\n    <failure message=\"significant regression\">{}</failure>\n  ",
                xml_escape(&detail)
            ));
        } else {
            out.push_str(&format!("<system-out>{}</system-out>", xml_escape(&detail)));
        }
        out.push_str("</testcase>\n");
    }
    out.push_str("</testsuite>\n");
    out
}

/// Settings of `compare`; [`CompareSettings::check`] rejects any value that could turn a
/// regression into a pass (a zero trial count, a NaN tolerance, …).
#[derive(Debug, Clone, PartialEq)]
pub struct CompareSettings {
    /// Metrics to compare; empty means every metric both runs have.
    pub metrics: Vec<String>,
    pub alpha: f64,
    /// Points (0–100 scale) a drop must exceed to fail.
    pub tolerance: f64,
    /// What a drop of a supplied score must exceed to fail, in its own units.
    pub extra_tolerance: f64,
    pub trials: usize,
    pub resamples: usize,
    pub seed: u64,
    pub allow_subset: bool,
    pub fail_on_change: bool,
}

impl Default for CompareSettings {
    fn default() -> Self {
        CompareSettings {
            metrics: Vec::new(),
            alpha: 0.05,
            tolerance: 0.5,
            extra_tolerance: 0.0,
            trials: 10_000,
            resamples: 1000,
            seed: 12345,
            allow_subset: false,
            fail_on_change: false,
        }
    }
}

impl CompareSettings {
    /// The shared gate check ([`crate::stats::GateSettings`]), errors naming the flags.
    pub fn check(&self) -> Result<(), Error> {
        self.gate()
            .check()
            .map_err(|e| Error::Options(format!("--{e}")))
    }

    /// The gate these settings describe.
    pub fn gate(&self) -> GateSettings {
        GateSettings {
            alpha: self.alpha,
            tolerance: self.tolerance,
            extra_tolerance: self.extra_tolerance,
            trials: self.trials,
            resamples: self.resamples,
        }
    }
}

impl Comparison {
    /// True when the gate fails: a significant regression, or (with `fail_on_change`) any
    /// per-example change.
    pub fn failed(&self) -> bool {
        !self.regressions.is_empty() || (self.fail_on_change && self.changed > 0)
    }
}

/// Compares two runs of the same examples: pairs them by key, then per metric the paired
/// bootstrap and approximate randomization of the F difference, with Holm's correction.
/// `base_name` and `new_name` label the runs in the output.
pub fn compare_runs(
    base: &RunFile,
    new: &RunFile,
    base_name: &str,
    new_name: &str,
    settings: &CompareSettings,
) -> Result<Comparison, Error> {
    settings.check()?;
    let bail = |m: String| Err(Error::Options(m));
    // Subsets of the examples may differ in how many references they have.
    let diffs = if settings.allow_subset {
        option_differences(base, new)
    } else {
        signature_differences(base, new)
    };
    if !diffs.is_empty() {
        return bail(format!(
            "the runs were scored differently; signatures differ in: {}",
            diffs.join(", ")
        ));
    }
    let metrics: Vec<String> = if settings.metrics.is_empty() {
        base.metrics
            .iter()
            .filter(|m| new.metrics.contains(m))
            .cloned()
            .collect()
    } else {
        for m in &settings.metrics {
            if !base.metrics.contains(m) || !new.metrics.contains(m) {
                return bail(format!(
                    "metric '{m}' is not in both runs (base: {}; new: {})",
                    base.metrics.join(","),
                    new.metrics.join(",")
                ));
            }
        }
        settings.metrics.clone()
    };
    if metrics.is_empty() {
        return bail("the runs share no metric".into());
    }
    let new_by_key: HashMap<String, usize> = new
        .examples
        .iter()
        .enumerate()
        .map(|(i, e)| (e.key(), i))
        .collect();
    let shared: Vec<(usize, usize)> = base
        .examples
        .iter()
        .enumerate()
        .filter_map(|(i, e)| new_by_key.get(&e.key()).map(|&j| (i, j)))
        .collect();
    let mut notes = Vec::new();
    if shared.len() != base.examples.len() || shared.len() != new.examples.len() {
        let message = format!(
            "the runs have different examples: {} in base, {} in new, {} in both",
            base.examples.len(),
            new.examples.len(),
            shared.len()
        );
        if !settings.allow_subset {
            return bail(format!(
                "{message} (use --allow-subset to compare the shared ones)"
            ));
        }
        if shared.is_empty() {
            return bail(message);
        }
        notes.push(format!("{message}; compared the shared examples only"));
    }
    let changed_refs: Vec<&str> = shared
        .iter()
        .filter(|(i, j)| base.examples[*i].references != new.examples[*j].references)
        .map(|(i, _)| base.examples[*i].id.as_str())
        .collect();
    if !changed_refs.is_empty() {
        return bail(format!(
            "the references differ for {} example(s), e.g. '{}': the runs are not comparable",
            changed_refs.len(),
            changed_refs[0]
        ));
    }
    let paired = PairedSettings {
        resamples: settings.resamples,
        trials: settings.trials,
        confidence: 0.95,
        seed: settings.seed,
    };
    let keys: Vec<u64> = shared
        .iter()
        .map(|&(i, _)| super::key_hash(&super::key_digest(&base.examples[i].key())))
        .collect();
    let column = |run: &RunFile, name: &str, side: usize| -> Vec<f64> {
        let m = run.metrics.iter().position(|x| x == name).unwrap_or(0);
        shared
            .iter()
            .map(|pair| {
                let idx = if side == 0 { pair.0 } else { pair.1 };
                run.examples[idx].prf[m][2]
            })
            .collect()
    };
    let mut changed = 0usize;
    let mut deltas: Vec<Vec<f64>> = Vec::new();
    let results: Vec<_> = metrics
        .iter()
        .map(|name| {
            let (b, n) = (column(base, name, 0), column(new, name, 1));
            let d: Vec<f64> = b.iter().zip(&n).map(|(x, y)| y - x).collect();
            changed += d.iter().filter(|x| x.abs() > 1e-12).count();
            deltas.push(d);
            paired_test(&b, &n, &keys, paired, Scale::of_name(name))
        })
        .collect();
    let adjusted = holm(
        &results
            .iter()
            .map(|r| r.p_randomization)
            .collect::<Vec<_>>(),
    );
    let compared: Vec<MetricComparison> = metrics
        .iter()
        .zip(results)
        .zip(adjusted)
        .zip(deltas)
        .map(|(((metric, result), p_holm), deltas)| {
            MetricComparison::judged(metric.clone(), result, p_holm, &settings.gate(), deltas)
        })
        .collect();
    let regressions: Vec<String> = compared
        .iter()
        .filter(|m| m.regression)
        .map(|m| m.metric.clone())
        .collect();
    if settings.fail_on_change && changed > 0 {
        notes.push(format!(
            "--fail-on-change: {changed} per-example score(s) differ from the base run"
        ));
    }
    let ids = shared
        .iter()
        .map(|&(i, _)| {
            let e = &base.examples[i];
            match &e.lang {
                Some(lang) => format!("{} ({lang})", e.id),
                None => e.id.clone(),
            }
        })
        .collect();
    Ok(Comparison {
        ids,
        tool: "tomtat",
        version: env!("CARGO_PKG_VERSION"),
        base: base_name.to_string(),
        new: new_name.to_string(),
        signature: new.signature.clone(),
        count: shared.len(),
        alpha: settings.alpha,
        tolerance_points: settings.tolerance,
        extra_tolerance: settings.extra_tolerance,
        trials: settings.trials,
        resamples: settings.resamples,
        seed: settings.seed,
        notes,
        metrics: compared,
        regressions,
        changed,
        fail_on_change: settings.fail_on_change,
    })
}
