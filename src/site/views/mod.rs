//! Typed views: what each kind of page hands its template.
//!
//! Every template gets `page` (the shared frame), `t` (the theme's labels
//! in the page's language) and one page-specific value. Views borrow from
//! the model; nothing is cloned into JSON maps by hand.

pub mod brief;
pub mod common;
pub mod entity;
pub mod lists;
pub mod pictures;

use std::collections::BTreeMap;

use serde::Serialize;

use self::brief::BriefView;
use self::common::PageView;
use self::entity::EntityPageView;
use self::lists::{BriefCard, EntityCard, TimelineRow, UndatedStep};

#[derive(Serialize)]
pub struct HomePage<'a> {
    pub page: PageView<'a>,
    pub t: &'a BTreeMap<String, String>,
    pub briefs: Vec<BriefCard<'a>>,
    /// Every call of every brief as one map (inline SVG), if there are calls.
    pub call_map: Option<String>,
}

#[derive(Serialize)]
pub struct BriefPage<'a> {
    pub page: PageView<'a>,
    pub t: &'a BTreeMap<String, String>,
    pub brief: BriefView<'a>,
    /// schema.org JSON-LD, escaped for a `<script>` element (see `site::jsonld`).
    pub jsonld: String,
}

#[derive(Serialize)]
pub struct PeoplePage<'a> {
    pub page: PageView<'a>,
    pub t: &'a BTreeMap<String, String>,
    pub people: Vec<EntityCard<'a>>,
    pub orgs: Vec<EntityCard<'a>>,
}

#[derive(Serialize)]
pub struct EntityPage<'a> {
    pub page: PageView<'a>,
    pub t: &'a BTreeMap<String, String>,
    pub entity: EntityPageView<'a>,
}

#[derive(Serialize)]
pub struct TimelinePage<'a> {
    pub page: PageView<'a>,
    pub t: &'a BTreeMap<String, String>,
    pub rows: Vec<TimelineRow<'a>>,
    pub undated: Vec<UndatedStep<'a>>,
    /// The rows and undated steps drawn on one axis (inline SVG).
    pub picture: String,
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
    pub t: &'a BTreeMap<String, String>,
    pub search: SearchView,
}

#[derive(Serialize)]
pub struct NotFoundPage<'a> {
    pub page: PageView<'a>,
    pub t: &'a BTreeMap<String, String>,
}
