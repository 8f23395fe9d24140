//! One stable sort for the cold paths: scenario parsing, the explanations, the sweep and tune
//! aggregates, the page's tables and plots. The standard library's sort is instantiated once
//! per element type and comparison, about 3–4 KB of WebAssembly each, and the page held some
//! 30 of them; these functions sort a list of positions with the comparison behind a trait
//! object, so every caller shares one instance, then move the elements into place.
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

/// The one instance of the standard library's sort: positions compared through `cmp`.
#[inline(never)]
fn positions(order: &mut [usize], cmp: &dyn Fn(usize, usize) -> Ordering) {
    order.sort_by(|&a, &b| cmp(a, b));
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
