//! The site as served: the last good build in memory, and what went wrong since.
//!
//! A rebuild renders every page into memory exactly as `brief build` would
//! write it, and swaps the result in as a new [`Snapshot`]. When only
//! narratives changed, and in ways that stay inside their briefs, only
//! their pages and the search index are made again
//! ([`recheck_narratives`]) and replace those files of the last snapshot
//! (shared, not copied). When the content has errors the files of the previous
//! snapshot are kept (shared, not copied) and only the errors change, so the
//! server keeps answering with the last good pages. Rendered pages are held
//! as bytes; files the build copies (the theme's static files, a brief's
//! images) are read from their source when requested, as the build would
//! copy them.
//!
//! Each snapshot has an id, unique for this server process and build, which
//! pages carry in their reload script: a page that connects to the event
//! stream and hears a different id knows it is stale.

use std::collections::HashMap;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use crate::build::{Prepared, Quick, Timings, check_site, recheck_narratives, reindex};
use crate::diagnostic::{Diagnostic, Severity};
use crate::site::render::OutputFile;

/// The contents of one file of the site.
#[derive(Debug, Clone)]
pub enum Body {
    /// A rendered page (shared between snapshots).
    Memory(Arc<[u8]>),
    /// A file the build copies; read on request.
    Disk(PathBuf),
}

/// One state of the served site.
#[derive(Debug)]
pub struct Snapshot {
    pub id: String,
    /// The last good build (empty until the site first builds).
    pub files: Arc<HashMap<String, Body>>,
    /// The errors of the latest attempt; empty when it succeeded.
    pub errors: Arc<Vec<Diagnostic>>,
}

/// The current snapshot, shared by the request threads and the rebuild loop.
#[derive(Debug)]
pub struct SiteState {
    instance: String,
    current: Mutex<(u64, Arc<Snapshot>)>,
}

/// What one rebuild found.
#[derive(Debug)]
pub struct Outcome {
    pub id: String,
    pub elapsed: Duration,
    /// Every diagnostic, warnings included, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// `Some((pages, files))` when the build succeeded: how many it made.
    pub built: Option<(usize, usize)>,
    /// Only the pages the change touched were made again.
    pub partial: bool,
}

impl SiteState {
    pub fn new() -> SiteState {
        let nanos = SystemTime::now().duration_since(UNIX_EPOCH).map_or(0, |d| d.as_nanos());
        let instance = format!("{:x}{:x}", std::process::id(), nanos);
        let empty = Snapshot { id: format!("{instance}-0"), files: Arc::default(), errors: Arc::default() };
        SiteState { instance, current: Mutex::new((0, Arc::new(empty))) }
    }

    /// The snapshot to answer a request from.
    pub fn current(&self) -> Arc<Snapshot> {
        self.current.lock().unwrap_or_else(PoisonError::into_inner).1.clone()
    }

    fn replace(&self, files: Option<HashMap<String, Body>>, errors: Vec<Diagnostic>) -> String {
        let mut guard = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        let generation = guard.0 + 1;
        let files = files.map_or_else(|| guard.1.files.clone(), Arc::new);
        let id = format!("{}-{generation}", self.instance);
        *guard = (generation, Arc::new(Snapshot { id: id.clone(), files, errors: Arc::new(errors) }));
        id
    }

    /// Replaces some files of the current snapshot, keeping its id and
    /// errors (the search index catching up after a quick rebuild).
    fn patch(&self, files: impl IntoIterator<Item = (String, Body)>) {
        let mut guard = self.current.lock().unwrap_or_else(PoisonError::into_inner);
        let current = &guard.1;
        let mut all = (*current.files).clone();
        all.extend(files);
        let next = Snapshot { id: current.id.clone(), files: Arc::new(all), errors: current.errors.clone() };
        guard.1 = Arc::new(next);
    }
}

impl Default for SiteState {
    fn default() -> Self {
        SiteState::new()
    }
}

/// What the rebuild loop keeps between rebuilds: the model and theme of
/// the last good build, and the diagnostics of the last one.
#[derive(Default)]
pub struct Kept {
    pub prepared: Option<Prepared>,
    pub diagnostics: Vec<Diagnostic>,
    /// A quick rebuild left the search index behind the pages.
    pub index_behind: bool,
}

