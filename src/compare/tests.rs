use super::*;
use gossip_sim::{Action, Scenario, build};

const LOSSY: &str = "proto=swim&nodes=16&topo=full&loss=15&ev=5s.crash.5&b.k=0";

fn run(a: &mut Model, c: &mut Compare, until_s: u64) {
    while a.sim().now() < until_s * 1_000_000 {
        c.advance(a, 100.0, &mut || false);
    }
}

#[test]
fn a_pair_query_builds_two_runs_sharing_seed_and_script() {
    let (a, c) = Compare::load(LOSSY).unwrap();
    assert_eq!(a.scenario().k, 3);
    assert_eq!(c.b.scenario().k, 0);
    assert_eq!(a.scenario().seed, c.b.scenario().seed);
    assert_eq!(a.scenario().events, c.b.scenario().events);
    assert_eq!(c.overrides_text(&a), "k=0");
    assert_eq!(c.labels(&a), ("k=3".to_string(), "k=0".to_string()));
    let q = c.query(&a);
    assert!(q.ends_with("&b.k=0"), "{q}");
    assert_eq!(ScenarioPair::from_query(&q).unwrap().b, *c.b.scenario());
}

#[test]
fn runs_in_lockstep_replay_exactly_what_each_run_does_alone() {
    let (mut a, mut c) = Compare::load(LOSSY).unwrap();
    run(&mut a, &mut c, 12);
    assert_eq!(a.sim().now(), c.b.sim().now());
    for (model, s) in [(&a, a.scenario().clone()), (&c.b, c.b.scenario().clone())] {
        let mut alone = build(&s).unwrap();
        alone.run_until(model.sim().now());
        assert_eq!(alone.trace_hash(), model.sim().trace_hash());
    }
}

#[test]
fn a_command_is_recorded_once_at_the_same_millisecond_in_both_scripts() {
    let (mut a, mut c) = Compare::load("proto=swim&nodes=8&topo=full&b.loss=10").unwrap();
    run(&mut a, &mut c, 3);
    let action = a.crash_action(2);
    assert!(c.both(&mut a, |m| m.command(action.clone())));
    assert_eq!(a.scenario().events, c.b.scenario().events);
    assert_eq!(a.scenario().events.len(), 1);
    assert_eq!(a.sim().now(), c.b.sim().now());
    let q = c.query(&a);
    assert_eq!(q.matches("crash.2").count(), 1, "{q}");
    assert!(q.ends_with("&b.loss=10"), "{q}");
    // A live set goes to both as well.
    c.both(&mut a, |m| m.set_key("latency", "40").is_ok());
    assert_eq!(a.scenario().events, c.b.scenario().events);
    assert_eq!(c.b.sim().params().latency_ms, 40);
}

#[test]
fn a_command_b_cannot_take_is_shown_as_a_run_b_error() {
    let (mut a, mut c) = Compare::load("proto=swim&nodes=8&topo=full&b.nodes=4").unwrap();
    run(&mut a, &mut c, 1);
    c.both(&mut a, |m| m.command(Action::Crash(6)));
    assert!(
        a.banners
            .iter()
            .any(|b| b.error && b.text.starts_with("Run B:")),
        "{:?}",
        a.banners
    );
}

#[test]
fn seeking_and_stepping_back_move_both_clocks() {
    let (mut a, mut c) = Compare::load(LOSSY).unwrap();
    run(&mut a, &mut c, 10);
    a.seek(4_000_000);
    c.follow(&a).unwrap();
    assert_eq!(c.b.sim().now(), 4_000_000);
    assert!(!c.b.playing);
    a.step_back_event();
    c.follow(&a).unwrap();
    assert_eq!(c.b.sim().now(), a.sim().now());
    a.step_period();
    c.follow(&a).unwrap();
    assert_eq!(c.b.sim().now(), a.sim().now());
}

