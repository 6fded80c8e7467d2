//! Render: every page of the site, in memory, in parallel.
//!
//! One job per (language, page); each builds its typed view from the model
//! and renders it through the theme's template into bytes. No I/O here:
//! the result is a list of files for the write stage. Templates were
//! parsed once when the theme was loaded.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::content::model::{EntityKind, Lang};
use crate::content::site::{Brief, Entity, Site};
use crate::diagnostic::{Diagnostic, Severity};
use crate::site::backlinks::{Backlinks, backlinks};
use crate::site::links::{self, lang_prefix};
use crate::site::theme::{Theme, template_diagnostic};
use crate::site::views::common::ViewCtx;
use crate::site::views::{self, brief, entity, lists, pictures};

/// A file of the built site, by its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFile {
    Page { path: String, bytes: Vec<u8> },
    Copy { path: String, from: std::path::PathBuf },
}

impl OutputFile {
    pub fn path(&self) -> &str {
        match self {
            OutputFile::Page { path, .. } | OutputFile::Copy { path, .. } => path,
        }
    }
}

enum Job<'a> {
    Home,
    People,
    Timeline,
    NotFound,
    Brief(&'a Brief),
    Entity(&'a Entity),
}

/// Renders every page in both languages, plus the files to copy.
pub fn render_site(site: &Site, theme: &Theme) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let index = backlinks(site);
    let mut jobs: Vec<(Lang, Job)> = Vec::new();
    for lang in site.languages() {
        jobs.extend([(lang, Job::Home), (lang, Job::People), (lang, Job::Timeline), (lang, Job::NotFound)]);
        jobs.extend(site.briefs.iter().map(|b| (lang, Job::Brief(b))));
        jobs.extend(site.entities.values().map(|e| (lang, Job::Entity(e))));
    }
    let results: Vec<Result<OutputFile, Diagnostic>> =
        jobs.par_iter().map(|(lang, job)| render_job(site, theme, &index, *lang, job)).collect();
    let mut files = Vec::with_capacity(results.len());
    let mut problems = Vec::new();
    for result in results {
        match result {
            Ok(file) => files.push(file),
            Err(d) => problems.push(d),
        }
    }
    if !problems.is_empty() {
        // One broken template breaks every page that uses it: report it once.
        problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        problems
            .dedup_by(|a, b| a.path == b.path && a.line == b.line && a.column == b.column && a.message == b.message);
        return Err(problems);
    }
    files.extend(copies(site, theme));
    files.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(files)
}

fn copies(site: &Site, theme: &Theme) -> Vec<OutputFile> {
    let mut out: Vec<OutputFile> = theme
        .static_files
        .iter()
        .map(|(from, rel)| OutputFile::Copy { path: rel.clone(), from: from.clone() })
        .collect();
    let default = site.config.default_language;
    for lang in site.languages() {
        for brief in &site.briefs {
            for asset in &brief.assets {
                let name = asset.file_name().map(|n| n.to_string_lossy().into_owned()).unwrap_or_default();
                let path = format!("{}briefs/{}/{name}", lang_prefix(lang, default), brief.slug);
                out.push(OutputFile::Copy { path, from: asset.clone() });
            }
        }
    }
    out
}

fn render_job(site: &Site, theme: &Theme, index: &Backlinks, lang: Lang, job: &Job) -> Result<OutputFile, Diagnostic> {
    let labels = &theme.labels[&lang];
    let (path, template) = match job {
        Job::Home => (links::HOME.to_string(), "index.html"),
        Job::People => (links::PEOPLE.to_string(), "people.html"),
        Job::Timeline => (links::TIMELINE.to_string(), "timeline.html"),
        Job::NotFound => (links::NOT_FOUND.to_string(), "404.html"),
        Job::Brief(b) => (links::brief_path(&b.slug), "brief.html"),
        Job::Entity(e) => (links::entity_path(e.kind, &e.id), "entity.html"),
    };
    let ctx = ViewCtx::new(site, lang, path, labels);
    let t = labels;
    let bytes = match job {
        Job::Home => {
            let briefs = site.briefs.iter().map(|b| lists::brief_card(&ctx, b)).collect();
            let calls: Vec<_> = site.briefs.iter().flat_map(|b| b.file.calls.iter().map(move |c| (b, c))).collect();
            let call_map = pictures::call_map(&ctx, "call-map-site", &calls);
            render(theme, template, &views::HomePage { page: ctx.page_view("home", None, None), t, briefs, call_map })
        }
        Job::People => {
            let people = lists::entity_cards(&ctx, index, EntityKind::Person);
            let orgs = lists::entity_cards(&ctx, index, EntityKind::Org);
            let title = ctx.label("people");
            render(
                theme,
                template,
                &views::PeoplePage { page: ctx.page_view("people", Some(&title), None), t, people, orgs },
            )
        }
        Job::Timeline => {
            let rows = lists::timeline_rows(&ctx, site, &site.briefs);
            let undated = lists::undated_steps(&ctx, site);
            let title = ctx.label("timeline");
            let picture = pictures::timeline(&ctx, "timeline-picture", &rows, &undated);
            let page = ctx.page_view("timeline", Some(&title), None);
            render(theme, template, &views::TimelinePage { page, t, rows, undated, picture })
        }
        Job::NotFound => {
            let title = ctx.label("not_found_title");
            render(theme, template, &views::NotFoundPage { page: ctx.page_view("404", Some(&title), None), t })
        }
        Job::Brief(b) => {
            let view = brief::brief_view(&ctx, b);
            let page = ctx.page_view("brief", Some(view.title.text), Some(view.summary.text));
            render(theme, template, &views::BriefPage { page, t, brief: view })
        }
        Job::Entity(e) => {
            let seen = index.get(e.id.as_str()).cloned().unwrap_or_default();
            let Some(view) = entity::entity_page(&ctx, e, &seen) else {
                return Err(Diagnostic::at_path(
                    Severity::Error,
                    "internal",
                    e.path.clone(),
                    "entity vanished while rendering",
                ));
            };
            let page = ctx.page_view(
                if e.kind == EntityKind::Person { "person" } else { "org" },
                Some(view.entity.name.text),
                view.entity.role.as_ref().map(|r| r.text),
            );
            render(theme, template, &views::EntityPage { page, t, entity: view })
        }
    }
    .map_err(|e| template_diagnostic(&e, &theme.sources, template))?;
    Ok(OutputFile::Page { path: ctx.page.output_path(site.config.default_language), bytes })
}

fn render<T: Serialize>(theme: &Theme, template: &str, view: &T) -> Result<Vec<u8>, tera::Error> {
    let context = Context::from_serialize(view)?;
    let mut out = Vec::with_capacity(32 * 1024);
    theme.tera.render_to(template, &context, &mut out)?;
    Ok(out)
}
