//! Looking for a few kinds of bytes in text eight bytes at a time.
//!
//! Several hot loops (escaping the search index's JSON, collapsing spaces in
//! a narrative's text, looking for control characters) pass over long runs
//! of bytes that need nothing and stop at a few that do. Testing a whole
//! `u64` word for "any byte below N, or equal to one of a few values" with
//! the usual carry tricks lets them skip eight such bytes per step; a hit
//! only says "look at these eight bytes", so the loops keep their exact
//! byte-by-byte rules for the words that hit.
//!
//! The tricks: `x - 0x01..01` borrows into a byte's high bit where that
//! byte is zero (or from a borrow out of a lower byte, which was then a
//! zero too); masked with `!x`, bytes of 0x80 and above never count. So the
//! tests can report more hits than there are (never fewer), which is all a
//! filter needs.

const ONES: u64 = 0x0101_0101_0101_0101;
const HIGHS: u64 = 0x8080_8080_8080_8080;

/// The high bit of each byte of `x` that may be zero (see above).
#[inline]
fn zero_bytes(x: u64) -> u64 {
    x.wrapping_sub(ONES) & !x & HIGHS
}

/// What a word is tested for: bytes below `below` (at most 0x80), and
/// bytes equal to any of `equal`.
#[derive(Debug, Clone, Copy)]
pub struct Wanted<const N: usize> {
    pub below: u8,
    pub equal: [u8; N],
}

impl<const N: usize> Wanted<N> {
    /// Whether any byte of `word` may be wanted (never false for one that is).
    #[inline]
    pub fn may_hit(&self, word: u64) -> bool {
        let mut hits = below(word, self.below);
        for b in self.equal {
            hits |= zero_bytes(word ^ (ONES * u64::from(b)));
        }
        hits != 0
    }

    /// Whether `byte` is wanted, exactly.
    #[inline]
    pub fn is(&self, byte: u8) -> bool {
        byte < self.below || self.equal.contains(&byte)
    }

    /// The start of the first block of eight bytes at or after `from` that
    /// may hold a wanted byte, or of the last bytes (fewer than eight):
    /// everything before it is certainly not wanted.
    #[inline]
    pub fn skip(&self, bytes: &[u8], mut from: usize) -> usize {
        while let Some(word) = bytes.get(from..from + 8) {
            if self.may_hit(u64::from_le_bytes(word.try_into().expect("eight bytes"))) {
                break;
            }
            from += 8;
        }
        from
    }

    /// The index of the first byte at or after `from` for which `exact`
    /// holds, or the length: `exact` must hold only for wanted bytes.
    #[inline]
    pub fn find(&self, bytes: &[u8], mut from: usize, exact: impl Fn(u8) -> bool) -> usize {
        loop {
            from = self.skip(bytes, from);
            let end = (from + 8).min(bytes.len());
            if let Some(at) = bytes[from..end].iter().position(|b| exact(*b)) {
                return from + at;
            }
            if end == bytes.len() {
                return end;
            }
            from = end;
        }
    }

    /// Whether any byte of `bytes` is wanted.
    pub fn any_in(&self, bytes: &[u8]) -> bool {
        self.find(bytes, 0, |b| self.is(b)) < bytes.len()
    }
}

/// The high bit of each byte of `x` that may be below `n` (at most 0x80):
/// a byte of 0x80 and above never counts, one after a hit may (see above).
#[inline]
pub fn below(x: u64, n: u8) -> u64 {
    x.wrapping_sub(ONES * u64::from(n)) & !x & HIGHS
}

/// The high bit of each byte of `x` from `lo` to `hi`, both 0x80 or above:
/// exact. As `ascii_between` (below), on the low seven bits of the bytes whose
/// high bit is set.
#[inline]
pub fn high_between(x: u64, lo: u8, hi: u8) -> u64 {
    let low7 = x & !HIGHS;
    let ge = low7 + ONES * u64::from(0x80 - (lo & 0x7F));
    let gt = low7 + ONES * u64::from(0x7F - (hi & 0x7F));
    ge & !gt & x & HIGHS
}

