//! The quick rebuild `brief serve` does when only narratives changed.
//!
//! Editing a brief's text is what editors do most, and on a large site a
//! full rebuild takes seconds. A narrative whose front matter (title,
//! summary), headings and the people and organisations it links to stay
//! the same changes nothing but its own brief's pages and the search index:
//! lists, person pages, feeds and other briefs' links read only those. So
//! the narrative is loaded and validated alone, and only those files are
//! rendered. Anything else (a changed heading, a new file, a YAML edit, a
//! template) is left to a full rebuild.
//!
//! The search index is made apart ([`reindex`]): on a large site it takes
//! longer than the pages, so the preview reloads first and the index
//! follows.
//!
//! A narrative that fails stays *pending*: it is examined again with the
//! next edit, so fixing one file never hides the problem of another.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::build::Prepared;
use crate::content::discover::display_path;
use crate::content::load::reload_narrative;
use crate::content::model::Lang;
use crate::content::narrative;
use crate::content::site::{Brief, Narrative};
use crate::content::validate::narrative_link_problems;
use crate::diagnostic::{self, Diagnostic};
use crate::site::render::{OutputFile, collected, render_briefs, render_search};

/// What a quick rebuild did.
#[derive(Debug)]
pub enum Quick {
    /// The change needs a full rebuild.
    NotApplicable,
    /// The changed narratives have errors; the pages were left as they were.
    Failed(Vec<Diagnostic>),
    /// The pages that changed (the search index is left to [`reindex`]),
    /// and every diagnostic of the site now.
    Rendered(Vec<OutputFile>, Vec<Diagnostic>),
}

/// A narrative file of the model: its brief's position and its language.
fn narrative_at(prepared: &Prepared, path: &Path) -> Option<(usize, Lang)> {
    let relative = path.strip_prefix(&prepared.site.root).ok()?;
    let parts: Vec<&str> = relative.iter().map(|p| p.to_str()).collect::<Option<_>>()?;
    let ["content", "briefs", slug, name] = parts[..] else { return None };
    let lang = Lang::ALL.into_iter().find(|l| name == format!("{}.md", l.code()))?;
    let position = prepared.site.brief_positions.get(slug)?;
    prepared.site.briefs[position].narratives.get(lang).as_ref()?;
    Some((position, lang))
}

/// Whether `new` changes nothing outside its brief's pages and the index:
/// the same front matter, heading anchors and people and organisations
/// linked (what other pages read of it). `old`'s were recorded when the
/// last build rendered it, `new`'s when it was parsed for its links.
fn stays_inside(old: &Narrative, new: &Narrative) -> bool {
    old.front == new.front && old.refs.get().is_some_and(|refs| Some(refs) == new.refs.get())
}

/// Rebuilds after `changed` files if they are all narratives the model has
/// (plus those pending from a failed quick rebuild) and each
/// stays inside its brief (`stays_inside`). `diagnostics` are those of the
/// last build; the returned ones replace them.
pub fn recheck_narratives(prepared: &mut Prepared, changed: &[PathBuf], diagnostics: &[Diagnostic]) -> Quick {
    let mut paths: BTreeSet<PathBuf> = changed.iter().cloned().collect();
    paths.extend(prepared.pending.iter().cloned());
    let mut edits = Vec::new();
    for path in &paths {
        match narrative_at(prepared, path) {
            Some((position, lang)) if path.is_file() => edits.push((path, position, lang)),
            _ => return Quick::NotApplicable,
        }
    }
    let site = &prepared.site;
    let mut problems = Vec::new();
    let mut loaded = Vec::new();
    for (path, position, lang) in edits {
        let brief: &Brief = &site.briefs[position];
        let Some(old) = brief.narratives.get(lang) else { return Quick::NotApplicable };
        let checked = reload_narrative(&site.root, path)
            .and_then(|new| narrative::outline(&site.root, &new).map(|(file, outline)| (new, file, outline)));
        match checked {
            Ok((new, ..)) if !stays_inside(old, &new) => return Quick::NotApplicable,
            Ok((new, file, outline)) => {
                problems.extend(narrative_link_problems(site, brief, lang, &outline.headings, &outline.links, &file));
                loaded.push((position, lang, new));
            }
            Err(d) => problems.push(d),
        }
    }
    let shown: BTreeSet<String> = paths.iter().map(|p| display_path(&site.root, p)).collect();
    let mut now: Vec<Diagnostic> = diagnostics.iter().filter(|d| !shown.contains(&d.path)).cloned().collect();
    now.extend(problems);
    diagnostic::sort(&mut now);
    prepared.pending = paths;
    if now.iter().any(Diagnostic::is_error) {
        return Quick::Failed(now);
    }
    let mut positions = Vec::new();
    for (position, lang, new) in loaded {
        *prepared.site.briefs[position].narratives.get_mut(lang) = Some(new);
        positions.push(position);
    }
    positions.dedup();
    let site = &prepared.site;
    let briefs: Vec<&Brief> = positions.iter().map(|&p| &site.briefs[p]).collect();
    match collected(|sink| render_briefs(site, &prepared.theme, &briefs, sink).map(|_| ())) {
        Ok(files) => {
            prepared.pending.clear();
            Quick::Rendered(files, now)
        }
        Err(problems) => {
            now.extend(problems);
            diagnostic::sort(&mut now);
            Quick::Failed(now)
        }
    }
}

/// The search index's files, after a quick rebuild; `None` when `stop`
/// said to stop (it is asked before each file).
pub fn reindex(
    prepared: &Prepared,
    stop: &(dyn Fn() -> bool + Sync),
) -> Option<Result<Vec<OutputFile>, Vec<Diagnostic>>> {
    let files = collected(|sink| {
        let stoppable = |file| if stop() { Err(std::io::Error::other("stopped")) } else { sink(file) };
        render_search(&prepared.site, &stoppable).map(|_| ())
    });
    if stop() { None } else { Some(files) }
}
