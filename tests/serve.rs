//! `brief serve` end to end: the real binary on a free port, a copy of the
//! example site in a temporary folder, a tiny HTTP client over std::net,
//! and the live-reload event stream read as a browser would.
//!
//! Every wait is for an event (a line on stdout, an SSE event, the process
//! exiting) with a bounded timeout, never a sleep.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::Duration;

const WAIT: Duration = Duration::from_secs(30);
const SCRIPT_MARK: &str = "<script data-brief-live>";
const BRIEF: &str = "2025-02-12-hegseth-nato-remarks";

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// A copy of the example site (content and theme) in a fresh folder.
fn example_site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    for folder in ["content", "themes"] {
        copy_tree(&repo().join(folder), &dir.path().join(folder));
    }
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).unwrap();
        } else {
            std::fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// Saves a file the way many editors do: write a temporary file, rename it over.
fn save(path: &Path, text: &str) {
    let temporary = path.with_file_name(format!(".{}.tmp", path.file_name().unwrap().to_string_lossy()));
    std::fs::write(&temporary, text).unwrap();
    std::fs::rename(&temporary, path).unwrap();
}

/// A running `brief serve`, killed when dropped.
struct Served {
    child: Child,
    addr: String,
    stdout: Receiver<String>,
    stderr: Receiver<String>,
}

impl Served {
    fn start(root: &Path, extra: &[&str], path_env: Option<&str>) -> Served {
        let mut command = Command::new(env!("CARGO_BIN_EXE_brief"));
        command.args(["serve", "--port", "0", "--root"]).arg(root).args(extra);
        if let Some(path) = path_env {
            command.env("PATH", path);
        }
        let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("start brief serve");
        let stdout = lines(child.stdout.take().unwrap());
        let stderr = lines(child.stderr.take().unwrap());
        let mut served = Served { child, addr: String::new(), stdout, stderr };
        let line = served.stdout_line_with("serving http://");
        served.addr = line.split("http://").nth(1).unwrap().split('/').next().unwrap().to_string();
        served
    }

    /// Waits for a line on stdout containing `text`; returns it.
    fn stdout_line_with(&self, text: &str) -> String {
        wait_line(&self.stdout, text, "stdout")
    }

    fn get(&self, target: &str) -> Response {
        request(&self.addr, "GET", target)
    }

    fn events(&self) -> Events {
        Events::open(&self.addr)
    }
}

impl Drop for Served {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn lines(stream: impl Read + Send + 'static) -> Receiver<String> {
    let (tx, rx) = mpsc::channel();
    thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            if tx.send(line).is_err() {
                break;
            }
        }
    });
    rx
}

fn wait_line(lines: &Receiver<String>, text: &str, what: &str) -> String {
    let mut seen = Vec::new();
    loop {
        match lines.recv_timeout(WAIT) {
            Ok(line) if line.contains(text) => return line,
            Ok(line) => seen.push(line),
            Err(e) => panic!("no line with {text:?} on {what} ({e}); saw:\n{}", seen.join("\n")),
        }
    }
}

struct Response {
    status: u16,
    head: String,
    body: Vec<u8>,
}

impl Response {
    fn header(&self, name: &str) -> Option<&str> {
        self.head.lines().find_map(|l| {
            let (n, v) = l.split_once(':')?;
            n.eq_ignore_ascii_case(name).then(|| v.trim())
        })
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).unwrap()
    }
}

/// One request on its own connection; the server closes it after answering.
fn request(addr: &str, method: &str, target: &str) -> Response {
    let mut stream = TcpStream::connect(addr).unwrap();
    stream.set_read_timeout(Some(WAIT)).unwrap();
    write!(stream, "{method} {target} HTTP/1.1\r\nHost: {addr}\r\n\r\n").unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let split = raw.windows(4).position(|w| w == b"\r\n\r\n").expect("a complete head");
    let head = String::from_utf8(raw[..split].to_vec()).unwrap();
    let status = head.split(' ').nth(1).unwrap().parse().unwrap();
    Response { status, head, body: raw[split + 4..].to_vec() }
}

/// The live-reload stream, read like a browser's EventSource.
struct Events {
    reader: BufReader<TcpStream>,
}

impl Events {
    fn open(addr: &str) -> Events {
        let mut stream = TcpStream::connect(addr).unwrap();
        stream.set_read_timeout(Some(WAIT)).unwrap();
        write!(stream, "GET /__brief/events HTTP/1.1\r\nHost: {addr}\r\nAccept: text/event-stream\r\n\r\n").unwrap();
        let mut reader = BufReader::new(stream);
        let mut head = String::new();
        while !head.ends_with("\r\n\r\n") {
            assert_ne!(reader.read_line(&mut head).unwrap(), 0, "stream closed in the head: {head}");
        }
        assert!(head.starts_with("HTTP/1.1 200"), "{head}");
        assert!(head.contains("Content-Type: text/event-stream"), "{head}");
        let mut events = Events { reader };
        assert_eq!(events.next().0, "hello");
        events
    }

