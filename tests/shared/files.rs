//! A folder's files as data, for tests that compare whole outputs.

use std::path::{Path, PathBuf};

/// Every file under `folder`, as (path relative to `root`, bytes), sorted.
pub fn files_under(root: &Path, folder: &Path) -> Vec<(PathBuf, Vec<u8>)> {
    let mut all: Vec<_> = walkdir::WalkDir::new(folder)
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().strip_prefix(root).unwrap().to_path_buf(), std::fs::read(e.path()).unwrap()))
        .collect();
    all.sort();
    all
}