/// The first byte at or after `from` that `stops` may flag (it gives the
/// high bit of each such byte of a word, never missing one), or that is
/// `pair` right after `pair` (what collapsing whitespace needs: lone
/// spaces in text need nothing done, two in a row do); or the start of
/// the last bytes (fewer than eight). Every byte before the one returned
/// is neither: the lowest byte flagged in a word is taken.
#[inline]
pub fn next_unless_doubled(bytes: &[u8], mut from: usize, pair: u8, stops: impl Fn(u64) -> u64) -> usize {
    let mut before = from > 0 && bytes[from - 1] == pair;
    while let Some(word) = bytes.get(from..from + 8) {
        let word = u64::from_le_bytes(word.try_into().expect("eight bytes"));
        let pairs = zero_bytes(word ^ (ONES * u64::from(pair)));
        // A byte's high bit moved up to the next byte's: set where the byte
        // before was `pair` too (or where the carry says so).
        let found = pairs & (pairs << 8 | if before { 0x80 } else { 0 }) | stops(word);
        if found != 0 {
            return from + (found.trailing_zeros() / 8) as usize;
        }
        before = word >> 56 == u64::from(pair);
        from += 8;
    }
    from
}

/// The high bit of each byte of `x` that is an ASCII byte from `lo` to
/// `hi` (`lo` at least 1): exact, unlike the filters above. Each byte's low
/// seven bits plus a constant carry into its high bit at `lo` (`ge`) and
/// past `hi` (`gt`), never out of the byte.
#[inline]
fn ascii_between(x: u64, lo: u8, hi: u8) -> u64 {
    let low7 = x & !HIGHS;
    let ge = low7 + ONES * u64::from(0x80 - lo);
    let gt = low7 + ONES * u64::from(0x7F - hi);
    ge & !gt & !x & HIGHS
}

/// Where the run of ASCII letters and digits that starts at `from` ends,
/// and whether it holds an uppercase letter: eight bytes a step, with no
/// branch per byte (words end at unpredictable places). The search
/// tokenizer's word scan.
#[inline]
pub fn ascii_word_end(bytes: &[u8], mut from: usize) -> (usize, bool) {
    let mut upper_seen = 0;
    while let Some(block) = bytes.get(from..from + 8) {
        let x = u64::from_le_bytes(block.try_into().expect("eight bytes"));
        let upper = ascii_between(x, b'A', b'Z');
        let word = ascii_between(x, b'a', b'z') | ascii_between(x, b'0', b'9') | upper;
        let stop = !word & HIGHS;
        if stop != 0 {
            let len = stop.trailing_zeros() / 8;
            let before = (1u64 << (8 * len)) - 1;
            return (from + len as usize, upper_seen | (upper & before) != 0);
        }
        upper_seen |= upper;
        from += 8;
    }
    let mut has_upper = upper_seen != 0;
    while let Some(b) = bytes.get(from).filter(|b| b.is_ascii_alphanumeric()) {
        has_upper |= b.is_ascii_uppercase();
        from += 1;
    }
    (from, has_upper)
}

#[cfg(test)]
mod tests {
    use super::*;

    const SOME: Wanted<3> = Wanted { below: 0x20, equal: [b'"', 0x7F, 0xE2] };

    #[test]
    fn no_wanted_byte_is_missed_anywhere_in_a_word() {
        for wanted in [SOME, Wanted { below: 0x21, equal: [0xC2, 0xE1, 0xE3] }] {
            for b in 0..=255u8 {
                for at in 0..8 {
                    for fill in [b'a', 0x00, 0xFF, 0x80, b' '] {
                        let mut word = [fill; 8];
                        word[at] = b;
                        if wanted.is(b) {
                            assert!(wanted.may_hit(u64::from_le_bytes(word)), "{b:#x} at {at} among {fill:#x}");
                        }
                    }
                }
            }
        }
    }

