//! Statistics: seeded resampling and confidence intervals.

mod bootstrap;
mod rng;

pub use bootstrap::{Interval, bootstrap_intervals, percentile};
pub use rng::{Resampler, resample_rng};
