//! Sites for unit tests: the shipped example, loaded, and a copy of one of
//! `tests/fixtures/` in a temporary folder, to change and load without
//! touching the original.

use std::fs;
use std::path::Path;

/// The shipped example site (`content/`), loaded.
pub fn example_site() -> crate::content::site::Site {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (inventory, _) = crate::content::discover::discover(root);
    crate::content::load::load(root, &inventory).0.expect("the example site loads")
}

/// A copy of `tests/fixtures/<name>` in a new temporary folder.
pub fn copy_fixture(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("a temporary folder");
    let fixture = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures").join(name);
    for entry in walkdir::WalkDir::new(&fixture) {
        let entry = entry.expect("a readable fixture");
        let target = dir.path().join(entry.path().strip_prefix(&fixture).expect("inside the fixture"));
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).expect("a folder");
        } else {
            fs::copy(entry.path(), &target).expect("a copy");
        }
    }
    dir
}
