//! Sweeps (`gossip_sim::sweep`): the grid, its order, shards, ordered parallel runs and
//! summaries; and A/B pairs (`ScenarioPair`).

use gossip_sim::sweep::{RunStats, Shard, Summary, Sweep, Vary, member_ms, run_ordered};
use gossip_sim::{Proto, Scenario, ScenarioPair};
use proptest::prelude::*;

fn vary(s: &str) -> Vary {
    Vary::parse(s).unwrap()
}

#[test]
fn runs_are_ordered_by_point_then_seed_with_the_first_vary_outermost() {
    let s = Sweep::new(
        "proto=swim&nodes=16",
        vec![vary("k=0,3"), vary("loss=0,5,10")],
        2,
    )
    .unwrap();
    assert_eq!((s.point_count(), s.len()), (6, 12));
    let order: Vec<(String, u64)> = (0..s.len())
        .map(|i| {
            let r = s.run(i);
            (r.scenario.to_query_with_seed(), r.seed)
        })
        .collect();
    assert_eq!(order[0].0, "proto=swim&nodes=16&k=0&seed=1");
    assert_eq!(order[1].0, "proto=swim&nodes=16&k=0&seed=2");
    assert_eq!(order[2].0, "proto=swim&nodes=16&k=0&loss=5&seed=1");
    assert_eq!(order[11].0, "proto=swim&nodes=16&loss=10&seed=2");
    assert_eq!(
        s.point(3),
        vec![("k".into(), "3".into()), ("loss".into(), "0".into())]
    );
}

#[test]
fn seeds_start_at_the_query_seed_when_it_has_one() {
    let s = Sweep::new("seed=40", vec![], 3).unwrap();
    let seeds: Vec<u64> = (0..s.len()).map(|i| s.run(i).seed).collect();
    assert_eq!(seeds, [40, 41, 42]);
    let s = Sweep::new("", vec![], 2).unwrap();
    assert_eq!((s.run(0).seed, s.run(1).seed), (1, 2));
}

#[test]
fn a_varied_key_replaces_the_query_value_and_proto_changes_the_defaults() {
    let s = Sweep::new("nodes=8&t=600", vec![vary("proto=gossip,swim")], 1).unwrap();
    assert_eq!(s.run(0).scenario.proto, Proto::Gossip);
    assert_eq!(s.run(1).scenario.period_ms, 1000);
    assert_eq!(s.run(1).scenario.t_ms, 600);
}

#[test]
fn bad_sweep_specifications_name_their_argument() {
    let arg = |r: Result<Sweep, gossip_sim::sweep::SweepError>| r.unwrap_err().arg;
    assert_eq!(arg(Sweep::new("nodes=0", vec![], 1)), "QUERY");
    assert_eq!(arg(Sweep::new("", vec![], 0)), "--seeds");
    assert_eq!(
        arg(Sweep::new("", vec![vary("k=1"), vary("k=2")], 1)),
        "--vary"
    );
    assert_eq!(
        arg(Sweep::new("proto=swim", vec![vary("t=100,2000")], 1)),
        "--vary"
    );
    assert_eq!(
        arg(Sweep::new("seed=18446744073709551615", vec![], 2)),
        "--seeds"
    );
    for bad in ["k", "seed=1,2", "ev=1s.heal", "colour=red", "k=1,,2", "k="] {
        assert_eq!(Vary::parse(bad).unwrap_err().arg, "--vary", "{bad}");
    }
    for bad in ["0/3", "4/3", "1/0", "2", "a/b", "-1/2", "1/2/3"] {
        assert_eq!(Shard::parse(bad).unwrap_err().arg, "--shard", "{bad}");
    }
}

#[test]
fn a_seed_whose_draw_has_no_eligible_member_is_refused_before_any_run() {
    // With 2 nodes, `?` draws node 0 or 1 for the first crash; when it draws 1, the scripted
    // crash of node 1 cannot apply. Start from a seed that draws 0.
    let script = "nodes=2&ev=1s.crash.?,2s.crash.1";
    let first = (1..100)
        .find(|s| Scenario::from_query(&format!("{script}&seed={s}")).is_ok())
        .unwrap();
    let e = Sweep::new(&format!("{script}&seed={first}"), vec![], 20).unwrap_err();
    assert_eq!(e.arg, "QUERY");
    assert!(
        e.message.contains("node 1 is not running then") && e.message.contains("with seed"),
        "{e}"
    );
}

