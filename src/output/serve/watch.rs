//! Watch: notice edits to the site's sources and ask for a rebuild.
//!
//! `content/`, `themes/` and, when present, the site's `templates/` are
//! watched recursively through `notify`, debounced by
//! `notify-debouncer-full`, so the burst of events of one save (an editor
//! that writes a temporary file and renames it over the original, or a
//! backup dance like vim's) becomes one rebuild. The root itself is watched
//! without recursion to see those folders appear or come back; anything
//! else at the root (`public/`, `target/`, `.git/`) is ignored, as are
//! reads (our own builds open every file) and editor scratch files
//! (`.name.swp`, `name~`, `#name#`, vim's `4913`) when nothing else changed.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::Sender;
use std::time::Duration;

use notify_debouncer_full::notify::event::{AccessKind, AccessMode, EventKind};
use notify_debouncer_full::notify::{self, RecommendedWatcher, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, Debouncer, RecommendedCache, new_debouncer};

/// The folders of a site whose changes matter.
pub const WATCHED: [&str; 3] = ["content", "themes", "templates"];

/// What the rebuild loop is asked to do.
#[derive(Debug)]
pub enum Signal {
    /// These paths changed: rebuild.
    Changed(Vec<PathBuf>),
    /// A watch could not be kept up; say so and go on.
    Trouble(String),
    /// The server is stopping.
    Stop,
}

/// A running watch over one site; dropping it stops watching.
pub struct Watch {
    root: PathBuf,
    debouncer: Debouncer<RecommendedWatcher, RecommendedCache>,
}

impl Watch {
    /// Starts watching `root` (an absolute path); changes go to `signals`,
    /// and set `changed` (which the rebuild loop clears when it takes them).
    pub fn start(
        root: &Path,
        debounce: Duration,
        signals: Sender<Signal>,
        changed: Arc<AtomicBool>,
    ) -> notify::Result<Watch> {
        let filter_root = root.to_path_buf();
        let handler = move |result: DebounceEventResult| {
            let signal = match result {
                Ok(events) => {
                    let mut paths: Vec<PathBuf> = events
                        .iter()
                        .filter(|e| !is_read(&e.kind))
                        .flat_map(|e| e.paths.iter())
                        .filter(|p| is_relevant(&filter_root, p))
                        .cloned()
                        .collect();
                    paths.sort();
                    paths.dedup();
                    if paths.is_empty() {
                        return;
                    }
                    changed.store(true, Ordering::SeqCst);
                    Signal::Changed(paths)
                }
                Err(errors) => Signal::Trouble(errors.iter().map(ToString::to_string).collect::<Vec<_>>().join("; ")),
            };
            let _ = signals.send(signal);
        };
        let debouncer = new_debouncer(debounce, None, handler)?;
        let mut watch = Watch { root: root.to_path_buf(), debouncer };
        watch.debouncer.watch(root, RecursiveMode::NonRecursive)?;
        for folder in WATCHED {
            let path = root.join(folder);
            if path.is_dir() {
                watch.debouncer.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        Ok(watch)
    }

    /// Watches again any of the site's folders that `changed` names
    /// directly: one that was just created, or removed and made anew.
    pub fn rearm(&mut self, changed: &[PathBuf]) -> notify::Result<()> {
        for folder in WATCHED {
            let path = self.root.join(folder);
            if changed.contains(&path) && path.is_dir() {
                let _ = self.debouncer.unwatch(&path);
                self.debouncer.watch(&path, RecursiveMode::Recursive)?;
            }
        }
        Ok(())
    }
}

/// Opening and reading files changes nothing (and our builds do it).
fn is_read(kind: &EventKind) -> bool {
    matches!(kind, EventKind::Access(access) if *access != AccessKind::Close(AccessMode::Write))
}

/// Whether a changed path is one of the site's sources and not an
/// editor's scratch file.
fn is_relevant(root: &Path, path: &Path) -> bool {
    let Ok(relative) = path.strip_prefix(root) else { return false };
    let Some(first) = relative.components().next() else { return false };
    if !WATCHED.iter().any(|w| first.as_os_str() == *w) {
        return false;
    }
    let name = path.file_name().map(|n| n.to_string_lossy()).unwrap_or_default();
    !(name.starts_with('.')
        || name.starts_with('#')
        || name.ends_with('~')
        || name.ends_with(".swp")
        || name.ends_with(".swx")
        || name == "4913")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_sources_count() {
        let root = Path::new("/site");
        for yes in ["/site/content/briefs/a/brief.yaml", "/site/themes/default/templates/base.html", "/site/templates"]
        {
            assert!(is_relevant(root, Path::new(yes)), "{yes}");
        }
        for no in [
            "/site/public/index.html",
            "/site/target/x",
            "/site/README.md",
            "/site/content/briefs/a/.brief.yaml.swp",
            "/site/content/briefs/a/brief.yaml~",
            "/site/content/briefs/a/4913",
            "/other/content/site.yaml",
        ] {
            assert!(!is_relevant(root, Path::new(no)), "{no}");
        }
        assert!(is_read(&EventKind::Access(AccessKind::Open(AccessMode::Any))));
        assert!(!is_read(&EventKind::Access(AccessKind::Close(AccessMode::Write))));
    }
}
