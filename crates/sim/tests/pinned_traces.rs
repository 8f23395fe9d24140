//! Golden trace hashes: one set of short runs of both protocols that between them switch on
//! every scenario key, every value of every choice, every Lifeguard part and every scripted
//! event, each pinned by the hash of its whole trace. "Traces unchanged" is this test: a change
//! of storage or speed must leave every run exactly as it was, and a change of behaviour shows
//! here as the pins it moves, to be re-pinned on purpose (the failure message says how; say why
//! in the commit). The second test keeps the set complete: a new key, choice value, Lifeguard
//! part or event without a pin that turns it on fails it.
//!
//! The first nine pins moved here unchanged from `swim_traces.rs` and `gossip_variants.rs`
//! (pinned on or before 2026-12-07); the others were pinned on 2026-12-07.

use gossip_sim::scenario::keys::{self, KEY_TABLE, Kind};
use gossip_sim::scenario::{Action, Draw, LIVE_PARAMS, Pace, Param, TimedEvent};
use gossip_sim::{Proto, Scenario, build};
use std::collections::BTreeSet;

/// One pinned run: `query` run to `until_s` seconds of virtual time has trace hash `hash`.
struct Pin {
    query: &'static str,
    until_s: u64,
    hash: u64,
    /// What the run is there for, in one line.
    why: &'static str,
}

const fn pin(query: &'static str, until_s: u64, hash: u64, why: &'static str) -> Pin {
    Pin {
        query,
        until_s,
        hash,
        why,
    }
}

