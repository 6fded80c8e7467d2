//! Render: every page of the site, in memory, in parallel.
//!
//! One job per (language, page); each builds its typed view from the model
//! and renders it through the theme's template into bytes, handed to a
//! sink. Templates were parsed once when the theme was loaded.
//!
//! The search index is built alongside, from the same read of each
//! narrative as its brief page ([`pages_and_index`]): briefs go in steps in
//! model order, one language after the other, a step's pages in parallel,
//! and the language's index, on a thread of its own, takes the steps'
//! narrative text in order.

use rayon::prelude::*;
use serde::Serialize;
use tera::Context;

use crate::content::markdown::TextSection;
use crate::content::model::{EntityKind, Lang};
use crate::content::narrative;
use crate::content::site::{Brief, Entity, Site};
use crate::diagnostic::{Diagnostic, Severity};
use crate::site::backlinks::{Backlinks, backlinks};
use crate::site::links::{self, PageAddress, lang_prefix};
use crate::site::list_pages;
use crate::site::theme::{Theme, template_diagnostic};
use crate::site::views::common::{LinkCache, ViewCtx};
use crate::site::views::{self, brief, entity, lists};
use crate::site::{feeds, jsonld, search};

/// A file of the built site, by its path relative to the output folder.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum OutputFile {
    /// An HTML page.
    Page {
        path: String,
        bytes: Vec<u8>,
    },
    /// Another generated file: a search index, a feed, the sitemap.
    Data {
        path: String,
        bytes: Vec<u8>,
    },
    Copy {
        path: String,
        from: std::path::PathBuf,
    },
}

impl OutputFile {
    pub fn path(&self) -> &str {
        match self {
            OutputFile::Page { path, .. } | OutputFile::Data { path, .. } | OutputFile::Copy { path, .. } => path,
        }
    }
}

enum Job<'a> {
    /// A page of the list of briefs (0-based).
    Home(usize),
    People,
    /// The timeline, or one year of it when it is split by year.
    Timeline(Option<i32>),
    Search,
    NotFound,
    Brief(&'a Brief),
    Entity(&'a Entity),
}

/// Why rendering stopped: problems in the theme, or the sink failed.
#[derive(Debug)]
pub enum RenderFailure {
    Invalid(Vec<Diagnostic>),
    Io(std::io::Error),
}

impl From<std::io::Error> for RenderFailure {
    fn from(e: std::io::Error) -> Self {
        RenderFailure::Io(e)
    }
}

impl From<search::IndexFailure> for RenderFailure {
    fn from(failure: search::IndexFailure) -> Self {
        match failure {
            search::IndexFailure::Content(d) => RenderFailure::Invalid(vec![d]),
            search::IndexFailure::Io(e) => RenderFailure::Io(e),
        }
    }
}

/// How many files a render produced.
#[derive(Debug, Clone, Copy, Default)]
pub struct RenderCount {
    pub pages: usize,
    pub files: usize,
    /// How long the search index took, alongside the pages (its languages'
    /// time at work).
    pub index_time: std::time::Duration,
}

/// Renders every page in both languages, plus the files to copy, and
/// returns in memory, sorted by path, those `keep` wants.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    keep: &(dyn Fn(&OutputFile) -> bool + Sync),
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let mut files =
        collected(|sink| render_each(site, theme, &|file| if keep(&file) { sink(file) } else { Ok(()) }).map(|_| ()))?;
    files.sort_by(|a, b| a.path().cmp(b.path()));
    Ok(files)
}

/// The files `render` hands to its sink, kept in memory, or its problems
/// (a failing sink is a bug of ours, reported as `internal`).
pub fn collected(
    render: impl FnOnce(&(dyn Fn(OutputFile) -> std::io::Result<()> + Sync)) -> Result<(), RenderFailure>,
) -> Result<Vec<OutputFile>, Vec<Diagnostic>> {
    let files = std::sync::Mutex::new(Vec::new());
    let collect = |file: OutputFile| {
        files.lock().map_err(|_| std::io::Error::other("a render thread panicked"))?.push(file);
        Ok(())
    };
    match render(&collect) {
        Ok(()) => Ok(files.into_inner().unwrap_or_default()),
        Err(RenderFailure::Invalid(problems)) => Err(problems),
        Err(RenderFailure::Io(e)) => Err(vec![Diagnostic::at_path(Severity::Error, "internal", "", e.to_string())]),
    }
}

