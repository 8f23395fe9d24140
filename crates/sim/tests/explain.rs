//! Why a member believes what it does, told from a replay of the run.

use gossip_protocol::Status;
use gossip_sim::checkpoint::Timeline;
use gossip_sim::explain::{ReqOutcome, TcpOutcome, explain};
use gossip_sim::tap::TapSpec;
use gossip_sim::tap::{Fate, TapRecord};
use gossip_sim::trace::TraceEvent;
use gossip_sim::{Scenario, build};
use proptest::prelude::*;

const S: u64 = 1_000_000;

fn timeline(q: &str, until_s: u64) -> Timeline {
    let mut t = Timeline::new(
        build(&Scenario::from_query(q).unwrap()).unwrap(),
        64 << 20,
        None,
    );
    t.run_until(until_s * S);
    t
}

/// Observers that suspect `member` now, first-hand ones first.
fn suspecters(t: &Timeline, member: u32) -> Vec<u32> {
    (0..t.sim().node_count())
        .filter(|&o| o != member && t.sim().status_of(o, member) == Status::Suspect)
        .collect()
}

#[test]
fn a_first_hand_suspicion_is_told_as_its_own_failed_probe() {
    // k = 3, node 3 crashed at 5 s: some member's probe of 3 fails first.
    let t = timeline("proto=swim&nodes=16&topo=full&n=20&ev=5s.crash.3", 9);
    let first = suspecters(&t, 3)
        .into_iter()
        .find(|&o| {
            let why = explain(&t, o, 3);
            why.steps.iter().all(|s| s.kind != "hearsay")
        })
        .expect("someone suspects node 3 first-hand");
    let why = explain(&t, first, 3);
    assert!(why.headline.contains("is suspect"), "{}", why.headline);
    let text: Vec<&str> = why.steps.iter().map(|s| s.text.as_str()).collect();
    assert!(
        text.iter()
            .any(|l| l.contains("pings node 3") && l.contains("down")),
        "{text:#?}"
    );
    assert!(text.iter().any(|l| l.contains("ack timeout")), "{text:#?}");
    assert_eq!(
        text.iter()
            .filter(|l| l.starts_with("ping-req to node"))
            .count(),
        3,
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|l| l.contains("suspects node 3 first-hand")),
        "{text:#?}"
    );
    assert!(why.steps.iter().any(|s| s.kind == "countdown"));
    assert!(why.lanes.contains(&first) && why.lanes.contains(&3));
}

#[test]
fn a_hearsay_suspicion_is_traced_back_to_the_member_that_found_out_first_hand() {
    let t = timeline("proto=swim&nodes=32&topo=full&n=20&ev=5s.crash.3", 12);
    let heard = suspecters(&t, 3)
        .into_iter()
        .find(|&o| explain(&t, o, 3).steps.iter().any(|s| s.kind == "hearsay"))
        .expect("someone heard of it");
    let why = explain(&t, heard, 3);
    let hops: Vec<_> = why.steps.iter().filter(|s| s.kind == "hearsay").collect();
    assert!(!hops.is_empty());
    // The chain ends in a first-hand probe story.
    assert!(
        why.steps.iter().any(|s| s.text.contains("first-hand")),
        "{:#?}",
        why.steps
    );
    assert!(
        why.steps.iter().any(|s| s.text.contains("pings node 3")),
        "{:#?}",
        why.steps
    );
    // Oldest first.
    assert!(
        why.steps
            .windows(2)
            .all(|w| w[0].at <= w[1].at || w[1].kind == "countdown")
    );
    assert!(why.lanes.len() >= 3, "{:?}", why.lanes);
}

#[test]
fn a_death_is_traced_to_a_suspicion_timeout() {
    let t = timeline("proto=swim&nodes=16&topo=full&ev=5s.crash.3", 40);
    let o = (0..16)
        .find(|&o| o != 3 && t.sim().status_of(o, 3) == Status::Dead)
        .unwrap();
    let why = explain(&t, o, 3);
    assert!(why.headline.contains("is dead"), "{}", why.headline);
    assert!(
        why.steps
            .iter()
            .any(|s| s.text.contains("timed out: it declared it dead")),
        "{:#?}",
        why.steps
    );
}

