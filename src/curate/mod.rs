//! Data set curation: statistics and content checks.

pub mod fragments;
pub mod stats;
