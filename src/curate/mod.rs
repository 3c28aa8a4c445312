//! Data set curation: statistics, content checks, and the formats of the statistics.

pub mod checks;
pub mod explore;
pub mod format;
pub mod fragments;
pub mod stats;
