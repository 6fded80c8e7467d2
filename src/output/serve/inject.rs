//! What `brief serve` adds to HTML responses, and only there.
//!
//! Every HTML page gets one small inline script that listens to the event
//! stream and reloads the page when a rebuild finishes (or when it learns,
//! on connecting, that the site changed since the page was served). While
//! the content has errors, pages also get an overlay listing them with
//! `path:line:col` and the message, HTML-escaped; the page under it is the
//! last good build. `brief build` output never passes through here.

use crate::diagnostic::Diagnostic;
use crate::output::serve::route::EVENTS_PATH;

/// The opening of the injected script; tests strip from here to `</script>`.
pub const SCRIPT_MARK: &str = "<script data-brief-live>";

/// The reload script for a page served from the build identified by `id`.
pub fn script(id: &str) -> String {
    format!(
        "{SCRIPT_MARK}(function(){{var id=\"{id}\",s=new EventSource(\"{EVENTS_PATH}\");\
         s.addEventListener(\"hello\",function(e){{if(e.data!==id)location.reload()}});\
         s.addEventListener(\"reload\",function(){{location.reload()}});\
         s.addEventListener(\"build-error\",function(){{location.reload()}});}})();</script>",
        id = escape(id)
    )
}

/// The page with the script (and the error overlay, if any) inserted
/// before its last `</body>`, or appended when it has none.
pub fn inject(html: &[u8], id: &str, errors: &[Diagnostic]) -> Vec<u8> {
    let mut addition = String::new();
    if !errors.is_empty() {
        addition.push_str(&overlay(errors));
    }
    addition.push_str(&script(id));
    let at = find_last_body_close(html).unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + addition.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(addition.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A stand-in page for when the site has never built: the errors and the
/// script, so the browser recovers by itself once they are fixed.
pub fn error_page(id: &str, errors: &[Diagnostic]) -> Vec<u8> {
    let html = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
                <title>brief: the site does not build</title>\n</head>\n<body>\n\
                <p>The site has not built yet. Fix the errors below; this page reloads by itself.</p>\n\
                </body>\n</html>\n";
    inject(html.as_bytes(), id, errors)
}

fn overlay(errors: &[Diagnostic]) -> String {
    let mut out = String::from(
        "<div id=\"brief-errors\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;max-height:70vh;\
         overflow:auto;z-index:2147483647;margin:0;padding:1em 1.25em;box-sizing:border-box;background:#2b0b0b;\
         color:#fde8e8;border-top:4px solid #e5484d;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;\
         text-align:left\">",
    );
    out.push_str(&format!(
        "<p style=\"margin:0;font-weight:bold\">brief: {} in the content; this page shows the last good build.</p>",
        if errors.len() == 1 { "1 error".to_string() } else { format!("{} errors", errors.len()) }
    ));
    for error in errors {
        out.push_str("<pre style=\"margin:.75em 0 0;white-space:pre-wrap;color:inherit;background:none\">");
        out.push_str(&escape(error.render_human().trim_end()));
        out.push_str("</pre>");
    }
    out.push_str("</div>");
    out
}

fn find_last_body_close(html: &[u8]) -> Option<usize> {
    const CLOSE: &[u8] = b"</body";
    (0..=html.len().checked_sub(CLOSE.len())?).rev().find(|&i| html[i..i + CLOSE.len()].eq_ignore_ascii_case(CLOSE))
}

/// Escapes text for HTML content and attribute values (the one escaper
/// the site's markup is made with).
pub use crate::site::svg::escape;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Severity;

    #[test]
    fn script_goes_before_the_last_body_close() {
        let page = b"<html><body><p>&lt;/body&gt;</p></BODY></html>";
        let out = String::from_utf8(inject(page, "a-1", &[])).unwrap();
        let at = out.find(SCRIPT_MARK).unwrap();
        assert_eq!(&out[at - 3..at], "/p>");
        assert!(out.ends_with("</script></BODY></html>"));
        let stripped = out.replace(&script("a-1"), "");
        assert_eq!(stripped.as_bytes(), page);
        assert!(!out.contains("brief-errors"));
    }

    #[test]
    fn overlay_escapes_the_diagnostics() {
        let d = Diagnostic::at_path(Severity::Error, "yaml-syntax", "content/<b>.yaml", "bad \"<script>\" & more");
        let out = String::from_utf8(inject(b"<p>x</p>", "1", &[d])).unwrap();
        assert!(out.contains("content/&lt;b&gt;.yaml: error[yaml-syntax]: bad &quot;&lt;script&gt;&quot; &amp; more"));
        assert!(!out.contains("<b>"));
        assert!(out.contains("id=\"brief-errors\""));
        assert!(error_page("1", &[]).starts_with(b"<!DOCTYPE html>"));
    }
}