/// Roughly how many files a build writes (for a progress display).
pub fn planned_pages(site: &Site) -> usize {
    let per_language = 6 + list_pages::home_pages(site) + site.briefs.len() + site.entities.len();
    per_language * site.languages().len()
}

/// Renders every file of the site in parallel and hands each to `sink` as
/// soon as it is made, so a large site never sits in memory whole.
pub fn render_each(
    site: &Site,
    theme: &Theme,
    sink: &(dyn Fn(OutputFile) -> std::io::Result<()> + Sync),
) -> Result<RenderCount, RenderFailure> {
    let shared = Shared::new(site, theme);
    let mut jobs: Vec<(Lang, Job)> = Vec::new();
    for lang in site.languages() {
        jobs.extend([Job::People, Job::Timeline(None), Job::Search, Job::NotFound].map(|j| (lang, j)));
        jobs.extend((0..list_pages::home_pages(site)).map(|n| (lang, Job::Home(n))));
        if list_pages::timeline_is_split(&shared.years) {
            jobs.extend(shared.years.keys().map(|&y| (lang, Job::Timeline(Some(y)))));
        }
        jobs.extend(site.briefs.iter().map(|b| (lang, Job::Brief(b))));
        jobs.extend(site.entities.values().map(|e| (lang, Job::Entity(e))));
    }
    let addresses = page_addresses(&jobs);
    std::thread::scope(|scope| {
        // The feeds and the sitemap need no page: they are made meanwhile,
        // not after the last page.
        let feeds = scope.spawn(|| feeds::feed_files(site, &addresses));
        let rendered = render_jobs(site, theme, &shared, &jobs, Some(STEP_BYTES), sink);
        // Freeing the per-site values overlaps writing the last files.
        scope.spawn(move || drop(shared));
        let mut count = rendered?;
        let data = feeds.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
        let data = data.into_iter().map(|(path, bytes)| OutputFile::Data { path, bytes });
        for file in copies(site, theme).into_iter().chain(data) {
            sink(file)?;
            count.files += 1;
        }
        Ok(count)
    })
}

/// The pages of `briefs` in every language: with the search index, what a
/// change to their narratives alone changes, provided their front matter,
/// headings and the people and organisations they link to stayed the same.
/// (`brief serve` checks the proviso; a test compares the result with a
/// full build.)
pub fn render_briefs(
    site: &Site,
    theme: &Theme,
    briefs: &[&Brief],
    sink: &(dyn Fn(OutputFile) -> std::io::Result<()> + Sync),
) -> Result<RenderCount, RenderFailure> {
    let shared = Shared::new(site, theme);
    let jobs: Vec<(Lang, Job)> =
        site.languages().into_iter().flat_map(|lang| briefs.iter().map(move |b| (lang, Job::Brief(b)))).collect();
    render_jobs(site, theme, &shared, &jobs, None, sink)
}

/// Only the search index's files.
pub fn render_search(
    site: &Site,
    sink: &(dyn Fn(OutputFile) -> std::io::Result<()> + Sync),
) -> Result<usize, RenderFailure> {
    search::write_search_files(site, &|path, bytes| sink(OutputFile::Data { path, bytes })).map_err(RenderFailure::from)
}