#[test]
fn gossip_tells_the_last_counter_seen_and_the_countdowns() {
    let t = timeline("nodes=8&ev=2s.crash.3", 8);
    let why = explain(&t, 2, 3);
    assert!(why.headline.contains("alive"), "{}", why.headline);
    // Oldest first: how node 2 first heard of node 3, then the last counter it saw.
    assert!(
        why.steps
            .iter()
            .any(|s| s.kind == "first-hand" && s.text.contains("heartbeat counter"))
    );
    assert!(why.steps.windows(2).all(|w| w[0].at <= w[1].at));
    assert!(
        why.steps
            .iter()
            .any(|s| s.text.starts_with("suspect at") && s.text.contains("in "))
    );
}

#[test]
fn replaying_a_window_leaves_the_run_as_it_was() {
    let t = timeline("proto=swim&nodes=16&topo=full&ev=5s.crash.3", 20);
    let (hash, now) = (t.sim().trace_hash(), t.sim().now());
    let recs = t.replay_window(
        4 * S,
        10 * S,
        TapSpec {
            member: Some(3),
            lanes: vec![0, 3],
        },
    );
    assert!(!recs.is_empty());
    assert!(recs.iter().all(|r| (4 * S..=10 * S).contains(&r.at())));
    assert_eq!((t.sim().trace_hash(), t.sim().now()), (hash, now));
}

#[test]
#[ignore]
fn print_an_example() {
    let t = timeline("proto=swim&nodes=32&topo=full&loss=10&ev=5s.crash.3", 12);
    for o in suspecters(&t, 3).into_iter().take(3) {
        let why = explain(&t, o, 3);
        println!("{}", why.headline);
        for s in why.steps {
            println!("  {:>9.3} s [{}] {}", s.at as f64 / 1e6, s.kind, s.text);
        }
        println!("  lanes {:?} window {:?}", why.lanes, why.window);
    }
}

#[test]
fn the_probe_story_is_the_probers_own_probe_not_a_ping_it_relayed() {
    // Issue 19: node 0 learns of node 3's crash from node 11, whose own probe of node 3 began
    // at 11.220 s with ping-reqs to 15, 1 and 7 at 11.720 s; at 12.091 s node 11 only relayed
    // node 4's ping-req, which the story used to tell as node 11's probe with no ping-req.
    let t = timeline("proto=swim&nodes=16&topo=full&ev=10s.crash.3", 20);
    let why = explain(&t, 0, 3);
    assert_eq!(why.status, Status::Dead, "{}", why.headline);
    let p = why.probe.expect("a first-hand probe");
    assert_eq!((p.prober, p.ping_at), (11, 11_219_657));
    assert_eq!(p.ack_timeout_at, Some(11_719_657));
    let relays: Vec<u32> = p.ping_reqs.iter().map(|r| r.relay).collect();
    assert_eq!(relays, [15, 1, 7]);
    assert!(p.ping_reqs.iter().all(|r| r.sent_at == 11_719_657));
    assert_eq!(p.suspected_at, 12_219_657);
    assert!(
        why.steps.iter().all(|s| !s.text.contains("no ping-req")),
        "{:#?}",
        why.steps
    );
}

#[test]
fn the_countdown_is_the_armed_suspicion_timeout_which_lifeguard_starts_at_six_times_the_minimum() {
    // Dynamic suspicion starts at Max = 6 × Min (Min = 4 s for 16 members); the page used to
    // show Min. The countdown is the engine's armed timer, and the death comes exactly then.
    let q = "proto=swim&nodes=16&topo=full&lifeguard=dyn&ev=10s.crash.3";
    let t = timeline(q, 13);
    let o = suspecters(&t, 3)[0];
    let why = explain(&t, o, 3);
    let c = why
        .countdown
        .expect("a suspect has a suspicion timeout armed");
    assert_eq!(c.to, Status::Dead);
    assert!(c.at > why.since + 4 * S, "{} vs since {}", c.at, why.since);
    let mut later = timeline(q, 13);
    later.run_until(c.at - 1);
    if later.sim().status_of(o, 3) == Status::Suspect {
        later.run_until(c.at);
        assert_eq!(later.sim().status_of(o, 3), Status::Dead);
    }
}

