//! Property tests over random sequences of rumours.

use alloc::vec::Vec;

use proptest::prelude::*;

use super::*;
use crate::core::Row;

fn any_update() -> impl Strategy<Value = Update> {
    let kind = prop_oneof![
        Just(UpdateKind::Alive),
        Just(UpdateKind::Suspect),
        Just(UpdateKind::Dead),
        Just(UpdateKind::Left),
    ];
    (0..6u32, kind, 0..6u32)
        .prop_map(|(member, kind, incarnation)| update(member, kind, incarnation))
}

fn incarnations(rows: &[Row]) -> Vec<(NodeId, u64)> {
    rows.iter().map(|r| (r.member, r.counter)).collect()
}

proptest! {
    #[test]
    fn incarnations_never_decrease(updates in proptest::collection::vec(any_update(), 1..60)) {
        let (mut a, _) = Harness::start(0, &[1, 2], &SwimConfig::lan());
        let mut seen = incarnations(&a.node.rows());
        for u in updates {
            a.now += 1;
            a.hear(1, &[u]);
            let now = incarnations(&a.node.rows());
            for &(member, before) in &seen {
                let after = now.iter().find(|(m, _)| *m == member).map(|&(_, c)| c);
                prop_assert!(after.is_some_and(|c| c >= before), "{member}: {before} -> {after:?}");
            }
            prop_assert_eq!(a.node.rows()[0].counter, u64::from(a.node.incarnation()));
            seen = now;
        }
    }

    #[test]
    fn applying_the_same_update_twice_changes_nothing_the_second_time(
        history in proptest::collection::vec(any_update(), 0..30),
        u in any_update(),
    ) {
        let (mut a, _) = Harness::start(0, &[1, 2], &SwimConfig::lan());
        for h in history {
            a.hear(1, &[h]);
        }
        a.now += 1;
        a.hear(1, &[u]);
        let rows = a.node.rows();
        let pending = a.node.pending_updates();
        let incarnation = a.node.incarnation();
        a.now += 1;
        let out = a.hear(2, &[u]);
        prop_assert!(out.is_empty(), "{:?}", out);
        prop_assert_eq!(a.node.rows(), rows);
        prop_assert_eq!(a.node.pending_updates(), pending);
        prop_assert_eq!(a.node.incarnation(), incarnation);
    }
}
