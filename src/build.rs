//! The entry points that tie the stages together: `check` and `build`.
//!
//! ```text
//! discover -> load (read, parse, model) -> validate -> theme -> render -> write
//! ```
//!
//! Every stage returns its diagnostics; the run stops before writing when
//! any of them is an error, so bad input never touches the output folder.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::content::discover::discover;
use crate::content::load::load;
use crate::content::site::Site;
use crate::content::validate::validate;
use crate::diagnostic::{self, Diagnostic};
use crate::output::write::{check_output, write_site};
use crate::site::links;
use crate::site::render::{OutputFile, render_site};
use crate::site::theme::load_theme;

/// What `brief build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Defaults to `public/` under the root.
    pub output: Option<PathBuf>,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
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
    let (inventory, mut diagnostics) = discover(root);
    let (site, problems) = load(root, &inventory);
    diagnostics.extend(problems);
    let Some(mut site) = site else {
        diagnostic::sort(&mut diagnostics);
        return (None, diagnostics);
    };
    if let Some(url) = base_url {
        site.config.base_url = Some(url.to_string());
    }
    diagnostics.extend(validate(&site));
    let files = render_checked(root, &site, &mut diagnostics);
    diagnostic::sort(&mut diagnostics);
    let files = if diagnostics.iter().any(Diagnostic::is_error) { None } else { files };
    (files, diagnostics)
}

fn render_checked(root: &Path, site: &Site, diagnostics: &mut Vec<Diagnostic>) -> Option<Vec<OutputFile>> {
    let theme = match load_theme(root, &site.config.theme) {
        Ok(t) => t,
        Err(problems) => {
            diagnostics.extend(problems);
            return None;
        }
    };
    // Rendering a site with broken references would only repeat them.
    if diagnostics.iter().any(Diagnostic::is_error) {
        return None;
    }
    match render_site(site, &theme) {
        Ok(files) => Some(files),
        Err(problems) => {
            diagnostics.extend(problems);
            None
        }
    }
}

/// Checks, renders and writes the site atomically.
pub fn build(options: &BuildOptions) -> Result<BuildReport, BuildFailure> {
    let started = Instant::now();
    let output = options.output.clone().unwrap_or_else(|| options.root.join("public"));
    check_output(&options.root, &output).map_err(|u| BuildFailure::Output(u.message, Some(u.help)))?;
    let (files, diagnostics) = check(&options.root, options.base_url.as_deref());
    let Some(files) = files else { return Err(BuildFailure::Invalid(diagnostics)) };
    let mut notes = Vec::new();
    if !files.iter().any(|f| f.path() == links::SITEMAP) {
        notes.push(
            "no base_url: feeds (atom.xml, feed.json), sitemap.xml, robots.txt, canonical links and og:url \
             were left out, since they need absolute URLs; set base_url in content/site.yaml or pass --base-url"
                .to_string(),
        );
    }
    write_site(&output, &files).map_err(|e| BuildFailure::Output(format!("could not write the site: {e}"), None))?;
    Ok(BuildReport {
        pages: files.iter().filter(|f| matches!(f, OutputFile::Page { .. })).count(),
        files: files.len(),
        output,
        elapsed: started.elapsed(),
        diagnostics,
        notes,
    })
}
