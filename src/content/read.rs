//! Reading source files: a whole file as UTF-8 text, or, for a narrative
//! being loaded, only as much of its start as loading needs.
//!
//! Loading a narrative takes its front matter and whether it has any text;
//! its Markdown is read again and parsed when its page is made (see
//! `content::narrative`). Narratives are most of a site's bytes (190 MB at
//! 10,000 briefs), so loading reads the first [`START_BYTES`] of each and
//! reads on only when that is not enough to decide (front matter longer
//! than that, a start that is all whitespace, bytes that are not UTF-8).
//! What the later read must find is a [`Stamp`]: the text's length, the
//! file's modification time and a fingerprint of the text loaded.

use std::fs::File;
use std::io::Read;
use std::path::Path;
use std::time::SystemTime;

use crate::content::discover::display_path;
use crate::content::source::{SourceFile, split_front_matter};
use crate::diagnostic::{Diagnostic, Severity};

/// Files larger than this are refused rather than parsed.
pub const MAX_FILE_BYTES: u64 = 8 * 1024 * 1024;

/// How much of a narrative loading reads first: front matter, if any,
/// almost always ends well within it.
pub const START_BYTES: usize = 4096;

/// A file opened for reading, its size checked against the limit.
struct Opened {
    file: File,
    shown: String,
    len: u64,
    modified: Option<SystemTime>,
}

impl Opened {
    fn open(root: &Path, path: &Path) -> Result<Opened, Diagnostic> {
        let shown = display_path(root, path);
        // Opened once and sized through the handle: a build reads tens of
        // thousands of files, and every lookup by path costs.
        let file = File::open(path).map_err(|e| unreadable(&shown, &e))?;
        let metadata = file.metadata().map_err(|e| unreadable(&shown, &e))?;
        let len = metadata.len();
        if len > MAX_FILE_BYTES {
            return Err(too_large(&shown, len));
        }
        Ok(Opened { file, shown, len, modified: metadata.modified().ok() })
    }

    /// Reads the rest of the file after `bytes` (what was read so far) and
    /// decodes it all.
    fn finish(mut self, mut bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
        bytes.reserve(usize::try_from(self.len).unwrap_or(0).saturating_sub(bytes.len()).saturating_add(1));
        // A file that grew since it was sized still stops at the limit.
        let left = (MAX_FILE_BYTES + 1).saturating_sub(bytes.len() as u64);
        (&mut self.file).take(left).read_to_end(&mut bytes).map_err(|e| unreadable(&self.shown, &e))?;
        if bytes.len() as u64 > MAX_FILE_BYTES {
            return Err(too_large(&self.shown, bytes.len() as u64));
        }
        decode(self.shown, bytes)
    }
}

fn unreadable(shown: &str, e: &std::io::Error) -> Diagnostic {
    Diagnostic::at_path(Severity::Error, "unreadable-file", shown, format!("could not read the file: {e}"))
}

fn too_large(shown: &str, len: u64) -> Diagnostic {
    Diagnostic::at_path(
        Severity::Error,
        "file-too-large",
        shown,
        format!("the file is {len} bytes; the limit is {MAX_FILE_BYTES}"),
    )
    .with_help("split it up; a brief's narrative of this size would not read well either")
}

fn decode(shown: String, bytes: Vec<u8>) -> Result<SourceFile, Diagnostic> {
    SourceFile::decode(shown.clone(), bytes).map_err(|(bad_at, bytes)| {
        let valid = String::from_utf8_lossy(&bytes[..bad_at]).into_owned();
        let prefix = SourceFile { display_path: shown, text: valid };
        let position = prefix.position(bad_at);
        Diagnostic::at_line_col(
            Severity::Error,
            "not-utf8",
            &prefix,
            position.line,
            position.column,
            "the file is not valid UTF-8",
        )
        .with_help("save the file as UTF-8 (most editors: \"Save with encoding\")")
    })
}

/// Reads a file as UTF-8 text, or says why it cannot be used.
pub fn read_source(root: &Path, path: &Path) -> Result<SourceFile, Diagnostic> {
    read_stamped(root, path).map(|(file, _)| file)
}

/// [`read_source`], with the file's modification time.
pub fn read_stamped(root: &Path, path: &Path) -> Result<(SourceFile, Option<SystemTime>), Diagnostic> {
    let opened = Opened::open(root, path)?;
    let modified = opened.modified;
    Ok((opened.finish(Vec::new())?, modified))
}

/// What tells a narrative read again from the one that was loaded.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Stamp {
    /// The length of its whole text.
    pub len: usize,
    /// The file's modification time, where the system gives one.
    pub modified: Option<SystemTime>,
    /// How much of the text was loaded (and fingerprinted): all of it for a
    /// short file, else its start.
    pub loaded_len: usize,
    /// The fingerprint of the text loaded.
    pub fingerprint: u64,
}

