//! Views of pages that list across briefs: the home page, the people
//! index and the timeline. List pages get light summaries (titles, dates,
//! counts, links), never rendered narratives, so their cost stays small.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::date::Date;
use crate::content::duration::DurationRange;
use crate::content::model::{EntityKind, Lang};
use crate::content::site::{Brief, Site};
use crate::site::backlinks::Backlinks;
use crate::site::format;
use crate::site::views::brief::brief_summary;
use crate::site::views::common::{Cite, DateView, EntityRef, Tx, ViewCtx};

pub use crate::site::views::common::BriefLink;

#[derive(Debug, Clone, Serialize)]
pub struct CallLine<'a> {
    pub title: String,
    pub href: String,
    pub participants: Vec<EntityRef<'a>>,
    pub duration: Option<String>,
    pub disputed: bool,
}

#[derive(Debug, Clone, Serialize)]
pub struct BriefCard<'a> {
    pub link: BriefLink<'a>,
    pub summary: Tx<'a>,
    pub calls: Vec<CallLine<'a>>,
    pub quotes: usize,
    pub next_steps: usize,
    pub upcoming_steps: usize,
    pub reactions: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct EntityCard<'a> {
    pub entity: EntityRef<'a>,
    pub country: Option<Tx<'a>>,
    pub calls: usize,
    pub quotes: usize,
    pub reactions: usize,
    pub briefs: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct TimelineRow<'a> {
    pub date: DateView,
    pub kind: &'static str,
    pub text: String,
    pub text_lang: &'static str,
    pub fallback: bool,
    pub briefs: Vec<BriefLink<'a>>,
    /// The citation given by the first brief that reports the row.
    pub cite: Option<Cite>,
    pub upcoming: bool,
    /// True on the first upcoming row, where the "as of" marker goes.
    pub first_upcoming: bool,
    /// The first and last day the row covers, for the timeline picture.
    #[serde(skip)]
    pub span: (Date, Date),
}

pub fn brief_link<'a>(ctx: &ViewCtx<'a>, brief: &'a Brief) -> BriefLink<'a> {
    ctx.brief_link(brief)
}

pub fn brief_card<'a>(ctx: &ViewCtx<'a>, brief: &'a Brief) -> BriefCard<'a> {
    let link = brief_link(ctx, brief);
    let as_of = ctx.site.config.as_of;
    let b = &brief.file;
    BriefCard {
        summary: brief_summary(ctx, brief),
        calls: b
            .calls
            .iter()
            .map(|c| {
                let participants = ctx.entities(&c.participants);
                let names: Vec<&str> = participants.iter().map(|p| p.name.text).collect();
                let range = DurationRange::of(c.duration.iter().map(|d| d.value));
                CallLine {
                    title: format::join_names(&names, ctx.lang),
                    href: format!("{}#call-{}", link.href, c.id),
                    participants,
                    duration: range.map(|r| format::duration_range(r, ctx.lang)),
                    disputed: range.is_some_and(|r| r.disputed),
                }
            })
            .collect(),
        quotes: b.quotes.len(),
        next_steps: b.next_steps.len(),
        upcoming_steps: b.next_steps.iter().filter(|s| s.when.is_none_or(|w| w.end().last_day() >= as_of)).count(),
        reactions: b.reactions.len(),
        link,
    }
}

pub fn entity_cards<'a>(ctx: &ViewCtx<'a>, backlinks: &Backlinks, kind: EntityKind) -> Vec<EntityCard<'a>> {
    let mut cards: Vec<EntityCard> = ctx
        .site
        .entities
        .values()
        .filter(|e| e.kind == kind)
        .filter_map(|e| {
            let a = backlinks.get(e.id.as_str())?;
            Some(EntityCard {
                entity: ctx.entity(&e.id)?,
                country: ctx.tx(&e.file.country),
                calls: a.calls.len(),
                quotes: a.quotes.len(),
                reactions: a.reactions.len(),
                briefs: a.briefs.len(),
            })
        })
        .collect();
    if ctx.lang == Lang::En {
        cards.sort_by_cached_key(|c| (c.entity.name.text.to_lowercase(), c.entity.id));
    }
    cards
}

