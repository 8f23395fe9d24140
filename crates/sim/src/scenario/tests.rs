//! Scenario format tests.

use super::*;
use gossip_protocol::swim::Lifeguard;
use proptest::prelude::*;

#[test]
fn empty_query_is_the_classic_eight_node_gossip_ring() {
    let s = Scenario::from_query("").unwrap();
    assert_eq!(s, Scenario::default());
    assert_eq!(
        (s.proto, s.nodes, s.topo, s.degree),
        (Proto::Gossip, 8, Topo::Ring, 2)
    );
    assert_eq!(s.to_query(), "");
}

#[test]
fn swim_takes_its_own_defaults_and_the_query_omits_them() {
    let s = Scenario::from_query("?proto=swim&nodes=50").unwrap();
    assert_eq!(
        (s.period_ms, s.t_ms, s.k, s.n, s.lambda),
        (1000, 500, 3, 4, 4)
    );
    assert_eq!(s.to_query(), "proto=swim&nodes=50");
}

#[test]
fn events_parse_sort_and_print_canonically() {
    let s = Scenario::from_query("ev=10s.partition.0-3.4-7,5s.crash.3,20000ms.heal,1500ms.join")
        .unwrap();
    assert_eq!(s.events[0].at_ms, 1500);
    assert_eq!(s.events[1].action, Action::Crash(3));
    assert_eq!(s.events[2].action, Action::Partition(vec![(0, 3), (4, 7)]));
    assert_eq!(
        s.to_query(),
        "ev=1500ms.join,5s.crash.3,10s.partition.0-3.4-7,20s.heal"
    );
}

#[test]
fn unknown_key_is_named_in_the_error() {
    let e = Scenario::from_query("nodes=8&colour=blue").unwrap_err();
    assert_eq!(e.key, "colour");
    assert!(e.message.contains("accepted keys"), "{e}");
}

#[test]
fn out_of_range_number_names_the_key_and_the_range() {
    let e = Scenario::from_query("nodes=100000").unwrap_err();
    assert_eq!(e.key, "nodes");
    assert!(e.message.contains("1..=5000"), "{e}");
    let e = Scenario::from_query("proto=swim&t=1500").unwrap_err();
    assert_eq!(e.key, "t");
}

#[test]
fn swim_takes_ten_thousand_members_on_any_topology() {
    assert!(Scenario::from_query("proto=swim&nodes=10000&topo=full").is_ok());
    assert!(Scenario::from_query("proto=swim&nodes=10001&topo=full").is_err());
    assert!(Scenario::from_query("nodes=5000&topo=full").is_ok());
    assert!(Scenario::from_query("nodes=5001&topo=full").is_err());
    for topo in ["ring", "mesh"] {
        assert!(Scenario::from_query(&format!("proto=swim&nodes=10000&topo={topo}")).is_ok());
        let e = Scenario::from_query(&format!("proto=swim&nodes=10001&topo={topo}")).unwrap_err();
        assert_eq!(e.key, "nodes");
        assert!(e.message.contains("1..=10000 for this protocol"), "{e}");
    }
}

#[test]
fn bad_value_names_the_key() {
    let e = Scenario::from_query("loss=lots").unwrap_err();
    assert_eq!(e.key, "loss");
    let e = Scenario::from_query("topo=star").unwrap_err();
    assert!(e.message.contains("ring, mesh, full"));
}

#[test]
fn event_for_a_node_that_does_not_exist_is_an_error() {
    let e = Scenario::from_query("nodes=4&ev=5s.crash.4").unwrap_err();
    assert_eq!(e.key, "ev");
    assert!(e.message.contains("5s.crash.4"), "{e}");
    // ...but it exists once a join has added it.
    assert!(Scenario::from_query("nodes=4&ev=1s.join,5s.crash.4").is_ok());
}