#[test]
fn a_command_in_the_past_forks_both_runs_alike() {
    let (mut a, mut c) = Compare::load(LOSSY).unwrap();
    run(&mut a, &mut c, 10);
    a.seek(3_000_000);
    c.follow(&a).unwrap();
    c.both(&mut a, |m| m.command(Action::Crash(1)));
    assert!(a.forked.is_some());
    assert!(
        c.b.forked.is_none(),
        "only A's fork goes into the browser history"
    );
    assert_eq!(a.scenario().events, c.b.scenario().events);
    assert_eq!(
        a.scenario().events.len(),
        1,
        "the 5 s crash was after the fork"
    );
}

#[test]
fn when_a_restarts_b_is_rebuilt_with_the_same_overrides() {
    let (mut a, mut c) = Compare::load(LOSSY).unwrap();
    run(&mut a, &mut c, 2);
    a.set_key("seed", "77").unwrap();
    c.follow(&a).unwrap();
    assert_eq!(c.b.scenario().seed, 77);
    assert_eq!(c.b.scenario().k, 0);
    assert_eq!(c.b.sim().now(), a.sim().now());
}

#[test]
fn starting_a_comparison_restarts_both_and_refuses_a_b_equal_to_a() {
    let mut a = Model::new(Scenario::from_query("proto=swim&nodes=8").unwrap());
    a.advance(100.0, &mut || false);
    let (a2, c) = Compare::start(&a, "b.k=1, loss=5").unwrap();
    assert_eq!(a2.sim().now(), 0);
    assert_eq!((c.b.scenario().k, c.b.scenario().loss_pct), (1, 5));
    assert_eq!(a2.scenario().k, 3);
    let err = Compare::start(&a, "k=3").err().unwrap();
    assert!(err.message.contains("equal to A"), "{err}");
    assert!(Compare::start(&a, "b.seed=4").is_err());
}

#[test]
fn the_diff_marks_the_lower_value_and_pairs_the_failures() {
    let (mut a, mut c) = Compare::load(LOSSY).unwrap();
    run(&mut a, &mut c, 30);
    let rows = diff(a.sim(), c.b.sim());
    let labels: Vec<&str> = rows.iter().map(|r| r.label.as_str()).collect();
    assert_eq!(labels[0], "node 5 crashed at 5.0 s: first suspicion");
    assert_eq!(labels[1], "node 5 crashed at 5.0 s: all dead");
    for r in &rows {
        let want = match (r.a, r.b) {
            (Some(x), Some(y)) if x < y => Some(Side::A),
            (Some(x), Some(y)) if y < x => Some(Side::B),
            (Some(x), Some(y)) if x == y => None,
            (Some(_), None) => Some(Side::A),
            (None, Some(_)) => Some(Side::B),
            _ => None,
        };
        assert_eq!(r.better, want, "{r:?}");
    }
    // Without indirect probes, 15% loss makes more false suspicions and fewer messages.
    let fs = rows
        .iter()
        .find(|r| r.label == "false suspicions (events)")
        .unwrap();
    assert_eq!(fs.better, Some(Side::A), "{fs:?}");
    let msgs = rows
        .iter()
        .find(|r| r.label.starts_with("messages"))
        .unwrap();
    assert_eq!(msgs.better, Some(Side::B), "{msgs:?}");
}

#[test]
fn a_failure_detected_by_one_run_only_favours_that_run() {
    let (mut a, mut c) =
        Compare::load("proto=swim&nodes=8&topo=full&ev=2s.crash.3&b.n=40").unwrap();
    run(&mut a, &mut c, 12);
    let rows = diff(a.sim(), c.b.sim());
    assert!(rows[1].a.is_some() && rows[1].b.is_none(), "{:?}", rows[1]);
    assert_eq!(rows[1].better, Some(Side::A));
    assert_eq!(rows[1].b_text, "not yet");
}

#[test]
fn a_pair_that_does_not_parse_runs_a_alone_with_a_banner() {
    let (a, c) = Compare::open("proto=swim&nodes=8&ev=3s.crash.1,4s.crash.2&b.nodes=99999");
    assert!(c.is_none());
    assert_eq!(a.scenario().events.len(), 2);
    assert!(
        a.banners
            .iter()
            .any(|b| b.error && b.text.contains("b.nodes")),
        "{:?}",
        a.banners
    );
    let (_, c) = Compare::open("proto=swim&nodes=8&ev=3s.crash.1,4s.crash.2&b.k=0");
    assert_eq!(c.unwrap().b.scenario().events.len(), 2);
    assert!(Compare::open("proto=swim").1.is_none());
}

