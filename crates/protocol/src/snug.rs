//! Growing the dense per-member vectors with little slack.
//!
//! Every node keeps several vectors indexed by member id, so a cluster of `n` holds `n²`
//! slots of each. `Vec`'s own growth doubles the capacity, which leaves up to half of them
//! unused (a table of 5,000 members grows to room for 8,192); growing by an eighth instead
//! keeps the slack below 12.5% and the copying still amortised O(1) per slot.

use alloc::vec::Vec;

/// Makes room for at least `len` elements, growing the capacity by at least an eighth when it
/// must grow (so that growing one by one stays amortised O(1)).
#[inline]
pub(crate) fn reserve_snug<T>(v: &mut Vec<T>, len: usize) {
    if len > v.capacity() {
        grow(v, len);
    }
}

#[cold]
fn grow<T>(v: &mut Vec<T>, len: usize) {
    let want = len.max(v.capacity() + v.capacity() / 8);
    v.reserve_exact(want - v.len());
}

/// Extends `v` with `fill` to `len` elements if it is shorter, with little slack.
#[inline]
pub(crate) fn resize_snug<T: Clone>(v: &mut Vec<T>, len: usize, fill: T) {
    if len > v.len() {
        reserve_snug(v, len);
        v.resize(len, fill);
    }
}

/// Appends `x` with little slack.
#[inline]
pub(crate) fn push_snug<T>(v: &mut Vec<T>, x: T) {
    reserve_snug(v, v.len() + 1);
    v.push(x);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn growing_one_by_one_keeps_the_slack_under_an_eighth() {
        let mut v: Vec<u32> = Vec::new();
        for i in 0..5000 {
            resize_snug(&mut v, i + 1, 0);
            assert!(
                v.capacity() <= (i + 1) + (i + 1) / 8 + 1,
                "{} for {}",
                v.capacity(),
                i + 1
            );
        }
        let mut w: Vec<u32> = Vec::with_capacity(100);
        for i in 0..1000 {
            push_snug(&mut w, i);
        }
        assert!(w.capacity() < 1000 + 1000 / 8 + 1);
    }
}
