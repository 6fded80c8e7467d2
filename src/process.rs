//! The `brief` binary's process setup, done once before anything else: the
//! allocator and its options, and the seeds of Tera's hash maps. These are
//! choices for a whole process, so they live in the binary, not in the
//! library (whose callers, the tests among them, keep their own).

/// Sets up the process; call first thing in `main`.
pub fn tune() {
    keep_freed_memory_longer();
    seed_hash_maps_per_thread();
}

/// Rendering makes and drops many small strings on every thread; mimalloc
/// handles that faster than the system allocator (measured with
/// `examples/bench.rs`). Its v2 line (the `v2` feature) holds less memory
/// than v3 at the same speed: 10,000 briefs peaked at about 400 MiB, not 450
/// (both with mimalloc's default purge delay; see below).
#[global_allocator]
static ALLOCATOR: allocator::Mimalloc = allocator::Mimalloc;

mod allocator;

/// mimalloc's `mi_option_purge_delay` (the enum in its v2 `mimalloc.h`; the
/// Rust bindings name only some options): how many milliseconds freed
/// memory is kept before it is handed back to the system.
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Freed memory is kept half a second, not mimalloc's 10 ms. A build frees
/// and allocates page-sized buffers all the time; handed back at once, they
/// come back as fresh pages that the kernel must map and zero again (about
/// 50,000 page faults at 10,000 briefs, 3,000 with this). At 10,000 briefs
/// that is about 3% less time, for about 30 MiB more peak memory
/// (`examples/bench.rs`, alternating runs with `MIMALLOC_PURGE_DELAY`).
/// `MIMALLOC_PURGE_DELAY` in the environment still wins.
fn keep_freed_memory_longer() {
    if std::env::var_os("MIMALLOC_PURGE_DELAY").is_none() {
        // SAFETY: sets one integer option, which mimalloc reads when it
        // next decides whether to purge; any value is valid.
        unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, 500) }
    }
}

/// Seeds for the hash maps that Tera builds for every page (one for each
/// object in a page's context, each component call and each loop), drawn
/// from a counter of the thread that asks instead of ahash's one counter
/// for the process. Its counter is a single atomic that every rendering
/// thread bumps thousands of times a page, so the cores kept passing its
/// cache line to each other (~0.8% of a 10,000-brief build's samples in
/// `perf`). The per-process random keys stay; only the per-map part of
/// the seed comes from here.
struct ThreadSeeds;

impl ahash::random_state::RandomSource for ThreadSeeds {
    fn gen_hasher_seed(&self) -> usize {
        thread_local! {
            static NEXT: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
        }
        NEXT.with(|next| {
            // Threads start apart (a thread-local's address), then count.
            let seed = match next.get() {
                0 => next as *const _ as usize,
                n => n,
            };
            next.set(seed.wrapping_add(0x9E37_79B9));
            seed
        })
    }
}

/// Installs [`ThreadSeeds`]; it must run before the first Tera map exists.
fn seed_hash_maps_per_thread() {
    // Fails only if a map was made already; the default source then stays.
    let _ = ahash::random_state::set_random_source(ThreadSeeds);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reads and sets one integer option.
        let (default, set) = unsafe {
            let default = libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY);
            keep_freed_memory_longer();
            (default, libmimalloc_sys::mi_option_get(MI_OPTION_PURGE_DELAY))
        };
        // 10 ms is mimalloc's documented default for purge_delay alone among
        // the options next to it (eager_commit_delay 1, use_numa_nodes 0).
        match std::env::var("MIMALLOC_PURGE_DELAY") {
            Ok(v) => assert_eq!((default.to_string(), set), (v.clone(), default), "{v}"),
            Err(_) => assert_eq!((default, set), (10, 500)),
        }
    }

    #[test]
    fn seeds_differ_map_by_map_and_thread_by_thread() {
        use ahash::random_state::RandomSource;
        let ten = || (0..10).map(|_| ThreadSeeds.gen_hasher_seed()).collect::<Vec<_>>();
        let here = ten();
        let there = std::thread::spawn(ten).join().expect("thread");
        let mut all: Vec<usize> = here.iter().chain(&there).copied().collect();
        all.sort_unstable();
        all.dedup();
        assert_eq!(all.len(), 20, "{here:?} {there:?}");
    }
}
