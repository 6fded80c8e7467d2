//! Small views shared by every page: text in a language, links to people
//! and briefs, citations, dates; and `ViewCtx`, what every view builder
//! needs (the page frame it makes is in `frame.rs`).
//!
//! Views are typed structs that borrow from the model and serialize into
//! the template context; templates never see the raw model.

use std::borrow::Cow;
use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, OnceLock};

use serde::Serialize;

use crate::content::date::{Date, PartialDate};
use crate::content::model::{EntityKind, Lang, Text};
use crate::content::site::{Brief, Site};
use crate::fxhash::Fx;
use crate::site::format;
use crate::site::links::{self, PageAddress};

/// Markup this program made (pictures, a narrative's HTML, JSON-LD),
/// handed to templates as a string Tera knows to be safe: they print it as
/// it is. Printed with Tera's `safe` filter, a plain string would be copied
/// once more for the filter, on every page, and these are the largest
/// strings a page has (a brief's narrative, its pictures).
pub fn safe_markup<S: serde::Serializer>(markup: &str, serializer: S) -> Result<S::Ok, S::Error> {
    tera::Value::safe_string(markup).serialize(serializer)
}

/// [`safe_markup`] for markup a page may lack.
pub fn safe_markup_opt<S: serde::Serializer>(markup: &Option<String>, serializer: S) -> Result<S::Ok, S::Error> {
    match markup {
        Some(markup) => safe_markup(markup, serializer),
        None => serializer.serialize_none(),
    }
}

/// Text in the page's language, or in the other one when missing.
#[derive(Debug, Clone, Serialize)]
pub struct Tx<'a> {
    pub text: &'a str,
    /// The `lang` attribute of the text actually shown.
    pub lang: &'static str,
    /// True when the text is the other language's, shown as a fallback.
    pub fallback: bool,
}

/// A link to a person's or organisation's page.
///
/// It serializes as its fields; when it came from [`LinkCache`], as the
/// template value made once from them (the same map, shared, not rebuilt).
#[derive(Debug, Clone)]
pub struct EntityRef<'a> {
    pub id: &'a str,
    pub kind: EntityKind,
    pub name: Tx<'a>,
    pub role: Option<Tx<'a>>,
    pub href: Cow<'a, str>,
    value: Option<&'a tera::Value>,
}

/// What an [`EntityRef`] shows templates.
#[derive(Serialize)]
struct EntityRefFields<'r, 'a> {
    id: &'a str,
    kind: EntityKind,
    name: &'r Tx<'a>,
    role: &'r Option<Tx<'a>>,
    href: &'r str,
    /// The whole link as HTML, marked safe (see [`entity_link_html`]).
    link: tera::Value,
}

/// An entity's link as the default theme writes it, made here once per
/// entity, language and page depth: a page shows dozens, and writing each
/// from its parts costs the template about ten lookups. (`who` in the
/// theme's `components.html` writes the same markup; a test below renders
/// it and compares.)
fn entity_link_html(kind: EntityKind, href: &str, name: &Tx) -> String {
    let mut html = Vec::with_capacity(64 + href.len() + name.text.len());
    html.extend_from_slice(b"<a class=\"entity entity-");
    html.extend_from_slice(kind.name().as_bytes());
    html.extend_from_slice(b"\" href=\"");
    let _ = tera::escape_html(href, &mut html);
    html.push(b'"');
    if name.fallback {
        html.extend_from_slice(b" lang=\"");
        let _ = tera::escape_html(name.lang, &mut html);
        html.push(b'"');
    }
    html.push(b'>');
    let _ = tera::escape_html(name.text, &mut html);
    html.extend_from_slice(b"</a>");
    String::from_utf8(html).expect("escaped UTF-8 stays UTF-8")
}

impl Serialize for EntityRef<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Some(value) => value.serialize(serializer),
            None => EntityRef::fields(self.id, self.kind, &self.name, &self.role, &self.href).serialize(serializer),
        }
    }
}

