//! Feeds and discovery: Atom and JSON Feed 1.1 per language, a sitemap
//! with hreflang alternates (split into parts under an index past the
//! protocol's 50,000 URLs or 50 MB a file), and robots.txt.
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

/// Hands the feeds, sitemap and robots.txt to `emit` as (path, bytes), each
/// as soon as it is made (held until the last page, they were 26 MB of a
/// 10,000-brief build's peak memory); none without `base_url`. Returns how
/// many files it made, or the first error `emit` gave.
pub fn each_feed_file(
    site: &Site,
    pages: &[PageAddress],
    emit: &mut dyn FnMut(String, Vec<u8>) -> std::io::Result<()>,
) -> std::io::Result<usize> {
    let Some(base) = site.config.base_url.as_deref() else { return Ok(0) };
    let default = site.config.default_language;
    let mut count = 0;
    let mut emit = |path: String, bytes: Vec<u8>| {
        count += 1;
        emit(path, bytes)
    };
    for lang in site.languages() {
        let prefix = lang_prefix(lang, default);
        emit(format!("{prefix}{}", links::ATOM_FEED), atom(site, base, lang).into_bytes())?;
        emit(format!("{prefix}{}", links::JSON_FEED), json_feed(site, base, lang))?;
    }
    for (path, text) in sitemaps(site, base, pages, SITEMAP_LIMITS) {
        emit(path, text.into_bytes())?;
    }
    emit(links::ROBOTS.to_string(), robots(base).into_bytes())?;
    Ok(count)
}

/// Room made up front in a feed or sitemap buffer, so that a large site's
/// (4 MB a feed, 10 MB the sitemap at 10,000 briefs) is not grown by
/// doubling, each step copied into memory the system must map afresh: the
/// part before the entries, and each entry (about 400 bytes in an Atom or
/// JSON feed, 470 in the sitemap). Room never written costs nothing.
const FEED_HEAD_BYTES: usize = 1024;
const FEED_ENTRY_BYTES: usize = 512;

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
    let mut out = String::with_capacity(FEED_HEAD_BYTES + site.briefs.len() * FEED_ENTRY_BYTES);
    out.push_str("<?xml version=\"1.0\" encoding=\"utf-8\"?>\n");
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

fn json_feed(site: &Site, base: &str, lang: Lang) -> Vec<u8> {
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
    let mut out = Vec::with_capacity(FEED_HEAD_BYTES + site.briefs.len() * FEED_ENTRY_BYTES);
    serde_json::to_writer_pretty(&mut out, &feed).expect("a feed always serializes");
    out.push(b'\n');
    out
}

/// What one sitemap file may hold, by the sitemap protocol: 50,000 URLs
/// and 50 MB (52,428,800 bytes) uncompressed.
const SITEMAP_LIMITS: SitemapLimits = SitemapLimits { urls: 50_000, bytes: 52_428_800 };

#[derive(Clone, Copy)]
struct SitemapLimits {
    urls: usize,
    bytes: usize,
}

const URLSET_START: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset \
     xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const URLSET_END: &str = "</urlset>\n";

