//! One stable sort for the cold paths: scenario parsing, the explanations, the sweep and tune
//! aggregates, the page's tables and plots. The standard library's sort is instantiated once
//! per element type and comparison, about 3–4 KB of WebAssembly each, and the page held some
//! 30 of them; these functions sort a list of positions with the comparison behind a trait
//! object, with one small merge sort that every caller shares, then move the elements into
//! place.
//!
//! Not for the engine's hot loops (its sorts stay the standard library's, specialised): a
//! comparison here is an indirect call, and the positions cost one `usize` an element.

use std::cmp::Ordering;

/// Sorts `v` by `cmp`, keeping the order of equal elements (like `slice::sort_by`).
pub fn by<T>(v: &mut [T], cmp: impl Fn(&T, &T) -> Ordering) {
    let mut order: Vec<usize> = (0..v.len()).collect();
    {
        let items: &[T] = v;
        positions(&mut order, &|a, b| cmp(&items[a], &items[b]));
    }
    place(v, order);
}

/// Sorts `v` by `key`, keeping the order of equal keys (like `slice::sort_by_key`).
pub fn by_key<T, K: Ord>(v: &mut [T], key: impl Fn(&T) -> K) {
    by(v, |a, b| key(a).cmp(&key(b)));
}

/// Sorts positions by `cmp`, stably: a bottom-up merge sort (a few hundred bytes, where the
/// standard library's stable sort is some 4 KB even for one instance). Two runs already in
/// order are not merged, so a list that is sorted already costs one comparison a run.
#[inline(never)]
fn positions(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    let n = order.len();
    let mut room = order.to_vec();
    let mut width = 1;
    while width < n {
        let mut lo = 0;
        while lo + width < n {
            let (mid, hi) = (lo + width, (lo + 2 * width).min(n));
            if cmp(order[mid], order[mid - 1]) == Ordering::Less {
                merge(&order[lo..mid], &order[mid..hi], &mut room[lo..hi], cmp);
                order[lo..hi].copy_from_slice(&room[lo..hi]);
            }
            lo = hi;
        }
        width *= 2;
    }
}

/// Merges the sorted runs `a` and `b` into `out`, taking from `a` on ties (stability).
fn merge(a: &[usize], b: &[usize], out: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    let (mut i, mut j) = (0, 0);
    for slot in out.iter_mut() {
        let take_b = i == a.len() || (j < b.len() && cmp(b[j], a[i]) == Ordering::Less);
        if take_b {
            *slot = b[j];
            j += 1;
        } else {
            *slot = a[i];
            i += 1;
        }
    }
}

/// Moves `v[order[k]]` to position `k`, for every `k`, following each cycle of the permutation
/// with swaps (`order` is used up as the record of what has been placed).
fn place<T>(v: &mut [T], mut order: Vec<usize>) {
    for start in 0..order.len() {
        let mut at = start;
        while order[at] != at {
            let from = order[at];
            order[at] = at;
            if from == start {
                break;
            }
            v.swap(at, from);
            at = from;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn an_empty_list_and_a_single_element_stay_as_they_are() {
        let mut empty: Vec<u8> = Vec::new();
        by_key(&mut empty, |&x| x);
        assert!(empty.is_empty());
        let mut one = vec![7];
        by(&mut one, |a, b| b.cmp(a));
        assert_eq!(one, [7]);
    }

    #[test]
    fn equal_keys_keep_their_order() {
        let mut v = vec![(2, 'a'), (1, 'b'), (2, 'c'), (1, 'd'), (0, 'e'), (2, 'f')];
        by_key(&mut v, |&(k, _)| k);
        assert_eq!(
            v,
            [(0, 'e'), (1, 'b'), (1, 'd'), (2, 'a'), (2, 'c'), (2, 'f')]
        );
    }

    #[test]
    fn runs_sorted_backwards_and_forwards_of_every_length_sort() {
        for n in 0..40 {
            let mut up: Vec<usize> = (0..n).collect();
            by_key(&mut up, |&x| x);
            assert_eq!(up, (0..n).collect::<Vec<_>>());
            let mut down: Vec<usize> = (0..n).rev().collect();
            by_key(&mut down, |&x| x);
            assert_eq!(down, (0..n).collect::<Vec<_>>(), "{n} elements");
        }
    }

    proptest! {
        #[test]
        fn sorts_exactly_as_the_standard_librarys_stable_sort(
            v in proptest::collection::vec((0u8..6, any::<u16>()), 0..200)
        ) {
            let mut ours = v.clone();
            by_key(&mut ours, |&(k, _)| k);
            let mut theirs = v;
            theirs.sort_by_key(|&(k, _)| k);
            prop_assert_eq!(ours, theirs);
        }

        #[test]
        fn sorts_floats_by_total_order_like_the_standard_library(
            v in proptest::collection::vec(any::<f64>(), 0..100)
        ) {
            let mut ours = v.clone();
            by(&mut ours, f64::total_cmp);
            let mut theirs = v;
            theirs.sort_by(f64::total_cmp);
            prop_assert_eq!(
                ours.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
                theirs.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
            );
        }
    }
}