impl EntityRef<'_> {
    fn fields<'r, 'a>(
        id: &'a str,
        kind: EntityKind,
        name: &'r Tx<'a>,
        role: &'r Option<Tx<'a>>,
        href: &'r str,
    ) -> EntityRefFields<'r, 'a> {
        let link = tera::Value::safe_string(&entity_link_html(kind, href, name));
        EntityRefFields { id, kind, name, role, href, link }
    }
}

/// Pages this deep (slashes in their path) or less share their entity links.
const SHARED_DEPTHS: usize = 4;

/// Per language, made once per build: every entity's name and role and
/// every brief's title and date as shown, and their pages' paths; per page
/// depth, each link and its template value, made on first use and shared
/// by every page at that depth.
pub struct LinkCache<'a> {
    by_id: HashMap<&'a str, EntityLink<'a>, Fx>,
    /// Every date the model gives (briefs', calls', timeline events') and
    /// the site's `as_of`, as shown in this language.
    dates: HashMap<PartialDate, DateView, Fx>,
    /// In the order of `Site::briefs` ([`Site::position`]).
    briefs: Vec<BriefEntry<'a>>,
}

/// A brief's link, without the page it is made from.
struct BriefEntry<'a> {
    title: Tx<'a>,
    date: DateView,
    path: String,
    by_depth: [OnceLock<(String, tera::Value)>; SHARED_DEPTHS],
    /// Per page depth, the citations of each of the brief's sources from
    /// other pages (the timeline cites a brief on each of its rows, a
    /// person's page on each next step), made on first use.
    cites_by_depth: [OnceLock<Box<[Cite]>>; SHARED_DEPTHS],
}

struct EntityLink<'a> {
    id: &'a str,
    kind: EntityKind,
    name: Tx<'a>,
    role: Option<Tx<'a>>,
    path: String,
    by_depth: [OnceLock<(String, tera::Value)>; SHARED_DEPTHS],
}

impl<'a> LinkCache<'a> {
    pub fn new(site: &'a Site, lang: Lang) -> Self {
        let by_id = site
            .entities
            .values()
            .map(|e| {
                let link = EntityLink {
                    id: &e.id,
                    kind: e.kind,
                    name: tx_in(lang, &e.file.name).unwrap_or(Tx { text: "", lang: lang.html_tag(), fallback: false }),
                    role: tx_in(lang, &e.file.role),
                    path: links::entity_path(e.kind, &e.id),
                    by_depth: Default::default(),
                };
                (e.id.as_str(), link)
            })
            .collect();
        let mut dates: HashMap<PartialDate, DateView, Fx> = HashMap::default();
        let model_dates = site.briefs.iter().flat_map(|b| {
            let calls = b.file.calls.iter().filter_map(|c| c.date);
            std::iter::once(b.file.date).chain(calls).map(|d| d.partial()).chain(b.file.timeline.iter().map(|e| e.date))
        });
        for d in model_dates.chain([site.config.as_of.partial()]) {
            dates.entry(d).or_insert_with(|| DateView::of(d, lang));
        }
        let briefs = site
            .briefs
            .iter()
            .map(|b| BriefEntry {
                title: shown_in(lang, b.title_shown(lang)),
                date: dates[&b.file.date.partial()].clone(),
                path: links::brief_path(&b.slug),
                by_depth: Default::default(),
                cites_by_depth: Default::default(),
            })
            .collect();
        LinkCache { by_id, dates, briefs }
    }
}

/// Text shown on a page in `lang`, in the language it is actually in.
pub fn shown_in(lang: Lang, (text, shown): (&str, Lang)) -> Tx<'_> {
    Tx { text, lang: shown.html_tag(), fallback: shown != lang }
}

/// Text in `lang`, or in the other language as a fallback.
fn tx_in(lang: Lang, text: &Text) -> Option<Tx<'_>> {
    text.get(lang)
        .map(|t| Tx { text: t, lang: lang.html_tag(), fallback: false })
        .or_else(|| text.get(lang.other()).map(|t| Tx { text: t, lang: lang.other().html_tag(), fallback: true }))
}

/// A link to a brief's page, with its title and date.
///
/// Serializes like [`EntityRef`]: as its fields, or as the shared value.
#[derive(Debug, Clone)]
pub struct BriefLink<'a> {
    pub title: Tx<'a>,
    pub href: Cow<'a, str>,
    pub date: Cow<'a, DateView>,
    value: Option<&'a tera::Value>,
}