impl Stamp {
    /// The stamp of a text of `len` bytes in all, modified at `modified`,
    /// of which `loaded` (its start, or all of it) was read.
    fn new(loaded: &str, len: usize, modified: Option<SystemTime>) -> Stamp {
        Stamp { len, modified, loaded_len: loaded.len(), fingerprint: fingerprint(loaded) }
    }

    /// Whether `text`, read at `modified`, is the text this stamp was made
    /// from: the same length, time and loaded start.
    pub fn matches(&self, text: &str, modified: Option<SystemTime>) -> bool {
        text.len() == self.len
            && modified == self.modified
            && text.get(..self.loaded_len).is_some_and(|start| fingerprint(start) == self.fingerprint)
    }
}

/// A fingerprint of a text, to tell whether it changed.
pub fn fingerprint(text: &str) -> u64 {
    crate::fxhash::hash_bytes(text.as_bytes())
}

/// The start of a narrative file, enough to load it (see the module's
/// notes): its text from the beginning to past its front matter, if it
/// has any, and its [`Stamp`]. The whole file when it is short, or when
/// the start leaves its front matter, its emptiness or its encoding in
/// doubt; then the whole file is decoded, and a problem reported, as
/// [`read_source`] does.
pub fn read_narrative_start(root: &Path, path: &Path) -> Result<(SourceFile, Stamp), Diagnostic> {
    let mut opened = Opened::open(root, path)?;
    let modified = opened.modified;
    let mut bytes = Vec::with_capacity(START_BYTES);
    (&mut opened.file).take(START_BYTES as u64).read_to_end(&mut bytes).map_err(|e| unreadable(&opened.shown, &e))?;
    // Fewer bytes than asked for: the whole file is in hand.
    let start = if bytes.len() < START_BYTES { None } else { decoded_start(&opened.shown, &bytes) };
    if let Some(start) = start.filter(|start| enough(&start.text)) {
        let bom = if bytes.starts_with(b"\xEF\xBB\xBF") { 3 } else { 0 };
        let len = usize::try_from(opened.len).unwrap_or(usize::MAX).saturating_sub(bom);
        let stamp = Stamp::new(&start.text, len, modified);
        return Ok((start, stamp));
    }
    let file = opened.finish(bytes)?;
    let stamp = Stamp::new(&file.text, file.text.len(), modified);
    Ok((file, stamp))
}

/// The first bytes of a longer file as text: cut before a character they
/// end in the middle of; `None` if they hold bytes that are not UTF-8.
fn decoded_start(shown: &str, bytes: &[u8]) -> Option<SourceFile> {
    let valid = match simdutf8::compat::from_utf8(bytes) {
        Ok(_) => bytes.len(),
        Err(e) if e.error_len().is_none() => e.valid_up_to(),
        Err(_) => return None,
    };
    SourceFile::decode(shown.to_string(), bytes[..valid].to_vec()).ok()
}