const PINS: &[Pin] = &[
    // SWIM, moved from swim_traces.rs (pinned 2026-12-07, after gossip started reaching
    // suspects and the TCP ping landed).
    pin(
        "proto=swim&nodes=16&topo=full&ev=10s.crash.3",
        90,
        0xc375_f215_2e22_0872,
        "plain SWIM finds a crash on a full graph",
    ),
    pin(
        "proto=swim&nodes=64&topo=full&loss=10&fanout=3&ev=20s.crash.5",
        90,
        0xf67c_e160_c86c_12f0,
        "random loss and three extra gossip targets a period",
    ),
    pin(
        "proto=swim&profile=lan&nodes=64&topo=full&loss=10&ev=5s.slow.3.1200ms,20s.crash.7",
        90,
        // Re-pinned 2026-12-07: a probe that outlasts its period (Lifeguard's health
        // multiplier) has a tick held for it, as memberlist's probe ticker does, and the next
        // probe starts the moment it ends; a failed probe suspects the target's incarnation
        // from the probe's start (memberlist's copy), so a refutation heard meanwhile wins.
        0x3242_5c98_18b6_53f2,
        "memberlist's LAN profile (Lifeguard, TCP ping, gossip timer, push-pull) against a slow member",
    ),
    pin(
        "proto=swim&nodes=500&ev=20s.crash.123",
        90,
        0x08da_be53_c2c4_4761,
        "500 members that start knowing only their ring neighbours",
    ),
    pin(
        "proto=swim&nodes=32&topo=full&ev=10s.partition.0-15,30s.crash.3,40s.heal,50s.leave.4,55s.join,60s.recover.3",
        90,
        // Re-pinned 2026-12-07: without a fan-out a member no longer keeps the recently dead
        // (they were nodes² entries in a partition), so node 4's leave at 50 s gossips to live
        // members only.
        0xd734_ad8f_c8e6_dbb9,
        "a partition with churn on both sides, healed",
    ),
    pin(
        "proto=swim&profile=wan&nodes=32&topo=mesh&degree=4&loss=5&ev=10s.pause.6.8s",
        90,
        0x15a9_85aa_14af_8fd7,
        "memberlist's WAN profile on a mesh, a member frozen for 8 s (a GC pause)",
    ),
    // Gossip, moved from gossip_variants.rs (hashes of main before phi accrual and Scuttlebutt).
    pin(
        "nodes=16&topo=full&ev=10s.crash.3",
        90,
        0xa6ea_d77e_28a7_158c,
        "heartbeat gossip with a fixed timeout finds a crash on a full graph",
    ),
    pin(
        "ev=8s.crash.3,12s.leave.5,20s.join,45s.recover.3",
        90,
        0x7209_fb8e_b978_af72,
        "the default ring: a crash, a leave, a join and a recovery",
    ),
    pin(
        "nodes=64&topo=mesh&loss=10&ev=5s.crash.1",
        90,
        0x9209_fd83_e347_0dd5,
        "a lossy mesh",
    ),
    // SWIM, pinned 2026-12-07.
    pin(
        "proto=swim&profile=local&nodes=24&degree=4&k=2&lambda=3&ev=10s.cut.2-5,25s.mend.2-5,30s.cut.3>7,45s.mend.3>7,50s.crash.9",
        60,
        0xc454_4914_0ae1_2c6f,
        "memberlist's local profile on a ring of degree 4, two indirect probes and λ 3 in place of its 1 and 2, a two-way and a one-way link cut, mended",
    ),
    pin(
        "proto=swim&profile=wan&nodes=16&topo=full&lifeguard=off&tcp_ping=off&ev=10s.crash.3",
        60,
        0xc4d4_3b08_32bd_4e43,
        "a profile with its Lifeguard and TCP ping switched off",
    ),
    pin(
        "proto=swim&nodes=32&topo=full&period=500&t=200&n=5&gossip_interval=200&pushpull=5000&gossip_to_dead=10000&lifeguard=lhm.nack&tcp_ping=on&loss=10&burst=4&ev=10s.crash.3,40s.recover.3",
        60,
        0x45a0_e2f6_1012_347e,
        "memberlist's timers set by hand (gossip interval, push-pull, gossip to the dead), local health and nacks, TCP ping, bursty loss",
    ),
    pin(
        "proto=swim&nodes=24&topo=full&lifeguard=dyn.buddy&latency=80&loss=5&burst_ms=400&seed=7&ev=5s~15s.crash.?,20s.partition.0_2_4-6.1_3,35s.heal",
        60,
        0x3acd_0378_35b4_d068,
        "dynamic suspicion and buddy pings, timed loss bursts, a crash drawn from the seed, a partition into sides of several ranges",
    ),
    pin(
        "proto=swim&nodes=20&topo=full&lifeguard=on&ev=10s.set.period.800,12s.set.t.300,14s.set.n.3,16s.set.fanout.2,18s.set.k.2,20s.set.lambda.3,22s.set.latency.20,24s.loss.10,40s.set.loss.0,45s.slow.4.900ms,55s.fast.4,58s.leave.?",
        70,
        // Re-pinned 2026-12-07 with the LAN pin above: the slowed member's probes outlast
        // their period under the health multiplier, so memberlist's held tick applies.
        0xeb45_df49_53a6_42f7,
        "all of Lifeguard, every live parameter changed while running, a slow member sped up again",
    ),
    pin(
        "proto=swim&profile=lan&nodes=16&topo=full&suspicion_max_mult=12&awareness_max=3&loss=5&ev=5s.slow.4.1200ms,10s.partition.0-1,40s.heal",
        60,
        0x1960_b223_936a_9692,
        "Lifeguard's constants set by hand (a longer dynamic suspicion, a lower health ceiling) against a slow member and two members cut off",
    ),
    // Gossip, pinned 2026-12-07.
    pin(
        "nodes=16&degree=4&fanout=2&detector=phi&phi=6&ev=10s.crash.3,30s.pause.5.6s",
        60,
        0xea37_7143_b192_8ff8,
        "phi accrual (exponential, as Cassandra and chitchat) on a ring of degree 4 with fanout 2, a paused member",
    ),
    pin(
        "nodes=16&topo=full&detector=phi&phi_model=normal&phi_min_std=200&phi_pause=2000&latency=30&ev=10s.crash.3,20s.slow.6.700ms,40s.fast.6",
        60,
        0x812c_4ceb_53ee_828e,
        "phi accrual with the normal model (as Akka), a slow member",
    ),
    pin(
        "nodes=60&topo=full&exchange=scuttlebutt&mtu=1400&period=1000&t=20000&n=3&ev=10s.partition.0-29,40s.heal",
        60,
        0x523e_ab5d_dce8_ac33,
        "Scuttlebutt with an MTU too small for the deltas, across a healed partition",
    ),
    pin(
        "nodes=20&topo=full&ev=10s.set.period.400,12s.set.t.6000,14s.set.n.3,16s.set.fanout.2,18s.set.latency.20,20s.loss.10,30s.partition.0_2_4-6.1_3,45s.heal,50s.set.loss.0",
        60,
        0x9871_f921_37c8_ec4e,
        "every live parameter of gossip changed while running, a partition into sides of several ranges",
    ),
    pin(
        "nodes=24&topo=mesh&degree=4&loss=20&burst=5&ev=10s.cut.1>2,20s.mend.1>2,30s.cut.3-4,45s.mend.3-4,50s.crash.?",
        60,
        0x6473_c902_6032_78aa,
        "bursty loss in messages on a mesh, one-way and two-way link cuts",
    ),
    pin(
        "nodes=16&topo=full&loss=10&burst_ms=2000&seed=3&ev=10s~20s.leave.?,30s.join",
        60,
        0x7274_1cea_f129_b4a2,
        "loss bursts in time, a leave drawn from the seed, a join",
    ),
    // Random faults and recurring ones, pinned 2026-12-07.
    pin(
        "proto=swim&nodes=24&topo=full&seed=5&ev=5s.pause.?.1s~3s,8s.slow.?.500ms~1s,10s.cut.?>?.8s,12s.cut.3-?,15s.mend.?,16s.cut.?>4,20s.fast.?,25s.crash.?.5s~10s,10s.every.15s~30s.pause.?.2s~10s,10s.every.20s.slow.?.800ms~2s.5s~10s,10s.rate.6/h.crash.?.5s~15s,30s.every.25s.cut.?-?.5s,40s.every.30s.join,45s.every.40s~50s.leave.?",
        90,
        0x09c7_9fc0_83c9_144c,
        "SWIM under random faults (? members and links, drawn durations, undone after a while) and recurring ones of every kind",
    ),
    pin(
        "nodes=16&topo=full&seed=4&ev=5s.crash.?.10s,6s.slow.?.300ms.10s~20s,10s.every.10s~20s.pause.?.1s~2s,15s.rate.20/h.slow.?.300ms.5s,20s.every.30s.crash.?.10s~20s,25s.every.20s.cut.3>?.5s",
        90,
        0x2783_6c0b_5a66_35eb,
        "gossip under a crash with downtime, a slow member sped up after a drawn time, recurring pauses, slows, crashes and cuts",
    ),
];

