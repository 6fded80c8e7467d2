//! The entry points that tie the stages together: `check` and `build`.
//!
//! ```text
//! discover -> load (read, parse, model) -> validate -> theme -> render -> write
//! ```
//!
//! Every stage returns its diagnostics; the run stops before writing when
//! any of them is an error, so bad input never touches the output folder.
//! (A narrative's links are checked as its page renders, into a staging
//! folder that only a build without errors swaps in.)

mod quick;

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::content::discover::discover;
use crate::content::load::load;
use crate::content::site::Site;
use crate::content::validate::{narrative_links, validate};
use crate::diagnostic::{self, Diagnostic};
use crate::output::progress::Progress;
use crate::output::write::{check_output, write_staged};
use crate::site::render::{OutputFile, RenderFailure, planned_pages, render_each, render_site};
use crate::site::theme::{Theme, load_theme};

pub use quick::{Quick, recheck_narratives, reindex};

/// A checked site ready to render: the model and the theme. `brief serve`
/// keeps the last good one, so that an edit to narratives alone re-renders
/// only what it changes ([`recheck_narratives`]).
pub struct Prepared {
    pub site: Site,
    pub theme: Theme,
    /// Narrative files whose last quick rebuild failed.
    pub pending: BTreeSet<PathBuf>,
}

/// What `brief build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `public/` under the root.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
    /// Show a progress bar on a terminal when the build takes over a second.
    pub progress: bool,
}

/// A successful build.
#[derive(Debug)]
pub struct BuildReport {
    pub output: PathBuf,
    pub pages: usize,
    pub files: usize,
    pub elapsed: Duration,
    /// Warnings (a successful build has no errors).
    pub diagnostics: Vec<Diagnostic>,
    /// What the build chose to leave out, and why (printed with the summary).
    pub notes: Vec<String>,
    /// How long each stage took.
    pub timings: Timings,
}

/// Wall time per stage, in the order the stages ran, and the process's
/// peak memory when each ended.
#[derive(Debug, Clone, Default)]
pub struct Timings {
    pub stages: Vec<(&'static str, Duration, Option<u64>)>,
}

impl Timings {
    /// Runs `stage` and records its wall time under `name`.
    pub fn time<T>(&mut self, name: &'static str, stage: impl FnOnce() -> T) -> T {
        let started = Instant::now();
        let result = stage();
        self.stages.push((name, started.elapsed(), peak_memory()));
        result
    }

    /// One line per stage: `  load      1.234 s   peak  312 MiB`.
    pub fn report(&self) -> String {
        let line = |(name, d, peak): &(&str, Duration, Option<u64>)| {
            let peak = peak.map(|b| format!("   peak {:>5} MiB", b >> 20)).unwrap_or_default();
            format!("  {name:<9} {:>8.3} s{peak}\n", d.as_secs_f64())
        };
        self.stages.iter().map(line).collect()
    }
}

/// The process's peak resident memory so far, in bytes (Linux: `VmHWM` of
/// /proc/self/status; `None` elsewhere).
fn peak_memory() -> Option<u64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let kib = status.lines().find_map(|l| l.strip_prefix("VmHWM:"))?.trim().strip_suffix("kB")?.trim();
    kib.parse::<u64>().ok().map(|k| k * 1024)
}

/// Why a build did not replace the output.
#[derive(Debug)]
pub enum BuildFailure {
    /// The content or theme has errors (exit status 1).
    Invalid(Vec<Diagnostic>),
    /// The output folder is refused or could not be written.
    Output(String, Option<String>),
}

/// Everything a build does except writing: the files it would write, and
/// every diagnostic (sorted). `files` is `None` when there are errors.
pub fn check(root: &Path, base_url: Option<&str>) -> (Option<Vec<OutputFile>>, Vec<Diagnostic>) {
    let (checked, diagnostics) = check_site(root, base_url, &mut Timings::default(), &|_| true);
    (checked.map(|(_, files)| files), diagnostics)
}

/// `brief check`: every diagnostic of a build (sorted), rendering every
/// page as a build would (a template can fail on one page only) but
/// keeping none of them.
pub fn check_diagnostics(root: &Path, base_url: Option<&str>) -> Vec<Diagnostic> {
    check_site(root, base_url, &mut Timings::default(), &|_| false).1
}

