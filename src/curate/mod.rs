//! Data set curation: statistics and content checks.

pub mod checks;
pub mod fragments;
pub mod stats;
