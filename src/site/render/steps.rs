//! Brief pages and the search index from one read of each narrative: the
//! briefs go in steps of about [`STEP_BYTES`] of narrative, in model order,
//! one language after the other; a step's pages render in parallel while
//! one of the same threads feeds the previous step's text to the index.

use std::time::{Duration, Instant};

use rayon::prelude::*;

use super::{Job, OutputFile, RenderFailure, brief_page};
use crate::content::markdown::TextSection;
use crate::content::model::Lang;
use crate::content::site::{Brief, Site};
use crate::site::search::{self, IndexWriter};
use crate::site::views::brief::NarrativeMarkup;

/// Renders one page (with a brief's narrative markup) and hands it on.
pub(super) type PageFn<'a> = dyn Fn(Lang, &Job, Option<NarrativeMarkup>) -> Option<RenderFailure> + Sync + 'a;

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
/// by section; meanwhile the previous step's texts go to their language's
/// index, in model order, so the index's bytes never depend on the threads.
/// So at most two steps' texts are held. A language's index ends (people
/// and organisations, term shards, manifest) while the next language's
/// first pages render, so only about one language's terms are held at a
/// time; the last one ends beside the other pages, which render last,
/// `prepare_backlinks` running beside those that do not list who appears
/// where.
///
/// The index is fed by the same threads that render, as one more task of
/// each step (`rayon::join`), not by a thread of its own: with as many
/// threads as cores, none waits for a core, and a core is never handed
/// from one thread to another in the middle of its work.
/// Returns the pages' failures, the index's outcome, and the time spent on
/// the index.
pub(super) fn pages_and_index(
    site: &Site,
    jobs: &[(Lang, Job)],
    page: &PageFn,
    prepare_backlinks: &(dyn Fn() + Sync),
    step_bytes: usize,
    sink: &(dyn Fn(OutputFile) -> std::io::Result<()> + Sync),
) -> (Vec<RenderFailure>, std::io::Result<usize>, Duration) {
    let data = |path, bytes| sink(OutputFile::Data { path, bytes });
    let mut failures = Vec::new();
    let mut indexes = Indexes { lanes: Vec::new(), time: Duration::ZERO };
    let mut queue = Vec::new();
    for lang in site.languages() {
        let lane = indexes.lanes.len();
        indexes.lanes.push(Lane::Open(Box::new(IndexWriter::new(site, lang, &data))));
        let size = |b: &Brief| b.shown_narrative(lang).map_or(0, |(n, _)| n.stamp.len);
        let starts = search::shard::cut(site.briefs.iter().map(|b| (size(b), true)), step_bytes);
        let ends = starts.iter().skip(1).copied().chain([site.briefs.len()]);
        for briefs in starts.iter().zip(ends).map(|(&start, end)| &site.briefs[start..end]) {
            let waiting = std::mem::take(&mut queue);
            // One page at a time to whichever thread is free: a step ends
            // when its last page does, and the other thread would wait for
            // a whole chunk of pages.
            let (made, ()) = rayon::join(
                || briefs.par_iter().with_max_len(1).map(|b| brief_page(site, b, lang, page)).collect::<Vec<_>>(),
                || indexes.take(waiting),
            );
            let mut texts = Vec::with_capacity(made.len());
            for (failure, text) in made {
                failures.extend(failure);
                texts.push(text);
            }
            queue.push(IndexWork::Step(lane, briefs, texts));
        }
        queue.push(IndexWork::End(lane));
    }
    // The other pages, one at a time to whichever thread is free, so
    // neither waits long for the other at the end (entity pages differ
    // in size). Those that list who appears where go last: one thread
    // makes the backlinks while the others render the rest. (Made by the
    // first page that asked, they kept the other thread waiting for about
    // a tenth of a second at 10,000 briefs.) The last index ends meanwhile.
    let (listing, rest): (Vec<_>, Vec<_>) =
        jobs.iter().filter(|(_, job)| !matches!(job, Job::Brief(_))).partition(|(_, job)| job.reads_backlinks());
    let render = |(lang, job): &&(Lang, Job)| page(*lang, job, None);
    rayon::scope(|scope| {
        let indexes = &mut indexes;
        scope.spawn(move |_| indexes.take(queue));
        let ((), rest) =
            rayon::join(prepare_backlinks, || rest.par_iter().with_max_len(1).filter_map(render).collect::<Vec<_>>());
        failures.extend(rest);
        failures.par_extend(listing.par_iter().with_max_len(1).filter_map(render));
    });
    let mut written = Ok(0);
    for lane in indexes.lanes {
        written = match (written, lane) {
            (Ok(a), Lane::Ended(Ok(b))) => Ok(a + b),
            (Err(e), _) | (_, Lane::Ended(Err(e))) => Err(e),
            // A narrative could not be read: its page reported it. (Every
            // lane has ended: the scope above waited for the index.)
            (Ok(a), Lane::Stopped | Lane::Open(_)) => Ok(a),
        };
    }
    let written = written.and_then(|n| Ok(n + search::write_engine(&data)?));
    (failures, written, indexes.time)
}

/// Work for the languages' indexes, in the order it must be done.
enum IndexWork<'a> {
    /// A step's briefs and, for the language of a lane, their narratives'
    /// text in model order (`None`: the narrative could not be read).
    Step(usize, &'a [Brief], Vec<Option<Vec<TextSection>>>),
    /// The lane's language has no more briefs.
    End(usize),
}

/// Each language's index being built, and the time spent on them.
struct Indexes<'s> {
    lanes: Vec<Lane<'s>>,
    time: Duration,
}

/// One language's index.
enum Lane<'s> {
    /// Taking the briefs' text.
    Open(Box<IndexWriter<'s>>),
    /// A narrative could not be read: the index takes no more (its page
    /// reports the problem).
    Stopped,
    /// How many files the index wrote.
    Ended(std::io::Result<usize>),
}

impl Indexes<'_> {
    /// Does `work`, in order.
    fn take(&mut self, work: Vec<IndexWork>) {
        let started = Instant::now();
        for unit in work {
            match unit {
                IndexWork::Step(lane, briefs, texts) => {
                    let lane = &mut self.lanes[lane];
                    // An index that stopped (its sink failed, or a
                    // narrative could not be read) takes no more.
                    let Lane::Open(writer) = lane else { continue };
                    if writer.failed() {
                        continue;
                    }
                    for (brief, text) in briefs.iter().zip(texts) {
                        let Some(sections) = text else {
                            *lane = Lane::Stopped;
                            break;
                        };
                        writer.brief(brief, &sections);
                    }
                }
                IndexWork::End(lane) => {
                    let lane = &mut self.lanes[lane];
                    if let Lane::Open(writer) = std::mem::replace(lane, Lane::Stopped) {
                        *lane = Lane::Ended(writer.finish());
                    }
                }
            }
        }
        self.time += started.elapsed();
    }
}
