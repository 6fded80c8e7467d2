//! Integration tests of the `brief` binary: one test binary, one module per
//! concern. Every test works on a throwaway copy of a fixture site (under
//! tests/fixtures/) or of the shipped example, and runs the real binary.
//!
//! - `pages`: what the `minimal` and `missing-translation` fixtures build into;
//! - `errors`: one fixture per class of error, with the exact diagnostic;
//! - `links`: every link of a built site works from disk, nothing is remote;
//! - `build`: determinism, output folder safety, flags, `check`'s formats.

mod build;
mod errors;
mod links;
mod pages;
mod support;