#[test]
fn the_tcp_fallback_ping_is_told_with_what_became_of_it() {
    // Under profile=lan the prober also pings node 3 over TCP at its ack timeout; node 3 had
    // crashed, so the TCP ping arrived at a member that was down.
    let t = timeline(
        "proto=swim&profile=lan&nodes=16&topo=full&ev=10s.crash.3",
        30,
    );
    let why = explain(&t, 0, 3);
    let p = why.probe.expect("a first-hand probe");
    let tcp = p.tcp_ping.expect("a TCP ping was sent");
    assert_eq!(Some(tcp.sent_at), p.ack_timeout_at);
    assert_eq!(tcp.outcome, TcpOutcome::MemberDown);
    assert_eq!(tcp.answered_at, None);
    assert!(
        why.steps.iter().any(|s| s.at == tcp.sent_at
            && s.text
                == "TCP ping to node 3: node 3 was down when it arrived (memberlist's fallback)"),
        "{:#?}",
        why.steps
    );
    // Without the fallback there is none.
    let t = timeline(
        "proto=swim&profile=lan&tcp_ping=off&nodes=16&topo=full&ev=10s.crash.3",
        30,
    );
    let p = explain(&t, 0, 3).probe.expect("a first-hand probe");
    assert_eq!(p.tcp_ping, None);
}

#[test]
fn a_tcp_ping_across_a_partition_is_cut() {
    // Nodes 0..=3 and 4..=7 are split at 10 s: a probe across the partition loses its ping,
    // its ping-reqs (relays on its side cannot reach the member either) and its TCP ping.
    let t = timeline(
        "proto=swim&profile=lan&nodes=8&topo=full&ev=10s.partition.0-3.4-7",
        14,
    );
    let (o, m) = (0..4)
        .flat_map(|o| (4..8).map(move |m| (o, m)))
        .find(|&(o, m)| {
            t.sim().status_of(o, m) == Status::Suspect
                && explain(&t, o, m).probe.is_some_and(|p| p.prober == o)
        })
        .expect("someone on one side suspects someone on the other first-hand");
    let p = explain(&t, o, m).probe.unwrap();
    let tcp = p.tcp_ping.clone().expect("a TCP ping was sent");
    assert_eq!(tcp.outcome, TcpOutcome::Cut, "{p:?}");
    assert_eq!(tcp.outcome.label(), "cut");
    assert!(tcp.text.contains("partition or a cut"), "{}", tcp.text);
}

#[test]
fn the_probers_own_lost_ping_is_not_called_a_lost_request() {
    // At 30 % loss some prober's direct ping is lost in the network. `request_lost` means a
    // lost ping-req; the prober's own ping is `ping_lost`.
    let mut lost = 0;
    for seed in 1..=6 {
        let t = timeline(
            &format!("proto=swim&nodes=12&topo=full&loss=30&seed={seed}"),
            20,
        );
        for o in 0..12 {
            for m in (0..12).filter(|&m| m != o && t.sim().status_of(o, m) == Status::Suspect) {
                let Some(p) = explain(&t, o, m).probe else {
                    continue;
                };
                assert!(
                    !matches!(p.ping, ReqOutcome::RequestLost | ReqOutcome::RelayDown),
                    "{p:?}"
                );
                lost += usize::from(p.ping == ReqOutcome::PingLost);
            }
        }
    }
    assert!(lost > 0, "no direct ping was lost in six runs at 30 % loss");
}

