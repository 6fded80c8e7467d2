//! The search index alone: loads a site with the library, then writes its
//! search files into a sink that only counts and hashes them, several times,
//! and prints the user CPU time of each run (both languages' indexes are
//! built in parallel; the time is summed over threads), the peak memory the
//! search work added over the loaded model, and a hash of the files (equal
//! hashes: byte-identical output; it does not depend on the order the files
//! come in). Then it times the tokenizer alone over every narrative's
//! Markdown, one thread, and prints nanoseconds per term (the index's hot
//! loop, measured without the noise of the rest).
//!
//! ```sh
//! cargo run --release --example search_bench -- --root DIR [--runs 3]
//! ```

use std::hash::Hasher;
use std::path::PathBuf;
use std::sync::Mutex;

use brief::site::search::tokenize::{Token, each_token};
use clap::Parser;

/// The binary's allocator, so the index is measured as `brief build` runs it.
#[path = "../src/process/allocator.rs"]
mod allocator;

#[global_allocator]
static ALLOCATOR: allocator::Mimalloc = allocator::Mimalloc;

#[derive(Parser)]
struct Args {
    /// The site's root folder (holding content/).
    #[arg(long)]
    root: PathBuf,
    /// How many times to write the index.
    #[arg(long, default_value_t = 3)]
    runs: usize,
}

/// User CPU seconds of this process so far.
fn user_cpu() -> f64 {
    // SAFETY: getrusage only writes into the struct it is given.
    let usage = unsafe {
        let mut usage: libc::rusage = std::mem::zeroed();
        libc::getrusage(libc::RUSAGE_SELF, &mut usage);
        usage
    };
    usage.ru_utime.tv_sec as f64 + usage.ru_utime.tv_usec as f64 / 1e6
}

/// A `/proc/self/status` field in KB (`VmRSS`, `VmHWM`).
fn status_kb(field: &str) -> u64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field)?.strip_prefix(':'))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
        .unwrap_or(0)
}

/// Resets `VmHWM` (peak resident memory) to the current resident memory.
fn reset_peak() {
    let _ = std::fs::write("/proc/self/clear_refs", "5");
}

fn main() -> Result<(), String> {
    let args = Args::parse();
    let (inventory, _) = brief::content::discover::discover(&args.root);
    let (site, problems) = brief::content::load::load(&args.root, &inventory);
    let site = site.ok_or_else(|| format!("the site does not load: {} problems", problems.len()))?;
    println!("briefs {}, entities {}", site.briefs.len(), site.entities.len());
    let mut cpu = Vec::new();
    for run in 0..args.runs {
        // (sum of the files' hashes, bytes)
        let seen = Mutex::new((0u64, 0usize));
        reset_peak();
        let before = status_kb("VmRSS");
        let started = user_cpu();
        let files = brief::site::search::write_search_files(&site, &|path, data| {
            let mut h = std::hash::DefaultHasher::new();
            h.write(path.as_bytes());
            h.write(&data);
            let mut seen = seen.lock().map_err(|_| std::io::Error::other("a thread panicked"))?;
            seen.0 = seen.0.wrapping_add(h.finish());
            seen.1 += data.len();
            Ok(())
        })
        .map_err(|e| format!("{e:?}"))?;
        let spent = user_cpu() - started;
        let (hash, bytes) = seen.into_inner().map_err(|_| "a thread panicked")?;
        let peak = status_kb("VmHWM").saturating_sub(before);
        cpu.push(spent);
        println!(
            "run {run}: {spent:.3} s user CPU, +{:.1} MB peak over {:.1} MB, {files} files, {bytes} bytes, hash {:016x}",
            peak as f64 / 1024.0,
            before as f64 / 1024.0,
            hash,
        );
    }
    let min = cpu.iter().copied().fold(f64::INFINITY, f64::min);
    println!("min {min:.3} s user CPU");
    time_tokenizer(&site, args.runs);
    Ok(())
}

/// Runs the tokenizer over every narrative's text (read whole, front
/// matter and Markdown included) and prints the fastest run's time per term.
fn time_tokenizer(site: &brief::content::site::Site, runs: usize) {
    let texts: Vec<String> = site
        .briefs
        .iter()
        .flat_map(|b| [&b.narratives.zh, &b.narratives.en])
        .flatten()
        .filter_map(|n| std::fs::read_to_string(site.root.join(&n.path)).ok())
        .collect();
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut best = f64::INFINITY;
    let mut terms = 0usize;
    for _ in 0..runs {
        let (started, mut count, mut mix) = (std::time::Instant::now(), 0usize, 0u64);
        for text in &texts {
            each_token(text, |token: Token<'_>| {
                count += 1;
                if let Token::Han(h) = token {
                    mix ^= h.0;
                }
            });
        }
        best = best.min(started.elapsed().as_secs_f64());
        terms = std::hint::black_box((count, mix)).0;
    }
    println!(
        "tokenizer: {terms} terms in {} narratives ({:.1} MB) in {best:.3} s, {:.1} ns per term",
        texts.len(),
        bytes as f64 / 1e6,
        best * 1e9 / terms.max(1) as f64
    );
}
