//! What readers get: the model turned into pages, in memory.
//!
//! [`links`] makes every URL, [`views`] shapes the model for templates,
//! [`theme`] loads the Tera templates and labels, [`render`] produces the
//! files. Nothing here writes to disk.

pub mod backlinks;
pub mod format;
pub mod links;
pub mod render;
pub mod svg;
pub mod theme;
pub mod views;
