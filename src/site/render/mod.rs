//! Render: every page of the site, in memory, in parallel.
//!
//! One job per (language, page); each builds its typed view from the model
//! and renders it through the theme's template into bytes, handed to a
//! sink. Templates were parsed once when the theme was loaded.
//!
//! The search index is built alongside, from the same read of each
//! narrative as its brief page (`steps::pages_and_index`): briefs go in
//! steps in model order, one language after the other, a step's pages in
//! parallel while one of the same threads feeds the previous step's
//! narrative text to its language's index, in order.
//!
//! Parts: `page` (one page's view and template; what all pages share) and
//! `steps` (brief pages and the search index from one read of each
//! narrative); this file plans the jobs and gathers their outcome.

mod page;
mod steps;

use rayon::prelude::*;

use crate::content::markdown::TextSection;
use crate::content::model::Lang;
use crate::content::narrative;
use crate::content::site::{Brief, Entity, Site};
use crate::content::validate;
use crate::diagnostic::{Diagnostic, Severity};
use crate::site::links::{self, PageAddress, lang_prefix};
use crate::site::list_pages;
use crate::site::theme::Theme;
use crate::site::views::brief::NarrativeMarkup;
use crate::site::{feeds, search};
use page::{Shared, render_job};
use steps::{PageFn, STEP_BYTES, pages_and_index};

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

impl Job<'_> {
    /// Whether the page lists who appears where (the backlinks).
    fn reads_backlinks(&self) -> bool {
        matches!(self, Job::People | Job::Entity(_))
    }
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
        // not after the last page, and handed on as they are made.
        let feeds = scope.spawn(|| {
            feeds::each_feed_file(site, &addresses, &mut |path, bytes| sink(OutputFile::Data { path, bytes }))
        });
        let rendered = render_jobs(site, theme, &shared, &jobs, Some(STEP_BYTES), sink);
        // Freeing the per-site values overlaps writing the last files.
        scope.spawn(move || drop(shared));
        let mut count = rendered?;
        count.files += feeds.join().unwrap_or_else(|panic| std::panic::resume_unwind(panic))?;
        for file in copies(site, theme) {
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
    let page = |lang: Lang, job: &Job, narrative: Option<NarrativeMarkup>| match render_job(
        site, theme, shared, lang, job, narrative,
    ) {
        Ok(file) => sink(file).err().map(RenderFailure::Io),
        Err(d) => Some(RenderFailure::Invalid(vec![d])),
    };
    let (failures, search_written, index_time) = if let Some(step_bytes) = index_steps {
        let backlinks = || shared.prepare_backlinks();
        let (failures, written, index_time) = pages_and_index(site, jobs, &page, &backlinks, step_bytes, sink);
        (failures, written.map_err(search::IndexFailure::Io), index_time)
    } else {
        let failures: Vec<RenderFailure> = jobs
            .par_iter()
            .flat_map_iter(|(lang, job)| match job {
                Job::Brief(b) => brief_page(site, b, *lang, &page).0,
                _ => page(*lang, job, None).into_iter().collect(),
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

/// A brief's page in `lang`, with its narrative's broken links, and the
/// plain text of the narrative it shows, for the index (`None` when the
/// narrative could not be read). The narrative is parsed once for both; its
/// links are checked on its page in its own language (every narrative has
/// one), not again where it stands in for the other.
fn brief_page(site: &Site, brief: &Brief, lang: Lang, page: &PageFn) -> (Vec<RenderFailure>, Option<Vec<TextSection>>) {
    let Some((narrative, shown)) = brief.shown_narrative(lang) else {
        return (page(lang, &Job::Brief(brief), None).into_iter().collect(), Some(Vec::new()));
    };
    let (file, rendered) = match narrative::parse(&site.root, narrative) {
        Ok(parsed) => parsed,
        Err(d) => return (vec![RenderFailure::Invalid(vec![d])], None),
    };
    let problems = if shown == lang {
        validate::narrative_link_problems(site, brief, lang, &rendered.headings, &rendered.links, &file)
    } else {
        Vec::new()
    };
    let markup = NarrativeMarkup { html: rendered.html, headings: rendered.headings };
    let mut failures: Vec<RenderFailure> = page(lang, &Job::Brief(brief), Some(markup)).into_iter().collect();
    if !problems.is_empty() {
        failures.push(RenderFailure::Invalid(problems));
    }
    (failures, Some(rendered.sections))
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pages_and_index_in_any_steps_equal_the_index_made_alone() {
        let site = crate::testsites::example_site();
        let theme = crate::site::theme::load_theme(&site.root, &site.config.theme).expect("the theme loads");
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