/// Renders `jobs` in parallel and, alongside, the search index when asked:
/// `index_steps` is then how much narrative text a step of
/// [`pages_and_index`] reads, and `jobs` holds every brief's page in every
/// language.
fn render_jobs<'a>(
    site: &'a Site,
    theme: &Theme,
    shared: &Shared<'a>,
    jobs: &[(Lang, Job)],
    index_steps: Option<usize>,
    sink: &(dyn Fn(OutputFile) -> std::io::Result<()> + Sync),
) -> Result<RenderCount, RenderFailure> {
    let page = |lang: Lang, job: &Job, narrative_html: Option<String>| match render_job(
        site,
        theme,
        shared,
        lang,
        job,
        narrative_html,
    ) {
        Ok(file) => sink(file).err().map(RenderFailure::Io),
        Err(d) => Some(RenderFailure::Invalid(vec![d])),
    };
    let (failures, search_written, index_time) = if let Some(step_bytes) = index_steps {
        let (failures, written, index_time) = pages_and_index(site, jobs, &page, step_bytes, sink);
        (failures, written.map_err(search::IndexFailure::Io), index_time)
    } else {
        let failures = jobs
            .par_iter()
            .filter_map(|(lang, job)| {
                let narrative_html = match job {
                    Job::Brief(b) => b.shown_narrative(*lang).map(|(n, _)| narrative::html(&site.root, n)).transpose(),
                    _ => Ok(None),
                };
                match narrative_html {
                    Ok(html) => page(*lang, job, html),
                    Err(d) => Some(RenderFailure::Invalid(vec![d])),
                }
            })
            .collect();
        (failures, Ok(0), std::time::Duration::ZERO)
    };
    let (search_files, search_failure) = match search_written {
        Ok(n) => (n, None),
        Err(e) => (0, Some(RenderFailure::from(e))),
    };
    let mut problems = Vec::new();
    for failure in failures.into_iter().chain(search_failure) {
        match failure {
            RenderFailure::Io(e) => return Err(RenderFailure::Io(e)),
            RenderFailure::Invalid(d) => problems.extend(d),
        }
    }
    if !problems.is_empty() {
        // One broken template breaks every page that uses it: report it once.
        problems.sort_by(|a, b| (&a.path, a.line, a.column).cmp(&(&b.path, b.line, b.column)));
        problems
            .dedup_by(|a, b| a.path == b.path && a.line == b.line && a.column == b.column && a.message == b.message);
        return Err(RenderFailure::Invalid(problems));
    }
    Ok(RenderCount { pages: jobs.len(), files: jobs.len() + search_files, index_time })
}

/// Renders one page (with a brief's narrative HTML) and hands it on.
type PageFn<'a> = dyn Fn(Lang, &Job, Option<String>) -> Option<RenderFailure> + Sync + 'a;

/// A step's briefs and, for one language, their narratives' text in model
/// order (`None`: the narrative could not be read).
type StepTexts<'a> = (&'a [Brief], Vec<Option<Vec<TextSection>>>);

/// Narrative text read per step of [`pages_and_index`] (one brief's may
/// exceed it): what bounds the plain text waiting for the index.
const STEP_BYTES: usize = 2 << 20;

/// The pages of `jobs` and the search index, each narrative read and
/// parsed once for both: its brief page's HTML and the plain text the
/// index takes.
///
/// One language after the other, its briefs go in steps, in model order,
/// of about `step_bytes` of narrative ([`STEP_BYTES`] in a build). A step
/// renders its brief pages in parallel, each leaving its narrative's text
/// by section, and hands the texts to the language's index, which runs on
/// a thread of its own and takes them in model order, so the index's bytes
/// never depend on the threads. Its channel holds one step: rendering
/// waits when the index is two steps behind, so at most three steps' texts
/// are held. A language's index ends (people and organisations, term
/// shards, manifest) while the next language's pages render, so only about
/// one language's terms are held at a time; the other pages are rendered
/// last. (Each language's index is one sequential thread: with many cores
/// they, one after the other, bound the time; on two the pages do.)
/// Returns the pages' failures, the index's outcome, and the languages'
/// time at work on their index.
fn pages_and_index(
    site: &Site,
    jobs: &[(Lang, Job)],
    page: &PageFn,
    step_bytes: usize,
    sink: &(dyn Fn(OutputFile) -> std::io::Result<()> + Sync),
) -> (Vec<RenderFailure>, std::io::Result<usize>, std::time::Duration) {
    let data = |path, bytes| sink(OutputFile::Data { path, bytes });
    std::thread::scope(|scope| {
        let mut failures = Vec::new();
        let mut indexes = Vec::new();
        for lang in site.languages() {
            let (send, receive) = std::sync::mpsc::sync_channel::<StepTexts>(1);
            let data = &data;
            indexes.push(scope.spawn(move || index_language(site, lang, data, receive)));
            let size = |b: &Brief| b.shown_narrative(lang).map_or(0, |(n, _)| n.len);
            let starts = search::shard::cut(site.briefs.iter().map(|b| (size(b), true)), step_bytes);
            let ends = starts.iter().skip(1).copied().chain([site.briefs.len()]);
            for briefs in starts.iter().zip(ends).map(|(&start, end)| &site.briefs[start..end]) {
                let made: Vec<_> = briefs.par_iter().map(|b| brief_page(site, b, lang, page)).collect();
                let mut texts = Vec::with_capacity(made.len());
                for (failure, text) in made {
                    failures.extend(failure);
                    texts.push(text);
                }
                // An index that stopped (its sink failed, or a narrative
                // could not be read) takes no more.
                let _ = send.send((briefs, texts));
            }
        }
        // One page at a time to whichever thread is free, so neither
        // waits long for the other at the end (entity pages differ in size).
        let others: Vec<_> = jobs.iter().filter(|(_, job)| !matches!(job, Job::Brief(_))).collect();
        let others = others.par_iter().with_max_len(1);
        failures.par_extend(others.filter_map(|(lang, job)| page(*lang, job, None)));
        let mut written = Ok(0);
        let mut index_time = std::time::Duration::ZERO;
        for index in indexes {
            let (end, time) = index.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            index_time += time;
            written = match (written, end) {
                (Ok(a), Some(Ok(b))) => Ok(a + b),
                (Err(e), _) | (_, Some(Err(e))) => Err(e),
                // A narrative could not be read: its page reported it.
                (Ok(a), None) => Ok(a),
            };
        }
        let written = written.and_then(|n| Ok(n + search::write_engine(&data)?));
        (failures, written, index_time)
    })
}