/// Like [`check`], keeping only the files `keep` wants, also handing back
/// the model and theme the files were made from, and recording how long
/// each stage took.
pub fn check_site(
    root: &Path,
    base_url: Option<&str>,
    timings: &mut Timings,
    keep: &(dyn Fn(&OutputFile) -> bool + Sync),
) -> (Option<(Prepared, Vec<OutputFile>)>, Vec<Diagnostic>) {
    let (prepared, mut diagnostics) = prepare(root, base_url, timings);
    let Some((site, theme)) = prepared else { return (None, diagnostics) };
    match timings.time("render", || render_site(&site, &theme, keep)) {
        Ok(files) => (Some((Prepared { site, theme, pending: BTreeSet::new() }, files)), diagnostics),
        Err(problems) => {
            diagnostics.extend(problems);
            diagnostic::sort(&mut diagnostics);
            (None, diagnostics)
        }
    }
}

/// Every stage before rendering: the validated model and the loaded theme,
/// or `None` when any diagnostic is an error. Diagnostics come sorted.
fn prepare(root: &Path, base_url: Option<&str>, timings: &mut Timings) -> (Option<(Site, Theme)>, Vec<Diagnostic>) {
    let (inventory, mut diagnostics) = timings.time("discover", || discover(root));
    let (site, problems) = timings.time("load", || load(root, &inventory));
    diagnostics.extend(problems);
    let Some(mut site) = site else {
        diagnostic::sort(&mut diagnostics);
        return (None, diagnostics);
    };
    if let Some(url) = base_url {
        site.config.base_url = Some(url.to_string());
    }
    diagnostics.extend(timings.time("validate", || validate(&site)));
    // The configuration's and registry's YAML texts are kept for
    // validation's diagnostics only; later problems are in templates or
    // narratives, which are read again.
    site.files.clear();
    let theme = match timings.time("theme", || load_theme(root, &site.config.theme)) {
        Ok(theme) => Some(theme),
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    };
    if diagnostics.iter().any(Diagnostic::is_error) {
        // Narratives' links are checked as their pages render: this build
        // will not render, so check them now, for one run to tell all.
        diagnostics.extend(timings.time("links", || narrative_links(&site)));
        diagnostic::sort(&mut diagnostics);
        return (None, diagnostics);
    }
    diagnostic::sort(&mut diagnostics);
    (theme.map(|t| (site, t)), diagnostics)
}

/// Checks, renders and writes the site atomically.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let output = options.output.clone().unwrap_or_else(|| options.root.join("public"));
    check_output(&options.root, &output).map_err(|u| BuildFailure::Output(u.message, Some(u.help)))?;
    let mut timings = Timings::default();
    let (prepared, diagnostics) = prepare(&options.root, options.base_url.as_deref(), &mut timings);
    let Some((site, theme)) = prepared else { return Err(BuildFailure::Invalid(diagnostics)) };
    let progress = Progress::new(planned_pages(&site) as u64, options.progress);
    // Files are written as they are made, on whichever thread made them:
    // their time is summed over threads and shown under render.
    let write_nanos = std::sync::atomic::AtomicU64::new(0);
    let rendered = timings.time("render", || {
        write_staged(&output, |staging| {
            render_each(&site, &theme, &|file| {
                progress.tick();
                let started = Instant::now();
                let written = staging.write(&file);
                let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
                write_nanos.fetch_add(nanos, std::sync::atomic::Ordering::Relaxed);
                written
            })
        })
    });
    progress.finish();
    let count = match rendered {
        Ok(count) => count,
        Err(RenderFailure::Invalid(problems)) => {
            // With the warnings found before rendering.
            let mut all = diagnostics;
            all.extend(problems);
            diagnostic::sort(&mut all);
            return Err(BuildFailure::Invalid(all));
        }
        Err(RenderFailure::Io(e)) => return Err(BuildFailure::Output(format!("could not write the site: {e}"), None)),
    };
    // Part of render's wall time, not after it: shown indented.
    timings.stages.push(("  index", count.index_time, None));
    timings.stages.push(("  write", Duration::from_nanos(write_nanos.into_inner()), None));
    let mut notes = Vec::new();
    if site.config.base_url.is_none() {
        notes.push(
            "no base_url: feeds (atom.xml, feed.json), sitemap.xml, robots.txt, canonical links and og:url \
             were left out, since they need absolute URLs; set base_url in content/site.yaml or pass --base-url"
                .to_string(),
        );
    }
    // Freeing a large model takes a while (0.2 s at 10,000 briefs): the
    // report need not wait for it, and a CLI exits without waiting.
    std::thread::spawn(move || drop((site, theme)));
    Ok(BuildReport {
        timings,
        pages: count.pages,
        files: count.files,
        output,
        elapsed: started.elapsed(),
        diagnostics,
        notes,
    })
}
