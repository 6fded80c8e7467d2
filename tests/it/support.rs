//! Test support: throwaway site roots and runs of the real `brief` binary.
//!
//! ```ignore
//! let site = Site::fixture("minimal");
//! site.build().success();
//! let page = site.page("en/index.html");
//! ```
//!
//! A site root is a temporary folder holding a copy of a fixture's
//! `content/` (and `templates/`, when the fixture has one) plus a copy of
//! the repository's `themes/`, so fixtures never duplicate the theme.

use std::collections::BTreeMap;
use std::fs;
use std::io::Read;
use std::path::{Path, PathBuf};
use std::process::{Command, Output, Stdio};
use std::thread;
use std::time::{Duration, Instant};

use tempfile::TempDir;

/// The repository's root folder.
pub fn repo() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

/// Copies a folder recursively (regular files and folders only).
pub fn copy_dir(from: &Path, to: &Path) {
    fs::create_dir_all(to).unwrap_or_else(|e| panic!("create {}: {e}", to.display()));
    for entry in fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let entry = entry.expect("directory entry");
        let target = to.join(entry.file_name());
        let kind = entry.file_type().expect("file type");
        if kind.is_dir() {
            copy_dir(&entry.path(), &target);
        } else if kind.is_file() {
            fs::copy(entry.path(), &target).unwrap_or_else(|e| panic!("copy {}: {e}", entry.path().display()));
        }
    }
}

/// Every regular file under `dir`, by `/`-separated relative path, with its bytes.
pub fn snapshot(dir: &Path) -> BTreeMap<String, Vec<u8>> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeMap<String, Vec<u8>>) {
        for entry in fs::read_dir(dir).unwrap_or_else(|e| panic!("read {}: {e}", dir.display())) {
            let path = entry.expect("directory entry").path();
            if path.is_dir() {
                walk(base, &path, out);
            } else {
                let relative = path.strip_prefix(base).expect("under base");
                let key = relative.components().map(|c| c.as_os_str().to_string_lossy()).collect::<Vec<_>>().join("/");
                out.insert(key, fs::read(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display())));
            }
        }
    }
    let mut out = BTreeMap::new();
    walk(dir, dir, &mut out);
    out
}

