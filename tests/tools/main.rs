//! Tests that need outside tools: headless Chromium (Debian's `chromium`),
//! Java with the Nu HTML Checker and axe-core (from `npm ci`).
//!
//! They run with `cargo test --features tools --test tools` after `.ci/run`
//! (or the commands it prints) has installed the tools. A missing tool makes
//! a test fail with the command that installs it, never pass silently.
//! `browser.js` (beside this file) drives Chromium through playwright-core.

// The benchmark corpus generator, for a site large enough to be sharded.
#[allow(dead_code)]
#[path = "../../examples/corpus.rs"]
mod corpus;

mod conformance;
mod pictures;
mod search;
mod support;
mod tokenizer;
