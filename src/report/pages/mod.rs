//! Pages: self-contained HTML reports with their SVG plots and the example explorer. The top
//! layer of `report`: a page may use every layer below it.

pub mod explorer;
pub(crate) mod html;
pub(crate) mod leaderboard_page;
pub(crate) mod plot;
pub mod repeats;
