//! One page: its typed view from the model, rendered through the theme's
//! template into bytes; and what every page may read, made once per build.

use serde::Serialize;
use tera::Context;

use super::{Job, OutputFile, job_path};
use crate::content::model::{EntityKind, Lang};
use crate::content::site::Site;
use crate::diagnostic::{Diagnostic, Severity};
use crate::site::backlinks::{Backlinks, backlinks};
use crate::site::list_pages;
use crate::site::theme::{Theme, template_diagnostic};
use crate::site::views::brief::NarrativeMarkup;
use crate::site::views::common::{LinkCache, ViewCtx};
use crate::site::views::{self, brief, entity, lists};
use crate::site::{jsonld, links};

/// What every page job may read, computed once per build.
pub(super) struct Shared<'a> {
    site: &'a Site,
    /// Who appears where: made only for the pages that read it (people
    /// and organisations), by the first to ask or by the build beside the
    /// pages that do not read it, so `brief serve` re-rendering a brief's
    /// pages never pays for a pass over every brief.
    index: std::sync::OnceLock<Backlinks<'a>>,
    pub(super) years: std::collections::BTreeMap<i32, lists::TimelineYear>,
    /// The theme's labels per language as one template value (`t`), made once.
    labels: std::collections::BTreeMap<Lang, tera::Value>,
    /// Every entity's and brief's name and links, per language.
    links: std::collections::BTreeMap<Lang, LinkCache<'a>>,
    /// Every entity's JSON-LD node, per language.
    agents: std::collections::BTreeMap<Lang, jsonld::Agents<'a>>,
}

impl<'a> Shared<'a> {
    /// Made on all threads: the links of every brief and entity in each
    /// language, their JSON-LD nodes and the timeline's years are
    /// independent, and a 10,000-brief site kept one thread busy with
    /// them for a few hundredths of a second while the others waited.
    pub(super) fn new(site: &'a Site, theme: &Theme) -> Self {
        use rayon::prelude::*;
        let labels = theme.labels.iter().map(|(lang, l)| (*lang, tera::Value::from_serializable(l))).collect();
        let languages = site.languages();
        let ((links, agents), years) = rayon::join(
            || {
                rayon::join(
                    || languages.par_iter().map(|&lang| (lang, LinkCache::new(site, lang))).collect(),
                    || languages.par_iter().map(|&lang| (lang, jsonld::Agents::new(site, lang))).collect(),
                )
            },
            || lists::timeline_years(site),
        );
        let index = std::sync::OnceLock::new();
        Shared { site, index, years, labels, links, agents }
    }

    fn backlinks(&self) -> &Backlinks<'a> {
        self.index.get_or_init(|| backlinks(self.site))
    }

    /// Makes the backlinks, if no page has yet: for a caller that has other
    /// pages to render meanwhile.
    pub(super) fn prepare_backlinks(&self) {
        self.backlinks();
    }
}

/// One page; a brief's comes with its narrative's markup, made by the
/// caller (see `content::narrative`).
pub(super) fn render_job<'a>(
    site: &'a Site,
    theme: &Theme,
    shared: &Shared<'a>,
    lang: Lang,
    job: &Job,
    narrative: Option<NarrativeMarkup>,
) -> Result<OutputFile, Diagnostic> {
    let labels = &theme.labels[&lang];
    let template = match job {
        Job::Home(_) => "index.html",
        Job::People => "people.html",
        Job::Timeline(_) => "timeline.html",
        Job::Search => "search.html",
        Job::NotFound => "404.html",
        Job::Brief(_) => "brief.html",
        Job::Entity(_) => "entity.html",
    };
    let ctx = ViewCtx::new(site, lang, job_path(job), labels, &shared.links[&lang]);
    let t = &shared.labels[&lang];
    // Room for the whole page, so the buffer is not grown (and copied) while
    // Tera writes: the markup around the narrative, plus the narrative.
    let capacity = PAGE_CAPACITY + narrative.as_ref().map_or(0, |n| n.html.len());
    let bytes = match job {
        Job::Home(n) => {
            let page = ctx.page_view("home", None, None);
            render(theme, template, capacity, &views::HomePage { page, t, list: list_pages::home(&ctx, *n) })
        }
        Job::People => {
            let people = lists::entity_cards(&ctx, shared.backlinks(), EntityKind::Person);
            let orgs = lists::entity_cards(&ctx, shared.backlinks(), EntityKind::Org);
            let title = ctx.label("people");
            render(
                theme,
                template,
                capacity,
                &views::PeoplePage { page: ctx.page_view("people", Some(&title), None), t, people, orgs },
            )
        }
        Job::Timeline(year) => {
            let title = match year {
                Some(y) => format!("{} {y}", ctx.label("timeline")),
                None => ctx.label("timeline"),
            };
            let page = ctx.page_view("timeline", Some(&title), None);
            render(
                theme,
                template,
                capacity,
                &views::TimelinePage { page, t, list: list_pages::timeline(&ctx, *year, &shared.years) },
            )
        }
        Job::Search => {
            let title = ctx.label("search");
            let page = ctx.page_view("search", Some(&title), None);
            render(theme, template, capacity, &views::SearchPage { page, t, search: search_view(&ctx) })
        }
        Job::NotFound => {
            let title = ctx.label("not_found_title");
            render(
                theme,
                template,
                capacity,
                &views::NotFoundPage { page: ctx.page_view("404", Some(&title), None), t },
            )
        }
        Job::Brief(b) => {
            let view = brief::brief_view(&ctx, b, narrative);
            let page = ctx.page_view("brief", Some(view.title.text), Some(view.summary.text));
            let jsonld = jsonld::brief_jsonld(site, b, lang, &shared.agents[&lang]);
            render(theme, template, capacity, &views::BriefPage { page, t, brief: view, jsonld })
        }
        Job::Entity(e) => {
            let seen = shared.backlinks().get(e.id.as_str()).cloned().unwrap_or_default();
            let Some(view) = entity::entity_page(&ctx, e, &seen) else {
                return Err(Diagnostic::at_path(
                    Severity::Error,
                    "internal",
                    e.path.clone(),
                    "entity vanished while rendering",
                ));
            };
            let page =
                ctx.page_view(e.kind.name(), Some(view.entity.name.text), view.entity.role.as_ref().map(|r| r.text));
            render(theme, template, capacity, &views::EntityPage { page, t, entity: view })
        }
    }
    .map_err(|e| template_diagnostic(&e, &theme.sources, template))?;
    Ok(OutputFile::Page { path: ctx.page.output_path(site.config.default_language), bytes })
}

fn search_view(ctx: &ViewCtx) -> views::SearchView {
    let default = ctx.site.config.default_language;
    views::SearchView {
        lang: ctx.lang.code(),
        root: ctx.page.to_lang_root(),
        site_root: ctx.page.to_site_root(default),
        index_src: ctx.page.asset_href(default, &links::search_index(ctx.lang)),
        script_src: ctx.page.asset_href(default, links::SEARCH_SCRIPT),
    }
}

/// The bytes a page's buffer starts with beyond its narrative: a brief page
/// of the benchmark's corpus has 35 KB of markup around its narrative in
/// the median and up to 47 KB (four calls, each with its pictures), and a
/// buffer that fills up is copied into one twice its size.
const PAGE_CAPACITY: usize = 48 * 1024;

fn render<T: Serialize>(theme: &Theme, template: &str, capacity: usize, view: &T) -> Result<Vec<u8>, tera::Error> {
    let context = Context::from_serialize(view)?;
    let mut out = Vec::with_capacity(capacity);
    theme.tera.render_to(template, &context, &mut out)?;
    Ok(out)
}
