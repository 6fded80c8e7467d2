//! Putting the site on disk: the staging folder and the atomic swap; and
//! one brief as one self-contained file (`export`).

pub mod export;
pub mod inline;
pub mod write;
