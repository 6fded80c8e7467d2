//! Themes: Tera templates, labels and static files, loaded once per build.
//!
//! A theme is a folder `themes/<name>/` with `templates/` (one template per
//! kind of page, a `base.html` layout and `components.html`), `labels.yaml`
//! (every word of the interface in both languages) and `static/` (copied to
//! the output root). A site may shadow any theme template with a file of
//! the same name in its own `templates/` folder.
//!
//! Template errors are folded into our diagnostics with the template's own
//! path, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};
use walkdir::WalkDir;

use crate::content::discover::display_path;
use crate::content::model::{Lang, Text};
use crate::content::read::read_source;
use crate::content::source::SourceFile;
use crate::content::yaml;
use crate::diagnostic::{Diagnostic, Severity};

/// The templates every theme must provide, one per kind of page.
pub const PAGE_TEMPLATES: [&str; 7] =
    ["index.html", "brief.html", "people.html", "entity.html", "timeline.html", "search.html", "404.html"];

/// Prefix under which theme templates are registered; site templates have none.
const THEME_PREFIX: &str = "theme/";

/// A loaded theme, ready to render.
pub struct Theme {
    pub tera: Tera,
    /// Labels per language, as handed to templates as `t`.
    pub labels: BTreeMap<Lang, BTreeMap<String, String>>,
    /// Files to copy: (source path, path relative to the output root).
    pub static_files: Vec<(PathBuf, String)>,
    /// Template name -> the file it came from, for diagnostics.
    pub sources: BTreeMap<String, SourceFile>,
}

pub fn load_theme(root: &Path, name: &str) -> Result<Theme, Vec<Diagnostic>> {
    let dir = root.join("themes").join(name);
    if !dir.join("templates").is_dir() {
        let shown = display_path(root, &dir);
        return Err(vec![
            Diagnostic::at_path(
                Severity::Error,
                "missing-theme",
                shown,
                format!("the theme '{name}' is not installed (no templates/ folder)"),
            )
            .with_help("set `theme: default` in content/site.yaml, or copy a theme into themes/"),
        ]);
    }
    let mut diagnostics = Vec::new();
    let mut sources: BTreeMap<String, SourceFile> = BTreeMap::new();
    for (prefix, folder) in [(THEME_PREFIX, dir.join("templates")), ("", root.join("templates"))] {
        for path in files_under(&folder) {
            let relative = path.strip_prefix(&folder).unwrap_or(&path).to_string_lossy().replace('\\', "/");
            match read_source(root, &path) {
                Ok(file) => {
                    sources.insert(format!("{prefix}{relative}"), file);
                }
                Err(d) => diagnostics.push(d),
            }
        }
    }
    for required in PAGE_TEMPLATES.iter().chain(&["base.html"]) {
        if !sources.contains_key(*required) && !sources.contains_key(&format!("{THEME_PREFIX}{required}")) {
            diagnostics.push(
                Diagnostic::at_path(Severity::Error, "missing-template", display_path(root, &dir.join("templates").join(required)), format!("the theme has no {required}"))
                    .with_help("every theme needs index.html, brief.html, people.html, entity.html, timeline.html, search.html, 404.html and base.html"),
            );
        }
    }
    diagnostics.extend(syntax_errors(&sources));
    let labels = load_labels(root, &dir, &mut diagnostics);
    if !diagnostics.is_empty() {
        return Err(diagnostics);
    }
    let mut tera = Tera::default();
    if let Err(e) = tera.set_fallback_prefixes([THEME_PREFIX]) {
        return Err(vec![Diagnostic::at_path(
            Severity::Error,
            "template-error",
            display_path(root, &dir),
            e.to_string(),
        )]);
    }
    if let Err(e) = tera.add_raw_templates(sources.iter().map(|(n, f)| (n.as_str(), f.text.as_str()))) {
        return Err(vec![template_diagnostic(&e, &sources, &display_path(root, &dir))]);
    }
    let static_dir = dir.join("static");
    let static_files = files_under(&static_dir)
        .into_iter()
        .map(|p| {
            let rel = p.strip_prefix(&static_dir).unwrap_or(&p).to_string_lossy().replace('\\', "/");
            (p, rel)
        })
        .collect();
    Ok(Theme { tera, labels, static_files, sources })
}

/// Regular files under a folder, sorted; none when it does not exist.
fn files_under(folder: &Path) -> Vec<PathBuf> {
    if !folder.is_dir() {
        return Vec::new();
    }
    WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

/// Parses each template on its own so that every syntax error is reported,
/// not just the first.
fn syntax_errors(sources: &BTreeMap<String, SourceFile>) -> Vec<Diagnostic> {
    sources
        .iter()
        .filter_map(|(name, file)| {
            let mut scratch = Tera::default();
            match scratch.add_raw_template(name, &file.text) {
                Err(e) if matches!(e.kind(), ErrorKind::SyntaxError(_)) => {
                    Some(template_diagnostic(&e, sources, &file.display_path))
                }
                _ => None,
            }
        })
        .collect()
}

/// Turns a Tera error into a diagnostic at the template's own line and column.
pub fn template_diagnostic(
    error: &tera::Error,
    sources: &BTreeMap<String, SourceFile>,
    fallback_path: &str,
) -> Diagnostic {
    match error.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let code =
                if matches!(error.kind(), ErrorKind::SyntaxError(_)) { "template-syntax" } else { "template-render" };
            let help = if ["not found in context", "undefined", "is not defined"]
                .iter()
                .any(|m| report.message().contains(m))
            {
                "the variable is not in this page's view; check its name against the theme documentation, or test it with `is defined`"
            } else {
                "fix the template at this place"
            };
            match sources.get(report.filename()) {
                Some(file) => {
                    let span = report.span();
                    let mut d = Diagnostic::at_line_col(
                        Severity::Error,
                        code,
                        file,
                        span.start_line.max(1),
                        span.start_col + 1,
                        report.message(),
                    );
                    if span.start_line == span.end_line {
                        d.caret_len = span.end_col.saturating_sub(span.start_col).max(1);
                    }
                    d.with_help(help)
                }
                None => Diagnostic::at_path(
                    Severity::Error,
                    code,
                    fallback_path,
                    format!("{}: {}", report.filename(), report.message()),
                )
                .with_help(help),
            }
        }
        _ => Diagnostic::at_path(Severity::Error, "template-error", fallback_path, one_line(&error.to_string()))
            .with_help("check the template names used in extends and include"),
    }
}

fn one_line(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn load_labels(root: &Path, dir: &Path, diagnostics: &mut Vec<Diagnostic>) -> BTreeMap<Lang, BTreeMap<String, String>> {
    let path = dir.join("labels.yaml");
    let mut labels: BTreeMap<Lang, BTreeMap<String, String>> =
        Lang::ALL.iter().map(|l| (*l, BTreeMap::new())).collect();
    let file = match read_source(root, &path) {
        Ok(f) => f,
        Err(d) => {
            diagnostics
                .push(d.with_help("a theme needs labels.yaml: every interface word as `key: {zh: ..., en: ...}`"));
            return labels;
        }
    };
    let parsed: BTreeMap<String, Text> = match yaml::parse(&file, 0..file.text.len()) {
        Ok(p) => p,
        Err(d) => {
            diagnostics.push(d);
            return labels;
        }
    };
    for (key, text) in parsed {
        for lang in Lang::ALL {
            let value = text.get(lang).or_else(|| text.get(lang.other())).unwrap_or("").to_string();
            labels.entry(lang).or_default().insert(key.clone(), value);
        }
    }
    labels
}
