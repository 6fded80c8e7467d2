//! Who appears where: for each person and organisation, every call, quote,
//! reaction and next step they take part in, across all briefs.
//!
//! Built in one pass over the model (linear in the number of references),
//! so person pages never scan every brief.

use std::collections::HashMap;

use crate::content::model::{EntityKind, Lang};
use crate::content::narrative::{CrossRefs, cross_refs};
use crate::content::site::Site;
use crate::fxhash::Fx;

/// Positions in `site.briefs` and in the brief's lists.
#[derive(Debug, Clone, Default)]
pub struct Appearances {
    pub calls: Vec<(usize, usize)>,
    pub quotes: Vec<(usize, usize)>,
    pub reactions: Vec<(usize, usize)>,
    pub next_steps: Vec<(usize, usize)>,
    /// Every brief that names the entity anywhere, narrative included,
    /// each once, in model order.
    pub briefs: Vec<usize>,
    /// Entities whose affiliation is this one.
    pub members: Vec<String>,
}

pub type Backlinks<'a> = HashMap<&'a str, Appearances, Fx>;

pub fn backlinks(site: &Site) -> Backlinks<'_> {
    let mut index: Backlinks = site.entities.keys().map(|id| (id.as_str(), Appearances::default())).collect();
    /// Records that `id` appears in brief `brief`, and returns its entry.
    fn touch<'m>(index: &'m mut Backlinks<'_>, id: &str, brief: usize) -> Option<&'m mut Appearances> {
        let entry = index.get_mut(id)?;
        // Briefs are visited in order, so one already listed is the last.
        if entry.briefs.last() != Some(&brief) {
            entry.briefs.push(brief);
        }
        Some(entry)
    }
    for (bi, brief) in site.briefs.iter().enumerate() {
        let b = &brief.file;
        for (ci, call) in b.calls.iter().enumerate() {
            for p in &call.participants {
                if let Some(a) = touch(&mut index, p, bi) {
                    a.calls.push((bi, ci));
                }
            }
            for claim in &call.duration {
                touch(&mut index, &claim.by, bi);
            }
            for fact in call.topics.iter().chain(&call.outcomes) {
                if let Some(by) = &fact.by {
                    touch(&mut index, by, bi);
                }
            }
        }
        for (qi, quote) in b.quotes.iter().enumerate() {
            if let Some(a) = touch(&mut index, &quote.speaker, bi) {
                a.quotes.push((bi, qi));
            }
        }
        for (ri, reaction) in b.reactions.iter().enumerate() {
            if let Some(a) = touch(&mut index, &reaction.who, bi) {
                a.reactions.push((bi, ri));
            }
        }
        for (si, step) in b.next_steps.iter().enumerate() {
            for who in &step.who {
                if let Some(a) = touch(&mut index, who, bi) {
                    a.next_steps.push((bi, si));
                }
            }
        }
        for fact in b.highlights.iter().chain(&b.background) {
            if let Some(by) = &fact.by {
                touch(&mut index, by, bi);
            }
        }
        for event in &b.timeline {
            for who in &event.who {
                touch(&mut index, who, bi);
            }
        }
        for lang in Lang::ALL {
            let Some(narrative) = brief.narratives.get(lang) else { continue };
            // Known once its page is rendered, which a build does first.
            for id in cross_refs(&site.root, narrative).into_iter().flat_map(CrossRefs::mentions) {
                touch(&mut index, id, bi);
            }
        }
    }
    for entity in site.entities.values() {
        if let Some(org) = &entity.file.affiliation
            && let Some(a) = index.get_mut(org.as_str())
            && site.entities.get(org).is_some_and(|o| o.kind == EntityKind::Org)
        {
            a.members.push(entity.id.clone());
        }
    }
    index
}
