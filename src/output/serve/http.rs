//! The HTTP/1.1 wire format, as much of it as a preview server needs.
//!
//! `brief serve` answers GET and HEAD from a browser on the same machine,
//! one request per connection (`Connection: close`), plus one long-lived
//! Server-Sent Events stream per open page. That is a few dozen lines over
//! `std::net`, so we write them rather than pull in an async runtime: the
//! request line and headers are read with hard size limits, the body of a
//! GET is never read, and every response states its length and type.

use std::io::{self, BufRead, Read, Write};

/// Longest request line or header line we accept, in bytes.
const MAX_LINE: u64 = 8 * 1024;
/// Most header lines we accept before giving up on a request.
const MAX_HEADERS: usize = 100;

/// The request methods the server tells apart.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Method {
    Get,
    Head,
    Other,
}

/// A parsed request: its method and its target exactly as sent.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Request {
    pub method: Method,
    pub target: String,
}

/// The statuses the server answers with.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    Ok,
    MovedPermanently,
    BadRequest,
    NotFound,
    MethodNotAllowed,
    HeadersTooLarge,
    InternalError,
    Unavailable,
}

impl Status {
    pub fn line(self) -> &'static str {
        match self {
            Status::Ok => "200 OK",
            Status::MovedPermanently => "301 Moved Permanently",
            Status::BadRequest => "400 Bad Request",
            Status::NotFound => "404 Not Found",
            Status::MethodNotAllowed => "405 Method Not Allowed",
            Status::HeadersTooLarge => "431 Request Header Fields Too Large",
            Status::InternalError => "500 Internal Server Error",
            Status::Unavailable => "503 Service Unavailable",
        }
    }
}

/// Reads the request line and skips the headers. `Err` carries the status
/// to answer with; `Ok(None)` means the client closed without a request.
pub fn read_request(reader: &mut impl BufRead) -> Result<Option<Request>, Status> {
    let Some(line) = read_line(reader)? else { return Ok(None) };
    let mut parts = line.split(' ');
    let (Some(method), Some(target), Some(version), None) = (parts.next(), parts.next(), parts.next(), parts.next())
    else {
        return Err(Status::BadRequest);
    };
    if !version.starts_with("HTTP/1.") || target.is_empty() {
        return Err(Status::BadRequest);
    }
    for _ in 0..MAX_HEADERS {
        match read_line(reader)? {
            Some(header) if header.is_empty() => {
                let method = match method {
                    "GET" => Method::Get,
                    "HEAD" => Method::Head,
                    _ => Method::Other,
                };
                return Ok(Some(Request { method, target: target.to_string() }));
            }
            Some(_) => {}
            None => return Err(Status::BadRequest),
        }
    }
    Err(Status::HeadersTooLarge)
}

/// One CRLF- (or LF-) terminated line of at most `MAX_LINE` bytes, as UTF-8.
fn read_line(reader: &mut impl BufRead) -> Result<Option<String>, Status> {
    let mut bytes = Vec::new();
    let read = reader.take(MAX_LINE).read_until(b'\n', &mut bytes).map_err(|_| Status::BadRequest)?;
    if read == 0 {
        return Ok(None);
    }
    if bytes.last() != Some(&b'\n') {
        return Err(if read as u64 >= MAX_LINE { Status::HeadersTooLarge } else { Status::BadRequest });
    }
    bytes.pop();
    if bytes.last() == Some(&b'\r') {
        bytes.pop();
    }
    String::from_utf8(bytes).map(Some).map_err(|_| Status::BadRequest)
}

/// Writes a complete response; a HEAD request gets the headers only.
pub fn write_response(
    out: &mut impl Write,
    status: Status,
    headers: &[(&str, &str)],
    body: &[u8],
    head_only: bool,
) -> io::Result<()> {
    let mut text = format!("HTTP/1.1 {}\r\nContent-Length: {}\r\n", status.line(), body.len());
    text.push_str("Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n");
    for (name, value) in headers {
        text.push_str(&format!("{name}: {value}\r\n"));
    }
    text.push_str("\r\n");
    out.write_all(text.as_bytes())?;
    if !head_only {
        out.write_all(body)?;
    }
    out.flush()
}

/// A short plain-text response for errors and redirects.
pub fn write_plain(out: &mut impl Write, status: Status, extra: &[(&str, &str)], head_only: bool) -> io::Result<()> {
    let mut headers = vec![("Content-Type", "text/plain; charset=utf-8")];
    headers.extend_from_slice(extra);
    let body = format!("{}\n", status.line());
    write_response(out, status, &headers, body.as_bytes(), head_only)
}

/// The `Content-Type` for a file of the site, from its extension. Text
/// types declare UTF-8, which is what `brief` writes.
pub fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase()).unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json; charset=utf-8",
        "xml" => "application/xml; charset=utf-8",
        "svg" => "image/svg+xml; charset=utf-8",
        "txt" | "md" => "text/plain; charset=utf-8",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(raw: &str) -> Result<Option<Request>, Status> {
        read_request(&mut io::Cursor::new(raw.as_bytes().to_vec()))
    }

    #[test]
    fn reads_get_and_head() {
        let r = parse("GET /a/b.html?x=1 HTTP/1.1\r\nHost: x\r\n\r\n").unwrap().unwrap();
        assert_eq!((r.method, r.target.as_str()), (Method::Get, "/a/b.html?x=1"));
        let r = parse("HEAD / HTTP/1.0\n\n").unwrap().unwrap();
        assert_eq!(r.method, Method::Head);
        assert_eq!(parse("POST / HTTP/1.1\r\n\r\n").unwrap().unwrap().method, Method::Other);
        assert_eq!(parse("").unwrap(), None);
    }

    #[test]
    fn refuses_malformed_and_oversized_requests() {
        assert_eq!(parse("GET /\r\n\r\n"), Err(Status::BadRequest));
        assert_eq!(parse("GET / HTTP/1.1\r\nHost: x\r\n"), Err(Status::BadRequest), "no blank line");
        assert_eq!(parse("GET / / HTTP/1.1\r\n\r\n"), Err(Status::BadRequest));
        let long = format!("GET /{} HTTP/1.1\r\n\r\n", "a".repeat(9000));
        assert_eq!(parse(&long), Err(Status::HeadersTooLarge));
        let many = format!("GET / HTTP/1.1\r\n{}\r\n", "X: y\r\n".repeat(200));
        assert_eq!(parse(&many), Err(Status::HeadersTooLarge));
        assert_eq!(read_request(&mut io::Cursor::new(b"GET /\xff HTTP/1.1\r\n\r\n".to_vec())), Err(Status::BadRequest));
    }

    #[test]
    fn text_types_declare_utf8() {
        for path in ["a.html", "s.css", "x.js", "f.json", "atom.xml", "m.svg"] {
            assert!(content_type(path).ends_with("; charset=utf-8"), "{path}");
        }
        assert_eq!(content_type("briefs/x/map.PNG"), "image/png");
        assert_eq!(content_type("noext"), "application/octet-stream");
    }

    #[test]
    fn head_gets_headers_only() {
        let mut out = Vec::new();
        write_response(&mut out, Status::Ok, &[("Content-Type", "text/plain")], b"hello", true).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"));
        assert!(text.contains("Content-Length: 5\r\n"));
        assert!(text.ends_with("\r\n\r\n"));
    }
}