/// One language's index, from the texts of each step in turn: how many
/// files it wrote (`None` when a narrative could not be read, which stops
/// it), and its time at work.
fn index_language(
    site: &Site,
    lang: Lang,
    sink: &(dyn Fn(String, Vec<u8>) -> std::io::Result<()> + Sync),
    steps: std::sync::mpsc::Receiver<StepTexts>,
) -> (Option<std::io::Result<usize>>, std::time::Duration) {
    let mut index = search::IndexWriter::new(site, lang, sink);
    let mut time = std::time::Duration::ZERO;
    for (briefs, texts) in steps {
        let started = std::time::Instant::now();
        for (brief, text) in briefs.iter().zip(texts) {
            let Some(sections) = text else { return (None, time) };
            index.brief(brief, &sections);
        }
        time += started.elapsed();
        if index.failed() {
            break;
        }
    }
    let started = std::time::Instant::now();
    let written = index.finish();
    (Some(written), time + started.elapsed())
}

/// A brief's page in `lang`, and the text of the narrative it shows for
/// the index (`None` when the narrative could not be read).
fn brief_page(site: &Site, b: &Brief, lang: Lang, page: &PageFn) -> (Option<RenderFailure>, Option<Vec<TextSection>>) {
    match b.shown_narrative(lang).map(|(n, _)| narrative::html_and_sections(&site.root, n)).transpose() {
        Ok(made) => {
            let (html, sections) = made.unzip();
            (page(lang, &Job::Brief(b), html), Some(sections.unwrap_or_default()))
        }
        Err(d) => (Some(RenderFailure::Invalid(vec![d])), None),
    }
}

/// Every page but 404.html: what the sitemap lists.
fn page_addresses(jobs: &[(Lang, Job)]) -> Vec<PageAddress> {
    jobs.iter()
        .filter(|(_, job)| !matches!(job, Job::NotFound))
        .map(|(lang, job)| PageAddress::new(*lang, job_path(job)))
        .collect()
}

fn job_path(job: &Job) -> String {
    match job {
        Job::Home(n) => links::home_page(*n),
        Job::People => links::PEOPLE.to_string(),
        Job::Timeline(None) => links::TIMELINE.to_string(),
        Job::Timeline(Some(year)) => links::timeline_year(*year),
        Job::Search => links::SEARCH.to_string(),
        Job::NotFound => links::NOT_FOUND.to_string(),
        Job::Brief(b) => links::brief_path(&b.slug),
        Job::Entity(e) => links::entity_path(e.kind, &e.id),
    }
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

/// What every page job may read, computed once per build.
struct Shared<'a> {
    site: &'a Site,
    /// Who appears where: made when the first entity page asks (only they
    /// read it), so `brief serve` re-rendering a brief's pages never pays
    /// for a pass over every brief.
    index: std::sync::OnceLock<Backlinks<'a>>,
    years: std::collections::BTreeMap<i32, usize>,
    /// The theme's labels per language as one template value (`t`), made once.
    labels: std::collections::BTreeMap<Lang, tera::Value>,
    /// Every entity's and brief's name and links, per language.
    links: std::collections::BTreeMap<Lang, LinkCache<'a>>,
    /// Every entity's JSON-LD node, per language.
    agents: std::collections::BTreeMap<Lang, jsonld::Agents<'a>>,
}