/// The figures the A/B presets' texts quote (page/presets.rs).
#[test]
fn the_ab_presets_say_what_the_runs_do() {
    let (mut a, mut c) = Compare::load(PRESET_INDIRECT_PROBES).unwrap();
    run(&mut a, &mut c, 60);
    let (ma, mb) = (a.sim().metrics(), c.b.sim().metrics());
    assert_eq!((ma.false_suspicions, mb.false_suspicions), (1522, 5521));
    assert_eq!((ma.false_deaths, mb.false_deaths), (34, 270));
    let dead = |m: &gossip_sim::metrics::Metrics| m.failures[0].all_dead.unwrap() - 20_000_000;
    assert_eq!((dead(ma) / 100_000, dead(mb) / 100_000), (67, 114));
    assert!(mb.messages.sent * 2 < ma.messages.sent);
    let bytes = mb.messages.bytes as f64 / ma.messages.bytes as f64;
    assert!((1.4..1.6).contains(&bytes), "{bytes}");

    let (mut a, mut c) = Compare::load(PRESET_RING_VS_MESH).unwrap();
    run(&mut a, &mut c, 70);
    let (ma, mb) = (a.sim().metrics(), c.b.sim().metrics());
    assert_eq!((ma.false_deaths, mb.false_deaths), (442, 0));
    let removed = |m: &gossip_sim::metrics::Metrics| {
        (m.failures[0].all_dead.unwrap() - 10_000_000) / 1_000_000
    };
    assert_eq!((removed(ma), removed(mb)), (52, 42));
    assert_eq!(ma.messages.sent, mb.messages.sent);
    assert!(mb.messages.bytes > ma.messages.bytes);
}

/// The figures the issue-11 A/B presets' texts quote, as rounded there.
#[test]
fn the_fault_and_variant_presets_say_what_the_runs_do() {
    let (mut a, mut c) = Compare::load(PRESET_SLOW_LIFEGUARD).unwrap();
    run(&mut a, &mut c, 60);
    let (ma, mb) = (a.sim().metrics(), c.b.sim().metrics());
    assert!(
        (1_900..2_300).contains(&ma.false_suspicions),
        "{}",
        ma.false_suspicions
    );
    assert_eq!(ma.false_deaths, 0);
    let split = ma.leaders.split_brain(a.sim().now());
    assert!((1_500_000..2_500_000).contains(&split), "{split}");
    assert!(
        (640..760).contains(&mb.false_suspicions),
        "{}",
        mb.false_suspicions
    );
    assert_eq!(mb.false_deaths, 0);

    let (mut a, mut c) = Compare::load(PRESET_PHI_VS_FIXED).unwrap();
    run(&mut a, &mut c, 80);
    let (ma, mb) = (a.sim().metrics(), c.b.sim().metrics());
    assert!(
        (800..1_000).contains(&ma.false_suspicions),
        "{}",
        ma.false_suspicions
    );
    assert!(mb.false_suspicions <= 10, "{}", mb.false_suspicions);
    let first = |m: &gossip_sim::metrics::Metrics| {
        (m.failures[0].first_suspect.unwrap() - 20_000_000) / 100_000
    };
    assert_eq!((first(ma), first(mb)), (19, 90));

    let (mut a, mut c) = Compare::load(PRESET_SCUTTLEBUTT).unwrap();
    run(&mut a, &mut c, 80);
    let (ma, mb) = (a.sim().metrics(), c.b.sim().metrics());
    let ratio = mb.messages.bytes as f64 / ma.messages.bytes as f64;
    assert!((2.3..2.9).contains(&ratio), "{ratio}");
    let removed = |m: &gossip_sim::metrics::Metrics| {
        (m.failures[0].all_dead.unwrap() - 20_000_000) / 1_000_000
    };
    assert!((30..40).contains(&removed(ma)) && (30..40).contains(&removed(mb)));
}