proptest! {
    #[test]
    fn shards_are_disjoint_contiguous_and_cover_every_run(total in 0usize..500, n in 1usize..40) {
        let mut next = 0;
        for i in 1..=n {
            let r = Shard { index: i, count: n }.slice(total);
            prop_assert_eq!(r.start, next);
            prop_assert!(r.len() <= total / n + 1 && r.len() >= total / n);
            next = r.end;
        }
        prop_assert_eq!(next, total);
    }

    #[test]
    fn run_ordered_emits_in_index_order_whatever_the_jobs(count in 0usize..60, jobs in 1usize..6) {
        let mut seen = Vec::new();
        run_ordered(count, jobs, |i| i * i, |i, v| seen.push((i, v)));
        let want: Vec<(usize, usize)> = (0..count).map(|i| (i, i * i)).collect();
        prop_assert_eq!(seen, want);
    }
}

#[test]
fn member_time_follows_crashes_recoveries_joins_and_leaves() {
    let s = Scenario::from_query("nodes=4&ev=1s.crash.0,2s.join,3s.recover.0,4s.leave.1").unwrap();
    // 4 members for 1 s, 3 for 1 s, 4 for 1 s, 5 for 1 s, then 4 until 10 s.
    assert_eq!(member_ms(&s, 10_000), 4000 + 3000 + 4000 + 5000 + 4 * 6000);
    assert_eq!(member_ms(&s, 500), 2000);
}

#[test]
fn a_summary_takes_nearest_rank_percentiles_over_detected_crashes() {
    let ms = |v: u64| Some(v * 1000);
    let run = |first: Vec<Option<u64>>, fs: u64| RunStats {
        all_dead: first.iter().map(|_| None).collect(),
        suspected_at_crash: first.iter().map(|f| u32::from(f.is_none())).collect(),
        first_suspect: first,
        false_suspicions: fs,
        false_suspicions_first_hand: fs / 2,
        false_deaths: 0,
        false_deaths_of_faulty: 0,
        messages: 7200,
        bytes: 72_000,
        member_ms: 1_800_000,
        crash_left_ms: Vec::new(),
        faulty_member_ms: 0,
    };
    let runs: Vec<RunStats> = vec![
        run((1..=10).map(ms).collect(), 1),
        run((11..=20).map(ms).chain([None]).collect(), 2),
    ];
    let s = Summary::of(&runs);
    assert_eq!(s.runs, 2);
    assert_eq!(
        (s.first_suspect.failures, s.first_suspect.detected),
        (21, 20)
    );
    assert_eq!(s.first_suspect.median_ms, Some(10.0));
    assert_eq!(s.first_suspect.p95_ms, Some(19.0));
    assert_eq!(s.first_suspect.mean_ms, Some(10.5));
    assert_eq!((s.all_dead.detected, s.all_dead.median_ms), (0, None));
    // The one crash already suspected when it happened (here, the undetected one).
    assert_eq!(s.suspected_at_crash, 1);
    // 3 false suspicions over 2 × 1800 member-seconds = 1 member-hour.
    assert_eq!(s.false_suspicions_per_member_hour, 3.0);
    assert_eq!(s.first_hand_false_suspicions_per_member_hour, 1.0);
    assert_eq!(s.messages_per_member_s, 4.0);
    assert_eq!(s.bytes_per_member_s, 40.0);
}

#[test]
fn an_ab_query_gives_b_the_keys_of_a_with_its_own_replacements() {
    let p = ScenarioPair::from_query("proto=swim&nodes=64&t=300&ev=10s.crash.3&b.k=0").unwrap();
    assert_eq!(p.a.k, 3);
    assert_eq!(
        p.b,
        Scenario {
            k: 0,
            ..p.a.clone()
        }
    );
    // b.proto: keys A writes carry over, the rest take B's protocol defaults.
    let p = ScenarioPair::from_query("proto=swim&nodes=10&seed=4&b.proto=gossip").unwrap();
    assert_eq!((p.b.proto, p.b.nodes, p.b.seed), (Proto::Gossip, 10, 4));
    assert_eq!(p.b.period_ms, 500);
    assert!(!ScenarioPair::is_pair_query("proto=swim&k=0"));
    assert!(ScenarioPair::is_pair_query("?b.k=0"));
}

