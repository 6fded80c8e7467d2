//! Feeds and discovery: Atom and JSON Feed 1.1 per language, a sitemap
//! with hreflang alternates, and robots.txt.
//!
//! All of them need absolute URLs (the standards say so), so they are made
//! only when the site has a `base_url`; without one the build leaves them
//! out and says so in its summary. Dates come from the model (each brief's
//! date, the site's `as_of`), never the build clock, so two builds of the
//! same input are byte-identical.

use serde::Serialize;

use crate::content::model::Lang;
use crate::content::site::{Brief, Site};
use crate::site::links::{self, PageAddress, absolute_url, lang_prefix};

/// The feeds, sitemap and robots.txt as (path, bytes); none without `base_url`.
pub fn feed_files(site: &Site, pages: &[PageAddress]) -> Vec<(String, Vec<u8>)> {
    let Some(base) = site.config.base_url.as_deref() else { return Vec::new() };
    let default = site.config.default_language;
    let mut files = Vec::new();
    for lang in site.languages() {
        let prefix = lang_prefix(lang, default);
        files.push((format!("{prefix}{}", links::ATOM_FEED), atom(site, base, lang).into_bytes()));
        files.push((format!("{prefix}{}", links::JSON_FEED), json_feed(site, base, lang).into_bytes()));
    }
    files.push((links::SITEMAP.to_string(), sitemap(site, base, pages).into_bytes()));
    files.push((links::ROBOTS.to_string(), robots(base).into_bytes()));
    files
}

/// A date as an RFC 3339 timestamp at midnight UTC.
fn timestamp(date: impl std::fmt::Display) -> String {
    format!("{date}T00:00:00Z")
}

/// The newest date the feed knows: the site's `as_of` or a later brief.
fn feed_updated(site: &Site) -> String {
    let newest = site.briefs.iter().map(|b| b.file.date).max().into_iter();
    timestamp(newest.chain([site.config.as_of]).max().unwrap_or(site.config.as_of))
}

fn url(site: &Site, base: &str, lang: Lang, path: &str) -> String {
    absolute_url(base, &PageAddress::new(lang, path).output_path(site.config.default_language))
}

/// Escapes text for XML content and attribute values, dropping the
/// characters XML 1.0 forbids whatever their escaping.
pub fn xml_escape(text: &str) -> String {
    // The forbidden characters are all below U+0020, so each is one byte
    // in UTF-8 and no other character's bytes can be taken for one.
    let allowed = |b: u8| b >= 0x20 || matches!(b, b'\t' | b'\n' | b'\r');
    if text.bytes().all(allowed) {
        return crate::site::svg::escape(text);
    }
    let kept: String = text.chars().filter(|&c| u8::try_from(c).map_or(true, allowed)).collect();
    crate::site::svg::escape(&kept)
}

fn atom(site: &Site, base: &str, lang: Lang) -> String {
    let e = |s: &str| xml_escape(s);
    let title = site.config.title.get_or_other(lang);
    let home = url(site, base, lang, links::HOME);
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
    out.push_str(&format!("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{}\">\n", lang.html_tag()));
    out.push_str(&format!("  <title>{}</title>\n", e(title)));
    let description = site.config.description.get_or_other(lang);
    if !description.is_empty() {
        out.push_str(&format!("  <subtitle>{}</subtitle>\n", e(description)));
    }
    out.push_str(&format!("  <id>{}</id>\n", e(&home)));
    let feed = url(site, base, lang, links::ATOM_FEED);
    out.push_str(&format!("  <link rel=\"self\" type=\"application/atom+xml\" href=\"{}\"/>\n", e(&feed)));
    out.push_str(&format!("  <link rel=\"alternate\" type=\"text/html\" href=\"{}\"/>\n", e(&home)));
    out.push_str(&format!("  <updated>{}</updated>\n", feed_updated(site)));
    out.push_str(&format!("  <author><name>{}</name></author>\n", e(title)));
    out.push_str("  <generator>brief</generator>\n");
    for brief in &site.briefs {
        out.push_str(&atom_entry(site, base, lang, brief));
    }
    out.push_str("</feed>\n");
    out
}

