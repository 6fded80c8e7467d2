//! Answer one connection: read its request, route it, send the file.
//!
//! Pages come from the current snapshot, so a request never sees half a
//! rebuild. HTML gets the reload script (and the error overlay while the
//! content has errors); every other file is sent as the build would write
//! it. A missing path gets the site's own 404 page with status 404 (the
//! language's own one under `en/`), and a site that has never built gets a
//! page listing its errors.

use std::borrow::Cow;
use std::fs;
use std::io::{self, BufReader, Write};
use std::net::TcpStream;
use std::time::Duration;

use crate::output::serve::http::{self, Method, Status};
use crate::output::serve::inject;
use crate::output::serve::live::{self, Live};
use crate::output::serve::route::{Route, route};
use crate::output::serve::snapshot::{Body, SiteState, Snapshot};

/// How long a client may take to send its request or accept a write.
const TIMEOUT: Duration = Duration::from_secs(10);

/// Serves one connection to its end.
pub fn handle(stream: TcpStream, state: &SiteState, live: &Live) -> io::Result<()> {
    stream.set_read_timeout(Some(TIMEOUT))?;
    stream.set_write_timeout(Some(TIMEOUT))?;
    let mut out = stream.try_clone()?;
    let request = match http::read_request(&mut BufReader::new(stream)) {
        Ok(Some(request)) => request,
        Ok(None) => return Ok(()),
        Err(status) => return http::write_plain(&mut out, status, &[], false),
    };
    let head = request.method == Method::Head;
    if request.method == Method::Other {
        return http::write_plain(&mut out, Status::MethodNotAllowed, &[("Allow", "GET, HEAD")], false);
    }
    let snapshot = state.current();
    match route(&request.target, |p| snapshot.files.contains_key(p)) {
        Route::Events if head => {
            http::write_response(&mut out, Status::Ok, &[("Content-Type", "text/event-stream")], b"", true)
        }
        Route::Events => {
            let events = live.subscribe();
            // Read the id after subscribing, so no rebuild falls in between.
            let id = state.current().id.clone();
            live::stream(&mut out, &events, &id)
        }
        Route::BadRequest => http::write_plain(&mut out, Status::BadRequest, &[], head),
        Route::Redirect(to) => http::write_plain(&mut out, Status::MovedPermanently, &[("Location", &to)], head),
        _ if snapshot.files.is_empty() => {
            let page = inject::error_page(&snapshot.id, &snapshot.errors);
            send(&mut out, Status::InternalError, "index.html", &page, &snapshot, head)
        }
        Route::File(path) => send_file(&mut out, Status::Ok, &path, &snapshot, head),
        Route::NotFound(path) => {
            let language_404 = path.split_once('/').map(|(first, _)| format!("{first}/404.html"));
            let page = language_404.filter(|p| snapshot.files.contains_key(p)).unwrap_or_else(|| "404.html".into());
            if snapshot.files.contains_key(&page) {
                send_file(&mut out, Status::NotFound, &page, &snapshot, head)
            } else {
                http::write_plain(&mut out, Status::NotFound, &[], head)
            }
        }
    }
}

fn send_file(out: &mut impl Write, status: Status, path: &str, snapshot: &Snapshot, head: bool) -> io::Result<()> {
    let bytes: Cow<[u8]> = match snapshot.files.get(path) {
        Some(Body::Memory(bytes)) => Cow::Borrowed(&bytes[..]),
        Some(Body::Disk(from)) => match fs::read(from) {
            Ok(bytes) => Cow::Owned(bytes),
            // Removed since the last good build; the rebuild it caused will say so.
            Err(_) => return http::write_plain(out, Status::NotFound, &[], head),
        },
        None => return http::write_plain(out, Status::NotFound, &[], head),
    };
    send(out, status, path, &bytes, snapshot, head)
}

fn send(
    out: &mut impl Write,
    status: Status,
    path: &str,
    bytes: &[u8],
    snapshot: &Snapshot,
    head: bool,
) -> io::Result<()> {
    let content_type = http::content_type(path);
    let headers = [("Content-Type", content_type)];
    if content_type.starts_with("text/html") {
        let page = inject::inject(bytes, &snapshot.id, &snapshot.errors);
        http::write_response(out, status, &headers, &page, head)
    } else {
        http::write_response(out, status, &headers, bytes, head)
    }
}
