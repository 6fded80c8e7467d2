//! Every link the site makes, made here.
//!
//! Rules (so the site reads the same on a host, under a sub-path and from
//! disk): links are relative and name the file (`../people/putin/index.html`,
//! never `/people/putin/` nor `people/putin/`). The default language lives
//! at the root, the other under its code (`en/`). A page is addressed by its
//! language and its path within that language's tree (`briefs/x/index.html`).

use crate::content::model::Lang;

/// A page's address: its language and its path inside that language's tree.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PageAddress {
    pub lang: Lang,
    pub path: String,
}

impl PageAddress {
    pub fn new(lang: Lang, path: impl Into<String>) -> Self {
        PageAddress { lang, path: path.into() }
    }

    /// The file's path relative to the output folder.
    pub fn output_path(&self, default: Lang) -> String {
        [lang_prefix(self.lang, default).as_str(), &self.path].concat()
    }

    /// From this page up to its language's root: `../../` for `briefs/x/index.html`.
    pub fn to_lang_root(&self) -> String {
        "../".repeat(self.path.matches('/').count())
    }

    /// From this page up to the output folder's root (where assets live).
    pub fn to_site_root(&self, default: Lang) -> String {
        "../".repeat(self.output_path(default).matches('/').count())
    }

    /// A link from this page to another page of the same language.
    pub fn href_to(&self, path: &str) -> String {
        [self.to_lang_root().as_str(), path].concat()
    }

    /// A link from this page to the same page in another language.
    pub fn counterpart_href(&self, default: Lang, other: Lang) -> String {
        format!("{}{}", self.to_site_root(default), PageAddress::new(other, self.path.clone()).output_path(default))
    }

    /// A link from this page to a shared file at the output root.
    pub fn asset_href(&self, default: Lang, asset: &str) -> String {
        format!("{}{asset}", self.to_site_root(default))
    }
}

/// `""` for the default language, `"en/"` for the other.
pub fn lang_prefix(lang: Lang, default: Lang) -> String {
    if lang == default { String::new() } else { format!("{}/", lang.code()) }
}

/// Where a brief's page is, from the output root (or a language's root).
pub fn brief_path(slug: &str) -> String {
    brief_path_parts(slug).concat()
}

/// [`brief_path`] in pieces, to join into a longer string at once.
pub fn brief_path_parts(slug: &str) -> [&str; 3] {
    ["briefs/", slug, "/index.html"]
}

/// The slug of the brief whose page is at `path`, if it is one.
pub fn brief_slug(path: &str) -> Option<&str> {
    let [dir, _, file] = brief_path_parts("");
    path.strip_prefix(dir).and_then(|rest| rest.strip_suffix(file))
}

/// Whether `path` is [`brief_path`]`(slug)` (without making it).
pub fn is_brief_path(path: &str, slug: &str) -> bool {
    brief_slug(path) == Some(slug)
}

pub fn entity_path(kind: crate::content::model::EntityKind, id: &str) -> String {
    match kind {
        crate::content::model::EntityKind::Person => ["people/", id, "/index.html"].concat(),
        crate::content::model::EntityKind::Org => ["orgs/", id, "/index.html"].concat(),
    }
}

pub const HOME: &str = "index.html";

/// Page `n` (0-based) of the list of briefs: the home page, then `page/2/`...
pub fn home_page(n: usize) -> String {
    if n == 0 { HOME.to_string() } else { format!("page/{}/index.html", n + 1) }
}

/// The timeline page of one year, when the timeline is split by year.
pub fn timeline_year(year: i32) -> String {
    format!("timeline/{year}/index.html")
}
pub const PEOPLE: &str = "people/index.html";
pub const TIMELINE: &str = "timeline/index.html";
pub const NOT_FOUND: &str = "404.html";
pub const SEARCH: &str = "search/index.html";
pub const STYLESHEET: &str = "assets/style.css";
/// The search engine's script (shared by both languages).
pub const SEARCH_SCRIPT: &str = "assets/search.js";
/// Feeds, per language tree.
pub const ATOM_FEED: &str = "atom.xml";
pub const JSON_FEED: &str = "feed.json";
/// At the output root only.
pub const SITEMAP: &str = "sitemap.xml";
pub const ROBOTS: &str = "robots.txt";

/// Part `n` (from 1) of a sitemap too large for one file; [`SITEMAP`] is
/// then their index.
pub fn sitemap_part(n: usize) -> String {
    format!("sitemap-{n}.xml")
}

/// The search index of one language, a classic script at the output root's
/// `assets/` (so every page reaches it with [`PageAddress::asset_href`]).
pub fn search_index(lang: Lang) -> String {
    format!("assets/search-index.{}.js", lang.code())
}

/// The folder of a language's search index shards, beside its manifest
/// (file names inside: `site/search/mod.rs`).
pub fn search_shard_dir(lang: Lang) -> String {
    format!("assets/search/{}/", lang.code())
}

/// A page path with a fragment: `briefs/x/index.html#quotes`.
pub fn anchored(path: &str, anchor: &str) -> String {
    [path, "#", anchor].concat()
}

/// An absolute URL for a page from `base_url`, for standards that need one.
pub fn absolute_url(base_url: &str, output_path: &str) -> String {
    let base = base_url.trim_end_matches('/');
    let path = output_path.strip_suffix("index.html").unwrap_or(output_path);
    [base, "/", path].concat()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn links_are_relative_and_name_the_file() {
        let page = PageAddress::new(Lang::Zh, brief_path("x"));
        assert_eq!(page.href_to("people/putin/index.html"), "../../people/putin/index.html");
        assert_eq!(page.asset_href(Lang::Zh, STYLESHEET), "../../assets/style.css");
        let en = PageAddress::new(Lang::En, brief_path("x"));
        assert_eq!(en.output_path(Lang::Zh), "en/briefs/x/index.html");
        assert_eq!(en.asset_href(Lang::Zh, STYLESHEET), "../../../assets/style.css");
        assert_eq!(en.href_to(HOME), "../../index.html");
    }

    #[test]
    fn counterparts_cross_the_language_folders() {
        let zh = PageAddress::new(Lang::Zh, brief_path("x"));
        assert_eq!(zh.counterpart_href(Lang::Zh, Lang::En), "../../en/briefs/x/index.html");
        let en = PageAddress::new(Lang::En, brief_path("x"));
        assert_eq!(en.counterpart_href(Lang::Zh, Lang::Zh), "../../../briefs/x/index.html");
        let home = PageAddress::new(Lang::En, HOME);
        assert_eq!(home.counterpart_href(Lang::Zh, Lang::Zh), "../index.html");
    }

    #[test]
    fn search_files_are_reached_relatively() {
        let page = PageAddress::new(Lang::En, SEARCH);
        assert_eq!(page.asset_href(Lang::Zh, &search_index(Lang::En)), "../../assets/search-index.en.js");
        assert_eq!(page.href_to(&anchored(&brief_path("x"), "quotes")), "../briefs/x/index.html#quotes");
    }

    #[test]
    fn brief_paths_are_recognised() {
        assert!(is_brief_path(&brief_path("x"), "x"));
        assert!(!is_brief_path(&brief_path("x"), "y"));
        assert!(!is_brief_path(HOME, "x"));
    }

    #[test]
    fn absolute_urls_drop_index_html() {
        assert_eq!(absolute_url("https://e.org/b/", "en/briefs/x/index.html"), "https://e.org/b/en/briefs/x/");
    }
}
