//! Small views shared by every page: text in a language, links to people,
//! citations, dates, and the page frame (title, navigation, counterpart).
//!
//! Views are typed structs that borrow from the model and serialize into
//! the template context; templates never see the raw model.

use std::collections::BTreeMap;

use serde::Serialize;

use crate::content::date::{Date, PartialDate};
use crate::content::model::{EntityKind, Lang, Text};
use crate::content::site::{Brief, Site};
use crate::site::format;
use crate::site::links::{self, PageAddress};

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
#[derive(Debug, Clone, Serialize)]
pub struct EntityRef<'a> {
    pub id: &'a str,
    pub kind: EntityKind,
    pub name: Tx<'a>,
    pub role: Option<Tx<'a>>,
    pub href: String,
}

/// A numbered citation of one of a brief's sources.
#[derive(Debug, Clone, Serialize)]
pub struct Cite<'a> {
    pub n: usize,
    pub href: String,
    pub name: Tx<'a>,
}

#[derive(Debug, Clone, Serialize)]
pub struct DateView {
    pub iso: String,
    pub text: String,
}

/// The same page in the other language.
#[derive(Debug, Clone, Serialize)]
pub struct Counterpart {
    pub href: String,
    pub label: String,
    pub lang: &'static str,
    pub html_lang: &'static str,
}

/// The frame every page shares.
#[derive(Debug, Clone, Serialize)]
pub struct PageView<'a> {
    pub kind: &'static str,
    pub lang: &'static str,
    pub html_lang: &'static str,
    pub title: String,
    pub description: String,
    pub site_title: Tx<'a>,
    pub stylesheet: String,
    pub home: String,
    pub people: String,
    pub timeline: String,
    /// The search page (the header's search box submits to it).
    pub search: String,
    pub counterpart: Counterpart,
    pub as_of: DateView,
    pub canonical: Option<String>,
    /// Open Graph: `article` for a brief, `website` otherwise.
    pub og_type: &'static str,
    /// Open Graph locales: this page's and its counterpart's (`zh_CN`, `en_US`).
    pub og_locale: &'static str,
    pub og_locale_alternate: &'static str,
    /// This language's feeds (only with a `base_url`: feeds need absolute URLs).
    pub feeds: Option<FeedLinks>,
}

/// Links to a language's Atom and JSON feeds.
#[derive(Debug, Clone, Serialize)]
pub struct FeedLinks {
    pub atom: String,
    pub json: String,
}

fn og_locale(lang: Lang) -> &'static str {
    match lang {
        Lang::Zh => "zh_CN",
        Lang::En => "en_US",
    }
}

/// What every view builder needs: the site, the language, the page.
pub struct ViewCtx<'a> {
    pub site: &'a Site,
    pub lang: Lang,
    pub page: PageAddress,
    pub labels: &'a BTreeMap<String, String>,
}

impl<'a> ViewCtx<'a> {
    pub fn new(site: &'a Site, lang: Lang, path: impl Into<String>, labels: &'a BTreeMap<String, String>) -> Self {
        ViewCtx { site, lang, page: PageAddress::new(lang, path), labels }
    }

    pub fn label(&self, key: &str) -> String {
        self.labels.get(key).cloned().unwrap_or_else(|| key.to_string())
    }

    pub fn tx(&self, text: &'a Text) -> Option<Tx<'a>> {
        let lang = self.lang;
        text.get(lang)
            .map(|t| Tx { text: t, lang: lang.html_tag(), fallback: false })
            .or_else(|| text.get(lang.other()).map(|t| Tx { text: t, lang: lang.other().html_tag(), fallback: true }))
    }

    /// Like [`Self::tx`] for text that must be shown even when empty.
    pub fn tx_or_empty(&self, text: &'a Text) -> Tx<'a> {
        self.tx(text).unwrap_or(Tx { text: "", lang: self.lang.html_tag(), fallback: false })
    }

    pub fn href(&self, path: &str) -> String {
        self.page.href_to(path)
    }

    pub fn entity(&self, id: &str) -> Option<EntityRef<'a>> {
        let e = self.site.entities.get(id)?;
        Some(EntityRef {
            id: &e.id,
            kind: e.kind,
            name: self.tx_or_empty(&e.file.name),
            role: self.tx(&e.file.role),
            href: self.href(&links::entity_path(e.kind, &e.id)),
        })
    }

    pub fn entities(&self, ids: &[String]) -> Vec<EntityRef<'a>> {
        ids.iter().filter_map(|id| self.entity(id)).collect()
    }

