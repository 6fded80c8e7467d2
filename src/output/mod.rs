//! Putting the site somewhere: on disk (the staging folder and the atomic
//! swap), on the wire (the live preview), as one self-contained file
//! (`export`), and the scaffolds of `new`/`init`.

pub mod export;
pub mod inline;
pub mod progress;
pub mod scaffold;
pub mod serve;
pub mod stale;
pub mod write;
