//! The behaviours fixed against memberlist's own code, checked on whole clusters: gossip to
//! suspects (they hear their suspicion and refute), profiles that run what memberlist runs,
//! the TCP fallback ping. `bench/memberlist` compares the figures with memberlist itself.

mod common;

use common::{S, everyone_sees, run};
use gossip_protocol::swim::Lifeguard;
use gossip_protocol::{MsgKind, Status};
use gossip_sim::{Scenario, build};

#[test]
fn a_profile_implies_all_of_lifeguard_and_the_tcp_ping_unless_overridden() {
    for profile in ["lan", "wan", "local"] {
        let s = Scenario::from_query(&format!("proto=swim&profile={profile}")).unwrap();
        assert_eq!(s.lifeguard, Lifeguard::ALL, "{profile}");
        assert!(s.tcp_ping, "{profile}");
        assert_eq!(s.swim_config().lifeguard, Lifeguard::ALL);
        assert!(s.swim_config().tcp_ping);
    }
    let s = Scenario::from_query("proto=swim&profile=lan&lifeguard=off&tcp_ping=off").unwrap();
    assert_eq!(s.lifeguard, Lifeguard::OFF);
    assert!(!s.tcp_ping);
    assert_eq!(
        s.to_query(),
        "proto=swim&profile=lan&lifeguard=off&tcp_ping=off"
    );
    // Without a profile: the SWIM paper, none of them.
    let s = Scenario::from_query("proto=swim").unwrap();
    assert_eq!(s.lifeguard, Lifeguard::OFF);
    assert!(!s.tcp_ping);
}

#[test]
fn gossip_to_dead_takes_the_profiles_value_and_round_trips() {
    let wan = Scenario::from_query("proto=swim&profile=wan").unwrap();
    assert_eq!(wan.gossip_to_dead_ms, 60_000);
    let local = Scenario::from_query("proto=swim&profile=local").unwrap();
    assert_eq!(local.swim_config().gossip_to_dead, 15_000_000);
    let s = Scenario::from_query("proto=swim&gossip_to_dead=0").unwrap();
    assert_eq!(s.gossip_to_dead_ms, 0);
    assert_eq!(s.to_query(), "proto=swim&gossip_to_dead=0");
}

#[test]
fn bad_tcp_ping_and_gossip_to_dead_values_are_errors_naming_the_key() {
    for (query, key) in [
        ("proto=swim&tcp_ping=maybe", "tcp_ping"),
        ("proto=swim&gossip_to_dead=-1", "gossip_to_dead"),
        ("proto=swim&gossip_to_dead=3600001", "gossip_to_dead"),
        ("tcp_ping=on", "tcp_ping"),
        ("gossip_to_dead=5000", "gossip_to_dead"),
    ] {
        let err = Scenario::from_query(query).expect_err(query);
        assert_eq!(err.key, key, "{query}: {err}");
    }
    let err = Scenario::from_query("proto=swim&tcp_ping=maybe").unwrap_err();
    assert!(err.to_string().contains("on, off"), "{err}");
}

#[test]
fn a_tcp_ping_crosses_packet_loss_but_not_a_partition() {
    // Every datagram is lost: only the TCP fallback gets through. With it, no member is ever
    // suspected in 30 s; without it, every probe fails.
    let with = run("proto=swim&nodes=8&topo=full&loss=100&tcp_ping=on", 30);
    assert_eq!(with.metrics().false_suspicions, 0);
    assert!(with.metrics().messages.sent_by_kind[MsgKind::TcpAck as usize] > 100);
    let without = run("proto=swim&nodes=8&topo=full&loss=100", 30);
    assert!(without.metrics().false_suspicions > 8);
    // A partition stops streams too: each side declares the other dead.
    let split = run(
        "proto=swim&nodes=8&topo=full&tcp_ping=on&ev=5s.partition.0-3.4-7",
        60,
    );
    for member in 0..8u32 {
        let other_side = if member < 4 { 4..8 } else { 0..4 };
        for observer in other_side {
            assert_eq!(split.status_of(observer, member), Status::Dead);
        }
    }
}

