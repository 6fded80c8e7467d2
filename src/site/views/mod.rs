//! Typed views: what each kind of page hands its template.
//!
//! Every template gets `page` (the shared frame), `t` (the theme's labels
//! in the page's language) and one page-specific value. Views borrow from
//! the model; nothing is cloned into JSON maps by hand. `t` is made into a
//! template value once per language and shared by every page (serializing a
//! `tera::Value` into the context only counts a reference).

pub mod brief;
pub mod common;
pub mod entity;
pub mod frame;
pub mod lists;
pub mod pictures;

use serde::Serialize;

use self::brief::BriefView;
use self::common::{safe_markup, safe_markup_opt};
use self::entity::EntityPageView;
use self::frame::PageView;
use self::lists::{BriefCard, EntityCard, Pager, TimelineRow, UndatedStep, YearLink};

#[derive(Serialize)]
pub struct HomePage<'a> {
    pub page: PageView<'a>,
    pub t: &'a tera::Value,
    #[serde(flatten)]
    pub list: HomeList<'a>,
}

/// One page of the list of briefs, newest first.
#[derive(Serialize)]
pub struct HomeList<'a> {
    pub briefs: Vec<BriefCard<'a>>,
    /// The calls of the newest briefs as one map (inline SVG), on the first page.
    #[serde(serialize_with = "safe_markup_opt")]
    pub call_map: Option<String>,
    /// Links to the other pages, when the list has more than one.
    pub pager: Option<Pager>,
}

#[derive(Serialize)]
pub struct BriefPage<'a> {
    pub page: PageView<'a>,
    pub t: &'a tera::Value,
    pub brief: BriefView<'a>,
    /// schema.org JSON-LD, escaped for a `<script>` element (see `site::jsonld`).
    #[serde(serialize_with = "safe_markup")]
    pub jsonld: String,
}

#[derive(Serialize)]
pub struct PeoplePage<'a> {
    pub page: PageView<'a>,
    pub t: &'a tera::Value,
    pub people: Vec<EntityCard<'a>>,
    pub orgs: Vec<EntityCard<'a>>,
}

#[derive(Serialize)]
pub struct EntityPage<'a> {
    pub page: PageView<'a>,
    pub t: &'a tera::Value,
    pub entity: EntityPageView<'a>,
}

#[derive(Serialize)]
pub struct TimelinePage<'a> {
    pub page: PageView<'a>,
    pub t: &'a tera::Value,
    #[serde(flatten)]
    pub list: TimelineList<'a>,
}

/// A timeline page (see `site::list_pages`).
#[derive(Serialize)]
pub struct TimelineList<'a> {
    pub rows: Vec<TimelineRow<'a>>,
    pub undated: Vec<UndatedStep<'a>>,
    /// The rows and undated steps drawn on one axis (inline SVG), when few enough to read.
    #[serde(serialize_with = "safe_markup_opt")]
    pub picture: Option<String>,
    /// One link per year, when the timeline is split by year.
    pub years: Vec<YearLink>,
    /// The year this page shows, on a year page.
    pub year: Option<i32>,
    /// True when only the newest briefs' undated steps are listed.
    pub undated_limited: bool,
}

/// What the search page needs to load and run the engine.
#[derive(Serialize)]
pub struct SearchView {
    /// The page's language code, naming the index to search.
    pub lang: &'static str,
    /// From the search page to its language's root (result links are relative to it).
    pub root: String,
    /// From the search page to the output root (index shards live there).
    pub site_root: String,
    pub index_src: String,
    pub script_src: String,
}

#[derive(Serialize)]
pub struct SearchPage<'a> {
    pub page: PageView<'a>,
    pub t: &'a tera::Value,
    pub search: SearchView,
}

#[derive(Serialize)]
pub struct NotFoundPage<'a> {
    pub page: PageView<'a>,
    pub t: &'a tera::Value,
}
