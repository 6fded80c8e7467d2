//! A progress bar for long builds, on a terminal only.
//!
//! The bar stays hidden for the first second, so short builds print nothing
//! but their summary; it never appears when standard error is not a
//! terminal (CI logs, pipes) or when the user asked for quiet.

use std::io::IsTerminal;
use std::time::{Duration, Instant};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// Counts written files and shows a bar once a build has run for a second.
pub struct Progress {
    bar: Option<ProgressBar>,
    started: Instant,
}

const SHOW_AFTER: Duration = Duration::from_secs(1);

impl Progress {
    /// A progress display for `total` files; inert unless `wanted` and
    /// standard error is a terminal.
    pub fn new(total: u64, wanted: bool) -> Self {
        let bar = (wanted && std::io::stderr().is_terminal()).then(|| {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::hidden());
            let style = ProgressStyle::with_template("{bar:40} {pos}/{len} pages {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            bar
        });
        Progress { bar, started: Instant::now() }
    }

    /// One more file written.
    pub fn tick(&self) {
        let Some(bar) = &self.bar else { return };
        if bar.is_hidden() && self.started.elapsed() > SHOW_AFTER {
            bar.set_draw_target(ProgressDrawTarget::stderr());
        }
        bar.inc(1);
    }

    /// Removes the bar before the summary is printed.
    pub fn finish(&self) {
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}