#[test]
fn a_command_a_refuses_is_not_given_to_b() {
    let (mut a, mut c) = Compare::load("proto=swim&nodes=4&topo=full&b.nodes=8").unwrap();
    run(&mut a, &mut c, 1);
    assert!(!c.both(&mut a, |m| m.command(Action::Crash(6))));
    assert!(c.b.scenario().events.is_empty());
}

#[test]
fn a_value_b_already_has_is_still_recorded_in_b_so_the_scripts_stay_one() {
    let (mut a, mut c) = Compare::load("proto=swim&nodes=8&topo=full&b.loss=5").unwrap();
    run(&mut a, &mut c, 2);
    c.both(&mut a, |m| m.set_key("loss", "5").is_ok());
    assert_eq!(a.scenario().events, c.b.scenario().events);
    assert_eq!(a.scenario().events.len(), 1);
    // Joins of a larger `nodes` are recorded one by one, at the same milliseconds in both.
    c.both(&mut a, |m| m.set_key("nodes", "10").is_ok());
    assert_eq!(a.scenario().events.len(), 3);
    assert_eq!(a.scenario().events, c.b.scenario().events);
    // Leaves name A's highest ids; B records the same leaves.
    c.both(&mut a, |m| m.set_key("nodes", "9").is_ok());
    assert_eq!(a.scenario().events, c.b.scenario().events);
}

#[test]
fn the_indirect_probes_presets_first_suspicion_is_one_the_crash_caused() {
    // Issue 19: A's first suspicion showed "40 ms ✓", a false suspicion of node 5 already
    // under way at the crash. It is now the first the crash caused, at least a probe's period
    // after it, and the suspicions under way are a row of their own.
    let (mut a, mut c) = Compare::load(crate::compare::PRESET_INDIRECT_PROBES).unwrap();
    run(&mut a, &mut c, 40);
    let rows = diff(a.sim(), c.b.sim());
    let first = &rows[0];
    assert_eq!(first.label, "node 5 crashed at 20.0 s: first suspicion");
    assert!(first.a.unwrap() >= 1000.0, "{first:?}");
    assert!(first.b.unwrap() >= 1000.0, "{first:?}");
    let under_way = rows
        .iter()
        .find(|r| {
            r.label
                .ends_with("already suspected at the crash (members)")
        })
        .expect("a row for the suspicions under way");
    assert!(under_way.a.unwrap() > 0.0, "{under_way:?}");
}

#[test]
fn b_differs_only_in_the_keys_whose_values_differ_and_follows_a_in_the_rest() {
    let (mut a, mut c) = Compare::load(PRESET_SLOW_LIFEGUARD).unwrap();
    assert_eq!(c.overrides_text(&a), "lifeguard=on");
    assert_eq!(
        c.labels(&a),
        ("lifeguard=off".into(), "lifeguard=on".into())
    );
    // The profile is A's and B's alike: a change in the panel reaches both.
    assert_eq!(c.pinned(&a, "profile"), None);
    a.set_key("profile", "wan").unwrap();
    c.follow(&a).unwrap();
    assert_eq!(c.b.scenario().value_of("profile").as_deref(), Some("wan"));
    assert_eq!(c.overrides_text(&a), "lifeguard=on");
}

#[test]
fn a_key_b_pins_changes_only_a_and_leaves_the_list_when_a_catches_up() {
    let (mut a, mut c) = Compare::load("nodes=8&topo=ring&b.topo=mesh&b.degree=4").unwrap();
    assert_eq!(c.pinned(&a, "topo").as_deref(), Some("mesh"));
    a.set_key("topo", "full").unwrap();
    c.follow(&a).unwrap();
    assert_eq!(c.b.scenario().value_of("topo").as_deref(), Some("mesh"));
    a.set_key("topo", "mesh").unwrap();
    c.follow(&a).unwrap();
    assert_eq!(c.pinned(&a, "topo"), None);
    let text = c.overrides_text(&a);
    assert!(!text.contains("topo"), "{text}");
}
