//! `brief serve`: a live preview for editors that never falls over on bad input.
//!
//! The site is built in memory with `check_site()`, exactly the files `brief build`
//! would write, and served from there; nothing is written to disk, so there
//! is nothing to clean up. Three kinds of thread share one `SiteState`:
//!
//! ```text
//! watcher (notify) --Signal--> rebuild loop --snapshot--> SiteState <-- request threads
//!                                   \--LiveEvent--> Live --SSE--> open pages
//! ```
//!
//! A rebuild is a full in-memory build, or, when only narratives changed
//! and nothing outside their briefs depends on the change, just their
//! pages and the search index (`examples/serve_bench.rs` measures
//! save-to-reload). A build with
//! errors leaves the last good pages in place and only changes the errors
//! shown in the terminal and in an overlay on the pages; the next good
//! build clears them. The HTTP side is a small HTTP/1.1 server of our own
//! over `std::net`, one thread per connection (see `http.rs` for why).

mod http;
mod inject;
mod live;
mod respond;
mod route;
mod snapshot;
mod watch;

use std::io;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr, TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::thread::{self, JoinHandle};
use std::time::Duration;

use crate::diagnostic::Diagnostic;

pub use inject::SCRIPT_MARK;
use live::Live;
pub use live::LiveEvent;
pub use route::EVENTS_PATH;
pub use snapshot::Outcome;
use snapshot::{Kept, SiteState, catch_up_index, rebuild};
use watch::{Signal, Watch};

/// Most connections served at once; more get 503 (each open page holds one).
const MAX_CONNECTIONS: usize = 256;

/// What `brief serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub bind: IpAddr,
    /// 0 picks a free port.
    pub port: u16,
    /// How long the watcher waits for a burst of file events to settle.
    pub debounce: Duration,
}

impl ServeOptions {
    /// Serving `root` on 127.0.0.1:8000 with a 50 ms debounce.
    pub fn new(root: impl Into<PathBuf>) -> ServeOptions {
        ServeOptions { root: root.into(), bind: IpAddr::V4(Ipv4Addr::LOCALHOST), port: 8000, debounce: ms(50) }
    }
}

fn ms(n: u64) -> Duration {
    Duration::from_millis(n)
}

/// What the server tells its caller (the command line prints it).
#[derive(Debug)]
pub enum ServeReport<'a> {
    /// A build finished, good or bad; `changed` is empty for the first one.
    Built { outcome: &'a Outcome, changed: &'a [String] },
    /// The watcher reported a problem; serving goes on.
    WatchTrouble(&'a str),
}

/// Receives reports from the server's threads.
pub type Reporter = Arc<dyn Fn(&ServeReport) + Send + Sync>;

/// A running server; [`Server::shutdown`] (or dropping it) stops it.
pub struct Server {
    addr: SocketAddr,
    live: Arc<Live>,
    stop: Arc<AtomicBool>,
    signals: Sender<Signal>,
    threads: Vec<JoinHandle<()>>,
}

/// Why the server could not start.
#[derive(Debug)]
pub enum StartError {
    /// The root is not a site (no `content/` folder).
    NotASite(Vec<Diagnostic>),
    /// The address could not be bound.
    Bind(SocketAddr, io::Error),
}

/// Builds the site, binds the address and starts watching; returns once the
/// first build is being served.
pub fn start(options: &ServeOptions, report: Reporter) -> Result<Server, StartError> {
    let root = options.root.canonicalize().unwrap_or_else(|_| options.root.clone());
    if !root.join("content").is_dir() {
        return Err(StartError::NotASite(crate::build::check_diagnostics(&root, None)));
    }
    let wanted = SocketAddr::new(options.bind, options.port);
    let listener = TcpListener::bind(wanted).map_err(|e| StartError::Bind(wanted, e))?;
    let addr = listener.local_addr().map_err(|e| StartError::Bind(wanted, e))?;
    let state = Arc::new(SiteState::new());
    let mut kept = Kept::default();
    let outcome = rebuild(&root, &state, &mut kept, &[]);
    report(&ServeReport::Built { outcome: &outcome, changed: &[] });
    let live = Arc::new(Live::default());
    let stop = Arc::new(AtomicBool::new(false));
    let (signals, receiver) = mpsc::channel();
    let edited = Arc::new(AtomicBool::new(false));
    let watch = match Watch::start(&root, options.debounce, signals.clone(), edited.clone()) {
        Ok(w) => Some(w),
        Err(e) => {
            report(&ServeReport::WatchTrouble(&format!(
                "cannot watch {}: {e}; edits will not rebuild",
                root.display()
            )));
            None
        }
    };
    let rebuilder = RebuildLoop { root, state: state.clone(), kept, edited, live: live.clone(), watch, report };
    let threads = vec![
        spawn("brief-rebuild", move || rebuilder.run(&receiver)),
        spawn("brief-accept", {
            let (state, live, stop) = (state, live.clone(), stop.clone());
            move || accept_loop(&listener, &state, &live, &stop)
        }),
    ];
    Ok(Server { addr, live, stop, signals, threads })
}

fn spawn(name: &str, f: impl FnOnce() + Send + 'static) -> JoinHandle<()> {
    thread::Builder::new().name(name.into()).spawn(f).expect("the system could not start a thread")
}

impl Server {
    /// The address actually bound (with the port picked when 0 was asked).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// Listens to the events open pages get (reload, build-error).
    pub fn subscribe(&self) -> Receiver<LiveEvent> {
        self.live.subscribe()
    }

