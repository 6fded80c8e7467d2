//! mimalloc as the process's allocator, called the way its own aligned
//! entry points would call it.
//!
//! The `mimalloc` crate hands every request to `mi_malloc_aligned` and
//! `mi_realloc_aligned`, which first check whether the alignment asked for
//! is one a plain block has anyway, then take the plain path. Nearly every
//! request of ours is such a one (strings, vectors, boxes: alignment 1 to
//! 8), and those checks and calls cost about 1% of a build's instructions
//! (callgrind, 300 briefs). Here the same check is made inline and the
//! plain entry points are called directly; anything else still goes the
//! aligned way.

use std::alloc::{GlobalAlloc, Layout};
use std::ffi::c_void;

use libmimalloc_sys as mi;

/// The largest alignment a plain mimalloc block is sure to have, for
/// blocks no smaller than it (`MI_MAX_ALIGN_SIZE`; see
/// `mi_malloc_is_naturally_aligned` in its `alloc-aligned.c`, the check its
/// aligned calls make first).
const PLAIN_ALIGN: usize = 16;

/// Whether a plain block of `size` bytes is aligned to `align`.
#[inline]
fn plain(align: usize, size: usize) -> bool {
    align <= PLAIN_ALIGN && align <= size
}

pub struct Mimalloc;

// SAFETY: every block comes from mimalloc and goes back to it (`mi_free`
// takes blocks from either kind of call); a block is aligned as `Layout`
// asks, by `plain`'s rule (mimalloc's own) or by the aligned call.
unsafe impl GlobalAlloc for Mimalloc {
    #[inline]
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        let (size, align) = (layout.size(), layout.align());
        // SAFETY: plain mimalloc calls with a size; `align` is a power of two.
        unsafe { if plain(align, size) { mi::mi_malloc(size) } else { mi::mi_malloc_aligned(size, align) }.cast() }
    }

    #[inline]
    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        let (size, align) = (layout.size(), layout.align());
        // SAFETY: as in `alloc`.
        unsafe { if plain(align, size) { mi::mi_zalloc(size) } else { mi::mi_zalloc_aligned(size, align) }.cast() }
    }

    #[inline]
    unsafe fn dealloc(&self, ptr: *mut u8, _layout: Layout) {
        // SAFETY: `ptr` came from this allocator, so from mimalloc.
        unsafe { mi::mi_free(ptr.cast::<c_void>()) }
    }

    #[inline]
    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        let align = layout.align();
        // SAFETY: `ptr` came from mimalloc; the new block keeps `align`, by
        // `plain`'s rule for the new size or by the aligned call.
        unsafe {
            if plain(align, new_size) {
                mi::mi_realloc(ptr.cast::<c_void>(), new_size)
            } else {
                mi::mi_realloc_aligned(ptr.cast::<c_void>(), new_size, align)
            }
            .cast()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn blocks_are_aligned_and_keep_their_bytes_through_realloc() {
        let a = Mimalloc;
        for align in [1, 2, 4, 8, 16, 32, 64, 4096] {
            for size in [1, 3, 7, 8, 15, 16, 24, 40, 100, 4095, 70_000] {
                let layout = Layout::from_size_align(size, align).expect("layout");
                // SAFETY: non-zero sizes; each block is freed once, by the
                // same allocator, with the layout it has at that point.
                unsafe {
                    for new_size in [size / 2 + 1, size * 3 + 5] {
                        let p = a.alloc(layout);
                        assert!(!p.is_null() && (p as usize).is_multiple_of(align), "alloc {size} {align}");
                        for i in 0..size {
                            p.add(i).write(i as u8);
                        }
                        let q = a.realloc(p, layout, new_size);
                        assert!(
                            !q.is_null() && (q as usize).is_multiple_of(align),
                            "realloc {size} {align} {new_size}"
                        );
                        for i in 0..size.min(new_size) {
                            assert_eq!(q.add(i).read(), i as u8, "byte {i} of {size} {align} {new_size}");
                        }
                        a.dealloc(q, Layout::from_size_align(new_size, align).expect("layout"));
                    }
                    let z = a.alloc_zeroed(layout);
                    assert!(!z.is_null() && (z as usize).is_multiple_of(align), "alloc_zeroed {size} {align}");
                    assert!((0..size).all(|i| z.add(i).read() == 0), "zeroed {size} {align}");
                    a.dealloc(z, layout);
                }
            }
        }
    }
}