#[test]
fn a_nack_that_arrives_after_the_probe_ended_is_reported_as_such() {
    // Lifeguard's relays nack an ack timeout (500 ms) after the ping-req arrived, so with the
    // ping-reqs sent half a period into the probe the nacks arrive after it ended.
    let t = timeline(
        "proto=swim&profile=lan&nodes=16&topo=full&ev=10s.crash.3",
        30,
    );
    let why = explain(&t, 0, 3);
    let p = why.probe.expect("a first-hand probe");
    assert!(!p.ping_reqs.is_empty());
    for r in &p.ping_reqs {
        let n = r.nack.expect("every relay nacked");
        let pinged = r.relay_ping_at.expect("the relay pinged");
        assert!(n.sent_at > pinged, "{r:?}");
        let arrived = n.arrived_at.expect("the nack arrived");
        assert!(arrived >= p.suspected_at && n.after_end, "{r:?}");
    }
    assert!(
        why.steps
            .iter()
            .any(|s| s.text.contains("sent a nack") && s.text.contains("after the probe ended")),
        "{:#?}",
        why.steps
    );
    // Without Lifeguard's nacks there are none.
    let t = timeline("proto=swim&nodes=16&topo=full&ev=10s.crash.3", 14);
    let p = explain(&t, 0, 3).probe.expect("a first-hand probe");
    assert!(p.ping_reqs.iter().all(|r| r.nack.is_none()), "{p:?}");
}

#[test]
fn each_confirmation_that_moved_the_suspicion_timeout_is_told() {
    // Dynamic suspicion: node 0 suspects node 3 and counts other members' suspicions of it as
    // confirmations, each bringing its deadline closer; the countdown is the last of them.
    let q = "proto=swim&nodes=16&topo=full&lifeguard=dyn&ev=10s.crash.3";
    let t = timeline(q, 16);
    let o = suspecters(&t, 3)
        .into_iter()
        .find(|&o| explain(&t, o, 3).confirmations.iter().any(|c| c.node == o))
        .expect("a suspecter counted a confirmation");
    let why = explain(&t, o, 3);
    let mine: Vec<_> = why.confirmations.iter().filter(|c| c.node == o).collect();
    assert!(
        mine.windows(2)
            .all(|w| w[0].at <= w[1].at && w[0].after == w[1].before)
    );
    for c in &mine {
        assert!(c.after < c.before && c.at >= why.since, "{c:?}");
        let accuser = c.accuser.expect("dynamic suspicion names its accusers");
        assert_ne!(accuser, 3);
        assert!(
            matches!(
                t.sim().status_of(accuser, 3),
                Status::Suspect | Status::Dead
            ),
            "{c:?}"
        );
    }
    let countdown = why.countdown.expect("a suspect has a timeout armed");
    assert_eq!(countdown.at, mine.last().unwrap().after);
    let told = why
        .steps
        .iter()
        .filter(|s| s.kind == "confirmation")
        .count();
    assert!(told >= mine.len(), "{:#?}", why.steps);
    // Without dynamic suspicion nothing is confirmed.
    let t = timeline(
        "proto=swim&nodes=16&topo=full&lifeguard=off&ev=10s.crash.3",
        16,
    );
    for o in suspecters(&t, 3) {
        assert!(explain(&t, o, 3).confirmations.is_empty());
    }
}

/// When `observer`'s view of `member` changed, from the trace of a separate run to `until_s`.
fn view_changes(q: &str, until_s: u64, observer: u32, member: u32) -> Vec<(u64, Status)> {
    let mut sim = build(&Scenario::from_query(q).unwrap()).unwrap();
    sim.set_log_capacity(1 << 20);
    sim.run_until(until_s * S);
    sim.log()
        .iter()
        .filter_map(|r| match r.event {
            TraceEvent::View {
                observer: o,
                member: m,
                to,
                ..
            } if o == observer && m == member => Some((r.at, to)),
            _ => None,
        })
        .collect()
}

fn timeline_us(q: &str, until: u64) -> Timeline {
    let mut t = Timeline::new(
        build(&Scenario::from_query(q).unwrap()).unwrap(),
        64 << 20,
        None,
    );
    t.run_until(until);
    t
}

