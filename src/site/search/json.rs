//! JSON for the index files, written in one pass: the same text as
//! `serde_json` gives, made safe to run as a classic script.
//!
//! JSON is a JavaScript expression except for the line separators U+2028
//! and U+2029 in older engines, so they are escaped. `<` is escaped too, so
//! a script stays inert even if a page inlines it (`</script>` or `<!--` in
//! a title cannot end or hide the element). Everything else is escaped as
//! `serde_json` does: `"`, `\`, and control characters (`\b`, `\f`, `\n`,
//! `\r`, `\t`, else `\u00xx`).
//!
//! Why not `serde_json` and a second pass: the documents' bodies are most
//! of a large site's index (the narratives' text once more), and each byte
//! of them passed through two scans and a formatter. Here a body is looked
//! at eight bytes at a time, and copied in runs between the few bytes that
//! need care; a test holds the output to `serde_json`'s plus the
//! replacements, byte for byte.

use crate::site::search::Doc;
use crate::wordscan::Wanted;

/// What a byte needs: nothing, a JSON escape, `<`'s escape, or a look at
/// the two bytes after it (0xE2 starts U+2028 and U+2029).
const PLAIN: u8 = 0;
const CONTROL: u8 = 1;
const QUOTE: u8 = 2;
const BACKSLASH: u8 = 3;
const LESS_THAN: u8 = 4;
const E2: u8 = 5;

const CLASS: [u8; 256] = {
    let mut class = [PLAIN; 256];
    let mut b = 0;
    while b < 0x20 {
        class[b] = CONTROL;
        b += 1;
    }
    class[b'"' as usize] = QUOTE;
    class[b'\\' as usize] = BACKSLASH;
    class[b'<' as usize] = LESS_THAN;
    class[0xE2] = E2;
    class
};

/// The bytes [`CLASS`] does not call plain, for skipping eight at a time.
const NEEDS_CARE: Wanted<4> = Wanted { below: 0x20, equal: [b'"', b'\\', b'<', 0xE2] };

/// Appends `s` as a script-safe JSON string.
pub fn push_str(out: &mut Vec<u8>, s: &str) {
    out.reserve(s.len() + 2);
    out.push(b'"');
    let bytes = s.as_bytes();
    let (mut run, mut i) = (0, 0);
    loop {
        i = NEEDS_CARE.find(bytes, i, |b| CLASS[usize::from(b)] != PLAIN);
        let Some(&b) = bytes.get(i) else { break };
        let escape: &[u8] = match CLASS[usize::from(b)] {
            CONTROL => match b {
                0x08 => b"\\b",
                0x0C => b"\\f",
                b'\n' => b"\\n",
                b'\r' => b"\\r",
                b'\t' => b"\\t",
                _ => &[],
            },
            QUOTE => b"\\\"",
            BACKSLASH => b"\\\\",
            LESS_THAN => b"\\u003c",
            _ => match (bytes.get(i + 1), bytes.get(i + 2)) {
                (Some(0x80), Some(0xA8)) => b"\\u2028",
                (Some(0x80), Some(0xA9)) => b"\\u2029",
                _ => {
                    i += 1;
                    continue;
                }
            },
        };
        out.extend_from_slice(&bytes[run..i]);
        if escape.is_empty() {
            const HEX: &[u8; 16] = b"0123456789abcdef";
            out.extend_from_slice(&[b'\\', b'u', b'0', b'0', HEX[usize::from(b >> 4)], HEX[usize::from(b & 0xF)]]);
        } else {
            out.extend_from_slice(escape);
        }
        // A line separator is three bytes; every other escaped byte is one.
        i += if b == 0xE2 { 3 } else { 1 };
        run = i;
    }
    out.extend_from_slice(&bytes[run..]);
    out.push(b'"');
}

