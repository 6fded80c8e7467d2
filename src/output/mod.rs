//! Putting the site on disk: the staging folder and the atomic swap.

pub mod write;
