//! The pictures' inputs, worded in the page's language, and the pictures
//! themselves as pre-rendered SVG strings for the templates (`| safe`).
//!
//! This is where the model meets [`crate::site::svg`]: names, dates and
//! lengths are formatted here exactly as the page's text shows them, so
//! picture and text equivalent say the same thing.

use crate::content::duration::DurationRange;
use crate::content::model::Call;
use crate::content::site::Brief;
use crate::site::format;
use crate::site::svg::{bars, callmap, timeline};
use crate::site::views::common::ViewCtx;
use crate::site::views::lists::{TimelineRow, UndatedStep};

/// The right end, in minutes, of a scale shared by these calls' bars.
pub fn scale_of<'a>(calls: impl IntoIterator<Item = &'a Call>) -> u32 {
    let longest = calls.into_iter().flat_map(|c| c.duration.iter().map(|d| d.value.minutes)).max().unwrap_or(60);
    bars::scale_for(longest)
}

/// One call's duration claims as bars on the given scale.
pub fn duration_bars(ctx: &ViewCtx, brief: &Brief, call: &Call, scale: u32) -> String {
    let claims: Vec<bars::Claim> = call
        .duration
        .iter()
        .map(|d| bars::Claim {
            who: ctx.entity_name(&d.by).map_or_else(|| d.by.clone(), str::to_string),
            reading: format::duration_value(d.value, ctx.lang),
            minutes: d.value.minutes,
            qualifier: d.value.qualifier,
        })
        .collect();
    let colon = ctx.label("colon");
    let desc = claims.iter().map(|c| format!("{}{colon}{}", c.who, c.reading)).collect::<Vec<_>>();
    bars::render(&bars::Bars {
        id: format!("bars-{}-{}", brief.slug, call.id),
        title: format!("{}{colon}{}", call_title(ctx, call), ctx.label("duration_accounts")),
        desc: desc.join(&ctx.label("semicolon")),
        claims,
        scale,
        unit: match ctx.lang {
            crate::content::model::Lang::Zh => "分钟".to_string(),
            crate::content::model::Lang::En => "min".to_string(),
        },
    })
}

fn call_title(ctx: &ViewCtx, call: &Call) -> String {
    let names: Vec<&str> = call.participants.iter().filter_map(|id| ctx.entity_name(id)).collect();
    format::join_names(&names, ctx.lang)
}

fn name(ctx: &ViewCtx, id: &str) -> String {
    ctx.entity_name(id).map_or_else(|| id.to_string(), str::to_string)
}

/// What a screen reader hears for one call.
fn call_sentence(ctx: &ViewCtx, call: &Call) -> String {
    let mut parts = vec![call_title(ctx, call)];
    parts.extend(call.date.map(|d| format::date(d, ctx.lang)));
    if let Some(r) = DurationRange::of(call.duration.iter().map(|d| d.value)) {
        let disputed = if r.disputed { format!(" ({})", ctx.label("disputed")) } else { String::new() };
        parts.push(format!("{}{disputed}", format::duration_range(r, ctx.lang)));
    }
    if let Some(by) = &call.initiated_by {
        parts.push(format!("{}{}{}", ctx.label("initiated_by"), ctx.label("colon"), name(ctx, by)));
    }
    parts.join(&ctx.label("list_separator"))
}

/// The call map of the given calls; `None` when there are none.
pub fn call_map<'a>(ctx: &ViewCtx<'a>, id: &str, calls: &[(&'a Brief, &'a Call)]) -> Option<String> {
    if calls.is_empty() {
        return None;
    }
    let mut ids: Vec<&str> = Vec::new();
    let mut index = |id: &'a str| match ids.iter().position(|x| *x == id) {
        Some(i) => i,
        None => {
            ids.push(id);
            ids.len() - 1
        }
    };
    let mut edges = Vec::new();
    for (_, call) in calls {
        let range = DurationRange::of(call.duration.iter().map(|d| d.value));
        let hub = call.initiated_by.as_deref().unwrap_or(call.participants[0].as_str());
        let from = index(hub);
        for other in call.participants.iter().filter(|p| p.as_str() != hub) {
            edges.push(callmap::Edge {
                from,
                to: index(other),
                directed: call.initiated_by.is_some(),
                length: range.map(|r| format::duration_range(r, ctx.lang)),
                disputed: range.is_some_and(|r| r.disputed),
                date: call.date.map(|d| format::date(d, ctx.lang)),
                pair: format!("{} – {}", name(ctx, hub), name(ctx, other)),
            });
        }
    }
    let desc: Vec<String> = calls.iter().map(|(_, c)| call_sentence(ctx, c)).collect();
    Some(callmap::render(&callmap::CallMap {
        id: id.to_string(),
        title: ctx.label("call_map"),
        desc: desc.join(&ctx.label("semicolon")),
        nodes: ids.iter().map(|id| callmap::Node { name: name(ctx, id) }).collect(),
        edges,
    }))
}

/// The timeline picture of the given rows and undated next steps.
pub fn timeline(ctx: &ViewCtx, id: &str, rows: &[TimelineRow], undated: &[UndatedStep]) -> String {
    let items: Vec<timeline::Item> = rows
        .iter()
        .map(|r| timeline::Item {
            start: r.span.0,
            end: r.span.1,
            date: r.date.text.clone(),
            text: r.text.clone(),
            kind: match r.kind {
                "call" => timeline::Kind::Call,
                "step" => timeline::Kind::Step,
                _ => timeline::Kind::Event,
            },
            upcoming: r.upcoming,
        })
        .collect();
    let as_of = format!("{} {}", ctx.label("as_of"), format::date(ctx.site.config.as_of, ctx.lang));
    let past = items.iter().filter(|i| !i.upcoming).count();
    let desc = format!(
        "{as_of}{colon}{} {past}{sep}{} {}{semi}{}{colon}{}",
        ctx.label("past"),
        ctx.label("upcoming"),
        items.len() - past,
        ctx.label("undated_steps"),
        undated.len(),
        colon = ctx.label("colon"),
        sep = ctx.label("list_separator"),
        semi = ctx.label("semicolon"),
    );
    timeline::render(&timeline::Timeline {
        id: id.to_string(),
        title: ctx.label("timeline"),
        desc,
        items,
        as_of,
        legend: [ctx.label("kind_call"), ctx.label("kind_event"), ctx.label("kind_step")],
        undated_title: ctx.label("undated_steps"),
        undated: undated.iter().map(|s| s.what.text.to_string()).collect(),
    })
}
