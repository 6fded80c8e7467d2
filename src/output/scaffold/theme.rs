//! The default theme, embedded in the binary by the build script
//! (`build/embed_theme.rs`), so `brief init` works from an installed
//! `brief` with no repository beside it. A test keeps it equal to
//! `themes/default` on disk.

use std::fs;
use std::io;
use std::path::Path;

include!(concat!(env!("OUT_DIR"), "/default_theme.rs"));

/// Writes the default theme into `dir` (normally `SITE/themes/default`).
pub fn install_default_theme(dir: &Path) -> io::Result<()> {
    for (relative, bytes) in DEFAULT_THEME {
        let target = dir.join(relative);
        if let Some(parent) = target.parent() {
            fs::create_dir_all(parent)?;
        }
        fs::write(&target, bytes)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeMap;

    #[test]
    fn embedded_theme_equals_the_folder_on_disk() {
        let folder = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
        let on_disk: BTreeMap<String, Vec<u8>> = walkdir::WalkDir::new(&folder)
            .into_iter()
            .map(Result::unwrap)
            .filter(|e| e.file_type().is_file())
            .map(|e| {
                let relative = e.path().strip_prefix(&folder).unwrap().to_string_lossy().replace('\\', "/");
                (relative, fs::read(e.path()).unwrap())
            })
            .collect();
        let embedded: BTreeMap<String, Vec<u8>> =
            DEFAULT_THEME.iter().map(|(p, b)| ((*p).to_string(), b.to_vec())).collect();
        assert!(on_disk.contains_key("templates/base.html") && on_disk.contains_key("labels.yaml"));
        assert_eq!(embedded.keys().collect::<Vec<_>>(), on_disk.keys().collect::<Vec<_>>());
        for (path, bytes) in &on_disk {
            assert!(embedded[path] == *bytes, "{path} differs from the embedded copy");
        }
    }
}