#[test]
fn nonsense_events_are_errors_not_panics() {
    for ev in [
        "5s",
        "5.crash.1",
        "5s.explode",
        "5s.crash",
        "5s.crash.x",
        "5s.loss.101",
        "99999999999999999999s.heal",
        "5s.partition",
        "5s.partition.3-1",
        "5s.heal.1",
        "5s.partition.0-3.2-5",
    ] {
        let e = Scenario::from_query(&format!("ev={ev}")).unwrap_err();
        assert_eq!(e.key, "ev", "{ev}");
    }
}

#[test]
fn lenient_parse_keeps_every_valid_key_and_event() {
    let (s, errors) =
        Scenario::from_query_lenient("nodes=20&t=abc&seed=7&bogus=1&ev=2s.crash.1,3s.crash.99");
    assert_eq!((s.nodes, s.seed, s.t_ms), (20, 7, 10_000));
    assert_eq!(s.events.len(), 1);
    let keys: Vec<_> = errors.iter().map(|e| e.key.as_str()).collect();
    assert_eq!(keys, ["t", "bogus", "ev"]);
}

#[test]
fn duplicate_key_is_an_error() {
    assert_eq!(Scenario::from_query("n=2&n=3").unwrap_err().key, "n");
}

fn action(nodes: u32) -> impl Strategy<Value = Action> {
    prop_oneof![
        (0..nodes).prop_map(Action::Crash),
        (0..nodes).prop_map(Action::Recover),
        (0..nodes).prop_map(Action::Leave),
        Just(Action::Heal),
        (0u64..=100).prop_map(|p| Action::Set(Param::Loss, p)),
        (0u64..=16).prop_map(|k| Action::Set(Param::K, k)),
        (1u64..=20).prop_map(|n| Action::Set(Param::N, n)),
        (10u64..=5000).prop_map(|p| Action::Set(Param::Period, p)),
        (1u64..=3000).prop_map(|t| Action::Set(Param::T, t)),
        (0u64..=500).prop_map(|l| Action::Set(Param::Latency, l)),
        (0..nodes).prop_map(move |a| Action::Partition(vec![(0, a)])),
        ((0..nodes), 1u64..5000).prop_map(|(n, d)| Action::Slow(n, d)),
        (0..nodes).prop_map(Action::Fast),
        ((0..nodes), 1u64..5000).prop_map(|(n, d)| Action::Pause(n, d)),
        ((0..nodes), (0..nodes), any::<bool>()).prop_map(|(from, to, both)| Action::Cut {
            from,
            to,
            both
        }),
        ((0..nodes), (0..nodes), any::<bool>()).prop_map(|(from, to, both)| Action::Mend {
            from,
            to,
            both
        }),
        Just(Action::partition(vec![vec![(0, 0), (2, 2)], vec![(1, 1)]])),
    ]
}

fn swim_extras() -> impl Strategy<Value = (Option<Profile>, Lifeguard, u64, Option<u64>, u32)> {
    (
        prop_oneof![
            Just(None),
            Just(Some(Profile::Lan)),
            Just(Some(Profile::Wan)),
            Just(Some(Profile::Local))
        ],
        (any::<bool>(), any::<bool>(), any::<bool>(), any::<bool>()).prop_map(
            |(lhm, dynamic, buddy, nack)| Lifeguard {
                lhm,
                dynamic,
                buddy,
                nack,
            },
        ),
        prop_oneof![Just(0u64), 1u64..=60_000],
        prop_oneof![Just(None), (1u64..=3_600_000).prop_map(Some)],
        1u32..=1000,
    )
}