/// Every dated event, call and next step of the given briefs, in date
/// order; identical events reported by several briefs are shown once.
///
/// With `year`, only the rows that start in that year.
pub fn timeline_rows<'a>(
    ctx: &ViewCtx<'a>,
    briefs: impl IntoIterator<Item = &'a Brief>,
    year: Option<i32>,
) -> Vec<TimelineRow<'a>> {
    let site = ctx.site;
    let in_year = |d: Date| year.is_none_or(|y| d.year == y);
    let mut rows: BTreeMap<(Date, Date, String, &'static str), TimelineRow<'a>> = BTreeMap::new();
    let mut add = |span: (Date, Date), date: DateView, kind: &'static str, text: Tx<'_>, link: BriefLink<'a>, cite| {
        let row = rows.entry((span.0, span.1, text.text.to_string(), kind)).or_insert_with(|| TimelineRow {
            date,
            kind,
            text: text.text.to_string(),
            text_lang: text.lang,
            fallback: text.fallback,
            briefs: Vec::new(),
            cite,
            upcoming: span.0 > site.config.as_of,
            first_upcoming: false,
            span,
        });
        if !row.briefs.iter().any(|b| b.href == link.href) {
            row.briefs.push(link);
        }
    };
    for brief in briefs {
        for e in brief.file.timeline.iter().filter(|e| in_year(e.date.first_day())) {
            let span = (e.date.first_day(), e.date.last_day());
            let cite = ctx.cite(brief, e.source.as_deref());
            add(span, ctx.partial_date(e.date), "event", ctx.tx_or_empty(&e.text), brief_link(ctx, brief), cite);
        }
        for c in &brief.file.calls {
            let Some(date) = c.date.filter(|d| in_year(*d)) else { continue };
            let names: Vec<&str> = c.participants.iter().filter_map(|id| ctx.entity_name(id)).collect();
            let text = format!("{}{}", format::join_names(&names, ctx.lang), ctx.label("timeline_call_suffix"));
            let tx = Tx { text: &text, lang: ctx.lang.html_tag(), fallback: false };
            add((date, date), ctx.date(date), "call", tx, brief_link(ctx, brief), None);
        }
        for s in &brief.file.next_steps {
            let Some(when) = s.when.filter(|w| in_year(w.start().first_day())) else { continue };
            // HTML's datetime has no intervals: a window is machine-read as its start.
            let date = DateView::new(format::iso_partial(when.start()), format::when(when, ctx.lang));
            let span = (when.start().first_day(), when.end().last_day());
            let cite = ctx.cite(brief, s.source.as_deref());
            add(span, date, "step", ctx.tx_or_empty(&s.what), brief_link(ctx, brief), cite);
        }
    }
    let mut rows: Vec<TimelineRow> = rows.into_values().collect();
    if let Some(first) = rows.iter_mut().find(|r| r.upcoming) {
        first.first_upcoming = true;
    }
    rows
}

#[derive(Debug, Clone, Serialize)]
pub struct UndatedStep<'a> {
    pub what: Tx<'a>,
    pub when_said: Option<Tx<'a>>,
    pub brief: BriefLink<'a>,
}

/// Next steps that have no date yet, from the newest `limit` briefs.
pub fn undated_steps<'a>(ctx: &ViewCtx<'a>, limit: usize) -> Vec<UndatedStep<'a>> {
    ctx.site
        .briefs
        .iter()
        .take(limit)
        .flat_map(|b| b.file.next_steps.iter().filter(|s| s.when.is_none()).map(move |s| (s, b)))
        .map(|(s, b)| UndatedStep {
            what: ctx.tx_or_empty(&s.what),
            when_said: ctx.tx(&s.when_said),
            brief: brief_link(ctx, b),
        })
        .collect()
}

/// One year of the timeline: how many items start in it, and the briefs
/// they come from (positions in `Site::briefs`, in model order), so the
/// year's page reads only those briefs, not every brief of the site.
#[derive(Debug, Default)]
pub struct TimelineYear {
    pub items: usize,
    pub briefs: Vec<usize>,
}

/// The years that have timeline rows, oldest first, each with its items
/// and briefs: what splits a long timeline into one page per year.
pub fn timeline_years(site: &Site) -> BTreeMap<i32, TimelineYear> {
    let mut years: BTreeMap<i32, TimelineYear> = BTreeMap::new();
    for (position, brief) in site.briefs.iter().enumerate() {
        let b = &brief.file;
        let starts = b
            .timeline
            .iter()
            .map(|e| e.date.year)
            .chain(b.calls.iter().filter_map(|c| c.date.map(|d| d.year)))
            .chain(b.next_steps.iter().filter_map(|s| s.when.map(|w| w.start().year)));
        for year in starts {
            let year = years.entry(year).or_default();
            year.items += 1;
            // A brief is done before the next one starts, so it can only
            // be the last one listed.
            if year.briefs.last() != Some(&position) {
                year.briefs.push(position);
            }
        }
    }
    years
}

/// Links between the pages of a list split into several pages.
#[derive(Debug, Clone, Serialize)]
pub struct Pager {
    pub prev: Option<String>,
    pub next: Option<String>,
    /// 1-based number of this page, and how many there are.
    pub current: usize,
    pub total: usize,
}

/// A link to each year of a split timeline.
#[derive(Debug, Clone, Serialize)]
pub struct YearLink {
    pub year: i32,
    pub count: usize,
    pub href: String,
    pub current: bool,
}