fn atom_entry(site: &Site, base: &str, lang: Lang, brief: &Brief) -> String {
    let e = |s: &str| xml_escape(s);
    let link = url(site, base, lang, &links::brief_path(&brief.slug));
    let date = timestamp(brief.file.date);
    format!(
        "  <entry>\n    <title>{title}</title>\n    <id>{link}</id>\n    \
         <link rel=\"alternate\" type=\"text/html\" href=\"{link}\"/>\n    \
         <published>{date}</published>\n    <updated>{date}</updated>\n    \
         <summary>{summary}</summary>\n  </entry>\n",
        title = e(brief.title_in(lang)),
        link = e(&link),
        summary = e(brief.summary_in(lang)),
    )
}

/// JSON Feed 1.1 (<https://jsonfeed.org/version/1.1>).
#[derive(Serialize)]
struct JsonFeed<'a> {
    version: &'static str,
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    home_page_url: String,
    feed_url: String,
    language: &'static str,
    authors: [JsonAuthor<'a>; 1],
    items: Vec<JsonItem<'a>>,
}

#[derive(Serialize)]
struct JsonAuthor<'a> {
    name: &'a str,
}

#[derive(Serialize)]
struct JsonItem<'a> {
    id: String,
    url: String,
    title: &'a str,
    summary: &'a str,
    content_text: &'a str,
    date_published: String,
    language: &'static str,
}

fn json_feed(site: &Site, base: &str, lang: Lang) -> String {
    let title = site.config.title.get_or_other(lang);
    let feed = JsonFeed {
        version: "https://jsonfeed.org/version/1.1",
        title,
        description: site.config.description.get_or_other(lang),
        home_page_url: url(site, base, lang, links::HOME),
        feed_url: url(site, base, lang, links::JSON_FEED),
        language: lang.html_tag(),
        authors: [JsonAuthor { name: title }],
        items: site
            .briefs
            .iter()
            .map(|b| {
                let link = url(site, base, lang, &links::brief_path(&b.slug));
                JsonItem {
                    id: link.clone(),
                    url: link,
                    title: b.title_in(lang),
                    summary: b.summary_in(lang),
                    content_text: b.summary_in(lang),
                    date_published: timestamp(b.file.date),
                    language: lang.html_tag(),
                }
            })
            .collect(),
    };
    let mut out = serde_json::to_string_pretty(&feed).expect("a feed always serializes");
    out.push('\n');
    out
}

fn sitemap(site: &Site, base: &str, pages: &[PageAddress]) -> String {
    let default = site.config.default_language;
    let mut out = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" \
         xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    let mut pages: Vec<&PageAddress> = pages.iter().collect();
    pages.sort_by_key(|p| p.output_path(default));
    for page in pages {
        out.push_str(&format!("  <url>\n    <loc>{}</loc>\n", xml_escape(&url(site, base, page.lang, &page.path))));
        let slug = links::brief_slug(&page.path);
        if let Some(brief) = slug.and_then(|s| site.brief(s)) {
            out.push_str(&format!("    <lastmod>{}</lastmod>\n", brief.file.date));
        }
        for lang in site.languages() {
            let href = xml_escape(&url(site, base, lang, &page.path));
            out.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>\n",
                lang.html_tag()
            ));
        }
        let fallback = xml_escape(&url(site, base, default, &page.path));
        out.push_str(&format!("    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{fallback}\"/>\n"));
        out.push_str("  </url>\n");
    }
    out.push_str("</urlset>\n");
    out
}

fn robots(base: &str) -> String {
    format!("User-agent: *\nAllow: /\n\nSitemap: {}\n", absolute_url(base, links::SITEMAP))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn xml_text_is_escaped() {
        assert_eq!(xml_escape("a<b>&\"c'\u{1}"), "a&lt;b&gt;&amp;&quot;c&#39;");
        // Tab and line ends stay, with or without a forbidden character
        // beside them; so do characters past ASCII.
        assert_eq!(xml_escape("\t威特科夫\r\n\u{e9}"), "\t威特科夫\r\n\u{e9}");
        assert_eq!(xml_escape("\t\u{0}威\u{1f}\n\u{7f}\u{85}"), "\t威\n\u{7f}\u{85}");
    }

    #[test]
    fn robots_points_at_the_sitemap() {
        assert_eq!(robots("https://e.org/b/"), "User-agent: *\nAllow: /\n\nSitemap: https://e.org/b/sitemap.xml\n");
    }
}
