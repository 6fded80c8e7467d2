//! Generated test texts: strings drawn from a small palette of characters
//! by a fixed-seed xorshift generator, so property tests of the text
//! scanners are repeatable and need no extra crate.

/// A xorshift generator: each call steps `seed`'s state and returns it.
pub fn xorshift(seed: u64) -> impl FnMut() -> u64 {
    let mut x = seed;
    move || {
        x ^= x << 13;
        x ^= x >> 7;
        x ^= x << 17;
        x
    }
}

/// `count` texts of up to `max_len - 1` characters drawn from `palette`
/// (a text's length is the generator's state when it starts).
pub fn texts(palette: &str, seed: u64, count: usize, max_len: u64) -> impl Iterator<Item = String> {
    let palette: Vec<char> = palette.chars().collect();
    let (mut next, mut state) = (xorshift(seed), seed);
    (0..count).map(move |_| {
        (0..state % max_len)
            .map(|_| {
                state = next();
                palette[(state % palette.len() as u64) as usize]
            })
            .collect()
    })
}