#[test]
fn a_crashed_member_is_still_declared_dead_by_all_with_a_profile() {
    // The TCP ping to a crashed member goes unanswered: it changes nothing for a real crash.
    let sim = run(
        "proto=swim&profile=lan&nodes=32&topo=full&ev=5s.crash.7",
        60,
    );
    assert!(everyone_sees(&*sim, 7, Status::Dead));
}

#[test]
fn with_gossip_reaching_suspects_more_gossip_does_not_mean_more_false_deaths() {
    // 64 members, 10 % loss, 120 s, 4 seeds. Measured 2026-12-07: fanout=0 and fanout=3 both
    // give a few false deaths a run (before the fix, suspects got no gossip and fanout=3
    // gave about 40 times more). The bound: fanout=3 at most twice fanout=0 plus 4.
    let deaths = |fanout: u32| -> u64 {
        (1..=4)
            .map(|seed| {
                let q =
                    format!("proto=swim&nodes=64&topo=full&loss=10&fanout={fanout}&seed={seed}");
                run(&q, 120).metrics().false_deaths
            })
            .sum()
    };
    let (plain, more) = (deaths(0), deaths(3));
    assert!(more <= 2 * plain + 4, "fanout=3: {more}, fanout=0: {plain}");
}

#[test]
fn a_slow_members_probe_that_outlasts_the_period_is_followed_at_once_by_the_next() {
    // Member 1 reads every message 1.2 s late from 5 s on: the acks to its pings come about
    // 1.3 s after them. Once its health score is up, its probe waits past the period for them,
    // and memberlist's probe ticker (one tick held) starts the next probe on that late ack or
    // at the deadline, not at the next tick. Its own probes, from the tap: a ping it sends at
    // a tick, at a probe's end or on an ack it reads (any other ping is relayed for someone).
    use gossip_sim::tap::{Fate, TapRecord, TapSpec};
    let scenario = Scenario::from_query(
        "proto=swim&profile=lan&tcp_ping=off&nodes=16&topo=full&ev=5s.slow.1.1200ms",
    )
    .unwrap();
    let mut sim = build(&scenario).unwrap();
    sim.set_tap(Some(TapSpec {
        member: None,
        lanes: vec![1],
    }));
    sim.run_until(65 * S);
    let (mut event, mut starts, mut ticks) = (None, Vec::new(), Vec::new());
    for r in sim.take_tap() {
        match r {
            TapRecord::Timer { at, node: 1, text } => {
                let cause = if text.starts_with("protocol period ends") {
                    ticks.push(at);
                    Some("tick")
                } else if text.ends_with("ends (next probe)") {
                    Some("end")
                } else {
                    None
                };
                event = Some((at, cause));
            }
            TapRecord::Msg {
                at,
                to: 1,
                kind,
                fate: Fate::Delivered,
                ..
            } => event = Some((at, (kind == MsgKind::Ack).then_some("ack"))),
            TapRecord::Msg {
                at,
                from: 1,
                kind: MsgKind::Ping,
                fate: Fate::Sent { .. } | Fate::LostInNetwork | Fate::Cut,
                ..
            } => {
                if let Some((t, Some(cause))) = event
                    && t == at
                {
                    starts.push((at, cause));
                }
            }
            _ => {}
        }
    }
    // From 10 s on every probe of the slow member outlasts the period (no ack can come
    // within 1.2 s), so none starts at a tick: each starts on the late ack that ended the
    // one before (about 1.3 s after it began) or at that one's deadline, as in memberlist.
    let slow: Vec<_> = starts.iter().filter(|(at, _)| *at > 10 * S).collect();
    let on_ack = slow.iter().filter(|(_, c)| *c == "ack").count();
    let at_end = slow.iter().filter(|(_, c)| *c == "end").count();
    assert_eq!(on_ack + at_end, slow.len(), "{slow:?}");
    assert!(
        on_ack > at_end && slow.len() > 30,
        "{on_ack} on acks, {at_end} at deadlines"
    );
    // Each ends a probe that a tick came during (the tick held for it).
    for pair in starts.windows(2) {
        let ((before, _), (at, cause)) = (pair[0], pair[1]);
        if cause != "tick" {
            assert!(
                ticks.iter().any(|&t| before < t && t < at),
                "{cause} at {at}: no tick since the probe began at {before}"
            );
        }
    }
}
