//! The page frame every template gets as `page`: titles, navigation, the
//! counterpart in the other language, canonical URL, Open Graph and feeds.
//! A 404 page's links are made absolute when the base URL is known.

use serde::Serialize;

use crate::content::model::Lang;
use crate::site::links;
use crate::site::views::common::{DateView, Tx, ViewCtx};

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

impl<'a> ViewCtx<'a> {
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
