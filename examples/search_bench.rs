//! The search index alone: loads a site with the library, then writes its
//! search files into a sink that only counts and hashes them, several times,
//! and prints the user CPU time of each run (both languages' indexes are
//! built in parallel; the time is summed over threads), the peak memory the
//! search work added over the loaded model, and a hash of the files (equal
//! hashes: byte-identical output; it does not depend on the order the files
//! come in).
//!
//! ```sh
//! cargo run --release --example search_bench -- --root DIR [--runs 3]
//! ```

use std::hash::Hasher;
use std::path::PathBuf;
use std::sync::Mutex;

use clap::Parser;

#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

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
    Ok(())
}
