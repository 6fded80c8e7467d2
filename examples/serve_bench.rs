//! Save-to-reload benchmark for `brief serve`.
//!
//! ```sh
//! cargo run --release --example serve_bench -- --root DIR [--runs 10] [--brief SLUG]
//! ```
//!
//! Copies the site (content/, themes/, templates/) to a temporary folder so
//! the original is never touched, starts the server machinery in-process on
//! a free port, then N times: saves one brief's narrative the way editors
//! do (write a temporary file, rename it over), and waits for the reload
//! event that open pages would get. It prints, per run and as min/median/max,
//! the time from the save to the reload event (file watching, debounce,
//! rebuild, broadcast) and the rebuild alone.

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::{Duration, Instant};

use brief::output::serve::{self, LiveEvent, ServeOptions, ServeReport};
use clap::Parser;

#[derive(Parser)]
struct Args {
    /// The site's root folder (holding content/ and themes/).
    #[arg(long)]
    root: PathBuf,
    /// How many edits to time.
    #[arg(long, default_value_t = 10)]
    runs: usize,
    /// The brief to edit [default: the first one].
    #[arg(long)]
    brief: Option<String>,
    /// The watcher's debounce, in milliseconds.
    #[arg(long, default_value_t = 50)]
    debounce_ms: u64,
}

fn main() -> Result<(), String> {
    let args = Args::parse();
    let copy = tempfile::tempdir().map_err(|e| e.to_string())?;
    let started = Instant::now();
    for folder in ["content", "themes", "templates"] {
        copy_tree(&args.root.join(folder), &copy.path().join(folder))?;
    }
    println!("copied the site in {:.2} s", started.elapsed().as_secs_f64());
    let narrative = narrative_to_edit(copy.path(), args.brief.as_deref())?;
    let (built_tx, built_rx) = mpsc::channel();
    let reporter = Arc::new(move |report: &ServeReport| {
        if let ServeReport::Built { outcome, .. } = report {
            let _ = built_tx.send((outcome.elapsed, outcome.built.map(|(pages, _)| pages)));
        }
    });
    let options =
        ServeOptions { port: 0, debounce: Duration::from_millis(args.debounce_ms), ..ServeOptions::new(copy.path()) };
    let server = serve::start(&options, reporter).map_err(|e| format!("{e:?}"))?;
    let (first, pages) = built_rx.recv().map_err(|e| e.to_string())?;
    println!("first build: {} pages in {:.0} ms; editing {}", pages.unwrap_or(0), ms(first), narrative.display());
    let events = server.subscribe();
    let original = std::fs::read_to_string(&narrative).map_err(|e| e.to_string())?;
    let (mut to_reload, mut rebuild) = (Vec::new(), Vec::new());
    for run in 1..=args.runs {
        let saved = save(&narrative, &format!("{original}\nBenchmark edit {run}.\n"))?;
        match events.recv_timeout(Duration::from_secs(300)) {
            Ok(LiveEvent::Reload { .. }) => {}
            Ok(other) => return Err(format!("run {run}: expected a reload, got {other:?}")),
            Err(RecvTimeoutError::Timeout) => return Err(format!("run {run}: no reload within 300 s")),
            Err(e) => return Err(e.to_string()),
        }
        let elapsed = saved.elapsed();
        let (built, _) = built_rx.recv().map_err(|e| e.to_string())?;
        println!("run {run:>3}: save -> reload {:>8.1} ms   rebuild {:>8.1} ms", ms(elapsed), ms(built));
        to_reload.push(elapsed);
        rebuild.push(built);
    }
    server.shutdown();
    println!("save -> reload: {}", summary(&mut to_reload));
    println!("rebuild alone:  {}", summary(&mut rebuild));
    Ok(())
}

fn narrative_to_edit(root: &Path, slug: Option<&str>) -> Result<PathBuf, String> {
    let briefs = root.join("content/briefs");
    let slug = match slug {
        Some(s) => s.to_string(),
        None => {
            let mut names: Vec<String> = std::fs::read_dir(&briefs)
                .map_err(|e| format!("{}: {e}", briefs.display()))?
                .filter_map(Result::ok)
                .filter(|e| e.path().join("brief.yaml").is_file())
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names.into_iter().next().ok_or("the site has no briefs")?
        }
    };
    ["en.md", "zh.md"]
        .iter()
        .map(|name| briefs.join(&slug).join(name))
        .find(|p| p.is_file())
        .ok_or_else(|| format!("the brief {slug} has no narrative to edit"))
}

/// Saves like an editor: a temporary file renamed over the original.
/// Returns the moment of the rename, when the new text becomes visible.
fn save(path: &Path, text: &str) -> Result<Instant, String> {
    let temporary = path.with_extension("md.tmp~");
    std::fs::write(&temporary, text).map_err(|e| e.to_string())?;
    let now = Instant::now();
    std::fs::rename(&temporary, path).map_err(|e| e.to_string())?;
    Ok(now)
}

fn copy_tree(from: &Path, to: &Path) -> Result<(), String> {
    if !from.is_dir() {
        return Ok(());
    }
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.map_err(|e| e.to_string())?;
        let target = to.join(entry.path().strip_prefix(from).map_err(|e| e.to_string())?);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).map_err(|e| e.to_string())?;
        } else {
            std::fs::copy(entry.path(), &target).map_err(|e| format!("{}: {e}", entry.path().display()))?;
        }
    }
    Ok(())
}

fn ms(d: Duration) -> f64 {
    d.as_secs_f64() * 1000.0
}

fn summary(times: &mut [Duration]) -> String {
    times.sort();
    let (Some(first), Some(last)) = (times.first(), times.last()) else { return "no runs".into() };
    format!("min {:.1} ms, median {:.1} ms, max {:.1} ms", ms(*first), ms(times[times.len() / 2]), ms(*last))
}
