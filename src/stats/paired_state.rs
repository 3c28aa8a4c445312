//! The paired comparison of several metrics with a byte form: what an engine ships between
//! tasks when it compares two runs' per-example scores joined by key.

use super::paired::{PairedResult, PairedSettings, PairedSums};
use super::scale::Scale;
use super::sums::SumsError;
use serde::Serialize;

const PAIRED_MAGIC: &[u8] = b"tomtat-paired\0";
const PAIRED_LAYOUT: u32 = 1;

/// The paired comparison of several metrics, mergeable and with a byte form: what an engine
/// ships between tasks when it compares two runs' per-example scores joined by key.
#[derive(Debug, Clone, PartialEq)]
pub struct PairedState {
    metrics: Vec<String>,
    settings: PairedSettings,
    sums: Vec<PairedSums>,
}

#[derive(Serialize, serde::Deserialize)]
struct PairedHeader {
    metrics: Vec<String>,
    resamples: usize,
    trials: usize,
    seed: u64,
}

impl PairedState {
    /// An empty state; `settings.confidence` is the interval's level.
    pub fn new(metrics: Vec<String>, settings: PairedSettings) -> Result<PairedState, SumsError> {
        super::check_counts(settings.resamples, settings.trials)
            .map_err(|e| SumsError(e.to_string()))?;
        let sums = metrics
            .iter()
            .map(|m| PairedSums::new(settings, Scale::of_name(m)))
            .collect();
        Ok(PairedState {
            metrics,
            settings,
            sums,
        })
    }

    /// Adds examples: per metric (in the state's order) the baseline's and the new run's F,
    /// and each example's key hash.
    pub fn add(&mut self, base: &[Vec<f64>], new: &[Vec<f64>], keys: &[u64]) {
        for ((sums, b), n) in self.sums.iter_mut().zip(base).zip(new) {
            sums.add(b, n, keys, self.settings);
        }
    }

    /// Adds another state's examples (same metrics and settings).
    pub fn merge(&mut self, other: &PairedState) -> Result<(), SumsError> {
        if self.metrics != other.metrics
            || (
                self.settings.resamples,
                self.settings.trials,
                self.settings.seed,
            ) != (
                other.settings.resamples,
                other.settings.trials,
                other.settings.seed,
            )
        {
            return Err(SumsError(
                "paired states of different metrics or settings cannot be merged".into(),
            ));
        }
        for (a, b) in self.sums.iter_mut().zip(&other.sums) {
            a.merge(b)?;
        }
        Ok(())
    }

    /// The resamples and trials the state was made with.
    pub fn counts(&self) -> (usize, usize) {
        (self.settings.resamples, self.settings.trials)
    }

    /// The metric names, in order.
    pub fn metrics(&self) -> &[String] {
        &self.metrics
    }

    /// Per metric, the comparison of every example added.
    pub fn results(&self, confidence: f64) -> Vec<PairedResult> {
        let settings = PairedSettings {
            confidence,
            ..self.settings
        };
        self.sums.iter().map(|s| s.finish(settings)).collect()
    }

    /// The byte form read by [`PairedState::from_bytes`].
    pub fn to_bytes(&self) -> Vec<u8> {
        let header = PairedHeader {
            metrics: self.metrics.clone(),
            resamples: self.settings.resamples,
            trials: self.settings.trials,
            seed: self.settings.seed,
        };
        let json = serde_json::to_vec(&header).unwrap_or_default();
        let mut out = Vec::new();
        out.extend_from_slice(PAIRED_MAGIC);
        out.extend_from_slice(&PAIRED_LAYOUT.to_le_bytes());
        out.extend_from_slice(&(json.len() as u64).to_le_bytes());
        out.extend_from_slice(&json);
        for s in &self.sums {
            s.write_to(&mut out);
        }
        out
    }

    /// Reads and checks a state written by [`PairedState::to_bytes`].
    pub fn from_bytes(bytes: &[u8]) -> Result<PairedState, SumsError> {
        let bad = |m: &str| SumsError(m.to_string());
        let rest = bytes
            .strip_prefix(PAIRED_MAGIC)
            .ok_or_else(|| bad("not a tomtat paired state"))?;
        if rest.len() < 12 {
            return Err(bad("paired state is truncated"));
        }
        let (layout, rest) = rest.split_at(4);
        if layout != PAIRED_LAYOUT.to_le_bytes() {
            return Err(bad("paired state layout is not supported by this tomtat"));
        }
        let (len, rest) = rest.split_at(8);
        let len = u64::from_le_bytes(len.try_into().unwrap_or([0; 8]));
        if len > rest.len() as u64 {
            return Err(bad("paired state is truncated"));
        }
        let (json, mut rest) = rest.split_at(len as usize);
        let header: PairedHeader = serde_json::from_slice(json)
            .map_err(|e| SumsError(format!("paired state header: {e}")))?;
        let settings = PairedSettings {
            resamples: header.resamples,
            trials: header.trials,
            confidence: 0.95,
            seed: header.seed,
        };
        let mut state = PairedState::new(header.metrics, settings)?;
        let scales: Vec<Scale> = state.metrics.iter().map(|m| Scale::of_name(m)).collect();
        for (sums, scale) in state.sums.iter_mut().zip(scales) {
            let (read, tail) =
                PairedSums::read_from(rest, settings.resamples, settings.trials, scale)?;
            if read.shape() != (settings.resamples, settings.trials) {
                return Err(bad("paired state sums do not match its header"));
            }
            *sums = read;
            rest = tail;
        }
        if !rest.is_empty() {
            return Err(bad("paired state has trailing bytes"));
        }
        Ok(state)
    }
}
