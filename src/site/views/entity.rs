//! The view of one person's or organisation's page: who they are, and an
//! index of every call, quote, reaction and next step of theirs across all
//! briefs. Each entry is a compact row linking to the exact place in its
//! brief, so a page stays light even for someone who appears in thousands
//! of briefs: each list shows the newest [`ENTRIES_PER_KIND`] and counts the rest.

use serde::Serialize;

use crate::content::duration::DurationRange;
use crate::content::site::{Brief, Entity};
use crate::site::backlinks::Appearances;
use crate::site::format;
use crate::site::views::brief::{self, StepView};
use crate::site::views::common::{DateView, EntityRef, Tx, ViewCtx, safe_markup};
use crate::site::views::lists::{BriefLink, brief_link};

#[derive(Debug, Clone, Serialize)]
pub struct BioView<'a> {
    #[serde(serialize_with = "safe_markup")]
    pub html: &'a str,
    pub html_lang: &'static str,
    pub fallback: bool,
}

/// Where an entry sits: its brief, and the link to the entry in it.
#[derive(Debug, Clone, Serialize)]
pub struct Place<'a> {
    pub brief: BriefLink<'a>,
    pub href: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityCall<'a> {
    pub place: Place<'a>,
    pub date: Option<DateView>,
    /// The other side(s) of the call.
    pub with: Vec<EntityRef<'a>>,
    pub duration: Option<String>,
    pub disputed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityQuote<'a> {
    pub place: Place<'a>,
    pub text: Tx<'a>,
    pub context: Option<Tx<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityReaction<'a> {
    pub place: Place<'a>,
    pub stance: &'static str,
    pub stance_label: String,
    pub summary: Tx<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityStep<'a> {
    pub place: Place<'a>,
    pub step: StepView<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityPageView<'a> {
    pub entity: EntityRef<'a>,
    pub country: Option<Tx<'a>>,
    pub aliases: &'a [String],
    pub note: Option<Tx<'a>>,
    pub bio: Option<BioView<'a>>,
    pub affiliation: Option<EntityRef<'a>>,
    pub members: Vec<EntityRef<'a>>,
    pub calls: Vec<EntityCall<'a>>,
    pub quotes: Vec<EntityQuote<'a>>,
    pub reactions: Vec<EntityReaction<'a>>,
    pub next_steps: Vec<EntityStep<'a>>,
    pub briefs: Vec<BriefLink<'a>>,
    /// How many entries of each kind exist (the lists show at most `shown_per_kind`).
    pub totals: Totals,
    pub shown_per_kind: usize,
}

/// How many calls, quotes, reactions, next steps and briefs an entity has in all.
#[derive(Debug, Clone, Copy, Serialize)]
pub struct Totals {
    pub calls: usize,
    pub quotes: usize,
    pub reactions: usize,
    pub next_steps: usize,
    pub briefs: usize,
}

/// Entries of each kind listed on a page, newest first; the rest are
/// counted, and found through search and the briefs themselves.
pub const ENTRIES_PER_KIND: usize = 100;

fn place<'a>(ctx: &ViewCtx<'a>, brief: &'a Brief, anchor: &[&str]) -> Place<'a> {
    let link = brief_link(ctx, brief);
    let href = ctx.brief_href(&brief.slug, anchor);
    Place { brief: link, href }
}

pub fn entity_page<'a>(ctx: &ViewCtx<'a>, entity: &'a Entity, seen: &Appearances) -> Option<EntityPageView<'a>> {
    let briefs = &ctx.site.briefs;
    let bio = entity
        .bio
        .get(ctx.lang)
        .as_ref()
        .map(|r| BioView { html: &r.html, html_lang: ctx.lang.html_tag(), fallback: false })
        .or_else(|| {
            let other = ctx.lang.other();
            entity.bio.get(other).as_ref().map(|r| BioView {
                html: &r.html,
                html_lang: other.html_tag(),
                fallback: true,
            })
        });
    let calls = seen
        .calls
        .iter()
        .take(ENTRIES_PER_KIND)
        .map(|&(bi, i)| {
            let call = &briefs[bi].file.calls[i];
            let range = DurationRange::of(call.duration.iter().map(|d| d.value));
            let others: Vec<String> = call.participants.iter().filter(|p| **p != entity.id).cloned().collect();
            EntityCall {
                place: place(ctx, &briefs[bi], &["call-", &call.id]),
                date: call.date.map(|d| ctx.date(d)),
                with: ctx.entities(&others),
                duration: range.map(|r| format::duration_range(r, ctx.lang)),
                disputed: range.is_some_and(|r| r.disputed),
            }
        })
        .collect();
    let quotes = seen
        .quotes
        .iter()
        .take(ENTRIES_PER_KIND)
        .map(|&(bi, i)| {
            let quote = &briefs[bi].file.quotes[i];
            EntityQuote {
                place: place(ctx, &briefs[bi], &["quotes"]),
                text: ctx.tx_or_empty(&quote.text),
                context: ctx.tx(&quote.context),
            }
        })
        .collect();
    let reactions = seen
        .reactions
        .iter()
        .take(ENTRIES_PER_KIND)
        .map(|&(bi, i)| {
            let r = brief::reaction(ctx, &briefs[bi], &briefs[bi].file.reactions[i]);
            EntityReaction {
                place: place(ctx, &briefs[bi], &["reactions"]),
                stance: r.stance,
                stance_label: r.stance_label,
                summary: r.summary,
            }
        })
        .collect();
    let next_steps = seen
        .next_steps
        .iter()
        .take(ENTRIES_PER_KIND)
        .map(|&(bi, i)| EntityStep {
            place: place(ctx, &briefs[bi], &["next-steps"]),
            step: brief::next_step(ctx, &briefs[bi], &briefs[bi].file.next_steps[i]),
        })
        .collect();
    Some(EntityPageView {
        entity: ctx.entity(&entity.id)?,
        country: ctx.tx(&entity.file.country),
        aliases: &entity.file.aliases,
        note: ctx.tx(&entity.file.note),
        bio,
        affiliation: entity.file.affiliation.as_deref().and_then(|id| ctx.entity(id)),
        members: seen.members.iter().filter_map(|id| ctx.entity(id)).collect(),
        calls,
        quotes,
        reactions,
        next_steps,
        briefs: seen.briefs.iter().take(ENTRIES_PER_KIND).map(|&bi| brief_link(ctx, &briefs[bi])).collect(),
        totals: Totals {
            calls: seen.calls.len(),
            quotes: seen.quotes.len(),
            reactions: seen.reactions.len(),
            next_steps: seen.next_steps.len(),
            briefs: seen.briefs.len(),
        },
        shown_per_kind: ENTRIES_PER_KIND,
    })
}