/// Keys no pin needs to switch on, with why.
const NOT_PINNED: &[(&str, &str)] = &[];

fn scenario(p: &Pin) -> Scenario {
    Scenario::from_query(p.query).unwrap_or_else(|e| panic!("{}: {e}", p.query))
}

/// The hash as it is written in `PINS`.
fn literal(hash: u64) -> String {
    let h = format!("{hash:016x}");
    format!("0x{}_{}_{}_{}", &h[0..4], &h[4..8], &h[8..12], &h[12..16])
}

#[test]
fn every_pinned_run_keeps_its_trace_hash() {
    let changed: Vec<String> = std::thread::scope(|scope| {
        let runs: Vec<_> = PINS
            .iter()
            .map(|p| {
                scope.spawn(move || {
                    let mut sim = build(&scenario(p)).unwrap();
                    sim.run_until(p.until_s * 1_000_000);
                    (p, sim.trace_hash())
                })
            })
            .collect();
        runs.into_iter()
            .map(|r| r.join().unwrap())
            .filter(|(p, hash)| *hash != p.hash)
            .map(|(p, hash)| {
                format!(
                    "pin \"{}\" ({}):\n    pinned {}, now {}\n    \
                     `gossip-sim '{}' --until {}s` prints it as trace_hash",
                    p.query,
                    p.why,
                    literal(p.hash),
                    literal(hash),
                    p.query,
                    p.until_s,
                )
            })
            .collect()
    });
    assert!(
        changed.is_empty(),
        "{} of {} pinned runs changed:\n{}\n\nIf the change of behaviour is meant, replace each \
         pinned hash in crates/sim/tests/pinned_traces.rs by its new one and say in the commit \
         why the runs changed; if not, the change broke determinism or behaviour.",
        changed.len(),
        PINS.len(),
        changed.join("\n")
    );
}

