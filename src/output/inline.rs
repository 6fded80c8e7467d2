//! Making one rendered page self-contained: the rewriting behind
//! `brief export`.
//!
//! The page comes from our own templates, so its markup is regular
//! (double-quoted attributes, escaped text); a small tag scanner is enough
//! and keeps the crate free of an HTML parser. Every `href`/`src` that
//! would load or open another file is inlined (stylesheet, images),
//! turned absolute (other pages, when a base URL is known) or turned into
//! plain text; in-page `#` links and `data:` URIs stay as they are.

use std::fmt::Write as _;

use crate::site::links::absolute_url;
use crate::site::render::OutputFile;

/// Styles the export adds: link texts that lead nowhere offline.
const EXPORT_CSS: &str = "\n/* brief export */\n.site-nav li:has(> .link-text) { display: none; }\n\
.link-url { color: var(--muted); font-size: .85em; word-break: break-all; }\n\
.source-url { display: inline; word-break: break-all; }\n.sources .link-url { display: none; }\n";

/// Finds the files a page refers to.
pub struct Resolver<'a> {
    pub files: &'a [OutputFile],
    /// The page's path relative to the output root.
    pub page: &'a str,
    pub base_url: Option<&'a str>,
}

impl Resolver<'_> {
    /// The output path a relative URL leads to from `from`, without its
    /// fragment; `None` when it climbs out of the site.
    fn resolve(from: &str, url: &str) -> Option<String> {
        let target = url.split(['#', '?']).next().unwrap_or("");
        let mut parts: Vec<&str> = from.split('/').collect();
        parts.pop();
        for segment in target.split('/') {
            match segment {
                "" | "." => {}
                ".." => {
                    parts.pop()?;
                }
                s => parts.push(s),
            }
        }
        Some(parts.join("/"))
    }

    fn bytes(&self, path: &str) -> Option<Vec<u8>> {
        match self.files.iter().find(|f| f.path() == path)? {
            OutputFile::Page { bytes, .. } | OutputFile::Data { bytes, .. } => Some(bytes.clone()),
            OutputFile::Copy { from, .. } => std::fs::read(from).ok(),
        }
    }

    fn data_uri(&self, from: &str, url: &str) -> Option<String> {
        let path = Self::resolve(from, url)?;
        let bytes = self.bytes(&path)?;
        Some(format!("data:{};base64,{}", mime(&path), base64(&bytes)))
    }
}

