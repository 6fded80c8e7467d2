//! Finding the outside tools and building the example site once per test.

#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// The repository root.
pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The path of a program on PATH, or a failure saying how to install it.
pub fn require_program(name: &str, install: &str) -> PathBuf {
    let found = std::env::var_os("PATH")
        .into_iter()
        .flat_map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .map(|dir| dir.join(name))
        .find(|p| p.is_file());
    found.unwrap_or_else(|| panic!("`{name}` is not installed; install it with: {install} (or run .ci/run)"))
}

/// Headless Chromium, Debian's package.
pub fn chromium() -> PathBuf {
    require_program("chromium", "apt-get install -y chromium fonts-noto-cjk")
}

/// A file installed by `npm ci` under node_modules, or a failure saying so.
pub fn node_module_file(relative: &str) -> PathBuf {
    let path = repo().join("node_modules").join(relative);
    assert!(path.exists(), "{} is missing; run `npm ci` in {}", path.display(), repo().display());
    path
}

/// Builds the shipped example site into a fresh temporary folder.
pub fn build_example(extra_args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    build_site(&repo(), extra_args)
}

/// Builds the site at `root` into a fresh temporary folder.
pub fn build_site(root: &Path, extra_args: &[&str]) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let status = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(&out)
        .args(extra_args)
        .status()
        .expect("run brief");
    assert!(status.success(), "building {} failed", root.display());
    (dir, out)
}

/// Every .html file under a folder, sorted.
pub fn html_files(root: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.path().extension().is_some_and(|x| x == "html"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
}

/// Node.js, for the browser helper script.
pub fn node() -> PathBuf {
    require_program("node", "apt-get install -y nodejs npm")
}

/// Runs `tests/tools/browser.js` with the given arguments and parses the
/// JSON it prints; fails with its error output when it fails.
pub fn run_browser_script(args: &[&std::ffi::OsStr]) -> serde_json::Value {
    chromium();
    node_module_file("playwright-core/package.json");
    node_module_file("axe-core/axe.min.js");
    let output = Command::new(node())
        .arg(repo().join("tests/tools/browser.js"))
        .args(args)
        .current_dir(repo())
        .output()
        .expect("run node");
    assert!(
        output.status.success(),
        "tests/tools/browser.js failed ({}):\n{}",
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout)
        .unwrap_or_else(|e| panic!("browser.js printed no JSON ({e}):\n{}", String::from_utf8_lossy(&output.stdout)))
}
