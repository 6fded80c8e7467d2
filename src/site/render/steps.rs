//! Brief pages and the search index from one read of each narrative: the
//! briefs go in steps of about [`STEP_BYTES`] of narrative, in model order,
//! one language after the other; a step's pages render in parallel, and the
//! language's index, on a thread of its own, takes the step's text.

use rayon::prelude::*;

use super::{Job, OutputFile, RenderFailure, shown_narrative};
use crate::content::markdown::TextSection;
use crate::content::model::Lang;
use crate::content::site::{Brief, Site};
use crate::site::search;
use crate::site::views::brief::NarrativeMarkup;

/// Renders one page (with a brief's narrative markup) and hands it on.
pub(super) type PageFn<'a> = dyn Fn(Lang, &Job, Option<NarrativeMarkup>) -> Option<RenderFailure> + Sync + 'a;

/// A step's briefs and, for one language, their narratives' text in model
/// order (`None`: the narrative could not be read).
type StepTexts<'a> = (&'a [Brief], Vec<Option<Vec<TextSection>>>);

/// Narrative text read per step of [`pages_and_index`] (one brief's may
/// exceed it): what bounds the plain text waiting for the index.
pub(super) const STEP_BYTES: usize = 2 << 20;

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
/// last, `prepare_backlinks` running beside those that do not list who
/// appears where. (Each language's index is one sequential thread: with
/// many cores they, one after the other, bound the time; on two the pages
/// do.)
/// Returns the pages' failures, the index's outcome, and the languages'
/// time at work on their index.
pub(super) fn pages_and_index(
    site: &Site,
    jobs: &[(Lang, Job)],
    page: &PageFn,
    prepare_backlinks: &(dyn Fn() + Sync),
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
                // One page at a time to whichever thread is free: a step
                // ends when its last page does, and the other thread would
                // wait for a whole chunk of pages.
                let made: Vec<_> = briefs.par_iter().with_max_len(1).map(|b| brief_page(site, b, lang, page)).collect();
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
        // The other pages, one at a time to whichever thread is free, so
        // neither waits long for the other at the end (entity pages differ
        // in size). Those that list who appears where go last: one thread
        // makes the backlinks while the others render the rest. (Made by
        // the first page that asked, they kept the other thread waiting
        // for about a tenth of a second at 10,000 briefs.)
        let (listing, rest): (Vec<_>, Vec<_>) =
            jobs.iter().filter(|(_, job)| !matches!(job, Job::Brief(_))).partition(|(_, job)| job.reads_backlinks());
        let render = |(lang, job): &&(Lang, Job)| page(*lang, job, None);
        let ((), rest) =
            rayon::join(prepare_backlinks, || rest.par_iter().with_max_len(1).filter_map(render).collect::<Vec<_>>());
        failures.extend(rest);
        failures.par_extend(listing.par_iter().with_max_len(1).filter_map(render));
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

/// A brief's page in `lang` (with its narrative's broken links), and the
/// text of the narrative it shows for the index (`None` when the narrative
/// could not be read).
fn brief_page(site: &Site, b: &Brief, lang: Lang, page: &PageFn) -> (Vec<RenderFailure>, Option<Vec<TextSection>>) {
    match shown_narrative(site, b, lang) {
        Ok((parsed, problems)) => {
            let (markup, sections) = parsed.unzip();
            let mut failures: Vec<RenderFailure> = page(lang, &Job::Brief(b), markup).into_iter().collect();
            if !problems.is_empty() {
                failures.push(RenderFailure::Invalid(problems));
            }
            (failures, Some(sections.unwrap_or_default()))
        }
        Err(d) => (vec![RenderFailure::Invalid(vec![d])], None),
    }
}
