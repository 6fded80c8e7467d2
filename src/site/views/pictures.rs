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
    // Joined piece by piece: every call of every page has these.
    let (colon, semicolon) = (ctx.label("colon"), ctx.label("semicolon"));
    let mut desc = String::with_capacity(claims.len() * 48);
    for (i, c) in claims.iter().enumerate() {
        if i > 0 {
            desc.push_str(&semicolon);
        }
        desc.extend([c.who.as_str(), &colon, &c.reading]);
    }
    bars::render(&bars::Bars {
        id: ["bars-", &brief.slug, "-", &call.id].concat(),
        title: [call_title(ctx, call).as_str(), &colon, &ctx.label("duration_accounts")].concat(),
        desc,
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

/// An entity's name as the page shows it, or its id if it has none.
fn name<'r>(ctx: &'r ViewCtx, id: &'r str) -> &'r str {
    ctx.entity_name(id).unwrap_or(id)
}

/// What a screen reader hears for one call: its parts joined by the list
/// separator, appended to `out`.
fn push_call_sentence(out: &mut String, ctx: &ViewCtx, call: &Call) {
    let separator = ctx.label("list_separator");
    out.push_str(&call_title(ctx, call));
    if let Some(d) = call.date {
        out.extend([separator.as_str(), &ctx.date(d).text]);
    }
    if let Some(r) = DurationRange::of(call.duration.iter().map(|d| d.value)) {
        out.extend([separator.as_str(), &format::duration_range(r, ctx.lang)]);
        if r.disputed {
            out.extend([" (", ctx.label("disputed").as_str(), ")"]);
        }
    }
    if let Some(by) = &call.initiated_by {
        out.extend([separator.as_str(), &ctx.label("initiated_by"), &ctx.label("colon"), name(ctx, by)]);
    }
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
                date: call.date.map(|d| ctx.date(d).text.clone()),
                pair: [name(ctx, hub), " – ", name(ctx, other)].concat(),
            });
        }
    }
    let semicolon = ctx.label("semicolon");
    let mut desc = String::with_capacity(calls.len() * 96);
    for (i, (_, call)) in calls.iter().enumerate() {
        if i > 0 {
            desc.push_str(&semicolon);
        }
        push_call_sentence(&mut desc, ctx, call);
    }
    Some(callmap::render(&callmap::CallMap {
        id: id.to_string(),
        title: ctx.label("call_map"),
        desc,
        nodes: ids.iter().map(|id| callmap::Node { name: name(ctx, id).to_string() }).collect(),
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
    let as_of = format!("{} {}", ctx.label("as_of"), ctx.date(ctx.site.config.as_of).text);
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