/// The name of an event's action; a match without a catch-all, so that a new action does not
/// build until it is named here (and then pinned, see below).
fn action_name(a: &Action) -> &'static str {
    match a {
        Action::Crash(_) => "crash",
        Action::Recover(_) => "recover",
        Action::Join => "join",
        Action::Leave(_) => "leave",
        Action::Partition(_) => "partition",
        Action::PartitionGroups(_) => "partition into sides of several ranges",
        Action::Heal => "heal",
        Action::Set(..) => "set",
        Action::Slow(..) => "slow",
        Action::Fast(_) => "fast",
        Action::Pause(..) => "pause",
        Action::Cut { both: false, .. } => "one-way cut",
        Action::Cut { both: true, .. } => "two-way cut",
        Action::Mend { both: false, .. } => "one-way mend",
        Action::Mend { both: true, .. } => "two-way mend",
        Action::Every(_) => "recurring fault",
    }
}

const ACTIONS: &[&str] = &[
    "crash",
    "recover",
    "join",
    "leave",
    "partition",
    "partition into sides of several ranges",
    "heal",
    "set",
    "slow",
    "fast",
    "pause",
    "one-way cut",
    "two-way cut",
    "one-way mend",
    "two-way mend",
    "recurring fault",
];

/// The action and draw of an event, and of the fault it repeats if it is recurring.
fn faults(e: &TimedEvent) -> Vec<(&Action, Draw)> {
    let mut out = vec![(&e.action, e.draw)];
    if let Action::Every(rec) = &e.action {
        out.push((&rec.action, rec.draw));
    }
    out
}

/// The forms of fault events beyond plain actions, each with a test over one event's fault
/// (itself, or the fault it repeats); at least one pin (either protocol) must use each.
#[allow(clippy::type_complexity)]
const FORMS: &[(&str, fn(&Action, Draw) -> bool)] = &[
    ("pause.?", |a, d| {
        matches!(a, Action::Pause(..)) && d.any_node
    }),
    ("slow.?", |a, d| matches!(a, Action::Slow(..)) && d.any_node),
    ("fast.?", |a, d| matches!(a, Action::Fast(..)) && d.any_node),
    ("cut.?>B", |a, d| {
        matches!(a, Action::Cut { .. }) && d.any_node && !d.any_peer
    }),
    ("cut.A>?", |a, d| {
        matches!(a, Action::Cut { .. }) && !d.any_node && d.any_peer
    }),
    ("cut.?>?", |a, d| {
        matches!(a, Action::Cut { .. }) && d.any_node && d.any_peer
    }),
    ("mend.?", |a, d| {
        matches!(a, Action::Mend { .. }) && d.any_node
    }),
    ("pause.ID.A~B", |a, d| {
        matches!(a, Action::Pause(..)) && d.span_before.is_some()
    }),
    ("slow.ID.A~B", |a, d| {
        matches!(a, Action::Slow(..)) && d.span_before.is_some()
    }),
    ("crash.ID.DOWNTIME", |a, d| {
        matches!(a, Action::Crash(_)) && d.undo.is_some()
    }),
    ("slow.ID.DELAY.FOR", |a, d| {
        matches!(a, Action::Slow(..)) && d.undo.is_some()
    }),
    ("cut.LINK.FOR", |a, d| {
        matches!(a, Action::Cut { .. }) && d.undo.is_some()
    }),
    ("an undo window", |_, d| {
        d.undo.is_some_and(|u| u.before.is_some())
    }),
    (
        "every.GAP",
        |a, _| matches!(a, Action::Every(r) if matches!(r.pace, Pace::Every(g) if g.before.is_none())),
    ),
    (
        "every.A~B",
        |a, _| matches!(a, Action::Every(r) if matches!(r.pace, Pace::Every(g) if g.before.is_some())),
    ),
    (
        "rate.N/h",
        |a, _| matches!(a, Action::Every(r) if matches!(r.pace, Pace::PerMemberHour(_))),
    ),
    (
        "every pause",
        |a, _| matches!(a, Action::Every(r) if matches!(r.action, Action::Pause(..))),
    ),
    (
        "every slow",
        |a, _| matches!(a, Action::Every(r) if matches!(r.action, Action::Slow(..))),
    ),
    (
        "every crash",
        |a, _| matches!(a, Action::Every(r) if matches!(r.action, Action::Crash(_))),
    ),
    (
        "every join",
        |a, _| matches!(a, Action::Every(r) if matches!(r.action, Action::Join)),
    ),
    (
        "every leave",
        |a, _| matches!(a, Action::Every(r) if matches!(r.action, Action::Leave(_))),
    ),
    (
        "every cut",
        |a, _| matches!(a, Action::Every(r) if matches!(r.action, Action::Cut { .. })),
    ),
];