/// Gossip's variants: (phi threshold or fixed, with the normal model's least standard
/// deviation and pause or the exponential model, Scuttlebutt's mtu or full).
#[allow(clippy::type_complexity)]
fn gossip_extras() -> impl Strategy<Value = (Option<(u32, Option<(u64, u64)>)>, Option<u32>)> {
    (
        prop_oneof![
            Just(None),
            (
                1u32..=32,
                prop_oneof![Just(None), (1u64..=60_000, 0u64..=3_600_000).prop_map(Some)]
            )
                .prop_map(Some)
        ],
        prop_oneof![Just(None), (512u32..=65_507).prop_map(Some)],
    )
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        gossip_extras(),
        any::<bool>(),
        2u32..300,
        0usize..3,
        1u32..8,
        (
            100u64..5000,
            1u32..10,
            1u32..5,
            0u32..20,
            0u64..500,
            any::<u64>(),
        ),
        proptest::collection::vec((0u64..100_000, action(3)), 0..6),
        swim_extras(),
    )
        .prop_map(
            |(
                (phi, mtu),
                swim,
                nodes,
                topo,
                degree,
                (period, n, fanout, loss, latency, seed),
                evs,
                extras,
            )| {
                let proto = if swim { Proto::Swim } else { Proto::Gossip };
                let (profile, lifeguard, gossip_interval, push_pull, burst) = extras;
                let mut s = Scenario::defaults_for(proto, profile.filter(|_| swim));
                if swim {
                    s.lifeguard = lifeguard;
                    s.gossip_interval_ms = gossip_interval;
                    // Under a profile the push-pull interval is always set (its value).
                    if push_pull.is_some() {
                        s.push_pull_ms = push_pull;
                    }
                }
                s.burst = burst;
                s.nodes = nodes;
                if !swim {
                    if let Some((threshold, normal)) = phi {
                        s.detector = gossip_protocol::gossip::Detector::Phi;
                        s.phi = threshold;
                        s.nodes = nodes.min(200);
                        if let Some((min_std, pause)) = normal {
                            s.phi_model = gossip_protocol::gossip::PhiModel::Normal;
                            s.phi_min_std_ms = min_std;
                            s.phi_pause_ms = pause;
                        }
                    }
                    if let Some(bytes) = mtu {
                        s.exchange = gossip_protocol::gossip::Exchange::Scuttlebutt;
                        s.mtu = bytes;
                    }
                }
                s.topo = [Topo::Ring, Topo::Mesh, Topo::Full][topo];
                s.degree = degree;
                s.period_ms = period;
                s.t_ms = if swim {
                    period / 2
                } else {
                    period * 3 + 2 * latency
                };
                s.n = n;
                s.fanout = fanout;
                s.loss_pct = loss;
                s.latency_ms = if swim {
                    latency.min(s.t_ms / 3)
                } else {
                    latency
                };
                s.seed = seed;
                if s.validate_params().is_err() {
                    s.burst = 1;
                }
                // Keep each event that can apply after those kept before it (crash a running
                // node, a `set` that leaves the parameters valid, ...).
                let mut sorted = evs;
                sorted.sort_by_key(|e| e.0);
                for (at_ms, action) in sorted {
                    s.push_event(TimedEvent::new(at_ms, action));
                    if s.validate().is_err() {
                        s.events.pop();
                    }
                }
                s
            },
        )
}

proptest! {
    #[test]
    fn scenario_to_query_to_scenario_round_trips_exactly(s in scenario()) {
        prop_assert!(s.validate().is_ok());
        let q = s.to_query();
        prop_assert_eq!(Scenario::from_query(&q).unwrap(), s);
    }

    #[test]
    fn no_input_makes_the_parser_panic(q in ".{0,200}") {
        let _ = Scenario::from_query(&q);
        let _ = Scenario::from_query_lenient(&q);
    }

    #[test]
    fn no_event_string_makes_the_parser_panic(
        q in "(ev=)?([0-9]{0,25}(ms|s)?(\\.(crash|recover|join|leave|partition|heal|loss|slow|fast|pause|cut|mend|[a-z]{1,4}))?(\\.[0-9_>ms-]{0,12}){0,4},?){0,5}"
    ) {
        let _ = Scenario::from_query(&q);
        let (s, _) = Scenario::from_query_lenient(&q);
        prop_assert!(s.validate().is_ok());
    }
}

