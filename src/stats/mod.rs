//! Statistics: seeded resampling, mergeable sums and confidence intervals.

mod bootstrap;
mod paired;
mod poisson;
mod rng;
mod sums;

pub use bootstrap::{Interval, percentile};
pub use paired::{
    MAX_TRIALS, PairedResult, PairedSettings, PairedState, PairedSums, holm, paired_test,
};
pub use poisson::{MAX_WEIGHT, resample_salt, weight};
pub use rng::{Resampler, resample_rng};
pub use sums::{MAX_COUNT, Sums, SumsError, to_fixed};
