//! A small, fast, deterministic hash, for the search index's term maps (the
//! builder looks a term up once per occurrence, so SipHash's cost shows;
//! the maps are never iterated into the output unsorted) and for telling
//! whether a narrative changed since it was loaded. Not meant to resist
//! deliberately made collisions: no input here is hashed for security.

use std::hash::{BuildHasherDefault, Hasher};

/// A small, fast, deterministic hash (FxHash, as in rustc).
#[derive(Default, Clone, Copy)]
pub struct FxHasher(u64);

impl Hasher for FxHasher {
    fn write(&mut self, bytes: &[u8]) {
        let mut chunks = bytes.chunks_exact(8);
        for c in &mut chunks {
            self.add(u64::from_le_bytes(c.try_into().expect("8 bytes")));
        }
        for b in chunks.remainder() {
            self.add(u64::from(*b));
        }
    }

    fn write_u8(&mut self, b: u8) {
        self.add(u64::from(b));
    }

    fn write_u64(&mut self, n: u64) {
        self.add(n);
    }

    /// The product's high bits, which depend on every bit of the input,
    /// brought down to where the table picks its bucket: keys that share
    /// their low bits (short words packed in a number, sharing a prefix)
    /// still spread.
    fn finish(&self) -> u64 {
        self.0.rotate_left(26)
    }
}

impl FxHasher {
    fn add(&mut self, word: u64) {
        self.0 = (self.0.rotate_left(5) ^ word).wrapping_mul(0x51_7c_c1_b7_27_22_0a_95);
    }
}

pub type Fx = BuildHasherDefault<FxHasher>;

/// The hash of `bytes`, their length included.
pub fn hash_bytes(bytes: &[u8]) -> u64 {
    let mut hasher = FxHasher::default();
    hasher.write_u64(bytes.len() as u64);
    hasher.write(bytes);
    hasher.finish()
}
