//! Views computed from saved runs: a comparison of two runs, a leaderboard of many, the
//! correlation of metrics with ratings, the worst examples. Each is a plain value that the
//! `text` and `pages` layers render; none writes output itself.

pub(crate) mod comparison;
pub(crate) mod correlation;
pub(crate) mod leaderboard;
pub(crate) mod worst;