/// The words in backticks of `text`: the values a text key's `accepted` lists.
fn backticked(text: &str) -> Vec<&str> {
    text.split('`').skip(1).step_by(2).collect()
}

#[test]
fn the_pins_switch_on_every_key_value_lifeguard_part_and_event() {
    let pinned: Vec<Scenario> = PINS.iter().map(scenario).collect();
    let mut missing = Vec::new();
    for key in KEY_TABLE {
        let runs: Vec<&Scenario> = pinned.iter().filter(|s| key.applies.to(s.proto)).collect();
        // Switched on: away from the default of its protocol (and profile), so written in the
        // canonical query.
        let on = runs
            .iter()
            .any(|s| key.write(s) != key.write(&key.default_for(s)));
        if !on && !NOT_PINNED.iter().any(|(k, _)| *k == key.name) {
            missing.push(format!("key {} away from its default", key.name));
        }
        let values: BTreeSet<String> = runs.iter().map(|s| key.write(s)).collect();
        match &key.kind {
            Kind::Choice(c) => {
                for name in c.names.iter().filter(|n| !values.contains(**n)) {
                    missing.push(format!("{}={name}", key.name));
                }
            }
            Kind::Text(t) if key.name == "lifeguard" => {
                let parts: BTreeSet<&str> = values.iter().flat_map(|v| v.split('.')).collect();
                for part in backticked(&(t.accepted)()) {
                    if !parts.contains(part) {
                        missing.push(format!("lifeguard={part}"));
                    }
                }
            }
            _ => {}
        }
    }
    for (form, test) in FORMS {
        let used = pinned
            .iter()
            .flat_map(|s| &s.events)
            .flat_map(faults)
            .any(|(a, d)| test(a, d));
        if !used {
            missing.push(format!("the event form {form}"));
        }
    }
    for proto in [Proto::Gossip, Proto::Swim] {
        let events: Vec<_> = pinned
            .iter()
            .filter(|s| s.proto == proto)
            .flat_map(|s| &s.events)
            .collect();
        let names: BTreeSet<&str> = events.iter().map(|e| action_name(&e.action)).collect();
        for a in ACTIONS.iter().filter(|a| !names.contains(**a)) {
            missing.push(format!("{proto:?}: event {a}"));
        }
        if !events.iter().any(|e| e.draw.before_ms.is_some()) {
            missing.push(format!("{proto:?}: an event in a time window (A~B)"));
        }
        if !events.iter().any(|e| e.draw.any_node) {
            missing.push(format!(
                "{proto:?}: an event on a member drawn from the seed (?)"
            ));
        }
        let set: BTreeSet<String> = events
            .iter()
            .filter_map(|e| match e.action {
                Action::Set(p, _) => Some(p.to_string()),
                _ => None,
            })
            .collect();
        for p in LIVE_PARAMS.iter().map(Param::to_string) {
            let applies = keys::key(&p).is_some_and(|k| k.applies.to(proto));
            if applies && !set.contains(&p) {
                missing.push(format!("{proto:?}: a live change of {p} (set.{p})"));
            }
        }
    }
    assert!(
        missing.is_empty(),
        "no pin in crates/sim/tests/pinned_traces.rs runs: {}; add a short pinned run that \
         does (or, for a key, a justified entry in NOT_PINNED)",
        missing.join(", ")
    );
}

#[test]
fn every_action_has_its_name_in_the_list_of_actions() {
    // ACTIONS must list what action_name can return; these events spell every arm.
    let q = "nodes=8&ev=1s.crash.1,2s.recover.1,3s.join,4s.leave.2,5s.partition.0-3,6s.partition.0_2.1_3,\
             7s.heal,8s.set.loss.1,9s.slow.3.10ms,10s.fast.3,11s.pause.3.1s,12s.cut.1>2,13s.mend.1>2,\
             14s.cut.1-2,15s.mend.1-2,16s.every.10s.pause.?.1s";
    let s = Scenario::from_query(q).unwrap();
    let names: BTreeSet<&str> = s.events.iter().map(|e| action_name(&e.action)).collect();
    assert_eq!(names, ACTIONS.iter().copied().collect());
}
