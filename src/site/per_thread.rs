//! A value kept once per rendering thread. Tera counts references to the
//! maps and strings of a template value every time a template reads it, so
//! a value that every page reads (the labels, the links to people and
//! briefs) made once and shared by all threads has them take turns at its
//! counters' cache lines; each thread reading its own copy does not.

/// One `T` for each of rayon's threads and one for any other thread.
pub struct PerThread<T> {
    copies: Box<[T]>,
}

impl<T> PerThread<T> {
    /// Makes a copy for each thread of the pool the caller is in (rayon's
    /// global pool outside one), plus one.
    pub fn new(mut make: impl FnMut() -> T) -> Self {
        PerThread { copies: (0..=rayon::current_num_threads()).map(|_| make()).collect() }
    }

    /// The calling thread's copy (the spare one outside the pool, or in a
    /// pool larger than the one it was made for).
    pub fn get(&self) -> &T {
        let slot = rayon::current_thread_index().map_or(0, |i| i + 1);
        self.copies.get(slot).unwrap_or(&self.copies[0])
    }
}

#[cfg(test)]
mod tests {
    use super::PerThread;
    use rayon::prelude::*;

    #[test]
    fn each_pool_thread_reads_its_own_copy() {
        let made = std::sync::atomic::AtomicUsize::new(0);
        let per = PerThread::new(|| made.fetch_add(1, std::sync::atomic::Ordering::Relaxed));
        assert_eq!(made.into_inner(), rayon::current_num_threads() + 1);
        assert_eq!(*per.get(), 0, "a thread outside the pool reads the spare copy");
        let mut seen: Vec<(usize, usize)> = (0..1000)
            .into_par_iter()
            .map(|_| (rayon::current_thread_index().expect("in the pool"), *per.get()))
            .collect();
        seen.sort_unstable();
        seen.dedup();
        assert!(seen.iter().all(|(thread, copy)| *copy == thread + 1), "{seen:?}");
    }
}
