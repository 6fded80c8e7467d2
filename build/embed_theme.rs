//! Build script: embeds the default theme (themes/default) in the binary,
//! so `brief init` can install it from an installed `brief` that has no
//! repository beside it. It writes `$OUT_DIR/default_theme.rs`, a sorted
//! list of `(path relative to the theme, include_bytes!(file))`; a test in
//! `src/output/scaffold/theme.rs` checks it against the folder on disk.

use std::fs;
use std::path::{Path, PathBuf};

fn main() {
    let manifest = PathBuf::from(std::env::var_os("CARGO_MANIFEST_DIR").expect("cargo sets CARGO_MANIFEST_DIR"));
    let theme = manifest.join("themes").join("default");
    println!("cargo::rerun-if-changed={}", theme.display());
    let mut files = Vec::new();
    collect(&theme, &mut files);
    files.sort();
    let mut out = String::from("/// The default theme's files: path relative to the theme folder, and contents.\n");
    out.push_str("pub const DEFAULT_THEME: &[(&str, &[u8])] = &[\n");
    for file in &files {
        let relative = file.strip_prefix(&theme).expect("under the theme").to_string_lossy().replace('\\', "/");
        out.push_str(&format!("    ({relative:?}, include_bytes!({:?})),\n", file.to_string_lossy()));
    }
    out.push_str("];\n");
    let target = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR")).join("default_theme.rs");
    fs::write(&target, out).expect("write default_theme.rs");
}

fn collect(dir: &Path, files: &mut Vec<PathBuf>) {
    let entries = fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display()));
    for entry in entries {
        let path = entry.expect("read a theme folder entry").path();
        if path.is_dir() {
            collect(&path, files);
        } else {
            files.push(path);
        }
    }
}