#[test]
fn set_events_round_trip_and_loss_is_an_older_spelling_of_set_loss() {
    let s = Scenario::from_query("ev=12s.set.t.3000,30s.set.fanout.3,40s.loss.5").unwrap();
    assert_eq!(s.events[0].action, Action::Set(Param::T, 3000));
    assert_eq!(s.events[1].action, Action::Set(Param::Fanout, 3));
    assert_eq!(s.events[2].action, Action::Set(Param::Loss, 5));
    assert_eq!(
        s.to_query(),
        "ev=12s.set.t.3000,30s.set.fanout.3,40s.set.loss.5"
    );
    assert_eq!(s.params_at(35_000).fanout, 3);
    assert_eq!(s.params_at(35_000).loss_pct, 0);
    assert_eq!(s.params_at(40_000).loss_pct, 5);
}

#[test]
fn a_set_event_with_an_unknown_key_or_a_bad_value_is_an_error_naming_it() {
    for (q, needle) in [
        ("ev=12s.set.bogus.3", "'bogus' cannot be set live"),
        ("ev=12s.set.seed.3", "'seed' cannot be set live"),
        ("ev=12s.set.t", "needs a value"),
        ("ev=12s.set.t.x", "'x' is not a whole number"),
        ("ev=12s.set.loss.101", "loss: 101 is out of range"),
        ("ev=12s.set.k.17", "k: 17 is out of range"),
        // SWIM's ack timeout must stay below the period, also after a live change.
        (
            "proto=swim&ev=12s.set.t.1000",
            "t: 1000 ms is not below period",
        ),
        (
            "proto=swim&ev=12s.set.period.400",
            "is not below period (400 ms)",
        ),
        ("ev=12s.set.fanout.0", "fanout"),
    ] {
        let e = Scenario::from_query(q).unwrap_err();
        assert_eq!(e.key, "ev", "{q}");
        assert!(e.message.contains(needle), "{q}: {}", e.message);
        assert!(e.message.contains("event '12s.set."), "{q}: {}", e.message);
    }
}

#[test]
fn events_that_cannot_apply_are_rejected_naming_the_event() {
    for (q, needle) in [
        ("ev=5s.recover.3", "node 3 is already running"),
        (
            "ev=5s.crash.3,6s.crash.3",
            "'6s.crash.3': node 3 is not running",
        ),
        (
            "ev=5s.leave.3,10s.leave.3",
            "'10s.leave.3': node 3 is not running",
        ),
        ("ev=5s.leave.3,10s.crash.3", "node 3 is not running"),
        ("ev=,,,", "empty event"),
        ("ev=5s.crash.1,,6s.recover.1", "empty event"),
    ] {
        let e = Scenario::from_query(q).unwrap_err();
        assert_eq!(e.key, "ev", "{q}");
        assert!(e.message.contains(needle), "{q}: {}", e.message);
    }
    // What can apply still does.
    assert!(Scenario::from_query("ev=5s.crash.3,6s.recover.3,7s.leave.3,8s.recover.3").is_ok());
}

#[test]
fn a_decimal_event_time_is_called_not_a_time_rather_than_missing_a_unit() {
    let e = Scenario::from_query("ev=5.5s.crash.1").unwrap_err();
    assert!(
        e.message.contains("'5' is not a time") || e.message.contains("not a time"),
        "{}",
        e.message
    );
    assert!(!e.message.contains("needs a unit"), "{}", e.message);
    let e = Scenario::from_query("ev=5.crash.1").unwrap_err();
    assert!(e.message.contains("needs a unit"), "{}", e.message);
}

#[test]
fn a_pair_with_no_key_is_named_as_such_not_as_an_empty_unknown_key() {
    let e = Scenario::from_query("=").unwrap_err();
    assert_eq!(e.key, "query");
    assert!(e.to_string().starts_with("query: '=' has no key"), "{e}");
    let e = Scenario::from_query("nodes=4&=5").unwrap_err();
    assert!(e.message.contains("'=5' has no key"), "{e}");
}