    /// The next event's name and data (comments and `retry:` skipped).
    fn next(&mut self) -> (String, String) {
        let (mut event, mut data) = (String::new(), String::new());
        loop {
            let mut line = String::new();
            let read = self.reader.read_line(&mut line).expect("an event before the timeout");
            assert_ne!(read, 0, "the event stream ended");
            let line = line.trim_end_matches('\n');
            if line.is_empty() && !event.is_empty() {
                return (event, data);
            }
            if let Some(name) = line.strip_prefix("event: ") {
                event = name.to_string();
            } else if let Some(value) = line.strip_prefix("data: ") {
                data = value.to_string();
            }
        }
    }

    /// The stream ends (the server stopped) within the timeout.
    fn ends(mut self) -> bool {
        let mut rest = Vec::new();
        self.reader.read_to_end(&mut rest).is_ok()
    }
}

/// The page without the injected reload script (and nothing else).
fn without_script(body: &[u8]) -> Vec<u8> {
    let text = String::from_utf8(body.to_vec()).expect("HTML is UTF-8");
    let start = text.find(SCRIPT_MARK).expect("the reload script is injected");
    let end = start + text[start..].find("</script>").unwrap() + "</script>".len();
    format!("{}{}", &text[..start], &text[end..]).into_bytes()
}

fn build(root: &Path, out: &Path) {
    let status = Command::new(env!("CARGO_BIN_EXE_brief"))
        .args(["build", "--root"])
        .arg(root)
        .arg("--output")
        .arg(out)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .unwrap();
    assert!(status.success());
}

#[test]
fn serves_exactly_what_build_writes() {
    let site = example_site();
    let out = tempfile::tempdir().unwrap();
    build(site.path(), &out.path().join("public"));
    let served = Served::start(site.path(), &[], None);
    let public = out.path().join("public");
    let mut checked = 0;
    for entry in walkdir::WalkDir::new(&public).into_iter().map(Result::unwrap).filter(|e| e.file_type().is_file()) {
        let relative = entry.path().strip_prefix(&public).unwrap().to_string_lossy().replace('\\', "/");
        if relative == ".brief-output" {
            continue;
        }
        let on_disk = std::fs::read(entry.path()).unwrap();
        let response = served.get(&format!("/{relative}"));
        assert_eq!(response.status, 200, "{relative}");
        let content_type = response.header("Content-Type").unwrap().to_string();
        if relative.ends_with(".html") {
            assert_eq!(content_type, "text/html; charset=utf-8");
            assert!(without_script(&response.body) == on_disk, "{relative} differs from the build");
        } else {
            assert!(response.body == on_disk, "{relative} differs from the build");
        }
        if relative.ends_with(".css") {
            assert_eq!(content_type, "text/css; charset=utf-8");
        }
        checked += 1;
    }
    assert!(checked > 50, "only {checked} files");
    // Folders map to their index; a folder without its slash is redirected.
    let index = std::fs::read(public.join("index.html")).unwrap();
    assert!(without_script(&served.get("/").body) == index);
    assert!(without_script(&served.get("/en/").body) == std::fs::read(public.join("en/index.html")).unwrap());
    let redirect = served.get(&format!("/briefs/{BRIEF}?x=1"));
    assert_eq!((redirect.status, redirect.header("Location")), (301, Some(format!("/briefs/{BRIEF}/").as_str())));
    // A missing page gets the site's 404 page, with status 404.
    let missing = served.get("/no/such/page.html");
    assert_eq!(missing.status, 404);
    assert!(without_script(&missing.body) == std::fs::read(public.join("404.html")).unwrap());
    let missing_en = served.get("/en/no-such-page.html");
    assert!(without_script(&missing_en.body) == std::fs::read(public.join("en/404.html")).unwrap());
    // HEAD: the same headers, no body.
    let head = request(&served.addr, "HEAD", "/");
    assert_eq!((head.status, head.body.len()), (200, 0));
    assert_eq!(head.header("Content-Length").unwrap(), served.get("/").body.len().to_string());
    assert_eq!(request(&served.addr, "POST", "/").status, 405);
}

#[test]
fn traversal_never_leaves_the_built_site() {
    let site = example_site();
    std::fs::write(site.path().join("secret.txt"), "TOP SECRET").unwrap();
    let served = Served::start(site.path(), &[], None);
    for target in [
        "/../secret.txt",
        "/../../../../etc/passwd",
        "/briefs/../../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/assets%2f..%2f..%2fsecret.txt",
        "/..%5csecret.txt",
        "/..\\secret.txt",
        "//etc/passwd",
        "/etc/passwd",
        "/content/site.yaml",
        "/themes/default/labels.yaml",
        "/secret.txt",
        "http://example.com/../secret.txt",
        "/C:/Windows/win.ini",
        "/%00",
    ] {
        let response = served.get(target);
        assert!([400, 404].contains(&response.status), "{target}: {}", response.status);
        let body = String::from_utf8_lossy(&response.body);
        assert!(!body.contains("TOP SECRET") && !body.contains("root:") && !body.contains("as_of"), "{target}");
    }
}