    /// Stops watching and serving, closes every event stream, and waits
    /// for the server's threads.
    pub fn shutdown(mut self) {
        self.stop_threads();
    }

    fn stop_threads(&mut self) {
        if self.stop.swap(true, Ordering::SeqCst) {
            return;
        }
        let _ = self.signals.send(Signal::Stop);
        // Wake the accept loop, which is blocked in accept().
        let _ = TcpStream::connect_timeout(&wake_address(self.addr), ms(500));
        self.live.broadcast(&LiveEvent::Shutdown);
        for thread in self.threads.drain(..) {
            let _ = thread.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.stop_threads();
    }
}

/// Where to connect to reach our own listener (an unspecified bind address
/// is reached through loopback).
fn wake_address(addr: SocketAddr) -> SocketAddr {
    match addr.ip() {
        IpAddr::V4(ip) if ip.is_unspecified() => SocketAddr::new(IpAddr::V4(Ipv4Addr::LOCALHOST), addr.port()),
        IpAddr::V6(ip) if ip.is_unspecified() => SocketAddr::new(IpAddr::V6(Ipv6Addr::LOCALHOST), addr.port()),
        _ => addr,
    }
}

fn accept_loop(listener: &TcpListener, state: &Arc<SiteState>, live: &Arc<Live>, stop: &AtomicBool) {
    let active = Arc::new(AtomicUsize::new(0));
    for connection in listener.incoming() {
        if stop.load(Ordering::SeqCst) {
            break;
        }
        let Ok(stream) = connection else {
            // Out of file descriptors or a connection reset before accept: go on.
            thread::sleep(ms(10));
            continue;
        };
        let slot = Slot::take(&active);
        if slot.0.load(Ordering::SeqCst) > MAX_CONNECTIONS {
            let _ = http::write_plain(&mut &stream, http::Status::Unavailable, &[], false);
            continue;
        }
        let (state, live) = (state.clone(), live.clone());
        // If the thread cannot start, the closure and its slot are dropped.
        let _ = thread::Builder::new().name("brief-conn".into()).spawn(move || {
            let _slot = slot;
            let _ = respond::handle(stream, &state, &live);
        });
    }
}

/// One of the connections being served; gives its place back when dropped.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    fn take(active: &Arc<AtomicUsize>) -> Slot {
        active.fetch_add(1, Ordering::SeqCst);
        Slot(active.clone())
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

struct RebuildLoop {
    root: PathBuf,
    state: Arc<SiteState>,
    kept: Kept,
    /// Set by the watcher with every change it sends.
    edited: Arc<AtomicBool>,
    live: Arc<Live>,
    watch: Option<Watch>,
    report: Reporter,
}

impl RebuildLoop {
    fn run(mut self, signals: &Receiver<Signal>) {
        loop {
            // After a quick rebuild the search index catches up, unless
            // more edits are waiting, or arrive meanwhile: they come first.
            let signal = match signals.try_recv() {
                Ok(signal) => signal,
                Err(mpsc::TryRecvError::Disconnected) => return,
                Err(mpsc::TryRecvError::Empty) => {
                    let edited = &self.edited;
                    catch_up_index(&self.state, &mut self.kept, &|| edited.load(Ordering::SeqCst));
                    match signals.recv() {
                        Ok(signal) => signal,
                        Err(_) => return,
                    }
                }
            };
            self.edited.store(false, Ordering::SeqCst);
            let mut changed = Vec::new();
            // Take everything already queued: one rebuild covers it all.
            for signal in std::iter::once(signal).chain(signals.try_iter()) {
                match signal {
                    Signal::Changed(paths) => changed.extend(paths),
                    Signal::Trouble(message) => (self.report)(&ServeReport::WatchTrouble(&message)),
                    Signal::Stop => return,
                }
            }
            if !changed.is_empty() {
                self.rebuild(&changed);
            }
        }
    }

    fn rebuild(&mut self, changed: &[PathBuf]) {
        if let Some(watch) = self.watch.as_mut()
            && let Err(e) = watch.rearm(changed)
        {
            (self.report)(&ServeReport::WatchTrouble(&e.to_string()));
        }
        let outcome = rebuild(&self.root, &self.state, &mut self.kept, changed);
        let event = if outcome.built.is_some() {
            LiveEvent::Reload { id: outcome.id.clone() }
        } else {
            let errors = outcome.diagnostics.iter().filter(|d| d.is_error()).map(Diagnostic::headline).collect();
            LiveEvent::BuildError { id: outcome.id.clone(), errors }
        };
        self.live.broadcast(&event);
        let shown: Vec<String> = changed.iter().map(|p| shown_path(&self.root, p)).collect();
        (self.report)(&ServeReport::Built { outcome: &outcome, changed: &shown });
    }
}

fn shown_path(root: &Path, path: &Path) -> String {
    crate::content::discover::display_path(root, path)
}

/// Opens `url` in the default browser; `Err` says why it could not.
pub fn open_browser(url: &str) -> Result<(), String> {
    let program = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(windows) {
        "explorer"
    } else {
        "xdg-open"
    };
    let mut child = std::process::Command::new(program)
        .arg(url)
        .stdin(std::process::Stdio::null())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .map_err(|e| format!("could not run {program}: {e}"))?;
    // Reap it whenever it ends, without holding up the server.
    thread::spawn(move || child.wait());
    Ok(())
}