#[test]
fn a_huge_value_is_cut_short_in_the_error_and_its_length_given() {
    let digits = "9".repeat(100_000);
    let e = Scenario::from_query(&format!("nodes={digits}")).unwrap_err();
    assert_eq!(e.key, "nodes");
    assert!(
        e.to_string().len() < 200,
        "{} characters",
        e.to_string().len()
    );
    assert!(e.message.contains("(100000 characters)"), "{e}");
    assert!(e.message.contains("too large"), "{e}");
    // The unknown key's error lists the 29 keys: the bound grows with them, not with `digits`.
    let e = Scenario::from_query(&format!("{digits}=1")).unwrap_err();
    assert!(
        e.to_string().len() < 400,
        "{} characters",
        e.to_string().len()
    );
}

#[test]
fn swim_rejects_an_ack_timeout_below_the_longest_round_trip_naming_the_keys() {
    let e = Scenario::from_query("proto=swim&nodes=5000&topo=full&period=10&t=5").unwrap_err();
    assert_eq!(e.key, "t");
    assert!(
        e.message.contains("latency=50 ms") && e.message.contains("150 ms"),
        "{e}"
    );
    assert!(Scenario::from_query("proto=swim&period=10&t=5&latency=1").is_ok());
    assert!(Scenario::from_query("proto=swim&period=1000&t=150").is_ok());
    assert!(Scenario::from_query("proto=swim&period=1000&t=149").is_err());
}

#[test]
fn gossip_rejects_a_t_a_heartbeat_cannot_beat_naming_the_keys() {
    let e = Scenario::from_query("period=500&t=500&latency=0").unwrap_err();
    assert_eq!(e.key, "t");
    assert!(e.message.contains("period=500 ms"), "{e}");
    assert!(Scenario::from_query("period=500&t=576&latency=50").is_ok());
    assert!(Scenario::from_query("period=500&t=575&latency=50").is_err());
}

#[test]
fn a_lenient_parse_of_a_timing_that_cannot_work_ends_valid() {
    for q in [
        "proto=swim&latency=1000",
        "proto=swim&period=20&t=10&latency=9000",
        "t=1",
        "nodes=2000&topo=full&fanout=16&latency=10000&t=20000",
    ] {
        let (s, errors) = Scenario::from_query_lenient(q);
        assert!(s.validate().is_ok(), "{q}: {:?}", s.validate());
        assert!(matches!(errors[0].key.as_str(), "t" | "period"), "{q}");
    }
}

#[test]
fn gossip_rejects_more_tables_in_flight_than_memory_allows_naming_the_keys() {
    let e = Scenario::from_query("nodes=2000&topo=full&period=10&latency=1000&t=1600").unwrap_err();
    assert_eq!(e.key, "period");
    assert!(
        e.message.contains("nodes=2000") && e.message.contains("latency=1000"),
        "{e}"
    );
    assert!(Scenario::from_query("nodes=500&topo=full&period=10&latency=1000&t=1600").is_ok());
    assert!(Scenario::from_query("nodes=2000&topo=full").is_ok());
}

#[test]
fn a_profile_sets_memberlists_constants_and_explicit_keys_override_it() {
    let s = Scenario::from_query("proto=swim&profile=wan&k=2").unwrap();
    assert_eq!(
        (s.period_ms, s.t_ms, s.n, s.k, s.lambda, s.fanout),
        (5000, 3000, 6, 2, 4, 4)
    );
    assert_eq!((s.gossip_interval_ms, s.push_pull_ms), (500, Some(60_000)));
    assert_eq!(s.to_query(), "proto=swim&profile=wan&k=2");
    let local = Scenario::from_query("proto=swim&profile=local").unwrap();
    assert_eq!(
        (
            local.t_ms,
            local.n,
            local.k,
            local.lambda,
            local.gossip_interval_ms
        ),
        (200, 3, 1, 2, 100)
    );
    assert_eq!(local.swim_config().push_pull_periods, 15);
    let lan = Scenario::from_query("proto=swim&profile=lan").unwrap();
    assert_eq!((lan.gossip_interval_ms, lan.fanout), (200, 3));
    assert_eq!(lan.swim_config().gossip_interval, 200_000);
}

