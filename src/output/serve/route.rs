//! Route: from a request target to a file of the built site, safely.
//!
//! The site lives in memory as a map from output paths (`briefs/x/index.html`)
//! to contents, so a request can only ever name one of those keys; still,
//! a target is refused outright (400) when it tries to climb or hide a
//! separator: `..` or `.` segments, empty segments (`//`), backslashes,
//! percent-encoded `/`, `\` or NUL, control characters, or a target that is
//! not an origin path (`http://...`, `C:\...`). What passes is a clean
//! relative path. `/` and `/dir/` mean the folder's `index.html`; a folder
//! named without its slash is redirected to it, so relative links resolve.

/// Where the server sends a request.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Route {
    /// The live-reload event stream.
    Events,
    /// A file of the site, by its output path.
    File(String),
    /// A folder named without its trailing slash: redirect here.
    Redirect(String),
    /// A clean path the site does not have.
    NotFound(String),
    /// A target that tries to escape or is malformed.
    BadRequest,
}

/// The path of the Server-Sent Events stream that open pages listen to.
pub const EVENTS_PATH: &str = "/__brief/events";

/// Maps a request target to a route; `exists` says whether the site has a file.
pub fn route(target: &str, exists: impl Fn(&str) -> bool) -> Route {
    let path = target.split(['?', '#']).next().unwrap_or("");
    if path == EVENTS_PATH {
        return Route::Events;
    }
    let Some(relative) = path.strip_prefix('/') else { return Route::BadRequest };
    let Some(decoded) = decode(relative) else { return Route::BadRequest };
    if !is_clean(&decoded) {
        return Route::BadRequest;
    }
    if decoded.is_empty() || decoded.ends_with('/') {
        let index = format!("{decoded}index.html");
        return if exists(&index) { Route::File(index) } else { Route::NotFound(decoded) };
    }
    if exists(&decoded) {
        Route::File(decoded)
    } else if exists(&format!("{decoded}/index.html")) {
        Route::Redirect(format!("/{relative}/"))
    } else {
        Route::NotFound(decoded)
    }
}

/// Percent-decodes a path, refusing encoded separators, NUL, bad escapes
/// and anything that is not UTF-8.
fn decode(path: &str) -> Option<String> {
    let bytes = path.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            let byte = u8::from_str_radix(hex, 16).ok()?;
            if matches!(byte, b'/' | b'\\' | 0) {
                return None;
            }
            out.push(byte);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Whether a decoded relative path stays inside the site: no dot segments,
/// no empty segments, no backslashes, drive letters or control characters.
fn is_clean(path: &str) -> bool {
    if path.contains(['\\', ':']) || path.chars().any(char::is_control) {
        return false;
    }
    let trimmed = path.strip_suffix('/').unwrap_or(path);
    trimmed.is_empty() || trimmed.split('/').all(|segment| !matches!(segment, "" | "." | ".."))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn site(path: &str) -> bool {
        ["index.html", "en/index.html", "briefs/a-b/index.html", "assets/style.css", "people/普京.html"].contains(&path)
    }

    #[test]
    fn folders_map_to_their_index() {
        assert_eq!(route("/", site), Route::File("index.html".into()));
        assert_eq!(route("/en/", site), Route::File("en/index.html".into()));
        assert_eq!(route("/briefs/a-b/?x=1#top", site), Route::File("briefs/a-b/index.html".into()));
        assert_eq!(route("/briefs/a-b", site), Route::Redirect("/briefs/a-b/".into()));
        assert_eq!(route("/assets/style.css", site), Route::File("assets/style.css".into()));
        assert_eq!(route("/people/%E6%99%AE%E4%BA%AC.html", site), Route::File("people/普京.html".into()));
        assert_eq!(route("/nope.html", site), Route::NotFound("nope.html".into()));
        assert_eq!(route("/people/", site), Route::NotFound("people/".into()));
        assert_eq!(route(EVENTS_PATH, site), Route::Events);
    }

    #[test]
    fn traversal_is_refused() {
        for target in [
            "/../etc/passwd",
            "/briefs/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/briefs%2f..%2f..%2fsecret",
            "/..%5c..%5cwindows",
            "/..\\..\\windows",
            "/./index.html",
            "//etc/passwd",
            "/C:/Windows/win.ini",
            "http://example.com/index.html",
            "*",
            "/a%00b",
            "/%zz",
            "/%e6",
            "/a%0a",
        ] {
            assert_eq!(route(target, |_| true), Route::BadRequest, "{target}");
        }
        // An absolute path of the host is just a path the site does not have.
        assert_eq!(route("/etc/passwd", site), Route::NotFound("etc/passwd".into()));
    }
}
