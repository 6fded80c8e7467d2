//! Putting the site somewhere: on disk (the staging folder and the atomic
//! swap), on the wire (the live preview), and the scaffolds of `new`/`init`.

pub mod scaffold;
pub mod serve;
pub mod write;