#[test]
fn a_bad_profile_or_one_for_gossip_is_an_error_naming_the_key() {
    let e = Scenario::from_query("proto=swim&profile=moon").unwrap_err();
    assert_eq!(e.key, "profile");
    assert!(e.message.contains("lan, wan, local"), "{e}");
    let e = Scenario::from_query("profile=lan").unwrap_err();
    assert_eq!(e.key, "profile");
    assert!(e.message.contains("SWIM only"), "{e}");
    let (s, _) = Scenario::from_query_lenient("profile=lan&lifeguard=on");
    assert!(s.validate().is_ok());
}

#[test]
fn lifeguard_takes_off_on_or_a_subset_and_prints_canonically() {
    let s = Scenario::from_query("proto=swim&lifeguard=nack.lhm").unwrap();
    assert!(s.lifeguard.lhm && s.lifeguard.nack && !s.lifeguard.dynamic);
    assert_eq!(s.to_query(), "proto=swim&lifeguard=lhm.nack");
    let all = Scenario::from_query("proto=swim&lifeguard=lhm.dyn.buddy.nack").unwrap();
    assert_eq!(all.to_query(), "proto=swim&lifeguard=on");
    assert_eq!(
        Scenario::from_query("proto=swim&lifeguard=off").unwrap(),
        Scenario::defaults(Proto::Swim)
    );
    for bad in ["lhm.lhm", "fast", "lhm..nack", ""] {
        let e = Scenario::from_query(&format!("proto=swim&lifeguard={bad}")).unwrap_err();
        assert_eq!(e.key, "lifeguard", "{bad}");
    }
}

#[test]
fn burst_keeps_the_mean_loss_possible_or_is_an_error_naming_it() {
    assert!(Scenario::from_query("loss=20&burst=8").is_ok());
    assert!(Scenario::from_query("loss=50&burst=1").is_ok());
    let e = Scenario::from_query("loss=90&burst=2").unwrap_err();
    assert_eq!(e.key, "burst");
    assert!(e.message.contains("at least 9"), "{e}");
    assert!(Scenario::from_query("loss=90&burst=9").is_ok());
    assert_eq!(Scenario::from_query("burst=0").unwrap_err().key, "burst");
}

#[test]
fn fault_events_parse_and_print_canonically() {
    let q = "nodes=8&ev=1s.slow.3.800ms,2s.fast.3,3s.pause.2.5s,4s.cut.1>2,5s.cut.3-4,\
             6s.mend.1>2,7s.mend.3-4,8s.partition.0_3_5-7.1_2,9s.partition.0-3.4-7";
    let s = Scenario::from_query(q).unwrap();
    assert_eq!(s.events[0].action, Action::Slow(3, 800));
    assert_eq!(s.events[2].action, Action::Pause(2, 5000));
    assert_eq!(
        s.events[4].action,
        Action::Cut {
            from: 3,
            to: 4,
            both: true
        }
    );
    assert_eq!(
        s.events[7].action,
        Action::PartitionGroups(vec![vec![(0, 0), (3, 3), (5, 7)], vec![(1, 1), (2, 2)]])
    );
    assert_eq!(s.events[8].action, Action::Partition(vec![(0, 3), (4, 7)]));
    assert_eq!(Scenario::from_query(&s.to_query()).unwrap(), s);
    assert!(s.to_query().contains("8s.partition.0_3_5-7.1_2"));
}