#[test]
fn a_gossip_view_dates_from_its_change_and_the_countdown_waits_for_the_sweep() {
    // Node 0 last heard node 3's counter advance at 11.474 s; its detector's deadlines are
    // 10 s and 30 s later, but it acts only at node 0's sweeps (its period timer), so node 0
    // suspects node 3 at the first sweep after 21.474 s and removes it at the first after
    // 41.474 s. The why used to date the suspicion from the last counter, and between a
    // deadline and its sweep to skip the pending change.
    let q = "nodes=8&topo=ring&ev=10s.crash.3";
    let changes = view_changes(q, 45, 0, 3);
    let suspected = changes
        .iter()
        .find(|c| c.1 == Status::Suspect)
        .expect("node 0 suspects node 3")
        .0;
    let removed = changes
        .iter()
        .find(|c| c.1 == Status::Dead)
        .expect("node 0 removes node 3")
        .0;
    let why = explain(&timeline(q, 30), 0, 3);
    assert_eq!((why.status, why.since), (Status::Suspect, suspected));
    assert!(
        why.headline
            .contains(&format!("{:.3} s", suspected as f64 / 1e6))
    );
    let c = why.countdown.expect("a removal to come");
    assert_eq!((c.to, c.at), (Status::Dead, removed));
    assert_eq!(why.word(c.to), "removed");
    // Past the suspect deadline, before the sweep: still alive, suspect at that sweep.
    let deadline = c
        .deadline
        .expect("gossip's countdown has the detector's deadline")
        - 20 * S;
    assert!(deadline < suspected, "{deadline} {suspected}");
    let between = timeline_us(q, (deadline + suspected) / 2);
    let why = explain(&between, 0, 3);
    assert_eq!(why.status, Status::Alive);
    let c = why.countdown.expect("a suspicion to come");
    assert_eq!(
        (c.to, c.at, c.deadline),
        (Status::Suspect, suspected, Some(deadline))
    );
    assert!(
        why.steps
            .iter()
            .any(|s| s.kind == "countdown" && s.text.contains("at its next sweep")),
        "{:#?}",
        why.steps
    );
    // Past the removal deadline, before the sweep: still suspect, removed at that sweep.
    let why = explain(&timeline_us(q, removed - 100_000), 0, 3);
    assert_eq!(why.status, Status::Suspect);
    assert_eq!(why.since, suspected);
    let c = why.countdown.expect("a removal to come");
    assert_eq!((c.to, c.at), (Status::Dead, removed));
    // Removed: no countdown, and the word is the docs'.
    let why = explain(&timeline_us(q, removed + 100_000), 0, 3);
    assert_eq!(
        (why.status, why.since, why.countdown),
        (Status::Dead, removed, None)
    );
    assert!(why.headline.contains("is removed"), "{}", why.headline);
    assert_eq!(why.word(why.status), "removed");
}

/// Whether a message `from → to` was delivered at `at` (a replay with `to` tapped).
fn delivered(t: &Timeline, from: u32, to: u32, at: u64) -> bool {
    let recs = t.replay_window(
        at,
        at,
        TapSpec {
            member: None,
            lanes: vec![to],
        },
    );
    recs.iter().any(|r| {
        matches!(r, TapRecord::Msg { at: a, from: f, to: t, fate: Fate::Delivered, .. }
            if *a == at && *f == from && *t == to)
    })
}