/// The sitemap: every page, with its language alternates, as (path, text).
///
/// A site within one file's limits gets `sitemap.xml` alone. A larger one
/// (about 23,000 briefs and up, two pages each) gets numbered parts,
/// `sitemap-1.xml` and on, each within the limits, and `sitemap.xml` is
/// their index: robots.txt names `sitemap.xml` either way.
fn sitemaps(site: &Site, base: &str, pages: &[PageAddress], limits: SitemapLimits) -> Vec<(String, String)> {
    let default = site.config.default_language;
    let languages = site.languages();
    let mut pages: Vec<&PageAddress> = pages.iter().collect();
    pages.sort_by_key(|p| p.output_path(default));
    let mut parts = Vec::new();
    let capacity = (FEED_HEAD_BYTES + pages.len().min(limits.urls) * FEED_ENTRY_BYTES).min(limits.bytes);
    let room = || {
        let mut part = String::with_capacity(capacity);
        part.push_str(URLSET_START);
        part
    };
    let mut part = room();
    let mut urls = 0;
    let mut entry = String::new();
    for page in pages {
        entry.clear();
        url_entry(&mut entry, site, base, &languages, page);
        let full = part.len() + entry.len() + URLSET_END.len() > limits.bytes;
        if urls > 0 && (urls == limits.urls || full) {
            part.push_str(URLSET_END);
            parts.push(std::mem::replace(&mut part, room()));
            urls = 0;
        }
        part.push_str(&entry);
        urls += 1;
    }
    part.push_str(URLSET_END);
    parts.push(part);
    if parts.len() == 1 {
        return vec![(links::SITEMAP.to_string(), parts.remove(0))];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
         <sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = Vec::with_capacity(parts.len() + 1);
    for (n, part) in parts.into_iter().enumerate() {
        let path = links::sitemap_part(n + 1);
        index.push_str(&format!(
            "  <sitemap>\n    <loc>{}</loc>\n  </sitemap>\n",
            xml_escape(&absolute_url(base, &path))
        ));
        files.push((path, part));
    }
    index.push_str("</sitemapindex>\n");
    files.insert(0, (links::SITEMAP.to_string(), index));
    files
}

/// One page's `<url>` element: its address, its brief's date, and the
/// page in every language (with the default as `x-default`).
fn url_entry(out: &mut String, site: &Site, base: &str, languages: &[Lang], page: &PageAddress) {
    use std::fmt::Write;
    let default = site.config.default_language;
    // Writing into a String cannot fail.
    let _ = write!(out, "  <url>\n    <loc>{}</loc>\n", xml_escape(&url(site, base, page.lang, &page.path)));
    if let Some(brief) = links::brief_slug(&page.path).and_then(|s| site.brief(s)) {
        let _ = writeln!(out, "    <lastmod>{}</lastmod>", brief.file.date);
    }
    for lang in languages {
        let href = xml_escape(&url(site, base, *lang, &page.path));
        let _ = writeln!(out, "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{href}\"/>", lang.html_tag());
    }
    let fallback = xml_escape(&url(site, base, default, &page.path));
    let _ = writeln!(out, "    <xhtml:link rel=\"alternate\" hreflang=\"x-default\" href=\"{fallback}\"/>");
    out.push_str("  </url>\n");
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

    /// Every page of every brief, and a few more, in both languages.
    fn pages(site: &Site) -> Vec<PageAddress> {
        let paths = site.briefs.iter().map(|b| format!("briefs/{}/index.html", b.slug));
        let paths: Vec<String> = ["index.html", "people/index.html", "timeline/index.html"]
            .into_iter()
            .map(str::to_string)
            .chain(paths)
            .collect();
        Lang::ALL.iter().flat_map(|lang| paths.iter().map(|p| PageAddress::new(*lang, p.clone()))).collect()
    }

    /// The `<loc>`s of the `<url>`s (or `<sitemap>`s) of one file.
    fn locs(xml: &str, element: &str) -> Vec<String> {
        let doc = roxmltree::Document::parse(xml).expect("well-formed XML");
        doc.root_element()
            .children()
            .filter(|n| n.has_tag_name(element))
            .map(|n| n.children().find(|c| c.has_tag_name("loc")).and_then(|c| c.text()).unwrap_or("").to_string())
            .collect()
    }

    #[test]
    fn a_sitemap_past_one_files_limits_is_split_into_parts_and_an_index() {
        let site = crate::testsites::example_site();
        let pages = pages(&site);
        let base = "https://e.org/b/";
        let whole = sitemaps(&site, base, &pages, SITEMAP_LIMITS);
        assert_eq!(whole.len(), 1, "a small site has one sitemap");
        assert_eq!(whole[0].0, "sitemap.xml");
        let every = locs(&whole[0].1, "url");
        assert_eq!(every.len(), pages.len());
        let entry_bytes = whole[0].1.len() / pages.len();

        // By count: three URLs a file; by size: room for about two entries.
        let by_count = SitemapLimits { urls: 3, bytes: SITEMAP_LIMITS.bytes };
        let by_size = SitemapLimits { urls: 50_000, bytes: URLSET_START.len() + URLSET_END.len() + 2 * entry_bytes };
        for (limits, most) in [(by_count, 3), (by_size, 4)] {
            let files = sitemaps(&site, base, &pages, limits);
            assert_eq!(files[0].0, "sitemap.xml", "the index keeps the name robots.txt gives");
            let parts = locs(&files[0].1, "sitemap");
            assert_eq!(parts.len(), files.len() - 1);
            assert!(parts.len() >= every.len().div_ceil(most), "{} parts", parts.len());
            let mut joined = Vec::new();
            for (n, ((path, text), loc)) in files[1..].iter().zip(&parts).enumerate() {
                assert_eq!(path, &format!("sitemap-{}.xml", n + 1));
                assert_eq!(loc, &format!("{base}{path}"), "the index gives each part's absolute URL");
                assert!(text.len() <= limits.bytes, "{path}: {} bytes", text.len());
                let urls = locs(text, "url");
                assert!(!urls.is_empty() && urls.len() <= most, "{path}: {} URLs", urls.len());
                joined.extend(urls);
            }
            assert_eq!(joined, every, "the parts hold every page once, in order");
        }
    }

    #[test]
    fn robots_points_at_the_sitemap() {
        assert_eq!(robots("https://e.org/b/"), "User-agent: *\nAllow: /\n\nSitemap: https://e.org/b/sitemap.xml\n");
    }
}
