//! Live reload: tell every open page that the site changed.
//!
//! Each open page holds one Server-Sent Events stream. The rebuild loop
//! broadcasts one event per rebuild: `reload` after a good build,
//! `build-error` (with the error headlines as JSON) after a failed one.
//! A new stream first gets `hello` with the current snapshot id, so a page
//! that missed a rebuild while (re)connecting reloads as well. Streams send
//! a comment every few seconds; a write that fails means the page is gone
//! and its thread ends. Subscribers are plain channels, so the benchmark
//! and tests can listen in-process too.

use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, RecvTimeoutError, Sender};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// How often an idle stream sends a keep-alive comment.
const KEEP_ALIVE: Duration = Duration::from_secs(10);

/// What open pages are told.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LiveEvent {
    /// A good build with this snapshot id.
    Reload { id: String },
    /// A failed build: the snapshot id and one headline per error.
    BuildError { id: String, errors: Vec<String> },
    /// The server is stopping.
    Shutdown,
}

impl LiveEvent {
    /// The event in the SSE wire format (`event:` and one `data:` line).
    pub fn frame(&self) -> Option<String> {
        match self {
            LiveEvent::Reload { id } => Some(format!("event: reload\ndata: {id}\n\n")),
            LiveEvent::BuildError { id, errors } => {
                let data = serde_json::json!({ "id": id, "errors": errors });
                Some(format!("event: build-error\ndata: {data}\n\n"))
            }
            LiveEvent::Shutdown => None,
        }
    }
}

/// Everyone listening for rebuilds.
#[derive(Debug, Default)]
pub struct Live {
    subscribers: Mutex<Vec<Sender<LiveEvent>>>,
}

impl Live {
    pub fn subscribe(&self) -> Receiver<LiveEvent> {
        let (tx, rx) = mpsc::channel();
        self.subscribers.lock().unwrap_or_else(PoisonError::into_inner).push(tx);
        rx
    }

    /// Sends to every subscriber, forgetting those that have gone.
    pub fn broadcast(&self, event: &LiveEvent) {
        self.subscribers.lock().unwrap_or_else(PoisonError::into_inner).retain(|s| s.send(event.clone()).is_ok());
    }
}

/// Writes the stream's headers and `hello`, then each event until the page
/// goes away or the server stops.
pub fn stream(out: &mut impl Write, events: &Receiver<LiveEvent>, hello_id: &str) -> io::Result<()> {
    out.write_all(
        b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream; charset=utf-8\r\nCache-Control: no-store\r\n\
          X-Content-Type-Options: nosniff\r\nConnection: close\r\n\r\nretry: 1000\n\n",
    )?;
    out.write_all(format!("event: hello\ndata: {hello_id}\n\n").as_bytes())?;
    out.flush()?;
    loop {
        let frame = match events.recv_timeout(KEEP_ALIVE) {
            Ok(event) => match event.frame() {
                Some(frame) => frame,
                None => return Ok(()),
            },
            Err(RecvTimeoutError::Timeout) => ": keep-alive\n\n".to_string(),
            Err(RecvTimeoutError::Disconnected) => return Ok(()),
        };
        out.write_all(frame.as_bytes())?;
        out.flush()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn streams_hello_then_events_until_shutdown() {
        let live = Live::default();
        let rx = live.subscribe();
        live.broadcast(&LiveEvent::Reload { id: "a-2".into() });
        live.broadcast(&LiveEvent::BuildError { id: "a-3".into(), errors: vec!["x.yaml:1:2: error\n\"q\"".into()] });
        live.broadcast(&LiveEvent::Shutdown);
        let mut out = Vec::new();
        stream(&mut out, &rx, "a-1").unwrap();
        let text = String::from_utf8(out).unwrap();
        let body = text.split("\r\n\r\n").nth(1).unwrap();
        assert_eq!(
            body,
            "retry: 1000\n\nevent: hello\ndata: a-1\n\nevent: reload\ndata: a-2\n\n\
             event: build-error\ndata: {\"errors\":[\"x.yaml:1:2: error\\n\\\"q\\\"\"],\"id\":\"a-3\"}\n\n"
        );
    }

    #[test]
    fn gone_subscribers_are_dropped() {
        let live = Live::default();
        drop(live.subscribe());
        let kept = live.subscribe();
        live.broadcast(&LiveEvent::Shutdown);
        assert_eq!(live.subscribers.lock().unwrap().len(), 1);
        assert_eq!(kept.recv().unwrap(), LiveEvent::Shutdown);
    }
}
