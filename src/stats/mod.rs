//! Statistics: seeded resampling and confidence intervals.

mod bootstrap;
mod paired;
mod rng;

pub use bootstrap::{Interval, bootstrap_intervals, percentile};
pub use paired::{PairedResult, PairedSettings, holm, paired_test};
pub use rng::{Resampler, resample_rng};