/// The members `prober` may ask to probe `member` at its ack timeout at `at`: its view then,
/// read from a separate run stepped to just before that timer fires.
fn eligible_at(q: &str, prober: u32, member: u32, at: u64) -> Option<usize> {
    let mut sim = build(&Scenario::from_query(q).unwrap()).unwrap();
    sim.run_until(at - 1);
    loop {
        let (next, text) = sim.describe_next()?;
        if next > at {
            return None;
        }
        if next == at
            && text.starts_with(&format!("node {prober}: probe "))
            && text.ends_with("ack timeout")
        {
            break;
        }
        sim.step();
    }
    if !matches!(
        sim.status_of(prober, member),
        Status::Alive | Status::Suspect
    ) {
        return Some(0);
    }
    Some(
        (0..sim.node_count())
            .filter(|&m| m != prober && m != member)
            .filter(|&m| sim.status_of(prober, m) == Status::Alive)
            .count(),
    )
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(48))]

    /// Every chain agrees with the run: each hop is a message that was delivered, in time
    /// order after the first-hand suspicion; the probe sent min(k, eligible) ping-reqs at its
    /// ack timeout; the suspicion came at the end of the probe's period.
    #[test]
    fn every_why_chain_agrees_with_the_trace(
        nodes in 5u32..20,
        loss in 0u32..25,
        k in 0u32..5,
        crash_s in 3u64..8,
        extra_s in 3u64..14,
        seed in 1u64..1000,
    ) {
        let q = format!(
            "proto=swim&nodes={nodes}&topo=full&loss={loss}&k={k}&seed={seed}&ev={crash_s}s.crash.{}",
            nodes / 2
        );
        let t = timeline(&q, crash_s + extra_s);
        let period = 1_000_000;
        let mut told = 0;
        for member in 0..nodes {
            for observer in (0..nodes).filter(|&o| o != member) {
                if told >= 4 || !matches!(t.sim().status_of(observer, member), Status::Suspect | Status::Dead) {
                    continue;
                }
                told += 1;
                let why = explain(&t, observer, member);
                let times: Vec<u64> = why.hops.iter().map(|h| h.at).collect();
                prop_assert!(times.windows(2).all(|w| w[0] <= w[1]), "{:?}", why.hops);
                for h in &why.hops {
                    prop_assert!(delivered(&t, h.from, h.to, h.at), "{q}: hop {h:?}");
                }
                if let Some(last) = why.hops.last() {
                    prop_assert_eq!(last.to, observer);
                }
                let Some(p) = why.probe else { continue };
                prop_assert_eq!(p.member, member);
                if let Some(first) = why.hops.first() {
                    prop_assert_eq!(first.from, p.prober);
                    prop_assert!(first.at >= p.suspected_at);
                } else {
                    prop_assert_eq!(p.prober, observer);
                }
                prop_assert_eq!(p.suspected_at, p.ping_at + period, "{}", q);
                let Some(ack) = p.ack_timeout_at else {
                    prop_assert!(false, "{q}: no ack timeout in {p:?}");
                    continue;
                };
                prop_assert!(p.ping_at < ack && ack < p.suspected_at);
                prop_assert!(p.ping_reqs.iter().all(|r| r.sent_at == ack));
                let eligible = eligible_at(&q, p.prober, member, ack).expect("the timer fires");
                prop_assert_eq!(
                    p.ping_reqs.len(),
                    (k as usize).min(eligible),
                    "{} {:?}", q, p
                );
            }
        }
    }
}

#[test]
fn a_ping_dropped_by_a_partition_is_told_as_the_partition_not_as_loss() {
    // No random loss at all: every drop across the partition is the partition's.
    let t = timeline(
        "proto=swim&nodes=16&topo=full&tcp_ping=on&ev=20s.partition.0-11.12-15",
        60,
    );
    let why = explain(&t, 0, 13);
    let probe = why.probe.expect("node 0's probe of 13 is told");
    assert_eq!(probe.ping, ReqOutcome::PingCut);
    assert_eq!(probe.tcp_ping.map(|t| t.outcome), Some(TcpOutcome::Cut));
    let text: Vec<&str> = why.steps.iter().map(|s| s.text.as_str()).collect();
    assert!(
        !text.iter().any(|l| l.contains("lost in the network")),
        "{text:#?}"
    );
    assert!(
        text.iter().any(|l| l.contains("partition or a cut")),
        "{text:#?}"
    );
    // With loss and no partition, the drops are loss.
    let t = timeline("proto=swim&nodes=16&topo=full&k=0&loss=30", 30);
    let lossy = (0..16)
        .flat_map(|o| (0..16).map(move |m| (o, m)))
        .filter(|&(o, m)| o != m)
        .filter_map(|(o, m)| explain(&t, o, m).probe)
        .map(|p| p.ping)
        .collect::<Vec<_>>();
    assert!(!lossy.contains(&ReqOutcome::PingCut), "{lossy:?}");
}

