//! Leftovers of builds that were killed: staging and backup folders.
//!
//! `write_site` writes into `.NAME.staging-PID` beside the output folder and,
//! while swapping, moves the old site to `.NAME.previous-PID` for a moment.
//! A build killed mid-write leaves the staging folder behind (the output is
//! untouched); one killed between the two renames of the swap leaves the
//! last good site in the backup folder and no output folder at all.
//!
//! Before the next successful build swaps its site in, [`clean`] deletes
//! stale staging folders and either restores a stranded backup (when the
//! output folder is missing) or deletes it. Folders of a build that is
//! still running (its process id is alive, as seen in `/proc`) are left
//! alone; without `/proc` every leftover of another process counts as stale.

use std::fs;
use std::path::Path;

/// What a leftover folder beside the output is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Leftover {
    Staging,
    Previous,
}

/// Recognises `.NAME.staging-PID` and `.NAME.previous-PID`.
fn leftover(file_name: &str, name: &str) -> Option<(Leftover, u32)> {
    let rest = file_name.strip_prefix('.')?.strip_prefix(name)?.strip_prefix('.')?;
    let (kind, pid) = match rest.split_once('-')? {
        ("staging", pid) => (Leftover::Staging, pid),
        ("previous", pid) => (Leftover::Previous, pid),
        _ => return None,
    };
    Some((kind, pid.parse().ok()?))
}

fn is_running(pid: u32) -> bool {
    pid == std::process::id() || (Path::new("/proc/self").exists() && Path::new("/proc").join(pid.to_string()).exists())
}

/// Removes stale leftovers beside `output` (named `name` in `parent`), and
/// puts a stranded backup back in place of a missing output first.
/// Best effort: a leftover that cannot be removed is left for next time.
pub fn clean(parent: &Path, name: &str, output: &Path) {
    let Ok(entries) = fs::read_dir(parent) else { return };
    let mut found: Vec<(Leftover, std::path::PathBuf)> = entries
        .filter_map(Result::ok)
        .filter_map(|e| {
            let (kind, pid) = leftover(&e.file_name().to_string_lossy(), name)?;
            (!is_running(pid)).then(|| (kind, e.path()))
        })
        .collect();
    found.sort();
    for (kind, path) in found {
        if kind == Leftover::Previous && !output.exists() && fs::rename(&path, output).is_ok() {
            continue;
        }
        let _ = fs::remove_dir_all(&path);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recognises_only_our_leftovers() {
        assert_eq!(leftover(".public.staging-42", "public"), Some((Leftover::Staging, 42)));
        assert_eq!(leftover(".public.previous-7", "public"), Some((Leftover::Previous, 7)));
        for other in ["public", ".public.staging-", ".public.staging-x", ".other.staging-1", ".public.old-1"] {
            assert_eq!(leftover(other, "public"), None, "{other}");
        }
    }

    #[test]
    fn stale_folders_go_and_a_stranded_site_comes_back() {
        let dir = tempfile::tempdir().unwrap();
        let dead = u32::MAX; // no process has this id
        let staging = dir.path().join(format!(".public.staging-{dead}"));
        let previous = dir.path().join(format!(".public.previous-{}", dead - 1));
        let mine = dir.path().join(format!(".public.staging-{}", std::process::id()));
        for folder in [&staging, &previous, &mine] {
            fs::create_dir_all(folder).unwrap();
        }
        fs::write(previous.join("index.html"), "last good").unwrap();
        let output = dir.path().join("public");
        clean(dir.path(), "public", &output);
        assert!(!staging.exists(), "a dead build's staging folder is removed");
        assert!(mine.exists(), "this process's own folder is left to it");
        assert_eq!(fs::read_to_string(output.join("index.html")).unwrap(), "last good", "the backup is restored");
        assert!(!previous.exists());
        // With the output in place, a stale backup is simply deleted.
        fs::create_dir_all(&previous).unwrap();
        clean(dir.path(), "public", &output);
        assert!(!previous.exists() && output.join("index.html").exists());
    }
}