/// Whether the start of a longer text decides what loading a narrative
/// needs: it has text other than whitespace, its first line is complete,
/// and front matter, if it opens one, closes on a complete line within it.
fn enough(start: &str) -> bool {
    if start.trim().is_empty() || !start.contains('\n') {
        return false;
    }
    match split_front_matter(start) {
        Ok(split) => split.front_matter.is_none() || start.as_bytes()[split.body.start - 1] == b'\n',
        Err(_) => false,
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::time::Duration;

    use super::*;

    /// Writes `bytes` as a file under a fresh folder and returns the folder.
    fn write(bytes: &[u8]) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().expect("a temporary folder");
        let path = dir.path().join("zh.md");
        fs::write(&path, bytes).expect("written");
        (dir, path)
    }

    fn set_modified(path: &Path, time: SystemTime) {
        fs::File::options().write(true).open(path).and_then(|f| f.set_modified(time)).expect("time set");
    }

    /// A long narrative: a line of Chinese text repeated past the start.
    fn long_text(front: &str) -> String {
        let mut text = front.to_string();
        while text.len() < 3 * START_BYTES {
            text.push_str("特朗普与普京通话。The call lasted over an hour.\n");
        }
        text
    }

    #[test]
    fn a_fingerprint_tells_texts_apart() {
        let texts = ["", "a", "b", "ab", "ba", "12345678", "123456789", "通话", "通话\n", "\0"];
        let prints: std::collections::HashSet<u64> = texts.iter().map(|t| fingerprint(t)).collect();
        assert_eq!(prints.len(), texts.len());
        assert_eq!(fingerprint("same text"), fingerprint("same text"));
    }

    #[test]
    fn a_short_file_is_read_whole() {
        let (dir, path) = write("---\ntitle: T\n---\n# 通话\n".as_bytes());
        let (file, stamp) = read_narrative_start(dir.path(), &path).unwrap();
        assert_eq!(file.text, "---\ntitle: T\n---\n# 通话\n");
        assert_eq!((stamp.len, stamp.loaded_len), (file.text.len(), file.text.len()));
        let (again, modified) = read_stamped(dir.path(), &path).unwrap();
        assert!(stamp.matches(&again.text, modified));
    }

    #[test]
    fn a_long_file_is_read_to_a_whole_character_and_stamped_whole() {
        let text = long_text("---\ntitle: 通话\n---\n");
        let (dir, path) = write(text.as_bytes());
        let (file, stamp) = read_narrative_start(dir.path(), &path).unwrap();
        assert!(file.text.len() <= START_BYTES && START_BYTES - file.text.len() < 4, "cut before a character");
        assert!(text.starts_with(&file.text));
        assert_eq!((stamp.len, stamp.loaded_len), (text.len(), file.text.len()));
        let (again, modified) = read_stamped(dir.path(), &path).unwrap();
        assert_eq!(again.text, text);
        assert!(stamp.matches(&again.text, modified), "the same file matches");
    }

    #[test]
    fn a_change_to_the_length_the_time_or_the_start_loaded_is_seen() {
        let text = long_text("");
        let (dir, path) = write(text.as_bytes());
        let (_, stamp) = read_narrative_start(dir.path(), &path).unwrap();
        let loaded_at = stamp.modified.expect("the file system keeps times");
        let differs = |bytes: &[u8], time: SystemTime| {
            fs::write(&path, bytes).unwrap();
            set_modified(&path, time);
            let (again, modified) = read_stamped(dir.path(), &path).unwrap();
            !stamp.matches(&again.text, modified)
        };
        let later = loaded_at + Duration::from_secs(1);
        // Past the start, the same length: the time tells.
        let last = text.rfind("hour").expect("a word to change");
        assert!(last > START_BYTES);
        let past_start = format!("{}HOUR{}", &text[..last], &text[last + 4..]);
        assert!(differs(past_start.as_bytes(), later), "a later save past the start");
        // Within the start, even at the time it was loaded: the fingerprint tells.
        let within = text.replacen("特朗普", "普京特", 1).into_bytes();
        assert!(differs(&within, loaded_at), "a change within the start");
        // One more line, at the same time: the length tells.
        assert!(differs(format!("{text}x\n").as_bytes(), loaded_at), "a longer file");
        assert!(!differs(text.as_bytes(), loaded_at), "back as it was loaded");
    }

    #[test]
    fn the_whole_file_is_read_when_its_start_does_not_decide() {
        // Front matter that does not close within the start.
        let long_front = format!("---\nnote: {}\n---\nBody\n", "x".repeat(2 * START_BYTES));
        // A start that is all whitespace, with text after it.
        let blank_start = format!("{}Body\n", " \n".repeat(START_BYTES));
        // A first line longer than the start: only all of it says whether it is a fence.
        let long_line = format!("---{}\ntitle: T\n---\nBody\n", " ".repeat(2 * START_BYTES));
        for text in [long_front, blank_start, long_line] {
            let (dir, path) = write(text.as_bytes());
            let (file, stamp) = read_narrative_start(dir.path(), &path).unwrap();
            assert_eq!(file.text, text);
            assert_eq!(stamp.loaded_len, text.len());
        }
    }

    #[test]
    fn bytes_that_are_not_utf8_are_reported_where_they_are() {
        // In the start: the whole file is read and the place reported.
        let mut bytes = long_text("").into_bytes();
        bytes[10] = 0xFF;
        let (dir, path) = write(&bytes);
        let d = read_narrative_start(dir.path(), &path).unwrap_err();
        assert_eq!((d.code, d.line, d.column), ("not-utf8", 1, 4));
        // Past it: loading takes the start; the read for the page reports the place.
        let mut bytes = long_text("").into_bytes();
        let at = bytes.len() - 5;
        bytes[at] = 0xFF;
        let (dir, path) = write(&bytes);
        assert!(read_narrative_start(dir.path(), &path).is_ok());
        let d = read_source(dir.path(), &path).unwrap_err();
        assert_eq!(d.code, "not-utf8");
        assert!(d.line > 100, "line {}", d.line);
    }

    #[test]
    fn a_byte_order_mark_is_not_counted() {
        let text = long_text("");
        let (dir, path) = write(&[b"\xEF\xBB\xBF".as_slice(), text.as_bytes()].concat());
        let (file, stamp) = read_narrative_start(dir.path(), &path).unwrap();
        assert!(text.starts_with(&file.text));
        assert_eq!(stamp.len, text.len());
        let (again, modified) = read_stamped(dir.path(), &path).unwrap();
        assert!(stamp.matches(&again.text, modified));
    }
}