/// Appends `doc` as a script-safe JSON object: its members in the order
/// of [`Doc`]'s fields, the absent ones left out.
pub fn push_doc(out: &mut Vec<u8>, doc: &Doc) {
    out.extend_from_slice(b"{\"k\":");
    push_str(out, doc.kind);
    out.extend_from_slice(b",\"u\":");
    push_str(out, &doc.href);
    out.extend_from_slice(b",\"t\":");
    push_str(out, &doc.title);
    out.extend_from_slice(b",\"b\":");
    push_str(out, &doc.body);
    if let Some(parent) = doc.parent {
        out.extend_from_slice(b",\"p\":");
        out.extend_from_slice(parent.to_string().as_bytes());
    }
    if let Some(context) = &doc.context {
        out.extend_from_slice(b",\"c\":");
        push_str(out, context);
    }
    if let Some(date) = &doc.date {
        out.extend_from_slice(b",\"d\":");
        push_str(out, date);
    }
    out.push(b'}');
}

/// The reference: `serde_json`'s text with the three replacements.
#[cfg(test)]
pub fn js_safe(json: String) -> String {
    json.replace('\u{2028}', "\\u2028").replace('\u{2029}', "\\u2029").replace('<', "\\u003c")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rng(seed: u64) -> impl FnMut() -> usize {
        let mut state = seed;
        move || {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            (state >> 33) as usize
        }
    }

    fn doc(title: &str, body: &str, parent: Option<u32>, context: Option<&str>, date: Option<&str>) -> Doc {
        Doc {
            kind: "section",
            href: "briefs/a/index.html#x".into(),
            title: title.into(),
            body: body.into(),
            parent,
            context: context.map(str::to_string),
            date: date.map(str::to_string),
        }
    }

    #[test]
    fn every_character_below_0x80_and_the_separators_are_escaped_as_the_reference() {
        let mut text: String = (0u8..0x80).map(char::from).collect();
        text.push_str("\u{2028}\u{2029}\u{2027}\u{202A}—“”…é特\u{20000}\u{FF21}");
        for start in 0..text.len() {
            let Some(piece) = text.get(start..) else { continue };
            let mut out = Vec::new();
            push_str(&mut out, piece);
            assert_eq!(String::from_utf8(out).unwrap(), js_safe(serde_json::to_string(piece).unwrap()), "{piece:?}");
        }
    }

    #[test]
    fn random_documents_equal_the_reference() {
        let pieces =
            ["a", "word ", "<", ">", "\"", "\\", "\n", "\t", "\u{1}", "\u{1f}", "\u{7f}", "\u{2028}", "\u{2029}"];
        let more = ["\u{2027}", "—", "“", "特朗普", "\u{20000}", "é", "\u{E2}", "</script>", "abcdefgh"];
        let mut next = rng(11);
        let text = |next: &mut dyn FnMut() -> usize| -> String {
            (0..next() % 60)
                .map(|_| {
                    let n = next();
                    if n.is_multiple_of(2) { pieces[n / 2 % pieces.len()] } else { more[n / 2 % more.len()] }
                })
                .collect()
        };
        for _ in 0..3000 {
            let (title, body) = (text(&mut next), text(&mut next));
            let parent = next().is_multiple_of(2).then(|| u32::try_from(next()).unwrap());
            let context = next().is_multiple_of(3).then(|| text(&mut next));
            let date = next().is_multiple_of(3).then(|| text(&mut next));
            let d = doc(&title, &body, parent, context.as_deref(), date.as_deref());
            let mut out = Vec::new();
            push_doc(&mut out, &d);
            assert_eq!(String::from_utf8(out).unwrap(), js_safe(serde_json::to_string(&d).unwrap()), "{d:?}");
        }
    }

    #[test]
    fn the_word_filter_passes_every_byte_that_needs_care() {
        for b in 0..=255u8 {
            assert_eq!(NEEDS_CARE.is(b), CLASS[usize::from(b)] != PLAIN, "{b:#x}");
        }
    }
}