#[test]
fn an_ab_query_round_trips_through_its_canonical_form() {
    for q in [
        "proto=swim&nodes=64&ev=10s.crash.3&b.k=0",
        "proto=swim&nodes=64&loss=10&ev=10s~20s.crash.?&b.proto=gossip",
        "proto=swim&k=0&b.k=3",
        "topo=full&b.topo=ring&b.degree=4&b.period=250",
        "proto=swim&period=400&t=300&b.proto=gossip&b.t=10000",
        "proto=swim&profile=lan&lifeguard=off&b.lifeguard=on",
        "proto=swim&profile=lan&k=2&b.profile=wan",
        "proto=swim&profile=wan&b.tcp_ping=off&b.gossip_to_dead=0",
    ] {
        let p = ScenarioPair::from_query(q).unwrap();
        let canonical = p.to_query();
        assert_eq!(
            ScenarioPair::from_query(&canonical),
            Ok(p),
            "{q} -> {canonical}"
        );
    }
    let p = ScenarioPair::from_query("nodes=6&b.k=3&b.nodes=7&proto=swim").unwrap();
    assert_eq!(p.to_query(), "proto=swim&nodes=6&b.nodes=7");
    // Under a profile, B inherits the profile's constants: only what differs is written.
    let p = ScenarioPair::from_query(
        "proto=swim&profile=lan&nodes=32&lifeguard=off&ev=5s.slow.3.1200ms&b.lifeguard=on",
    )
    .unwrap();
    assert_eq!(
        p.to_query(),
        "proto=swim&profile=lan&nodes=32&lifeguard=off&ev=5s.slow.3.1200ms&b.lifeguard=on"
    );
    let p = ScenarioPair::from_query("proto=swim&profile=lan&b.profile=wan").unwrap();
    assert_eq!(p.to_query(), "proto=swim&profile=lan&b.profile=wan");
}

#[test]
fn an_ab_query_refuses_b_ev_and_b_seed_and_names_bad_b_keys() {
    for (q, key) in [
        ("b.ev=1s.heal", "b.ev"),
        ("b.seed=2", "b.seed"),
        ("b.colour=red", "b.colour"),
        ("b.nodes=0", "b.nodes"),
        ("b.k=1&b.k=2", "b.k"),
        ("nodes=0&b.k=1", "nodes"),
        ("proto=swim&b.period=400", "b.t"),
    ] {
        let e = ScenarioPair::from_query(q).unwrap_err();
        assert_eq!(e.key, key, "{q}: {e}");
    }
    let e = ScenarioPair::from_query("b.ev=1s.heal").unwrap_err();
    assert!(
        e.message.contains("share the seed and the event script"),
        "{e}"
    );
}

#[test]
fn a_range_of_values_expands_in_place_among_listed_values() {
    assert_eq!(vary("k=0..3").values, ["0", "1", "2", "3"]);
    assert_eq!(
        vary("t=100..1000:300,2000").values,
        ["100", "400", "700", "1000", "2000"]
    );
    assert_eq!(vary("k=1,4..4").values, ["1", "4"]);
    for bad in ["k=3..1", "k=1..x", "k=1..5:0", "k=a..3", "t=1..100000"] {
        let e = Vary::parse(bad).unwrap_err();
        assert_eq!(e.arg, "--vary", "{bad}");
        assert!(
            e.message.contains("range") || e.message.contains("values"),
            "{bad}: {}",
            e.message
        );
    }
}

#[test]
fn a_run_without_the_trait_object_gives_the_same_stats_as_a_built_one() {
    for q in [
        "proto=swim&nodes=24&loss=5&ev=10s.crash.3",
        "nodes=12&fanout=2&ev=5s.crash.4,20s.recover.4",
    ] {
        let scenario = gossip_sim::Scenario::from_query(q).unwrap();
        let until = 40_000_000;
        let built = gossip_sim::sweep::run(&scenario, until).unwrap();
        let a = gossip_sim::sweep::RunStats::of(built.scenario(), built.metrics(), until);
        let b = gossip_sim::run_then(&scenario, until, |s, m| {
            gossip_sim::sweep::RunStats::of(s, m, until)
        })
        .unwrap();
        assert_eq!(a, b, "{q}");
        assert!(a.messages > 0, "{q}");
    }
}