#[test]
fn edits_reload_and_bad_input_never_takes_the_preview_down() {
    let site = example_site();
    let served = Served::start(site.path(), &[], None);
    let page = format!("/en/briefs/{BRIEF}/index.html");
    let mut events = served.events();

    // An edit saved through a rename rebuilds and reloads.
    let narrative = site.path().join(format!("content/briefs/{BRIEF}/en.md"));
    let original = std::fs::read_to_string(&narrative).unwrap();
    save(&narrative, &format!("{original}\nA freshly added paragraph.\n"));
    assert_eq!(events.next().0, "reload");
    assert!(served.get(&page).text().contains("A freshly added paragraph."));
    assert!(served.stdout_line_with("rebuilt").contains("(only what it changed)"), "a text edit is quick");
    // The search index follows the quick rebuild.
    let caught_up = (0..200).any(|_| {
        let index = served.get("/assets/search-index.en.js").text();
        index.contains("freshly") || {
            std::thread::sleep(std::time::Duration::from_millis(25));
            false
        }
    });
    assert!(caught_up, "the search index has the new text");

    // Bad YAML: an error event, the error in the terminal and on the page,
    // and the last good pages still answer 200.
    let yaml_path = site.path().join(format!("content/briefs/{BRIEF}/brief.yaml"));
    let good_yaml = std::fs::read_to_string(&yaml_path).unwrap();
    save(&yaml_path, &format!("{good_yaml}\"<script>alert(1)</script>\": oops\n"));
    let (event, data) = events.next();
    assert_eq!(event, "build-error");
    assert!(data.contains(&format!("content/briefs/{BRIEF}/brief.yaml:")), "{data}");
    wait_line(&served.stderr, "error[unknown-field]", "stderr");
    let stale = served.get(&page);
    assert_eq!(stale.status, 200);
    let text = stale.text();
    assert!(text.contains("A freshly added paragraph."), "the last good build is served");
    assert!(text.contains("id=\"brief-errors\""), "the overlay is shown");
    assert!(text.contains(&format!("content/briefs/{BRIEF}/brief.yaml:")));
    assert!(text.contains("&lt;script&gt;alert(1)&lt;/script&gt;") && !text.contains("<script>alert(1)"));

    // Fixed: a reload, no overlay, and the served pages equal a fresh build.
    save(&yaml_path, &good_yaml);
    assert_eq!(events.next().0, "reload");
    let fixed = served.get(&page);
    assert!(!fixed.text().contains("brief-errors"), "no stale error after the fix");
    let out = tempfile::tempdir().unwrap();
    build(site.path(), &out.path().join("public"));
    let built = std::fs::read(out.path().join(format!("public{page}"))).unwrap();
    assert!(without_script(&fixed.body) == built, "after the edits, serve and build agree");
}

#[test]
fn a_site_that_never_built_shows_its_errors_and_recovers() {
    let site = example_site();
    let config = site.path().join("content/site.yaml");
    let good = std::fs::read_to_string(&config).unwrap();
    std::fs::write(&config, good.replace("as_of:", "as_of: [")).unwrap();
    let served = Served::start(site.path(), &[], None);
    let broken = served.get("/");
    assert_eq!(broken.status, 500);
    assert!(broken.text().contains("content/site.yaml:") && broken.text().contains(SCRIPT_MARK));
    let mut events = served.events();
    save(&config, &good);
    assert_eq!(events.next().0, "reload");
    let fixed = served.get("/");
    assert_eq!(fixed.status, 200);
    assert!(!fixed.text().contains("brief-errors"));
}

#[test]
fn stops_cleanly_and_a_failed_open_is_only_a_warning() {
    let site = example_site();
    let no_tools = tempfile::tempdir().unwrap();
    let mut served = Served::start(site.path(), &["--open"], Some(&no_tools.path().to_string_lossy()));
    wait_line(&served.stderr, "warning: could not run", "stderr");
    assert_eq!(served.get("/").status, 200);
    let events = served.events();
    let terminated = Command::new("kill").args(["-TERM", &served.child.id().to_string()]).status().unwrap();
    assert!(terminated.success());
    served.stdout_line_with("stopped");
    assert!(events.ends(), "the event stream closes");
    let (tx, rx) = mpsc::channel();
    let mut child = std::mem::replace(&mut served.child, Command::new("true").spawn().unwrap());
    thread::spawn(move || tx.send(child.wait().unwrap()));
    let status = rx.recv_timeout(WAIT).expect("brief serve exits");
    assert!(status.success(), "{status}");
}
