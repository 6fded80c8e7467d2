//! Integration tests of the `brief` binary: one test binary, one module per
//! concern. Every test works on a throwaway copy of a fixture site (under
//! tests/fixtures/) or of the shipped example, and runs the real binary.
//!
//! - `pages`: what the `minimal` and `missing-translation` fixtures build into;
//! - `errors`: one fixture per class of error, with the exact diagnostic;
//! - `links`: every link of a built site works from disk, nothing is remote;
//! - `build`: determinism, output folder safety, flags, `check`'s formats;
//! - `errors_more`: the rest of the error classes, exact frames, BOM and CRLF;
//! - `nasty`: huge, deep, looping and binary inputs, under a timeout;
//! - `props`: property tests of the splitter, YAML loading and Markdown;
//! - `safety`: escaping on every page kind, script data, output links;
//! - `durability`: failed and killed builds never lose the last good site;
//! - `quick`: `brief serve`'s quick rebuild after narrative edits equals a full build.

mod build;
mod durability;
mod errors;
mod errors_more;
mod links;
mod nasty;
mod pages;
mod props;
mod quick;
mod safety;
mod scale;
mod support;
