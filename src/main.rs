//! The `brief` command line: parses arguments, calls the library, prints
//! results and diagnostics, and sets the exit status (0 success, 1 errors
//! in the content or theme, 2 usage error).

use std::io::IsTerminal;
use std::net::IpAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::{Arc, mpsc};

use brief::build::{BuildFailure, BuildOptions, build, check_diagnostics};
use brief::content::date::Date;
use brief::content::model::EntityKind;
use brief::content::model::Lang;
use brief::diagnostic::{self, Diagnostic};
use brief::output::export::{ExportFailure, ExportOptions, export};
use brief::output::scaffold::{self, Created, ScaffoldError};
use brief::output::serve::{self, ServeOptions, ServeReport, StartError};
use clap::{Parser, Subcommand, ValueEnum};

mod process;

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
        /// Print how long each stage took.
        #[arg(long)]
        timings: bool,
        /// No progress bar and no notes; errors and the summary only.
        #[arg(long, short)]
        quiet: bool,
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
    /// Write one brief as a single self-contained HTML file (styles, pictures
    /// and images inside; links to other pages absolute with a base URL,
    /// plain text without), to mail or open anywhere offline.
    Export {
        /// The brief's slug (its folder name under content/briefs/).
        slug: String,
        /// The language of the page [default: the site's default language].
        #[arg(long, value_enum)]
        lang: Option<LangArg>,
        /// The file to write, e.g. brief.html.
        #[arg(long)]
        output: PathBuf,
        /// The site's root folder (holding content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The absolute URL the site is served from: links to its other pages become absolute.
        #[arg(long)]
        base_url: Option<String>,
    },
    /// Serve the site for preview, rebuild on every change and reload open pages.
    Serve {
        /// The site's root folder (holding content/ and themes/).
        #[arg(long, default_value = ".")]
        root: PathBuf,
        /// The port to listen on; 0 picks a free one.
        #[arg(long, default_value_t = 8000)]
        port: u16,
        /// The address to listen on; other machines can reach the preview only if it allows them.
        #[arg(long, default_value = "127.0.0.1")]
        bind: IpAddr,
        /// Open the site in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Create a brief, a person or an organisation from a commented template.
    New {
        #[command(subcommand)]
        what: NewCommand,
    },
    /// Make a new site in DIR (new or empty) with the default theme and an example brief.
    Init {
        /// The folder to create the site in.
        dir: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum LangArg {
    Zh,
    En,
}

#[derive(Subcommand)]
enum NewCommand {
    /// A brief: content/briefs/<slug>/ with brief.yaml and the narrative.
    Brief {
        /// The title, in Chinese or English.
        title: String,
        /// The folder name [default: the date and the title's words, e.g. 2025-02-13-trump-calls-putin].
        #[arg(long)]
        slug: Option<String>,
        /// The brief's date, YYYY-MM-DD [default: today].
        #[arg(long, value_parser = parse_date)]
        date: Option<Date>,
        /// The site's root folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// A person: content/people/<id>.yaml.
    Person {
        /// Lowercase letters, digits and hyphens, e.g. putin.
        id: String,
        /// The site's root folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
    /// An organisation: content/orgs/<id>.yaml.
    Org {
        /// Lowercase letters, digits and hyphens, e.g. nato.
        id: String,
        /// The site's root folder.
        #[arg(long, default_value = ".")]
        root: PathBuf,
    },
}

#[derive(Clone, Copy, ValueEnum)]
enum Format {
    Human,
    Json,
}

fn main() -> ExitCode {
    process::tune();
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(e) => {
            let _ = e.print();
            return ExitCode::from(if e.use_stderr() { 2 } else { 0 });
        }
    };
    match cli.command {
        Command::Build { root, output, base_url, timings, quiet } => {
            run_build(BuildOptions { root, output, base_url, progress: !quiet }, timings)
        }
        Command::Check { root, format, deny_warnings } => run_check(&root, format, deny_warnings),
        Command::Export { slug, lang, output, root, base_url } => {
            let lang = lang.map(|l| match l {
                LangArg::Zh => Lang::Zh,
                LangArg::En => Lang::En,
            });
            run_export(ExportOptions { root, slug, lang, output, base_url })
        }
        Command::Serve { root, port, bind, open } => {
            run_serve(&ServeOptions { port, bind, ..ServeOptions::new(root) }, open)
        }
        Command::New { what } => run_scaffold(match what {
            NewCommand::Brief { title, slug, date, root } => scaffold::new_brief(&root, &title, slug.as_deref(), date),
            NewCommand::Person { id, root } => scaffold::new_entity(&root, EntityKind::Person, &id),
            NewCommand::Org { id, root } => scaffold::new_entity(&root, EntityKind::Org, &id),
        }),
        Command::Init { dir } => run_scaffold(scaffold::init(&dir, None)),
    }
}

fn run_build(options: BuildOptions, show_timings: bool) -> ExitCode {
    match build(&options) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics, Format::Human);
            if show_timings {
                print!("{}", report.timings.report());
            }
            if options.progress {
                for note in &report.notes {
                    eprintln!("note: {note}");
                }
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

fn run_export(options: ExportOptions) -> ExitCode {
    match export(&options) {
        Ok(report) => {
            print_diagnostics(&report.diagnostics, Format::Human);
            println!(
                "exported {} ({}) to {} ({} KiB)",
                options.slug,
                report.lang.code(),
                report.output.display(),
                report.bytes.div_ceil(1024)
            );
            ExitCode::SUCCESS
        }
        Err(ExportFailure::Invalid(diagnostics)) => {
            print_diagnostics(&diagnostics, Format::Human);
            eprintln!("export failed: {}", diagnostic::summary(&diagnostics));
            ExitCode::from(1)
        }
        Err(ExportFailure::Output(message)) => {
            eprintln!("error: {message}");
            ExitCode::from(1)
        }
    }
}

fn run_check(root: &std::path::Path, format: Format, deny_warnings: bool) -> ExitCode {
    let diagnostics = check_diagnostics(root, None);
    print_diagnostics(&diagnostics, format);
    let errors = diagnostics.iter().any(Diagnostic::is_error);
    if matches!(format, Format::Human) {
        eprintln!("{}", diagnostic::summary(&diagnostics));
    }
    if errors || (deny_warnings && !diagnostics.is_empty()) { ExitCode::from(1) } else { ExitCode::SUCCESS }
}

fn run_serve(options: &ServeOptions, open: bool) -> ExitCode {
    let (stop, stopped) = mpsc::channel();
    if let Err(e) = ctrlc::set_handler(move || {
        let _ = stop.send(());
    }) {
        eprintln!("warning: cannot catch Ctrl-C ({e}); stop the server by ending the process");
    }
    let server = match serve::start(options, Arc::new(print_serve_report)) {
        Ok(server) => server,
        Err(StartError::NotASite(diagnostics)) => {
            print_diagnostics(&diagnostics, Format::Human);
            return ExitCode::from(1);
        }
        Err(StartError::Bind(addr, e)) => {
            eprintln!("error: cannot listen on {addr}: {e}");
            eprintln!("  = help: pass another --port, or --port 0 to pick a free one");
            return ExitCode::from(1);
        }
    };
    let url = format!("http://{}/", server.addr());
    println!("serving {url} (Ctrl-C to stop)");
    if open && let Err(e) = serve::open_browser(&url) {
        eprintln!("warning: {e}; open {url} in a browser yourself");
    }
    let _ = stopped.recv();
    server.shutdown();
    println!("stopped");
    ExitCode::SUCCESS
}

fn print_serve_report(report: &ServeReport) {
    let ServeReport::Built { outcome, changed } = report else {
        if let ServeReport::WatchTrouble(message) = report {
            eprintln!("warning: {message}");
        }
        return;
    };
    let cause = match changed {
        [] => String::new(),
        [one] => format!(" after a change to {one}"),
        [one, rest @ ..] => format!(" after changes to {one} and {} more", rest.len()),
    };
    let millis = outcome.elapsed.as_secs_f64() * 1000.0;
    let warnings = outcome.diagnostics.len();
    match outcome.built {
        Some((pages, files)) => {
            let verb = if changed.is_empty() { "built" } else { "rebuilt" };
            let warned =
                if warnings == 0 { String::new() } else { format!("; {}", diagnostic::summary(&outcome.diagnostics)) };
            let only = if outcome.partial { " (only what it changed)" } else { "" };
            println!("{verb} {pages} pages ({files} files) in {millis:.0} ms{cause}{only}{warned}");
        }
        None => {
            let errors: Vec<Diagnostic> = outcome.diagnostics.iter().filter(|d| d.is_error()).cloned().collect();
            print_diagnostics(&errors, Format::Human);
            eprintln!(
                "build failed in {millis:.0} ms{cause}: {}; serving the last good build",
                diagnostic::summary(&outcome.diagnostics)
            );
        }
    }
}

fn run_scaffold(result: Result<Created, ScaffoldError>) -> ExitCode {
    match result {
        Ok(created) => {
            for file in &created.files {
                println!("created {}", file.display());
            }
            for note in &created.notes {
                println!("note: {note}");
            }
            ExitCode::SUCCESS
        }
        Err(error) => {
            eprintln!("error: {}", error.message);
            if let Some(help) = &error.help {
                eprintln!("  = help: {help}");
            }
            ExitCode::from(if error.usage { 2 } else { 1 })
        }
    }
}

fn parse_date(text: &str) -> Result<Date, String> {
    Date::parse(text)
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