impl<'a> Shared<'a> {
    fn new(site: &'a Site, theme: &Theme) -> Self {
        let labels = theme.labels.iter().map(|(lang, l)| (*lang, tera::Value::from_serializable(l))).collect();
        let links = site.languages().into_iter().map(|lang| (lang, LinkCache::new(site, lang))).collect();
        let agents = site.languages().into_iter().map(|lang| (lang, jsonld::Agents::new(site, lang))).collect();
        let index = std::sync::OnceLock::new();
        Shared { site, index, years: lists::timeline_years(site), labels, links, agents }
    }

    fn backlinks(&self) -> &Backlinks<'a> {
        self.index.get_or_init(|| backlinks(self.site))
    }
}

/// One page; a brief's comes with its narrative's HTML, made by the caller
/// (see `content::narrative`).
fn render_job<'a>(
    site: &'a Site,
    theme: &Theme,
    shared: &Shared<'a>,
    lang: Lang,
    job: &Job,
    narrative_html: Option<String>,
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
    let capacity = PAGE_CAPACITY + narrative_html.as_ref().map_or(0, String::len);
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
            let view = brief::brief_view(&ctx, b, narrative_html);
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
            let page = ctx.page_view(
                if e.kind == EntityKind::Person { "person" } else { "org" },
                Some(view.entity.name.text),
                view.entity.role.as_ref().map(|r| r.text),
            );
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
/// of the benchmark's corpus has ~35 KB of markup around its narrative, and
/// a buffer that fills up is copied into one twice its size.
const PAGE_CAPACITY: usize = 40 * 1024;

fn render<T: Serialize>(theme: &Theme, template: &str, capacity: usize, view: &T) -> Result<Vec<u8>, tera::Error> {
    let context = Context::from_serialize(view)?;
    let mut out = Vec::with_capacity(capacity);
    theme.tera.render_to(template, &context, &mut out)?;
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_index_in_any_steps_equal_the_index_made_alone() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let (inventory, _) = crate::content::discover::discover(root);
        let site = crate::content::load::load(root, &inventory).0.expect("the example site loads");
        let theme = crate::site::theme::load_theme(root, &site.config.theme).expect("the theme loads");
        let shared = Shared::new(&site, &theme);
        let mut jobs: Vec<(Lang, Job)> = Vec::new();
        for lang in site.languages() {
            jobs.extend([(lang, Job::People), (lang, Job::NotFound)]);
            jobs.extend(site.briefs.iter().map(|b| (lang, Job::Brief(b))));
            jobs.extend(site.entities.values().map(|e| (lang, Job::Entity(e))));
        }
        let sorted = |mut files: Vec<OutputFile>| {
            files.sort_by(|a, b| a.path().cmp(b.path()));
            files
        };
        let in_steps = |bytes| {
            sorted(collected(|sink| render_jobs(&site, &theme, &shared, &jobs, Some(bytes), sink).map(|_| ())).unwrap())
        };
        let pages =
            sorted(collected(|sink| render_jobs(&site, &theme, &shared, &jobs, None, sink).map(|_| ())).unwrap());
        let mut alone = sorted(collected(|sink| render_search(&site, sink).map(|_| ())).unwrap());
        assert!(site.briefs.len() >= 2 && alone.len() > 2, "{} briefs, {} files", site.briefs.len(), alone.len());
        alone.extend(pages);
        let alone = sorted(alone);
        // One brief per step, a few, all in one.
        for bytes in [1, 20_000, STEP_BYTES] {
            assert!(in_steps(bytes) == alone, "steps of {bytes} bytes");
        }
    }
}