/// What a [`BriefLink`] shows templates.
#[derive(Serialize)]
struct BriefLinkFields<'r, 'a> {
    title: &'r Tx<'a>,
    href: &'r str,
    date: &'r DateView,
}

impl Serialize for BriefLink<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.value {
            Some(value) => value.serialize(serializer),
            None => BriefLinkFields { title: &self.title, href: &self.href, date: &self.date }.serialize(serializer),
        }
    }
}

/// A numbered citation of one of a brief's sources; templates see its
/// `n`, `href` and the source's `name`.
///
/// A page cites each source many times: every citation of it on one page
/// serializes as one template value, made on first use ([`ViewCtx::cite`]).
#[derive(Debug, Clone)]
pub struct Cite {
    value: tera::Value,
}

/// What a [`Cite`] shows templates.
#[derive(Serialize)]
struct CiteFields<'a> {
    n: usize,
    href: String,
    name: Tx<'a>,
    /// The whole mark as HTML, marked safe (see [`cite_html`]).
    html: tera::Value,
}

/// A citation mark as the default theme writes it (the markup of `cite`
/// in its `components.html`; a test below renders it and compares), made
/// once per page and source: a brief page shows a few dozen.
fn cite_html(n: usize, href: &str, name: &str) -> String {
    let mut html = Vec::with_capacity(64 + href.len() + name.len());
    html.extend_from_slice(b"<sup class=\"cite\"><a href=\"");
    let _ = tera::escape_html(href, &mut html);
    html.extend_from_slice(b"\" title=\"");
    let _ = tera::escape_html(name, &mut html);
    html.extend_from_slice(format!("\">[{n}]</a></sup>").as_bytes());
    String::from_utf8(html).expect("escaped UTF-8 stays UTF-8")
}

impl Serialize for Cite {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.value.serialize(serializer)
    }
}

/// A date as pages show it: `iso` for `datetime` attributes, `text` worded
/// in the page's language. Cheap to clone: its strings and its template
/// value are made once, and [`LinkCache`] keeps one for every date of the
/// model, since timeline and people pages show a date on each of their
/// hundreds of rows.
#[derive(Debug, Clone)]
pub struct DateView(Arc<DateFields>);

#[derive(Debug)]
pub struct DateFields {
    pub iso: String,
    pub text: String,
    value: tera::Value,
}

/// What a [`DateView`] shows templates.
#[derive(Serialize)]
struct DateViewFields<'r> {
    iso: &'r str,
    text: &'r str,
}

impl DateView {
    pub fn new(iso: String, text: String) -> Self {
        let value = tera::Value::from_serializable(&DateViewFields { iso: &iso, text: &text });
        DateView(Arc::new(DateFields { iso, text, value }))
    }

    fn of(d: PartialDate, lang: Lang) -> Self {
        DateView::new(format::iso_partial(d), format::partial_date(d, lang))
    }
}

impl std::ops::Deref for DateView {
    type Target = DateFields;

    fn deref(&self) -> &DateFields {
        &self.0
    }
}

impl Serialize for DateView {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.0.value.serialize(serializer)
    }
}

/// What every view builder needs: the site, the language, the page.
pub struct ViewCtx<'a> {
    pub site: &'a Site,
    pub lang: Lang,
    pub page: PageAddress,
    pub labels: &'a BTreeMap<String, String>,
    /// The entities' names and links in this language (see [`LinkCache`]).
    pub links: &'a LinkCache<'a>,
    /// From this page up to its language's root (`../../`).
    to_root: String,
    /// Slashes in the page's path.
    depth: usize,
    /// The citations of the page's own brief made so far, by source index
    /// (those of other briefs are shared: [`BriefEntry`]).
    own_cites: RefCell<Vec<Option<Cite>>>,
}

impl<'a> ViewCtx<'a> {
    pub fn new(
        site: &'a Site,
        lang: Lang,
        path: impl Into<String>,
        labels: &'a BTreeMap<String, String>,
        links: &'a LinkCache<'a>,
    ) -> Self {
        let page = PageAddress::new(lang, path);
        let depth = page.path.matches('/').count();
        ViewCtx { site, lang, to_root: page.to_lang_root(), depth, page, labels, links, own_cites: RefCell::default() }
    }

