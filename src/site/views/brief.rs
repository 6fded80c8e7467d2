//! The brief page's view: at a glance, calls with every duration claim,
//! quotes, next steps, reactions by bloc, background, timeline, narrative
//! and numbered sources. The per-item views are reused by person pages.

use serde::Serialize;

use crate::content::date::When;
use crate::content::duration::DurationRange;
use crate::content::markdown::Heading;
use crate::content::model::{Call, Fact, NextStep, Quote, Reaction};
use crate::content::site::Brief;
use crate::site::format;
use crate::site::views::common::{Cite, DateView, EntityRef, Tx, ViewCtx, safe_markup, safe_markup_opt, shown_in};
use crate::site::views::lists::{TimelineRow, timeline_rows};
use crate::site::views::pictures;

#[derive(Debug, Clone, Serialize)]
pub struct FactView<'a> {
    pub text: Tx<'a>,
    pub by: Option<EntityRef<'a>>,
    pub cite: Option<Cite>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ClaimView<'a> {
    pub by: Option<EntityRef<'a>>,
    pub said: Option<Tx<'a>>,
    pub reading: String,
    pub qualifier: &'static str,
    pub minutes: u32,
    pub cite: Option<Cite>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DurationView<'a> {
    /// "60–90 min", or a single figure when the claims agree.
    pub range: String,
    pub low: u32,
    pub high: u32,
    pub disputed: bool,
    pub claims: Vec<ClaimView<'a>>,
    /// The claims as bars on the scale shared by the page's calls (inline SVG).
    #[serde(serialize_with = "safe_markup")]
    pub bars: String,
}

#[derive(Debug, Clone, Serialize)]
pub struct CallView<'a> {
    pub id: &'a str,
    pub anchor: String,
    /// "Trump and Putin" in the page's language.
    pub title: String,
    pub participants: Vec<EntityRef<'a>>,
    pub initiator: Option<EntityRef<'a>>,
    pub date: Option<DateView>,
    pub time_zone: Option<Tx<'a>>,
    pub summary: Option<Tx<'a>>,
    pub duration: Option<DurationView<'a>>,
    pub topics: Vec<FactView<'a>>,
    pub outcomes: Vec<FactView<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct QuoteView<'a> {
    pub speaker: Option<EntityRef<'a>>,
    pub text: Tx<'a>,
    /// The words in the language they were said in, when that is not the page's.
    pub original: Option<Tx<'a>>,
    pub context: Option<Tx<'a>>,
    pub call: Option<String>,
    pub call_href: Option<String>,
    pub cite: Option<Cite>,
}

#[derive(Debug, Clone, Serialize)]
pub struct StepView<'a> {
    pub what: Tx<'a>,
    pub who: Vec<EntityRef<'a>>,
    pub when: String,
    /// For `<time datetime>`: the date, or a window's first day.
    pub when_iso: Option<String>,
    pub when_said: Option<Tx<'a>>,
    pub status: &'static str,
    pub status_label: String,
    /// Upcoming relative to the site's `as_of` date (undated steps count as upcoming).
    pub upcoming: bool,
    pub cite: Option<Cite>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReactionView<'a> {
    pub who: Option<EntityRef<'a>>,
    pub stance: &'static str,
    pub stance_label: String,
    pub summary: Tx<'a>,
    pub quote: Option<Tx<'a>>,
    pub cite: Option<Cite>,
}

#[derive(Debug, Clone, Serialize)]
pub struct ReactionGroup<'a> {
    pub bloc: Tx<'a>,
    pub reactions: Vec<ReactionView<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct SourceView<'a> {
    pub n: usize,
    pub anchor: String,
    pub name: Tx<'a>,
    pub url: Option<&'a str>,
    pub note: Option<Tx<'a>>,
}

#[derive(Debug, Clone, Serialize)]
pub struct NarrativeView {
    #[serde(serialize_with = "safe_markup")]
    pub html: String,
    pub html_lang: &'static str,
    pub fallback: bool,
    pub headings: Vec<Heading>,
}

/// What a brief page shows of its narrative, from the one parse the caller
/// made of it ([`crate::content::narrative::parse`]).
#[derive(Debug, Clone, Default)]
pub struct NarrativeMarkup {
    pub html: String,
    pub headings: Vec<Heading>,
}