#[test]
fn a_refuted_suspicion_is_told_from_the_accusation_to_the_refutation_that_reached_the_observer() {
    let q = "proto=swim&profile=lan&tcp_ping=off&nodes=16&topo=full&loss=20";
    let t = timeline(q, 12);
    // Every member some live member holds alive at a raised incarnation has a story.
    let (mut told, mut full) = (0, 0);
    for o in 0..16 {
        for m in (0..16).filter(|&m| m != o) {
            let row = t.sim().rows(o).into_iter().find(|r| r.member == m);
            let Some(row) = row.filter(|r| r.counter > 0 && r.status == Status::Alive) else {
                continue;
            };
            let why = explain(&t, o, m);
            assert_eq!(why.status, Status::Alive);
            let text: Vec<&str> = why.steps.iter().map(|s| s.text.as_str()).collect();
            let Some(last) = why.hops.last() else {
                // It never doubted the member: nothing changed in its view to trace.
                assert!(
                    text.iter()
                        .any(|l| l.contains(&format!("node {o} held node {m} alive throughout"))),
                    "{text:#?}"
                );
                continue;
            };
            assert_eq!((last.to, last.at), (o, row.stamp), "{o} about {m}");
            // The rumour is traced to the member, or to a member that never doubted it and
            // passed its new incarnation on (a change of status is what the run records).
            let start = why.hops[0].from;
            assert!(
                start == m
                    || text
                        .iter()
                        .any(|l| l.contains(&format!("node {start} held node {m} alive"))),
                "{text:#?}"
            );
            if start == m {
                full += 1;
            }
            assert!(
                why.steps.iter().any(|s| s.kind == "refutation"),
                "{:#?}",
                why.steps
            );
            assert!(why.lanes.contains(&o) && why.lanes.contains(&m));
            told += 1;
        }
    }
    assert!(told > 0, "the run has refutations by 12 s");
    assert!(
        full * 2 > told,
        "most are traced to the member itself: {full} of {told}"
    );
}

#[test]
fn a_probe_stretched_by_the_health_multiplier_is_not_called_the_end_of_the_period() {
    let t = timeline(
        "proto=swim&profile=lan&tcp_ping=off&nodes=16&topo=full&loss=20",
        10,
    );
    let why = explain(&t, 0, 3);
    let p = why
        .probe
        .expect("node 0's suspicion of 3 goes back to a probe");
    let last = &why
        .steps
        .iter()
        .rfind(|s| s.text.contains("first-hand"))
        .unwrap()
        .text;
    let stretched = p.suspected_at - p.ping_at > p.period + 1000;
    assert!(stretched, "this run's probe outlasts its period: {p:?}");
    assert!(last.contains("health multiplier stretched"), "{last}");
    assert!(!last.contains("end of the period"), "{last}");
}

#[test]
fn a_member_down_in_a_recurring_crash_is_told_as_down_not_cut() {
    // The crash comes from `every`, not from the script: the TCP ping that reached it is
    // told as reaching a member that was down (it used to read only scripted crashes, and
    // called it a cut).
    let t = timeline(
        "proto=swim&profile=lan&nodes=16&topo=full&ev=0s.every.10s.crash.?",
        14,
    );
    let m = t.sim().metrics().failures[0].node;
    let tcp = (0..16)
        .filter(|&o| o != m)
        .find_map(|o| explain(&t, o, m).probe.and_then(|p| p.tcp_ping))
        .expect("some member's first-hand probe of the crashed member sent a TCP ping");
    assert_eq!(tcp.outcome, TcpOutcome::MemberDown);
}