#[test]
fn bad_fault_events_are_errors_naming_them() {
    for (q, needle) in [
        ("ev=5s.slow.9.1s", "node 9 does not exist"),
        ("ev=5s.slow.3.0ms", "above 0"),
        ("ev=5s.slow.3.-5ms", "not a whole number"),
        ("ev=5s.slow.3", "delay is missing"),
        ("ev=5s.pause.3.0s", "above 0"),
        ("ev=5s.cut.3-3", "not node 3 to itself"),
        ("ev=5s.cut.3>3", "not node 3 to itself"),
        ("ev=5s.cut.3>12", "node 12 does not exist"),
        ("ev=5s.cut.3", "not a link"),
        ("ev=5s.mend.1>2", "1>2 is not cut"),
        ("ev=5s.cut.1-2,6s.cut.2>1", "2>1 is already cut"),
        ("ev=5s.fast.3", "node 3 is not slow"),
        ("ev=5s.slow.3.1s,6s.slow.3.2s", "already slow"),
        ("ev=5s.crash.3,6s.slow.3.1s", "node 3 is not running"),
        ("ev=5s.crash.3,6s.pause.3.1s", "node 3 is not running"),
        ("ev=5s.partition.0_2.1_2", "overlap"),
    ] {
        let e = Scenario::from_query(q).unwrap_err();
        assert_eq!(e.key, "ev", "{q}");
        assert!(e.message.contains(needle), "{q}: {}", e.message);
    }
    // A crash ends a slowdown, and a heal mends every cut.
    assert!(Scenario::from_query("ev=1s.slow.3.1s,2s.crash.3,3s.recover.3,4s.slow.3.1s").is_ok());
    assert!(Scenario::from_query("ev=1s.cut.1-2,2s.heal,3s.cut.1-2").is_ok());
}

#[test]
fn detector_phi_and_exchange_scuttlebutt_print_canonically_without_defaults() {
    let s = Scenario::from_query("detector=phi&phi=12&exchange=scuttlebutt&mtu=1400").unwrap();
    assert_eq!(
        s.to_query(),
        "detector=phi&phi=12&exchange=scuttlebutt&mtu=1400"
    );
    let defaults = Scenario::from_query("detector=fixed&exchange=full&phi=8&mtu=65507").unwrap();
    assert_eq!(defaults.to_query(), "");
    let c = s.gossip_config();
    assert_eq!(c.detector, gossip_protocol::gossip::Detector::Phi);
    assert_eq!((c.phi_threshold, c.mtu), (12, 1400));
}

#[test]
fn bad_detector_phi_exchange_and_mtu_values_name_their_key_and_range() {
    let cases = [
        ("detector=normal", "detector", "fixed, phi"),
        ("detector=phi&phi=0", "phi", "1..=32"),
        ("detector=phi&phi=33", "phi", "1..=32"),
        ("phi=4", "phi", "detector=phi"),
        ("exchange=push", "exchange", "full, scuttlebutt"),
        ("exchange=scuttlebutt&mtu=100", "mtu", "512..=65507"),
        ("exchange=scuttlebutt&mtu=70000", "mtu", "512..=65507"),
        ("mtu=1400", "mtu", "exchange=scuttlebutt"),
        ("proto=swim&detector=phi", "detector", "gossip only"),
        ("proto=swim&exchange=scuttlebutt", "exchange", "gossip only"),
        ("detector=phi&nodes=300&topo=full", "nodes", "1..=256"),
    ];
    for (q, key, says) in cases {
        let e = Scenario::from_query(q).unwrap_err();
        assert_eq!(e.key, key, "{q}: {e}");
        assert!(e.message.contains(says), "{q}: {e}");
    }
    // The lenient parser keeps what it can.
    let (s, errors) = Scenario::from_query_lenient("detector=phi&phi=99&exchange=scuttlebutt");
    assert_eq!(errors.len(), 1);
    assert_eq!(s.to_query(), "detector=phi&exchange=scuttlebutt");
}

