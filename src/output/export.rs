//! `brief export`: one brief as one self-contained HTML file.
//!
//! A brief mailed to someone or opened anywhere offline must read the same
//! as on the site, so the export is the brief's page from a full (checked)
//! build with every reference to another file taken out: the stylesheet
//! goes into a `<style>`, images become `data:` URIs, the pictures are
//! inline SVG already, and links to other pages of the site become
//! absolute links when a base URL is known, plain text otherwise. Links to
//! other sites become text too, with their address kept visible, so the
//! file needs nothing but itself. In-page `#` links stay.

use std::fs;
use std::path::{Path, PathBuf};

use crate::build::{Prepared, Timings, check_site};
use crate::content::model::Lang;
use crate::diagnostic::{Diagnostic, Severity, did_you_mean};
use crate::output::inline::{Resolver, self_contained};
use crate::site::links::{brief_path, lang_prefix};
use crate::site::render::OutputFile;

/// What `brief export` is asked to do.
#[derive(Debug, Clone)]
pub struct ExportOptions {
    pub root: PathBuf,
    pub slug: String,
    /// Defaults to the site's default language.
    pub lang: Option<Lang>,
    pub output: PathBuf,
    /// Overrides `base_url` from site.yaml.
    pub base_url: Option<String>,
}

#[derive(Debug)]
pub struct ExportReport {
    pub output: PathBuf,
    pub lang: Lang,
    pub bytes: usize,
    /// Warnings (an export with errors does not happen).
    pub diagnostics: Vec<Diagnostic>,
}

#[derive(Debug)]
pub enum ExportFailure {
    /// Errors in the content or theme, or an unknown brief (exit status 1).
    Invalid(Vec<Diagnostic>),
    /// The file could not be written.
    Output(String),
}

/// Checks the site, renders it in memory and writes one brief's page as a
/// self-contained file.
pub fn export(options: &ExportOptions) -> Result<ExportReport, ExportFailure> {
    // Keep this brief's pages and what they may refer to, not the site.
    let page_end = brief_path(&options.slug);
    let keep = |file: &OutputFile| match file {
        OutputFile::Page { path, .. } => path.ends_with(&page_end),
        OutputFile::Data { path, .. } => !path.starts_with("assets/search/"),
        OutputFile::Copy { .. } => true,
    };
    let (checked, mut diagnostics) =
        check_site(&options.root, options.base_url.as_deref(), &mut Timings::default(), &keep);
    let Some((Prepared { site, .. }, files)) = checked else { return Err(ExportFailure::Invalid(diagnostics)) };
    if site.brief(&options.slug).is_none() {
        let slugs = site.briefs.iter().map(|b| b.slug.as_str());
        let help = match did_you_mean(&options.slug, slugs) {
            Some(near) => format!("did you mean '{near}'?"),
            None => format!(
                "the briefs are: {}",
                site.briefs.iter().map(|b| b.slug.as_str()).collect::<Vec<_>>().join(", ")
            ),
        };
        diagnostics.push(
            Diagnostic::at_path(
                Severity::Error,
                "unknown-brief",
                "content/briefs",
                format!("there is no brief '{}'", options.slug),
            )
            .with_help(help),
        );
        return Err(ExportFailure::Invalid(diagnostics));
    }
    let default = site.config.default_language;
    let lang = options.lang.unwrap_or(default);
    let page_path = format!("{}{}", lang_prefix(lang, default), brief_path(&options.slug));
    let Some(OutputFile::Page { bytes, .. }) = files.iter().find(|f| f.path() == page_path) else {
        let d = Diagnostic::at_path(
            Severity::Error,
            "invalid-value",
            "content/site.yaml",
            format!("the site has no {} pages", lang.code()),
        )
        .with_help("export in one of the site's `languages`");
        diagnostics.push(d);
        return Err(ExportFailure::Invalid(diagnostics));
    };
    let html = String::from_utf8_lossy(bytes);
    let resolver = Resolver { files: &files, page: &page_path, base_url: site.config.base_url.as_deref() };
    let out = self_contained(&html, &resolver);
    write_atomically(&options.output, out.as_bytes())
        .map_err(|e| ExportFailure::Output(format!("could not write {}: {e}", options.output.display())))?;
    Ok(ExportReport { output: options.output.clone(), lang, bytes: out.len(), diagnostics })
}

fn write_atomically(path: &Path, bytes: &[u8]) -> std::io::Result<()> {
    if path.is_dir() {
        return Err(std::io::Error::other("it is a folder; give a file name such as brief.html"));
    }
    let mut staging = path.as_os_str().to_owned();
    staging.push(".brief-tmp");
    let staging = PathBuf::from(staging);
    fs::write(&staging, bytes)?;
    fs::rename(&staging, path).inspect_err(|_| {
        let _ = fs::remove_file(&staging);
    })
}
