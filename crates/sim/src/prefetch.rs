//! Software prefetch: a hint to the CPU to bring memory into the cache before it is needed.
//! The one place in the crate that uses `unsafe`: a prefetch instruction takes a raw pointer,
//! but it never faults and reads nothing the program sees, so any address is sound.

/// Prefetches the first `lines` cache lines (64 bytes) of `*value` (a no-op off x86-64).
#[inline(always)]
pub(crate) fn lines<T>(value: &T, lines: usize) {
    #[cfg(target_arch = "x86_64")]
    {
        use core::arch::x86_64::{_MM_HINT_T0, _mm_prefetch};
        let p = (value as *const T).cast::<i8>();
        for i in 0..lines {
            // SAFETY: prefetching is a hint; it cannot fault or change memory, whatever the
            // address (wrapping_add keeps the pointer arithmetic itself defined).
            #[allow(unsafe_code)]
            unsafe {
                _mm_prefetch::<_MM_HINT_T0>(p.wrapping_add(64 * i));
            }
        }
    }
    #[cfg(not(target_arch = "x86_64"))]
    let _ = (value, lines);
}
