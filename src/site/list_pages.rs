//! The views of the pages that list across briefs and must stay small at
//! any size: the home page, split into pages of briefs, and the timeline,
//! split into one page per year once it grows long.
//!
//! A small site (the example) gets one home page and one timeline page; a
//! desk archive of 10,000 briefs gets pages a reader can load and scan.

use std::collections::BTreeMap;

use crate::content::site::Site;
use crate::site::links;
use crate::site::views::common::ViewCtx;
use crate::site::views::lists::{self, Pager, TimelineYear, YearLink};
use crate::site::views::{HomeList, TimelineList, pictures};

/// Briefs per page of the home list.
pub const BRIEFS_PER_PAGE: usize = 25;
/// Calls drawn on the site-wide map: those of the newest briefs, up to this.
pub const SITE_MAP_CALLS: usize = 12;
/// Timelines with more rows than this get one page per year.
pub const TIMELINE_SPLIT_AT: usize = 300;
/// Timeline pages with more rows than this get no picture (it would be unreadable).
pub const TIMELINE_PICTURE_MAX_ROWS: usize = 150;
/// Undated next steps listed: those of the newest briefs.
pub const UNDATED_STEPS_FROM_BRIEFS: usize = 100;

/// How many pages the home list has.
pub fn home_pages(site: &Site) -> usize {
    site.briefs.len().div_ceil(BRIEFS_PER_PAGE).max(1)
}

/// Page `n` (0-based) of the home list.
pub fn home<'a>(ctx: &ViewCtx<'a>, n: usize) -> HomeList<'a> {
    let site = ctx.site;
    let total = home_pages(site);
    let briefs = site.briefs.iter().skip(n * BRIEFS_PER_PAGE).take(BRIEFS_PER_PAGE);
    let call_map = (n == 0).then(|| {
        let calls: Vec<_> =
            site.briefs.iter().flat_map(|b| b.file.calls.iter().map(move |c| (b, c))).take(SITE_MAP_CALLS).collect();
        pictures::call_map(ctx, "call-map-site", &calls)
    });
    HomeList {
        briefs: briefs.map(|b| lists::brief_card(ctx, b)).collect(),
        call_map: call_map.flatten(),
        pager: (total > 1).then(|| Pager {
            prev: n.checked_sub(1).map(|p| ctx.href(&links::home_page(p))),
            next: (n + 1 < total).then(|| ctx.href(&links::home_page(n + 1))),
            current: n + 1,
            total,
        }),
    }
}

/// Whether the timeline is long enough to be split by year.
pub fn timeline_is_split(years: &BTreeMap<i32, TimelineYear>) -> bool {
    years.values().map(|y| y.items).sum::<usize>() > TIMELINE_SPLIT_AT
}

/// A timeline page: the whole timeline, or (when split) the overview
/// (`year` None: year links and undated steps) or one year's rows.
pub fn timeline<'a>(ctx: &ViewCtx<'a>, year: Option<i32>, years: &BTreeMap<i32, TimelineYear>) -> TimelineList<'a> {
    let site = ctx.site;
    let split = timeline_is_split(years);
    let rows = match year {
        None if split => Vec::new(),
        None => lists::timeline_rows(ctx, &site.briefs, None),
        Some(y) => {
            let briefs = years.get(&y).map_or(&[][..], |y| &y.briefs[..]);
            lists::timeline_rows(ctx, briefs.iter().map(|&i| &site.briefs[i]), year)
        }
    };
    let undated = if year.is_none() { lists::undated_steps(ctx, UNDATED_STEPS_FROM_BRIEFS) } else { Vec::new() };
    let picture = (rows.len() + undated.len() <= TIMELINE_PICTURE_MAX_ROWS && !(rows.is_empty() && undated.is_empty()))
        .then(|| pictures::timeline(ctx, "timeline-picture", &rows, &undated));
    let year_links = if split {
        years
            .iter()
            .map(|(&y, items)| YearLink {
                year: y,
                count: items.items,
                href: ctx.href(&links::timeline_year(y)),
                current: Some(y) == year,
            })
            .collect()
    } else {
        Vec::new()
    };
    TimelineList {
        rows,
        undated,
        picture,
        years: year_links,
        year,
        undated_limited: site.briefs.len() > UNDATED_STEPS_FROM_BRIEFS,
    }
}
