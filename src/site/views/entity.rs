//! The view of one person's or organisation's page: who they are, and every
//! call, quote, reaction and next step of theirs across all briefs.

use serde::Serialize;

use crate::content::site::Entity;
use crate::site::backlinks::Appearances;
use crate::site::views::brief::{self, CallView, QuoteView, ReactionView, StepView};
use crate::site::views::common::{EntityRef, Tx, ViewCtx};
use crate::site::views::lists::{BriefLink, brief_link};
use crate::site::views::pictures;

#[derive(Debug, Clone, Serialize)]
pub struct InBrief<'a, T> {
    pub brief: BriefLink<'a>,
    pub item: T,
}

#[derive(Debug, Clone, Serialize)]
pub struct BioView<'a> {
    pub html: &'a str,
    pub html_lang: &'static str,
    pub fallback: bool,
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
    pub calls: Vec<InBrief<'a, CallView<'a>>>,
    pub quotes: Vec<InBrief<'a, QuoteView<'a>>>,
    pub reactions: Vec<InBrief<'a, ReactionView<'a>>>,
    pub next_steps: Vec<InBrief<'a, StepView<'a>>>,
    pub briefs: Vec<BriefLink<'a>>,
}

pub fn entity_page<'a>(ctx: &ViewCtx<'a>, entity: &'a Entity, seen: &Appearances) -> Option<EntityPageView<'a>> {
    let site = ctx.site;
    let in_brief = |bi: usize| brief_link(ctx, &site.briefs[bi]);
    let bio = entity
        .bio
        .get(ctx.lang)
        .as_ref()
        .map(|r| BioView { html: &r.html, html_lang: ctx.lang.html_tag(), fallback: false })
        .or_else(|| {
            entity.bio.get(ctx.lang.other()).as_ref().map(|r| BioView {
                html: &r.html,
                html_lang: ctx.lang.other().html_tag(),
                fallback: true,
            })
        });
    let scale = pictures::scale_of(seen.calls.iter().map(|&(bi, i)| &site.briefs[bi].file.calls[i]));
    Some(EntityPageView {
        entity: ctx.entity(&entity.id)?,
        country: ctx.tx(&entity.file.country),
        aliases: &entity.file.aliases,
        note: ctx.tx(&entity.file.note),
        bio,
        affiliation: entity.file.affiliation.as_deref().and_then(|id| ctx.entity(id)),
        members: seen.members.iter().filter_map(|id| ctx.entity(id)).collect(),
        calls: seen
            .calls
            .iter()
            .map(|&(bi, i)| InBrief {
                brief: in_brief(bi),
                item: brief::call(ctx, &site.briefs[bi], &site.briefs[bi].file.calls[i], scale),
            })
            .collect(),
        quotes: seen
            .quotes
            .iter()
            .map(|&(bi, i)| InBrief {
                brief: in_brief(bi),
                item: brief::quote(ctx, &site.briefs[bi], &site.briefs[bi].file.quotes[i]),
            })
            .collect(),
        reactions: seen
            .reactions
            .iter()
            .map(|&(bi, i)| InBrief {
                brief: in_brief(bi),
                item: brief::reaction(ctx, &site.briefs[bi], &site.briefs[bi].file.reactions[i]),
            })
            .collect(),
        next_steps: seen
            .next_steps
            .iter()
            .map(|&(bi, i)| InBrief {
                brief: in_brief(bi),
                item: brief::next_step(ctx, &site.briefs[bi], &site.briefs[bi].file.next_steps[i]),
            })
            .collect(),
        briefs: seen.briefs.iter().map(|&bi| in_brief(bi)).collect(),
    })
}
