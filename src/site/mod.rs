//! What readers get: the model turned into pages, in memory.
//!
//! [`links`] makes every URL, [`views`] shapes the model for templates,
//! [`theme`] loads the Tera templates and labels, [`render`] produces the
//! files; [`search`] builds the search index, [`feeds`] the feeds and
//! sitemap, [`jsonld`] each brief's structured data. Nothing here writes
//! to disk.

pub mod backlinks;
pub mod feeds;
pub mod format;
pub mod jsonld;
pub mod links;
pub mod list_pages;
pub mod render;
pub mod search;
pub mod svg;
pub mod theme;
pub mod views;
