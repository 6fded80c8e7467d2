//! `brief`: a static site generator for bilingual briefing pages.
//!
//! Data flows one way, each stage a plain function over plain data:
//!
//! ```text
//! discover -> read/parse (load) -> model -> validate -> render -> write
//! ```
//!
//! [`content`] turns what editors write into a typed model, [`site`] turns
//! the model into pages in memory, [`output`] puts them on disk. The entry
//! points below tie the stages together for the command line.

pub mod build;
pub mod content;
pub mod diagnostic;
pub mod fxhash;
pub mod output;
pub mod site;
#[cfg(test)]
mod testgen;
#[cfg(test)]
mod testsites;
pub mod wordscan;