fn mime(path: &str) -> &'static str {
    let ext = path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    match ext.as_str() {
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "svg" => "image/svg+xml",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "css" => "text/css",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

/// Standard base64 with padding.
pub fn base64(bytes: &[u8]) -> String {
    const ABC: &[u8; 64] = b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    let mut out = String::with_capacity(bytes.len().div_ceil(3) * 4);
    for chunk in bytes.chunks(3) {
        let n = chunk.iter().enumerate().fold(0u32, |n, (i, b)| n | u32::from(*b) << (16 - 8 * i));
        for i in 0..4 {
            if i <= chunk.len() {
                out.push(char::from(ABC[(n >> (18 - 6 * i) & 63) as usize]));
            } else {
                out.push('=');
            }
        }
    }
    out
}

/// The value of a double-quoted attribute in a tag, with its byte range.
fn attr(tag: &str, name: &str) -> Option<(String, std::ops::Range<usize>)> {
    let key = format!(" {name}=\"");
    let start = tag.find(&key)?;
    let value_start = start + key.len();
    let len = tag[value_start..].find('"')?;
    Some((tag[value_start..value_start + len].replace("&amp;", "&"), start..value_start + len + 1))
}

fn is_external(url: &str) -> bool {
    url.starts_with("http://") || url.starts_with("https://") || url.starts_with("//")
}

/// Inlines `url(...)` references of a stylesheet at `css_path`.
fn inline_css(css: &str, css_path: &str, r: &Resolver) -> String {
    let mut out = String::with_capacity(css.len());
    let mut rest = css;
    while let Some(i) = rest.find("url(") {
        out.push_str(&rest[..i + 4]);
        rest = &rest[i + 4..];
        let end = rest.find(')').unwrap_or(rest.len());
        let url = rest[..end].trim().trim_matches(['"', '\'']);
        if url.starts_with("data:") {
            out.push_str(&rest[..end]);
        } else {
            let uri = r.data_uri(css_path, url).unwrap_or_else(|| "data:,".to_string());
            let _ = write!(out, "\"{uri}\"");
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

/// What a link becomes in the export.
enum LinkFate {
    Keep,
    Href(String),
    Text { url: Option<String> },
}

fn link_fate(href: &str, r: &Resolver) -> LinkFate {
    if href.starts_with('#') || href.starts_with("mailto:") {
        return LinkFate::Keep;
    }
    if is_external(href) {
        return match r.base_url {
            Some(base) if href.starts_with(base.trim_end_matches('/')) => LinkFate::Keep,
            _ => LinkFate::Text { url: Some(href.to_string()) },
        };
    }
    match Resolver::resolve(r.page, href) {
        Some(path) if path == r.page => {
            LinkFate::Href(href.find('#').map_or_else(|| "#".to_string(), |i| href[i..].to_string()))
        }
        Some(path) => match r.base_url {
            Some(base) => {
                let fragment = href.find('#').map_or("", |i| &href[i..]);
                LinkFate::Href(format!("{}{fragment}", absolute_url(base, &path)))
            }
            None => LinkFate::Text { url: None },
        },
        None => LinkFate::Text { url: None },
    }
}

/// Rewrites one start tag; `closing` collects what the matching `</a>` becomes.
fn rewrite_tag(tag: &str, name: &str, r: &Resolver, closing: &mut Option<String>) -> String {
    match name {
        "link" => {
            let href = attr(tag, "href").map(|(v, _)| v).unwrap_or_default();
            if tag.contains("rel=\"stylesheet\"") {
                let path = Resolver::resolve(r.page, &href).unwrap_or_default();
                let css = r.bytes(&path).map(|b| String::from_utf8_lossy(&b).into_owned()).unwrap_or_default();
                format!("<style>\n{}{EXPORT_CSS}</style>", inline_css(&css, &path, r))
            } else if tag.contains("rel=\"canonical\"") && is_external(&href) {
                tag.to_string()
            } else {
                String::new()
            }
        }
        "a" => {
            let Some((href, range)) = attr(tag, "href") else { return tag.to_string() };
            match link_fate(&href, r) {
                LinkFate::Keep => tag.to_string(),
                LinkFate::Href(new) => {
                    format!("{}href=\"{}\"{}", &tag[..range.start + 1], escape_attr(&new), &tag[range.end..])
                }
                LinkFate::Text { url } => {
                    *closing = Some(match url {
                        Some(u) => format!("</span> <span class=\"link-url\">({})</span>", escape_attr(&u)),
                        None => "</span>".to_string(),
                    });
                    "<span class=\"link-text\">".to_string()
                }
            }
        }
        "img" => match attr(tag, "src") {
            Some((src, range)) if !src.starts_with("data:") => match r.data_uri(r.page, &src) {
                Some(uri) if !is_external(&src) => {
                    format!("{}src=\"{uri}\"{}", &tag[..range.start + 1], &tag[range.end..])
                }
                _ => format!(
                    "<span class=\"link-text\">{}</span>",
                    attr(tag, "alt").map(|(a, _)| escape_attr(&a)).unwrap_or_default()
                ),
            },
            _ => tag.to_string(),
        },
        _ => strip_references(tag),
    }
}

/// Drops `href`/`src`/`action` attributes that lead to another file.
fn strip_references(tag: &str) -> String {
    let mut tag = tag.to_string();
    for name in ["href", "src", "action", "poster", "srcset"] {
        while let Some((value, range)) = attr(&tag, name) {
            if value.starts_with('#') || value.starts_with("data:") {
                break;
            }
            tag.replace_range(range, "");
        }
    }
    tag
}

fn escape_attr(s: &str) -> String {
    s.replace('&', "&amp;").replace('"', "&quot;").replace('<', "&lt;")
}

/// The page with every reference to another file inlined, made absolute
/// or turned into text.
pub fn self_contained(html: &str, r: &Resolver) -> String {
    let mut out = String::with_capacity(html.len() * 2);
    let mut rest = html;
    let mut closing: Option<String> = None;
    while let Some(i) = rest.find('<') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let end = rest.find('>').map_or(rest.len(), |e| e + 1);
        let tag = &rest[..end];
        let name: String =
            tag[1..].chars().take_while(|c| c.is_ascii_alphanumeric() || *c == '/' || *c == '!').collect();
        match name.to_ascii_lowercase().as_str() {
            "/a" => out.push_str(closing.take().as_deref().unwrap_or(tag)),
            "script" if attr(tag, "src").is_some() => {
                let close = rest.find("</script>").map_or(rest.len(), |c| c + "</script>".len());
                rest = &rest[close..];
                continue;
            }
            n => out.push_str(&rewrite_tag(tag, n, r, &mut closing)),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files() -> Vec<OutputFile> {
        vec![
            OutputFile::Page { path: "assets/style.css".into(), bytes: b"body{background:url(bg.png)}".to_vec() },
            OutputFile::Page { path: "assets/bg.png".into(), bytes: b"PNG".to_vec() },
            OutputFile::Page { path: "en/briefs/x/map.png".into(), bytes: b"\x89PNG".to_vec() },
        ]
    }

    #[test]
    fn base64_matches_the_standard() {
        assert_eq!(base64(b""), "");
        assert_eq!(base64(b"f"), "Zg==");
        assert_eq!(base64(b"fo"), "Zm8=");
        assert_eq!(base64(b"foobar"), "Zm9vYmFy");
    }

    #[test]
    fn inlines_styles_and_images_and_unlinks_other_pages() {
        let files = files();
        let r = Resolver { files: &files, page: "en/briefs/x/index.html", base_url: None };
        let html = "<link rel=\"stylesheet\" href=\"../../../assets/style.css\"><link rel=\"alternate\" href=\"../../../briefs/x/index.html\">\
            <a href=\"../../people/putin/index.html\">Putin</a> <a href=\"#call-a\">call</a> <a href=\"index.html#s\">s</a>\
            <img src=\"map.png\" alt=\"Map\"><a href=\"https://example.org/a\">source</a><script src=\"x.js\"></script>";
        let out = self_contained(html, &r);
        assert!(out.starts_with("<style>\nbody{background:url(\"data:image/png;base64,UE5H\")}"), "{out}");
        assert!(!out.contains("alternate"));
        assert!(out.contains("<span class=\"link-text\">Putin</span>"));
        assert!(out.contains("<a href=\"#call-a\">call</a>") && out.contains("<a href=\"#s\">s</a>"));
        assert!(out.contains("src=\"data:image/png;base64,iVBORw==\""));
        assert!(out.contains("source</span> <span class=\"link-url\">(https://example.org/a)</span>"));
        assert!(!out.contains("x.js"));
    }

    #[test]
    fn other_pages_become_absolute_with_a_base_url() {
        let files = files();
        let r = Resolver { files: &files, page: "briefs/x/index.html", base_url: Some("https://b.org/site/") };
        let out = self_contained("<a class=\"e\" href=\"../../people/putin/index.html#q\">P</a>", &r);
        assert_eq!(out, "<a class=\"e\" href=\"https://b.org/site/people/putin/#q\">P</a>");
    }
}