#[derive(Debug, Clone, Serialize)]
pub struct BriefView<'a> {
    pub slug: &'a str,
    pub title: Tx<'a>,
    pub summary: Tx<'a>,
    pub date: DateView,
    pub highlights: Vec<FactView<'a>>,
    pub calls: Vec<CallView<'a>>,
    /// Who called whom (inline SVG); `None` without calls.
    #[serde(serialize_with = "safe_markup_opt")]
    pub call_map: Option<String>,
    pub quotes: Vec<QuoteView<'a>>,
    pub next_steps: Vec<StepView<'a>>,
    pub reaction_groups: Vec<ReactionGroup<'a>>,
    pub background: Vec<FactView<'a>>,
    /// The brief's dated events, calls and next steps, in date order.
    pub timeline: Vec<TimelineRow<'a>>,
    pub sources: Vec<SourceView<'a>>,
    pub narrative: Option<NarrativeView>,
}

/// The title in the page language: a narrative's front matter wins.
pub fn brief_title<'a>(ctx: &ViewCtx<'a>, brief: &'a Brief) -> Tx<'a> {
    shown(ctx, brief.title_shown(ctx.lang))
}

pub fn brief_summary<'a>(ctx: &ViewCtx<'a>, brief: &'a Brief) -> Tx<'a> {
    shown(ctx, brief.summary_shown(ctx.lang))
}

fn shown<'a>(ctx: &ViewCtx<'a>, text: (&'a str, crate::content::model::Lang)) -> Tx<'a> {
    shown_in(ctx.lang, text)
}

pub fn fact<'a>(ctx: &ViewCtx<'a>, brief: &'a Brief, f: &'a Fact) -> FactView<'a> {
    FactView {
        text: ctx.tx_or_empty(&f.text),
        by: f.by.as_deref().and_then(|id| ctx.entity(id)),
        cite: ctx.cite(brief, f.source.as_deref()),
    }
}

/// A call's view; `scale` is the right end (minutes) of the duration bars,
/// shared by the calls shown together (see [`pictures::scale_of`]).
pub fn call<'a>(ctx: &ViewCtx<'a>, brief: &'a Brief, c: &'a Call, scale: u32) -> CallView<'a> {
    let participants = ctx.entities(&c.participants);
    let names: Vec<&str> = participants.iter().map(|p| p.name.text).collect();
    let duration = DurationRange::of(c.duration.iter().map(|d| d.value)).map(|range| DurationView {
        range: format::duration_range(range, ctx.lang),
        low: range.low,
        high: range.high,
        disputed: range.disputed,
        claims: c
            .duration
            .iter()
            .map(|d| ClaimView {
                by: ctx.entity(&d.by),
                said: ctx.tx(&d.said),
                reading: format::duration_value(d.value, ctx.lang),
                qualifier: d.value.qualifier.key(),
                minutes: d.value.minutes,
                cite: ctx.cite(brief, d.source.as_deref()),
            })
            .collect(),
        bars: pictures::duration_bars(ctx, brief, c, scale),
    });
    CallView {
        id: &c.id,
        anchor: format!("call-{}", c.id),
        title: format::join_names(&names, ctx.lang),
        participants,
        initiator: c.initiated_by.as_deref().and_then(|id| ctx.entity(id)),
        date: c.date.map(|d| ctx.date(d)),
        time_zone: ctx.tx(&c.time_zone),
        summary: ctx.tx(&c.summary),
        duration,
        topics: c.topics.iter().map(|f| fact(ctx, brief, f)).collect(),
        outcomes: c.outcomes.iter().map(|f| fact(ctx, brief, f)).collect(),
    }
}

pub fn quote<'a>(ctx: &ViewCtx<'a>, brief: &'a Brief, q: &'a Quote) -> QuoteView<'a> {
    let text = ctx.tx_or_empty(&q.text);
    let original = q
        .original
        .filter(|o| *o != ctx.lang && !text.fallback)
        .and_then(|o| q.text.get(o).map(|t| Tx { text: t, lang: o.html_tag(), fallback: false }));
    let call = q.call.as_deref().and_then(|id| brief.file.calls.iter().find(|c| c.id == id));
    let brief_href = ctx.href(&crate::site::links::brief_path(&brief.slug));
    QuoteView {
        speaker: ctx.entity(&q.speaker),
        text,
        original,
        context: ctx.tx(&q.context),
        call: call.map(|c| {
            format::join_names(
                &c.participants.iter().filter_map(|id| ctx.entity_name(id)).collect::<Vec<_>>(),
                ctx.lang,
            )
        }),
        call_href: call.map(|c| format!("{brief_href}#call-{}", c.id)),
        cite: ctx.cite(brief, q.source.as_deref()),
    }
}

