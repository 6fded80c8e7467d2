//! Generated test texts: strings drawn from a small palette of characters
//! by a fixed-seed xorshift generator, so property tests of the text
//! scanners are repeatable and need no extra crate.

/// `count` texts of up to `max_len - 1` characters drawn from `palette`.
pub fn texts(palette: &str, seed: u64, count: usize, max_len: u64) -> impl Iterator<Item = String> {
    let palette: Vec<char> = palette.chars().collect();
    let mut x = seed;
    (0..count).map(move |_| {
        (0..(x % max_len))
            .map(|_| {
                x ^= x << 13;
                x ^= x >> 7;
                x ^= x << 17;
                palette[(x % palette.len() as u64) as usize]
            })
            .collect()
    })
}
