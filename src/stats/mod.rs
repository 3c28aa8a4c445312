//! Statistics: seeded resampling, mergeable sums and confidence intervals.

mod bootstrap;
pub mod correlation;
mod gate;
mod lanes;
mod paired;
mod paired_side;
mod paired_state;
mod poisson;
mod rng;
mod scale;
mod sums;

pub use bootstrap::{Interval, percentile};
pub use gate::{GateError, GateSettings, check_counts};
pub use paired::{MAX_TRIALS, PairedResult, PairedSettings, PairedSums, holm, paired_test};
pub use paired_side::SideSums;
pub use paired_state::PairedState;
pub use poisson::{MAX_WEIGHT, resample_salt, weight};
pub use rng::{Resampler, resample_rng};
pub use scale::Scale;
pub use sums::{MAX_COUNT, Sums, SumsError};

use serde::{Deserialize, Serialize};

/// Most bootstrap resamples or randomization trials any command may ask for (checked before
/// anything is allocated).
pub const MAX_RESAMPLES: usize = 1_000_000;

/// Bootstrap settings.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Bootstrap {
    pub resamples: usize,
    pub confidence: f64,
    pub seed: u64,
}
