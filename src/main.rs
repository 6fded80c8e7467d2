//! The `brief` command line: parses arguments, calls the library, prints
//! results and diagnostics, and sets the exit status (0 success, 1 errors
//! in the content or theme, 2 usage error).

use std::io::IsTerminal;
use std::path::PathBuf;
use std::process::ExitCode;

use brief::build::{BuildFailure, BuildOptions, build, check};
use brief::diagnostic::{self, Diagnostic};
use clap::{Parser, Subcommand, ValueEnum};

/// A static site generator for bilingual briefing pages.
#[derive(Parser)]
#[command(name = "brief", version, about, long_about = None)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Build the site into the output folder (public/ by default).
    Build {
        /// The site's root folder (holding content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// Where to write the site [default: ROOT/public].
        #[arg(long)]
        output: Option<PathBuf>,
        /// The absolute URL the site is served from, for feeds and canonical links.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Check the content and theme without writing anything.
    Check {
        /// The site's root folder (holding content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// How to print diagnostics.
        #[arg(long, value_enum, default_value_t = Format::Human)]
        format: Format,
        /// Exit with status 1 when there are warnings too.
        #[arg(long)]
        deny_warnings: bool,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Build { root, output, base_url } => run_build(BuildOptions { root, output, base_url }),
        Command::Check { root, format, deny_warnings } => run_check(&root, format, deny_warnings),
    }
}

fn run_build(options: BuildOptions) -> ExitCode {
    match build(&options) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics, Format::Human);
            for note in &report.notes {
                println!("note: {note}");
            }
            println!(
                "built {} pages ({} files) into {} in {:.2} s",
                report.pages,
                report.files,
                report.output.display(),
                report.elapsed.as_secs_f64()
            );
            ExitCode::SUCCESS
        }
        Err(BuildFailure::Invalid(diagnostics)) => {
            print_diagnostics(&diagnostics, Format::Human);
            eprintln!("build failed: {}; the output folder was left as it was", diagnostic::summary(&diagnostics));
            ExitCode::from(1)
        }
        Err(BuildFailure::Output(message, help)) => {
            eprintln!("error: {message}");
            if let Some(help) = help {
                eprintln!("  = help: {help}");
            }
            ExitCode::from(1)
        }
    }
}

fn run_check(root: &std::path::Path, format: Format, deny_warnings: bool) -> ExitCode {
    let (_, diagnostics) = check(root, None);
    print_diagnostics(&diagnostics, format);
    let errors = diagnostics.iter().any(Diagnostic::is_error);
    if matches!(format, Format::Human) {
        eprintln!("{}", diagnostic::summary(&diagnostics));
    }
    if errors || (deny_warnings && !diagnostics.is_empty()) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn print_diagnostics(diagnostics: &[Diagnostic], format: Format) {
    match format {
        Format::Json => {
            for d in diagnostics {
                println!("{}", serde_json::to_string(d).unwrap_or_default());
            }
        }
        Format::Human => {
            let colour = std::io::stderr().is_terminal() && std::env::var_os("NO_COLOR").is_none();
            for d in diagnostics {
                let text = d.render_human();
                if colour {
                    eprintln!("{}", colourize(&text, d));
                } else {
                    eprintln!("{text}");
                }
            }
        }
    }
}

fn colourize(text: &str, d: &Diagnostic) -> String {
    let (start, end) = if d.is_error() { ("\x1b[1;31m", "\x1b[0m") } else { ("\x1b[1;33m", "\x1b[0m") };
    let mut lines = text.lines();
    let head = lines.next().unwrap_or("");
    let rest: Vec<&str> = lines.collect();
    format!("{start}{head}{end}\n{}", rest.join("\n"))
}