    /// A citation of `source` from `brief`; the link goes to the brief's
    /// source list (on this page when this is the brief's page).
    pub fn cite(&self, brief: &'a Brief, source: Option<&str>) -> Option<Cite<'a>> {
        let id = source?;
        let (i, s) = brief.file.sources.iter().enumerate().find(|(_, s)| s.id == id)?;
        let anchor = format!("source-{id}");
        let own_page = self.page.path == links::brief_path(&brief.slug);
        let href = if own_page {
            format!("#{anchor}")
        } else {
            format!("{}#{anchor}", self.href(&links::brief_path(&brief.slug)))
        };
        Some(Cite { n: i + 1, href, name: self.tx_or_empty(&s.name) })
    }

    pub fn date(&self, d: Date) -> DateView {
        DateView { iso: d.to_string(), text: format::date(d, self.lang) }
    }

    pub fn partial_date(&self, d: PartialDate) -> DateView {
        DateView { iso: d.to_string(), text: format::partial_date(d, self.lang) }
    }

    /// The page frame; `title` is the page's own title (the site title is appended).
    pub fn page_view(&self, kind: &'static str, title: Option<&str>, description: Option<&str>) -> PageView<'a> {
        let site = self.site;
        let default = site.config.default_language;
        let other = self.lang.other();
        let site_title = self.tx_or_empty(&site.config.title);
        let full_title = match title {
            Some(t) => format!("{t} · {}", site_title.text),
            None => site_title.text.to_string(),
        };
        let description = description
            .map(str::to_string)
            .or_else(|| self.tx(&site.config.description).map(|t| t.text.to_string()))
            .unwrap_or_default();
        let mut view = PageView {
            kind,
            lang: self.lang.code(),
            html_lang: self.lang.html_tag(),
            title: full_title,
            description,
            site_title,
            stylesheet: self.page.asset_href(default, links::STYLESHEET),
            home: self.href(links::HOME),
            people: self.href(links::PEOPLE),
            timeline: self.href(links::TIMELINE),
            search: self.href(links::SEARCH),
            counterpart: Counterpart {
                href: self.page.counterpart_href(default, other),
                label: self.label(&format!("language_{}", other.code())),
                lang: other.code(),
                html_lang: other.html_tag(),
            },
            as_of: self.date(site.config.as_of),
            canonical: site
                .config
                .base_url
                .as_deref()
                .map(|base| links::absolute_url(base, &self.page.output_path(default))),
            og_type: if kind == "brief" { "article" } else { "website" },
            og_locale: og_locale(self.lang),
            og_locale_alternate: og_locale(other),
            feeds: site
                .config
                .base_url
                .as_ref()
                .map(|_| FeedLinks { atom: self.href(links::ATOM_FEED), json: self.href(links::JSON_FEED) }),
        };
        // A host serves 404.html at whatever address was missing, so its
        // relative links would resolve from the wrong folder: with a known
        // base URL, make them absolute.
        if kind == "404"
            && let Some(base) = site.config.base_url.as_deref()
        {
            let lang_root = links::lang_prefix(self.lang, default);
            let absolute = |path: &str| links::absolute_url(base, path);
            view.stylesheet = absolute(links::STYLESHEET);
            view.home = absolute(&format!("{lang_root}{}", links::HOME));
            view.people = absolute(&format!("{lang_root}{}", links::PEOPLE));
            view.timeline = absolute(&format!("{lang_root}{}", links::TIMELINE));
            view.search = absolute(&format!("{lang_root}{}", links::SEARCH));
            view.counterpart.href = absolute(&format!("{}{}", links::lang_prefix(other, default), links::NOT_FOUND));
            view.canonical = None;
            view.feeds = Some(FeedLinks {
                atom: absolute(&format!("{lang_root}{}", links::ATOM_FEED)),
                json: absolute(&format!("{lang_root}{}", links::JSON_FEED)),
            });
        }
        view
    }
}