    pub fn label(&self, key: &str) -> String {
        self.labels.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    pub fn tx(&self, text: &'a Text) -> Option<Tx<'a>> {
        tx_in(self.lang, text)
    }

    /// Like [`Self::tx`] for text that must be shown even when empty.
    pub fn tx_or_empty(&self, text: &'a Text) -> Tx<'a> {
        self.tx(text).unwrap_or(Tx { text: "", lang: self.lang.html_tag(), fallback: false })
    }

    /// A link from this page to another page of the same language
    /// (the same as `self.page.href_to(path)`).
    pub fn href(&self, path: &str) -> String {
        let mut href = String::with_capacity(self.to_root.len() + path.len());
        href.push_str(&self.to_root);
        href.push_str(path);
        href
    }

    /// The link from this page to a brief's page, with `#anchor` when given
    /// (`href(&brief_path(slug))` in one string: pages link many briefs).
    pub fn brief_href(&self, slug: &str, anchor: &[&str]) -> String {
        let [dir, slug, file] = links::brief_path_parts(slug);
        let mut href = [self.to_root.as_str(), dir, slug, file].concat();
        if !anchor.is_empty() {
            href.push('#');
            anchor.iter().for_each(|part| href.push_str(part));
        }
        href
    }

    pub fn entity(&self, id: &str) -> Option<EntityRef<'a>> {
        let e = self.links.by_id.get(id)?;
        let (href, value) = match e.by_depth.get(self.depth) {
            Some(cell) => {
                let (href, value) = cell.get_or_init(|| {
                    let href = self.href(&e.path);
                    let value =
                        tera::Value::from_serializable(&EntityRef::fields(e.id, e.kind, &e.name, &e.role, &href));
                    (href, value)
                });
                (Cow::Borrowed(href.as_str()), Some(value))
            }
            None => (Cow::Owned(self.href(&e.path)), None),
        };
        Some(EntityRef { id: e.id, kind: e.kind, name: e.name.clone(), role: e.role.clone(), href, value })
    }

    /// What the link cache holds for `brief` (found by its position).
    fn brief_entry(&self, brief: &Brief) -> Option<&'a BriefEntry<'a>> {
        self.site.position(brief).and_then(|i| self.links.briefs.get(i))
    }

    /// A link from this page to a brief's page, with its title and date.
    pub fn brief_link(&self, brief: &'a Brief) -> BriefLink<'a> {
        let Some(b) = self.brief_entry(brief) else {
            return BriefLink {
                title: shown_in(self.lang, brief.title_shown(self.lang)),
                href: Cow::Owned(self.brief_href(&brief.slug, &[])),
                date: Cow::Owned(self.date(brief.file.date)),
                value: None,
            };
        };
        let (href, value) = match b.by_depth.get(self.depth) {
            Some(cell) => {
                let (href, value) = cell.get_or_init(|| {
                    let href = self.href(&b.path);
                    let value = tera::Value::from_serializable(&BriefLinkFields {
                        title: &b.title,
                        href: &href,
                        date: &b.date,
                    });
                    (href, value)
                });
                (Cow::Borrowed(href.as_str()), Some(value))
            }
            None => (Cow::Owned(self.href(&b.path)), None),
        };
        BriefLink { title: b.title.clone(), href, date: Cow::Borrowed(&b.date), value }
    }

    /// An entity's name as pages show it (as [`Self::entity`]'s `name.text`).
    pub fn entity_name(&self, id: &str) -> Option<&'a str> {
        self.links.by_id.get(id).map(|e| e.name.text)
    }

    pub fn entities(&self, ids: &[String]) -> Vec<EntityRef<'a>> {
        ids.iter().filter_map(|id| self.entity(id)).collect()
    }

    /// A citation of `source` from `brief`; the link goes to the brief's
    /// source list (on this page when this is the brief's page).
    pub fn cite(&self, brief: &'a Brief, source: Option<&str>) -> Option<Cite> {
        let id = source?;
        let i = brief.file.sources.iter().position(|s| s.id == id)?;
        if links::is_brief_path(&self.page.path, &brief.slug) {
            let mut own = self.own_cites.borrow_mut();
            if own.len() <= i {
                own.resize(i + 1, None);
            }
            return Some(own[i].get_or_insert_with(|| self.new_cite(brief, i, ["#source-", id].concat())).clone());
        }
        let elsewhere = |i: usize| {
            let id = &brief.file.sources[i].id;
            self.new_cite(brief, i, self.brief_href(&brief.slug, &["source-", id]))
        };
        match self.brief_entry(brief).and_then(|e| e.cites_by_depth.get(self.depth)) {
            Some(cell) => Some(cell.get_or_init(|| (0..brief.file.sources.len()).map(elsewhere).collect())[i].clone()),
            None => Some(elsewhere(i)),
        }
    }

    /// The citation of `brief`'s source `i`, linking to `href`.
    fn new_cite(&self, brief: &'a Brief, i: usize, href: String) -> Cite {
        let name = self.tx_or_empty(&brief.file.sources[i].name);
        let html = tera::Value::safe_string(&cite_html(i + 1, &href, name.text));
        let fields = CiteFields { n: i + 1, href, name, html };
        Cite { value: tera::Value::from_serializable(&fields) }
    }

    pub fn date(&self, d: Date) -> DateView {
        self.partial_date(d.partial())
    }

    pub fn partial_date(&self, d: PartialDate) -> DateView {
        self.links.dates.get(&d).cloned().unwrap_or_else(|| DateView::of(d, self.lang))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The theme's `who` component, rendered by Tera for `name` and `href`.
    fn who(kind: EntityKind, href: &str, name: &Tx) -> String {
        let components = include_str!("../../../themes/default/templates/components.html");
        let mut tera = tera::Tera::default();
        tera.add_raw_templates([("components.html", components), ("probe.html", "{{ <who e={e} /> }}")])
            .expect("the theme's components parse");
        let mut context = tera::Context::new();
        context.insert("e", &EntityRef::fields("x", kind, name, &None, href));
        tera.render("probe.html", &context).expect("who renders")
    }

    #[test]
    fn markup_marked_safe_prints_as_it_is_with_or_without_the_safe_filter() {
        #[derive(Serialize)]
        struct Page {
            #[serde(serialize_with = "safe_markup")]
            svg: String,
            #[serde(serialize_with = "safe_markup_opt")]
            map: Option<String>,
            #[serde(serialize_with = "safe_markup_opt")]
            none: Option<String>,
            plain: &'static str,
        }
        let markup = "<svg><title>A & \"B\"</title></svg>";
        let page = Page { svg: markup.into(), map: Some(markup.into()), none: None, plain: "<b>" };
        let mut tera = tera::Tera::default();
        tera.add_raw_template(
            "probe.html",
            "{{ svg }}|{{ svg | safe }}|{{ map }}|{% if none %}x{% endif %}|{{ plain }}",
        )
        .expect("the probe parses");
        let out = tera.render("probe.html", &tera::Context::from_serialize(&page).unwrap()).expect("renders");
        assert_eq!(out, format!("{markup}|{markup}|{markup}||&lt;b&gt;"));
    }

    #[test]
    fn a_citation_mark_is_what_the_themes_cite_component_writes() {
        let components = include_str!("../../../themes/default/templates/components.html");
        let mut tera = tera::Tera::default();
        tera.add_raw_templates([("components.html", components), ("probe.html", "{{ <cite c={c} /> }}")])
            .expect("the theme's components parse");
        for (n, href, name) in [(1, "#source-s1", "Agency A"), (12, "../b/index.html#source-x", "<O'Brien & \"Co\">")] {
            let mut context = tera::Context::new();
            let c = CiteFields {
                n,
                href: href.to_string(),
                name: Tx { text: name, lang: "en", fallback: false },
                html: tera::Value::safe_string(""),
            };
            context.insert("c", &c);
            let by_tera = tera.render("probe.html", &context).expect("cite renders");
            assert_eq!(cite_html(n, href, name), by_tera, "{name}");
        }
    }

    #[test]
    fn citations_link_to_the_source_from_every_page_and_are_the_same_from_pages_at_one_depth() {
        let site = crate::testsites::example_site();
        let labels = BTreeMap::new();
        let links = LinkCache::new(&site, Lang::En);
        let brief = &site.briefs[0];
        let last = brief.file.sources.len() - 1;
        let source = &brief.file.sources[last];
        let fields = |page: &str| {
            let ctx = ViewCtx::new(&site, Lang::En, page, &labels, &links);
            let cite = ctx.cite(brief, Some(&source.id)).expect("a cited source");
            let again = ctx.cite(brief, Some(&source.id)).expect("a cited source");
            let json = |c: &Cite| serde_json::to_value(c).expect("a cite serializes");
            assert_eq!(json(&cite), json(&again), "{page}");
            let json = json(&cite);
            (json["n"].clone(), json["href"].as_str().expect("an href").to_string(), json)
        };
        let anchor = ["source-", source.id.as_str()].concat();
        let own = fields(&links::brief_path(&brief.slug));
        assert_eq!(own.0, serde_json::json!(last + 1));
        assert_eq!(own.1, ["#", &anchor].concat());
        let timeline = fields("timeline/index.html");
        assert_eq!(timeline.1, ["../", &links::brief_path(&brief.slug), "#", &anchor].concat());
        let person = fields("people/someone/index.html");
        assert_eq!(person.1, ["../../", &links::brief_path(&brief.slug), "#", &anchor].concat());
        assert_eq!(person, fields("people/someone-else/index.html"), "the same from every page at one depth");
        let deep = fields("a/b/c/d/e/index.html");
        assert_eq!(deep.1, ["../../../../../", &links::brief_path(&brief.slug), "#", &anchor].concat());
        let timeline_ctx = ViewCtx::new(&site, Lang::En, "timeline/index.html", &labels, &links);
        assert!(timeline_ctx.cite(brief, Some("no-such-source")).is_none());
        assert!(timeline_ctx.cite(brief, None).is_none());
    }

    #[test]
    fn dates_show_the_same_whether_the_model_has_them_or_not() {
        let site = crate::testsites::example_site();
        let labels = BTreeMap::new();
        let in_model = site.briefs[0].file.date;
        let not_in_model = Date::parse("1999-12-31").unwrap();
        for lang in Lang::ALL {
            let links = LinkCache::new(&site, lang);
            assert!(
                links.dates.contains_key(&in_model.partial()) && !links.dates.contains_key(&not_in_model.partial())
            );
            let ctx = ViewCtx::new(&site, lang, "timeline/index.html", &labels, &links);
            for d in [in_model, not_in_model] {
                let view = ctx.date(d);
                assert_eq!(
                    (view.iso.as_str(), view.text.as_str()),
                    (format::iso_date(d).as_str(), format::date(d, lang).as_str())
                );
                let json = serde_json::to_value(&view).expect("a date serializes");
                assert_eq!(json, serde_json::json!({ "iso": view.iso, "text": view.text }), "{d}");
            }
            let year = PartialDate::parse("2008").unwrap();
            assert_eq!(ctx.partial_date(year).text, format::partial_date(year, lang));
        }
    }

    #[test]
    fn an_entity_link_is_what_the_themes_who_component_writes() {
        let cases = [
            (EntityKind::Person, "../people/alpha/index.html", Tx { text: "Alpha", lang: "en", fallback: false }),
            (EntityKind::Org, "../../orgs/un/index.html", Tx { text: "联合国", lang: "zh-Hans", fallback: true }),
            (
                EntityKind::Person,
                "a&b/\"q\"/index.html",
                Tx { text: "<O'Brien & \"Co\">", lang: "en", fallback: false },
            ),
        ];
        for (kind, href, name) in cases {
            assert_eq!(entity_link_html(kind, href, &name), who(kind, href, &name), "{name:?}");
        }
        assert_eq!(
            entity_link_html(EntityKind::Org, "o.html", &Tx { text: "联合国", lang: "zh-Hans", fallback: true }),
            "<a class=\"entity entity-org\" href=\"o.html\" lang=\"zh-Hans\">联合国</a>"
        );
    }
}