pub fn next_step<'a>(ctx: &ViewCtx<'a>, brief: &'a Brief, s: &'a NextStep) -> StepView<'a> {
    let as_of = ctx.site.config.as_of;
    StepView {
        what: ctx.tx_or_empty(&s.what),
        who: ctx.entities(&s.who),
        when: s.when.map_or_else(|| ctx.label("not_set"), |w: When| format::when(w, ctx.lang)),
        // HTML's datetime has no intervals: a window is machine-read as its start.
        when_iso: s.when.map(|w| format::iso_partial(w.start())),
        when_said: ctx.tx(&s.when_said),
        status: s.status.key(),
        status_label: ctx.label(&format!("status_{}", s.status.key())),
        upcoming: s.when.is_none_or(|w| w.end().last_day() >= as_of),
        cite: ctx.cite(brief, s.source.as_deref()),
    }
}

pub fn reaction<'a>(ctx: &ViewCtx<'a>, brief: &'a Brief, r: &'a Reaction) -> ReactionView<'a> {
    ReactionView {
        who: ctx.entity(&r.who),
        stance: r.stance.key(),
        stance_label: ctx.label(&format!("stance_{}", r.stance.key())),
        summary: ctx.tx_or_empty(&r.summary),
        quote: ctx.tx(&r.quote),
        cite: ctx.cite(brief, r.source.as_deref()),
    }
}

/// Reactions grouped by bloc, blocs in order of first appearance.
fn reaction_groups<'a>(ctx: &ViewCtx<'a>, brief: &'a Brief) -> Vec<ReactionGroup<'a>> {
    let mut groups: Vec<(&crate::content::model::Text, ReactionGroup<'a>)> = Vec::new();
    for r in &brief.file.reactions {
        let view = reaction(ctx, brief, r);
        match groups.iter_mut().find(|(bloc, _)| **bloc == r.bloc) {
            Some((_, g)) => g.reactions.push(view),
            None => groups.push((&r.bloc, ReactionGroup { bloc: ctx.tx_or_empty(&r.bloc), reactions: vec![view] })),
        }
    }
    groups.into_iter().map(|(_, g)| g).collect()
}

/// The view of a brief's page; `narrative` is the markup of the narrative
/// the page shows ([`Brief::shown_narrative`]), made by the caller.
pub fn brief_view<'a>(ctx: &ViewCtx<'a>, brief: &'a Brief, narrative: Option<NarrativeMarkup>) -> BriefView<'a> {
    let b = &brief.file;
    let narrative = brief.shown_narrative(ctx.lang).zip(narrative).map(|((_, lang), markup)| NarrativeView {
        html: markup.html,
        html_lang: lang.html_tag(),
        fallback: lang != ctx.lang,
        headings: markup.headings,
    });
    let scale = pictures::scale_of(&b.calls);
    BriefView {
        slug: &brief.slug,
        title: brief_title(ctx, brief),
        summary: brief_summary(ctx, brief),
        date: ctx.date(b.date),
        highlights: b.highlights.iter().map(|f| fact(ctx, brief, f)).collect(),
        calls: b.calls.iter().map(|c| call(ctx, brief, c, scale)).collect(),
        call_map: pictures::call_map(ctx, "call-map", &b.calls.iter().map(|c| (brief, c)).collect::<Vec<_>>()),
        quotes: b.quotes.iter().map(|q| quote(ctx, brief, q)).collect(),
        next_steps: b.next_steps.iter().map(|s| next_step(ctx, brief, s)).collect(),
        reaction_groups: reaction_groups(ctx, brief),
        background: b.background.iter().map(|f| fact(ctx, brief, f)).collect(),
        timeline: timeline_rows(ctx, [brief], None),
        sources: b
            .sources
            .iter()
            .enumerate()
            .map(|(i, s)| SourceView {
                n: i + 1,
                anchor: format!("source-{}", s.id),
                name: ctx.tx_or_empty(&s.name),
                url: s.url.as_deref(),
                note: ctx.tx(&s.note),
            })
            .collect(),
        narrative,
    }
}