    #[test]
    fn a_doubled_byte_is_found_in_any_place() {
        let controls = |w| below(w, 0x20);
        let text = b"abcdefghijklmnopqrst";
        assert_eq!(next_unless_doubled(text, 0, b' ', controls), 16, "none: the last bytes are left to the caller");
        for at in 0..text.len() - 1 {
            let mut t = text.to_vec();
            t[at] = b' ';
            t[at + 1] = b' ';
            let found = next_unless_doubled(&t, 0, b' ', controls);
            let expected = if at + 1 < 16 { at + 1 } else { 16 };
            assert_eq!(found, expected, "pair at {at}: its second byte, unless in the last bytes");
            // Lone spaces pass.
            let mut lone = text.to_vec();
            lone[at] = b' ';
            assert_eq!(next_unless_doubled(&lone, 0, b' ', controls), 16, "lone at {at}");
        }
        // A pair across the start: the byte before counts.
        assert_eq!(next_unless_doubled(b"a        bcdefgh", 1, b' ', controls), 2);
        assert_eq!(next_unless_doubled(b"  bcdefghijklmnop", 1, b' ', controls), 1);
        assert_eq!(next_unless_doubled(b"a bcdefghijklmnop", 2, b' ', controls), 10);
        // A flagged byte, exactly where it is.
        let stops = |w| below(w, 0x20) | high_between(w, 0xE3, 0xE3);
        for at in 0..16 {
            for b in [0xE3, b'\n'] {
                let mut t = text.to_vec();
                t[at] = b;
                assert_eq!(next_unless_doubled(&t, 0, b' ', stops), at, "{b:#x} at {at}");
            }
        }
    }

    #[test]
    fn high_ranges_are_exact() {
        for (lo, hi) in [(0xC2, 0xE3), (0x80, 0xFF), (0xE3, 0xE3), (0x80, 0x80), (0xFF, 0xFF)] {
            for b in 0..=255u8 {
                for at in 0..8 {
                    for fill in [b'a', 0x00, 0xFF, 0x80, 0xE3, 0xC1] {
                        let mut word = [fill; 8];
                        word[at] = b;
                        let flags = high_between(u64::from_le_bytes(word), lo, hi);
                        let expected: u64 = word
                            .iter()
                            .enumerate()
                            .filter(|(_, x)| (lo..=hi).contains(*x))
                            .map(|(i, _)| 0x80 << (8 * i))
                            .sum();
                        assert_eq!(flags, expected, "{lo:#x}..={hi:#x}: {b:#x} at {at} among {fill:#x}");
                    }
                }
            }
        }
    }

    #[test]
    fn plain_text_passes_whole_words() {
        assert!(!SOME.may_hit(u64::from_le_bytes(*b"plain ok")));
        // 特朗 and a space: Han bytes are 0x80 and above.
        assert!(!SOME.may_hit(u64::from_le_bytes([0xE7, 0x89, 0xB9, 0xE6, 0x9C, 0x97, 0x20, 0x7E])));
    }

    #[test]
    fn any_in_agrees_with_a_plain_scan() {
        let mut state = 5u64;
        for _ in 0..5000 {
            state = state.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let len = (state >> 60) as usize + (state >> 58 & 3) as usize * 8;
            let bytes: Vec<u8> = (0..len)
                .map(|i| {
                    let r = state.rotate_left(i as u32 * 7);
                    if r.is_multiple_of(23) { (r >> 8) as u8 } else { b'a' + (r % 26) as u8 }
                })
                .collect();
            assert_eq!(SOME.any_in(&bytes), bytes.iter().any(|b| SOME.is(*b)), "{bytes:?}");
        }
    }

    #[test]
    fn ascii_word_ends_agree_with_a_plain_scan() {
        let plain = |bytes: &[u8], from: usize| {
            let end = from + bytes[from..].iter().take_while(|b| b.is_ascii_alphanumeric()).count();
            (end, bytes[from..end].iter().any(u8::is_ascii_uppercase))
        };
        // Every byte value, in every place of a block and of the tail.
        for b in 0..=255u8 {
            for at in 0..20 {
                for fill in [b'a', b'Z', b'5'] {
                    let mut bytes = vec![fill; 20];
                    bytes[at] = b;
                    for from in [0, 1, 7, 8, 13] {
                        assert_eq!(ascii_word_end(&bytes, from), plain(&bytes, from), "{b:#x} at {at} from {from}");
                    }
                }
            }
        }
        for text in crate::testgen::texts("aZ09 @[`{/:.特Àé\n", 0x2545_F491_4F6C_DD1D, 3000, 40) {
            let bytes = text.as_bytes();
            for from in 0..bytes.len() {
                assert_eq!(ascii_word_end(bytes, from), plain(bytes, from), "{text:?} from {from}");
            }
        }
    }
}