#[test]
fn phi_model_and_its_parameters_round_trip_and_reach_the_config() {
    let q = "detector=phi&phi_model=normal&phi_min_std=100&phi_pause=3000";
    let s = Scenario::from_query(q).unwrap();
    assert_eq!(s.to_query(), q);
    let c = s.gossip_config();
    assert_eq!(c.phi_model, gossip_protocol::gossip::PhiModel::Normal);
    assert_eq!((c.phi_min_std, c.phi_pause), (100_000, 3_000_000));
    assert_eq!(s.value_of("phi_model").as_deref(), Some("normal"));
    // Defaults are left out; Akka's defaults scaled to the 500 ms period.
    let d =
        Scenario::from_query("detector=phi&phi_model=exponential&phi_min_std=50&phi_pause=1500");
    assert_eq!(d.unwrap().to_query(), "detector=phi");
}

#[test]
fn bad_phi_model_values_name_their_key_and_what_is_accepted() {
    let cases = [
        (
            "detector=phi&phi_model=gauss",
            "phi_model",
            "accepted exponential, normal",
        ),
        ("phi_model=normal", "phi_model", "detector=phi"),
        (
            "detector=phi&phi_model=normal&phi_min_std=0",
            "phi_min_std",
            "1..=60000 ms",
        ),
        (
            "detector=phi&phi_model=normal&phi_min_std=-5",
            "phi_min_std",
            "whole number",
        ),
        (
            "detector=phi&phi_model=normal&phi_pause=3600001",
            "phi_pause",
            "0..=3600000 ms",
        ),
        (
            "detector=phi&phi_pause=100",
            "phi_pause",
            "phi_model=normal",
        ),
        ("proto=swim&phi_model=normal", "phi_model", "gossip only"),
    ];
    for (q, key, says) in cases {
        let e = Scenario::from_query(q).unwrap_err();
        assert_eq!(e.key, key, "{q}: {e}");
        assert!(e.message.contains(says), "{q}: {e}");
    }
    let (s, errors) = Scenario::from_query_lenient("detector=phi&phi_model=normal&phi_pause=-1");
    assert_eq!(errors.len(), 1);
    assert_eq!(s.to_query(), "detector=phi&phi_model=normal");
}

#[test]
fn burst_ms_round_trips_and_reaches_the_network() {
    let q = "loss=10&burst_ms=250";
    let s = Scenario::from_query(q).unwrap();
    assert_eq!((s.to_query(), s.burst_ms), (q.to_string(), 250));
    assert_eq!(s.value_of("burst_ms").as_deref(), Some("250"));
    assert_eq!(Scenario::from_query("burst_ms=0").unwrap().to_query(), "");
    assert!(Scenario::from_query("proto=swim&nodes=2000&topo=full&loss=5&burst_ms=100").is_ok());
}

#[test]
fn bad_burst_ms_values_name_the_key_and_what_is_accepted() {
    let cases = [
        ("burst_ms=-1", "whole number of ms (0..=3600000)"),
        ("burst_ms=3600001", "0..=3600000 ms"),
        ("loss=10&burst=4&burst_ms=100", "set one of them"),
        ("proto=swim&nodes=2001&burst_ms=100", "at most 2000 members"),
        ("nodes=2000&burst_ms=100&ev=1s.join", "joins included"),
    ];
    for (q, says) in cases {
        let e = Scenario::from_query(q).unwrap_err();
        assert_eq!(e.key, "burst_ms", "{q}: {e}");
        assert!(e.message.contains(says), "{q}: {e}");
    }
}

#[test]
fn events_past_the_limit_give_one_error_with_the_real_count() {
    let ev: Vec<String> = (0..1200).map(|i| format!("{}ms.loss.5", 100 + i)).collect();
    let (s, errors) = Scenario::from_query_lenient(&format!("ev={}", ev.join(",")));
    assert_eq!(s.events.len(), MAX_EVENTS);
    let about_ev: Vec<_> = errors.iter().filter(|e| e.key == "ev").collect();
    assert_eq!(about_ev.len(), 1, "{errors:?}");
    assert!(
        about_ev[0]
            .message
            .starts_with("1200 events is too many: at most 1000")
            && about_ev[0].message.contains("the last 200"),
        "{}",
        about_ev[0].message
    );
}