/// The names of the entries directly inside `dir`, sorted.
pub fn entries(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(dir)
        .unwrap_or_else(|e| panic!("read {}: {e}", dir.display()))
        .map(|e| e.expect("directory entry").file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

/// One run of the binary.
#[derive(Debug)]
pub struct Run {
    pub args: Vec<String>,
    /// The exit code (-1 when killed by a signal).
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl Run {
    fn from_output(args: Vec<String>, output: Output) -> Run {
        Run {
            args,
            code: output.status.code().unwrap_or(-1),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
        }
    }

    /// Asserts the exit code, showing everything the run printed otherwise.
    #[track_caller]
    pub fn code(&self, expected: i32) -> &Run {
        assert_eq!(
            self.code,
            expected,
            "`brief {}` exited {} (expected {expected})\n--- stdout\n{}\n--- stderr\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        );
        self
    }

    #[track_caller]
    pub fn success(&self) -> &Run {
        self.code(0)
    }

    #[track_caller]
    pub fn failure(&self) -> &Run {
        self.code(1)
    }

    /// The first line of stderr: the first diagnostic's headline.
    pub fn first_line(&self) -> &str {
        self.stderr.lines().next().unwrap_or("")
    }

    /// The `  = help: ...` line of the first diagnostic (the lines up to the
    /// first blank one), if it has one.
    pub fn first_help(&self) -> Option<&str> {
        self.stderr.lines().take_while(|l| !l.is_empty()).find(|l| l.starts_with("  = help: "))
    }

    /// The first diagnostic as printed: headline, code frame and help.
    pub fn first_diagnostic(&self) -> String {
        self.stderr.lines().take_while(|l| !l.is_empty()).collect::<Vec<_>>().join("\n")
    }

    /// Every diagnostic's headline (`path:line:col: error[code]: ...`),
    /// errors and warnings, in the order printed.
    pub fn headlines(&self) -> Vec<&str> {
        self.stderr.lines().filter(|l| l.contains(": error[") || l.contains(": warning[")).collect()
    }

    /// The last line of stderr (the closing summary).
    pub fn last_line(&self) -> &str {
        self.stderr.lines().last().unwrap_or("")
    }
}

/// How long one run of the binary may take before the test fails: a hang
/// is killed and reported instead of blocking the test run.
pub const TIMEOUT: Duration = Duration::from_secs(60);

/// Runs `brief` with `args` in the folder `cwd`.
pub fn brief_in(cwd: &Path, args: &[&str]) -> Run {
    let mut command = Command::new(env!("CARGO_BIN_EXE_brief"));
    command.args(args).current_dir(cwd).env("NO_COLOR", "1");
    run_guarded(command, args)
}

/// Runs `brief` with `args` in `cwd` under a memory limit (4 GiB of address
/// space, through the shell's `ulimit -v`), for inputs meant to exhaust it.
pub fn brief_limited(cwd: &Path, args: &[&str]) -> Run {
    let mut command = Command::new("sh");
    command
        .arg("-c")
        .arg("ulimit -v 4194304 && exec \"$0\" \"$@\"")
        .arg(env!("CARGO_BIN_EXE_brief"))
        .args(args)
        .current_dir(cwd)
        .env("NO_COLOR", "1");
    run_guarded(command, args)
}

/// Runs a command to its end, or kills it after [`TIMEOUT`] and fails.
fn run_guarded(mut command: Command, args: &[&str]) -> Run {
    let mut child = command.stdout(Stdio::piped()).stderr(Stdio::piped()).spawn().expect("run the brief binary");
    let drain = |pipe: Option<Box<dyn Read + Send>>| {
        thread::spawn(move || {
            let mut bytes = Vec::new();
            if let Some(mut pipe) = pipe {
                let _ = pipe.read_to_end(&mut bytes);
            }
            bytes
        })
    };
    let stdout = drain(child.stdout.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let stderr = drain(child.stderr.take().map(|p| Box::new(p) as Box<dyn Read + Send>));
    let started = Instant::now();
    let status = loop {
        if let Some(status) = child.try_wait().expect("wait for brief") {
            break status;
        }
        if started.elapsed() > TIMEOUT {
            let _ = child.kill();
            let _ = child.wait();
            panic!("`brief {}` did not finish within {} s and was killed", args.join(" "), TIMEOUT.as_secs());
        }
        thread::sleep(Duration::from_millis(5));
    };
    let output =
        Output { status, stdout: stdout.join().expect("read stdout"), stderr: stderr.join().expect("read stderr") };
    Run::from_output(args.iter().map(|a| a.to_string()).collect(), output)
}

/// Runs `brief` with `args` in an empty temporary folder, outside any site.
pub fn brief(args: &[&str]) -> Run {
    let nowhere = tempfile::tempdir().expect("create a temporary folder");
    brief_in(nowhere.path(), args)
}

/// A site root in a temporary folder, deleted when dropped.
pub struct Site {
    dir: TempDir,
}

impl Site {
    /// An empty folder: no content, no theme.
    pub fn bare() -> Site {
        let dir = tempfile::Builder::new().prefix("brief-it-").tempdir().expect("create a temporary folder");
        Site { dir }
    }

    /// A copy of `tests/fixtures/<name>/` plus the repository's themes.
    pub fn fixture(name: &str) -> Site {
        let from = repo().join("tests/fixtures").join(name);
        assert!(from.join("content").is_dir(), "no fixture {}", from.display());
        let site = Site::bare();
        copy_dir(&from, site.root());
        copy_dir(&repo().join("themes"), &site.root().join("themes"));
        site
    }

    /// A copy of the shipped example site: the repository's content/ and
    /// themes/ (and templates/ and static/ when it has them).
    pub fn example() -> Site {
        let site = Site::bare();
        for folder in ["content", "themes", "templates", "static"] {
            let from = repo().join(folder);
            if from.is_dir() {
                copy_dir(&from, &site.root().join(folder));
            }
        }
        site
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    /// A path inside the site root.
    pub fn path(&self, relative: &str) -> PathBuf {
        self.root().join(relative)
    }

    /// Writes (or overwrites) a file of the site, creating its folders.
    pub fn write(&self, relative: &str, contents: impl AsRef<[u8]>) -> &Site {
        let path = self.path(relative);
        fs::create_dir_all(path.parent().expect("a parent folder")).expect("create folders");
        fs::write(&path, contents).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    /// Like [`Site::write`], for chaining onto a constructor.
    pub fn with_file(self, relative: &str, contents: impl AsRef<[u8]>) -> Site {
        self.write(relative, contents);
        self
    }

    /// Appends text to a file of the site.
    pub fn append(&self, relative: &str, text: &str) -> &Site {
        let mut contents = self.read(relative);
        contents.push_str(text);
        self.write(relative, contents)
    }

    /// Reads a file of the site as UTF-8 text.
    pub fn read(&self, relative: &str) -> String {
        let path = self.path(relative);
        fs::read_to_string(&path).unwrap_or_else(|e| panic!("read {}: {e}", path.display()))
    }

    /// The default output folder, `public/`.
    pub fn public(&self) -> PathBuf {
        self.path("public")
    }

    /// A page of the default output folder, as text.
    pub fn page(&self, relative: &str) -> String {
        self.read(&format!("public/{relative}"))
    }

    /// `brief build --root ROOT` plus `args`.
    pub fn build_with(&self, args: &[&str]) -> Run {
        self.run("build", args)
    }

    /// `brief build --root ROOT`.
    pub fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// `brief check --root ROOT` plus `args`.
    pub fn check_with(&self, args: &[&str]) -> Run {
        self.run("check", args)
    }

    /// `brief check --root ROOT`.
    pub fn check(&self) -> Run {
        self.check_with(&[])
    }

    fn run(&self, command: &str, args: &[&str]) -> Run {
        let root = self.root().to_str().expect("a UTF-8 temporary path");
        let mut all = vec![command, "--root", root];
        all.extend_from_slice(args);
        brief(&all)
    }
}

const BLOCK_TAGS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "br",
    "caption",
    "dd",
    "div",
    "dl",
    "dt",
    "figcaption",
    "figure",
    "footer",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "head",
    "header",
    "hr",
    "html",
    "li",
    "main",
    "nav",
    "ol",
    "p",
    "section",
    "table",
    "tbody",
    "td",
    "tfoot",
    "th",
    "thead",
    "title",
    "tr",
    "ul",
];

/// An HTML page's text without tags, entities decoded and whitespace
/// collapsed, for asserting on what a reader sees.
pub fn visible_text(html: &str) -> String {
    let mut text = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        text.push_str(&rest[..open]);
        let after = &rest[open..];
        // Skip the contents of <style> and <script> entirely.
        let skip_to = ["<style", "<script"]
            .iter()
            .find(|t| after.starts_with(**t))
            .and_then(|t| after.find(&format!("</{}", &t[1..])))
            .unwrap_or(0);
        let close = after[skip_to..].find('>').map_or(after.len(), |i| skip_to + i + 1);
        // Block-level elements separate words; inline ones do not.
        let name: String =
            after[1..close].trim_start_matches('/').chars().take_while(char::is_ascii_alphanumeric).collect();
        if BLOCK_TAGS.contains(&name.to_ascii_lowercase().as_str()) {
            text.push(' ');
        }
        rest = &after[close..];
    }
    text.push_str(rest);
    decode_entities(&text).split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Decodes the character references that templates and Markdown emit.
pub fn decode_entities(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp..];
        let decoded = after.find(';').filter(|&end| end <= 10).and_then(|end| {
            let name = &after[1..end];
            let c = match name {
                "amp" => Some('&'),
                "lt" => Some('<'),
                "gt" => Some('>'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some('\u{a0}'),
                _ => name
                    .strip_prefix("#x")
                    .or_else(|| name.strip_prefix("#X"))
                    .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                    .or_else(|| name.strip_prefix('#').and_then(|dec| dec.parse().ok()))
                    .and_then(char::from_u32),
            };
            c.map(|c| (c, end + 1))
        });
        match decoded {
            Some((c, len)) => {
                out.push(c);
                rest = &after[len..];
            }
            None => {
                out.push('&');
                rest = &after[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// The values of every `name="..."` attribute in `html`, entities decoded.
pub fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let needle = format!("{name}=\"");
    let mut values = Vec::new();
    for (i, _) in html.match_indices(&needle) {
        // Only whole attribute names: `id=` but not `data-id=` nor `aria-labelledby=`.
        let before = html[..i].chars().next_back();
        if !before.is_some_and(char::is_whitespace) {
            continue;
        }
        let start = i + needle.len();
        if let Some(len) = html[start..].find('"') {
            values.push(decode_entities(&html[start..start + len]));
        }
    }
    values
}
