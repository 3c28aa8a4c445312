//! A run's state and its files: the mergeable tallies and sums, the run file that saves them,
//! the signature and data fingerprint that say what was scored and how. The lowest layer of
//! `report`: it uses nothing from `views`, `text` or `pages`.

pub(crate) mod differences;
pub(crate) mod fingerprint;
pub(crate) mod kept;
pub(crate) mod micro;
pub(crate) mod run_writer;
pub(crate) mod runfile;
pub(crate) mod signature;
pub(crate) mod state;
pub(crate) mod tally;