/// Builds the site in memory after `changed` files (all of it the first
/// time) and makes the result current.
pub fn rebuild(root: &Path, state: &SiteState, kept: &mut Kept, changed: &[PathBuf]) -> Outcome {
    let started = Instant::now();
    if let Some(prepared) = kept.prepared.as_mut().filter(|_| !changed.is_empty()) {
        let last = &kept.diagnostics;
        match panic::catch_unwind(AssertUnwindSafe(|| recheck_narratives(prepared, changed, last))) {
            Ok(Quick::NotApplicable) => {}
            Ok(Quick::Failed(diagnostics)) => return finish(state, kept, started, None, diagnostics, true),
            Ok(Quick::Rendered(files, diagnostics)) => {
                kept.index_behind = true;
                return finish(state, kept, started, Some(files), diagnostics, true);
            }
            Err(_) => kept.prepared = None,
        }
    }
    let checked = panic::catch_unwind(AssertUnwindSafe(|| check_site(root, None, &mut Timings::default(), &|_| true)));
    let (checked, diagnostics) = match checked {
        Ok(result) => result,
        // A bug of ours must not take the preview down: report it as an
        // error of this build and keep serving the last good one.
        Err(_) => (None, vec![internal_error()]),
    };
    // A failed build leaves no model to build on: the next one is full.
    let (prepared, files) = checked.map_or((None, None), |(p, f)| (Some(p), Some(f)));
    if prepared.is_some() {
        kept.index_behind = false;
    }
    kept.prepared = prepared;
    finish(state, kept, started, files, diagnostics, false)
}

/// Makes `files` current (merged into the last snapshot's when `partial`),
/// or keeps the last good files and shows the errors.
fn finish(
    state: &SiteState,
    kept: &mut Kept,
    started: Instant,
    files: Option<Vec<OutputFile>>,
    diagnostics: Vec<Diagnostic>,
    partial: bool,
) -> Outcome {
    let errors: Vec<Diagnostic> = diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
    let built = files.as_ref().map(|f| (f.iter().filter(|f| matches!(f, OutputFile::Page { .. })).count(), f.len()));
    let files = files.map(|files| {
        let mut all = if partial { (*state.current().files).clone() } else { HashMap::new() };
        all.extend(files.into_iter().map(body));
        all
    });
    let id = state.replace(files, errors);
    kept.diagnostics.clone_from(&diagnostics);
    Outcome { id, elapsed: started.elapsed(), diagnostics, built, partial }
}

/// Brings the search index up to date after quick rebuilds, unless `stop`
/// says more edits came (it is asked as the index is written). On an error
/// (a narrative changed again meanwhile) the index stays behind; the
/// rebuild that change causes reports it.
pub fn catch_up_index(state: &SiteState, kept: &mut Kept, stop: &(dyn Fn() -> bool + Sync)) {
    let Some(prepared) = kept.prepared.as_ref().filter(|_| kept.index_behind) else { return };
    if let Ok(Some(Ok(files))) = panic::catch_unwind(AssertUnwindSafe(|| reindex(prepared, stop))) {
        state.patch(files.into_iter().map(body));
        kept.index_behind = false;
    }
}

fn body(file: OutputFile) -> (String, Body) {
    match file {
        OutputFile::Page { path, bytes } | OutputFile::Data { path, bytes } => (path, Body::Memory(bytes.into())),
        OutputFile::Copy { path, from } => (path, Body::Disk(from)),
    }
}

fn internal_error() -> Diagnostic {
    Diagnostic::at_path(Severity::Error, "internal", "content", "brief crashed while building the site")
        .with_help("this is a bug in brief: please report it with the message printed above")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_keep_the_last_good_files() {
        let state = SiteState::new();
        let mut files = HashMap::new();
        files.insert("index.html".to_string(), Body::Memory(b"good".to_vec().into()));
        let first = state.replace(Some(files), Vec::new());
        let error = Diagnostic::at_path(Severity::Error, "x", "p", "m");
        let second = state.replace(None, vec![error]);
        assert_ne!(first, second);
        let now = state.current();
        assert_eq!(now.id, second);
        assert!(matches!(now.files.get("index.html"), Some(Body::Memory(b)) if &b[..] == b"good"));
        assert_eq!(now.errors.len(), 1);
        state.replace(Some(HashMap::new()), Vec::new());
        assert!(state.current().errors.is_empty() && state.current().files.is_empty());
    }
}
