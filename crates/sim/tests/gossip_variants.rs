//! Heartbeat gossip as Cassandra, Akka and chitchat run it: the phi accrual detector
//! (`detector=phi`) and Scuttlebutt exchanges (`exchange=scuttlebutt`), whole clusters. Their
//! trace hashes are pinned with the others in `pinned_traces.rs`.

use gossip_protocol::{MsgKind, NodeId, Status};
use gossip_sim::sweep::{RunStats, Summary, run};
use gossip_sim::{Scenario, Simulation, build};

const S: u64 = 1_000_000;

fn sim(query: &str, until_s: u64) -> Box<dyn Simulation> {
    let scenario = Scenario::from_query(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    let mut sim = build(&scenario).unwrap();
    sim.run_until(until_s * S);
    sim
}

/// The aggregates of `seeds` runs of `query` (seeds 1..=seeds) to `until_s`.
fn summary(query: &str, seeds: u64, until_s: u64) -> Summary {
    let runs: Vec<RunStats> = (1..=seeds)
        .map(|seed| {
            let q = format!("{query}&seed={seed}");
            let s = Scenario::from_query(&q).unwrap_or_else(|e| panic!("{q}: {e}"));
            let sim = run(&s, until_s * S).unwrap();
            RunStats::of(sim.scenario(), sim.metrics(), until_s * S)
        })
        .collect();
    Summary::of(&runs)
}

#[test]
fn every_variant_detects_a_crash_and_removes_it_everywhere_without_false_suspicions() {
    for variant in [
        "detector=phi",
        "exchange=scuttlebutt",
        "detector=phi&exchange=scuttlebutt",
    ] {
        let q = format!("nodes=24&topo=full&{variant}&ev=10s.crash.5");
        let s = sim(&q, 120);
        let m = s.metrics();
        let f = &m.failures[0];
        assert!(
            f.first_suspect.is_some() && f.all_dead.is_some(),
            "{q}: {f:?}"
        );
        assert_eq!(m.false_suspicions, 0, "{q}");
        for o in (0..24).filter(|&o| o != 5) {
            assert_eq!(s.status_of(o, 5), Status::Dead, "{q}: {o} about 5");
        }
    }
}

#[test]
fn scuttlebutt_sends_syn_synack_ack2_and_counts_their_bytes() {
    let s = sim("nodes=16&topo=full&exchange=scuttlebutt", 30);
    let m = &s.metrics().messages;
    let count = |k: MsgKind| m.sent_by_kind[k as usize];
    assert_eq!(count(MsgKind::Heartbeat), 0);
    // One Syn per member per period, answered unless the peer has not started yet.
    assert!(count(MsgKind::Syn) >= 16 * 59, "{}", count(MsgKind::Syn));
    assert!(count(MsgKind::SynAck) + 16 >= count(MsgKind::Syn));
    assert!(count(MsgKind::Ack2) + 16 >= count(MsgKind::SynAck));
    let by_kind: u64 = [MsgKind::Syn, MsgKind::SynAck, MsgKind::Ack2]
        .iter()
        .map(|&k| m.bytes_by_kind[k as usize])
        .sum();
    assert_eq!(by_kind, m.bytes);
    // A Syn carries 16 digest entries of 28 bytes once everyone is known: 479 bytes with the
    // headers; the first periods' Syns know fewer.
    let syn_bytes = m.bytes_by_kind[MsgKind::Syn as usize];
    assert!(
        syn_bytes >= count(MsgKind::Syn) * 16 * 28 * 9 / 10,
        "{syn_bytes}"
    );
    assert!(syn_bytes <= count(MsgKind::Syn) * (28 + 3 + 16 * 28));
}

#[test]
fn a_small_mtu_still_spreads_every_member_through_the_ack2_deltas() {
    // 60 digest entries (1680 bytes) leave a 1400-byte SynAck no room for a delta; the
    // digests carry the heartbeats (and make members known), the Ack2s the deltas, up to 66
    // a message.
    let s = sim(
        "nodes=60&topo=full&exchange=scuttlebutt&mtu=1400&t=20000",
        60,
    );
    let live: Vec<NodeId> = (0..60).collect();
    for &o in &live {
        for &m in &live {
            assert_eq!(s.status_of(o, m), Status::Alive, "{o} about {m}");
        }
    }
}

/// The case scaled down: at 200 members a digest (5.6 KB) is four times a 1400-byte
/// MTU, so no SynAck has room for a delta. The heartbeats travel in the digests, as in
/// chitchat, so failure detection does not depend on the MTU: no false suspicion, and the crash
/// is removed by all no later than full tables remove it (Scuttlebutt also pulls, so each
/// member hears two digests a period against one table; measured 2026-12-07, seed 1: all dead
/// at 42.5 s against 46.5 s with `exchange=full`). Before, each heartbeat was a 21-byte delta
/// and the same run suspected live members thousands of times.
#[test]
fn scuttlebutt_with_a_small_mtu_detects_a_crash_as_full_tables_do() {
    let base = "nodes=200&topo=full&ev=10s.crash.3";
    let full = sim(base, 60);
    let small = sim(&format!("{base}&exchange=scuttlebutt&mtu=1400"), 60);
    let (f, s) = (&full.metrics().failures[0], &small.metrics().failures[0]);
    assert_eq!(small.metrics().false_suspicions, 0);
    let (f_dead, s_dead) = (f.all_dead.unwrap(), s.all_dead.expect("removed by all"));
    assert!(
        s_dead <= f_dead,
        "all dead at {s_dead} µs, full tables at {f_dead} µs"
    );
    assert!(s.first_suspect.unwrap() >= 10 * S + 9 * S, "{s:?}");
}

/// False suspicions fall and detection time grows as the φ threshold rises, over 40 seeds of
/// 32 members on a full graph with 10 % loss and the default jitter (latency uniform in
/// 25–75 ms), a random member crashing at 10–20 s, 90 s each.
///
/// Measured (release gossip-sim, the same runs): false suspicions per member-hour
/// 3,700 / 68 / 0.24 / 0 at φ = 1 / 2 / 4 / 8, median crash-to-first-suspicion 0.3 / 5.0 /
/// 10.4 / 19.5 s (about φ · ln 10 · the 1.06 s mean inter-arrival time, once φ is high enough
/// that false suspicions do not come first). Tolerance: the counts only need to be ordered
/// (each step is a factor of 50 or more, thousands of events against dozens: a reversal needs
/// a deviation of many standard deviations, well below 10⁻⁶ under a Poisson model), and each
/// median must exceed the previous one by 1.5× where φ·ln 10 doubles (the medians of 40 runs
/// sit within ±10 % of their mean in the runs measured, so 1.5× leaves about five times that
/// margin).
#[test]
fn false_suspicions_fall_and_detection_time_grows_as_the_phi_threshold_rises() {
    let base = "nodes=32&topo=full&loss=10&detector=phi&ev=10s~20s.crash.?";
    let points: Vec<(u32, Summary)> = [1, 2, 4, 8]
        .into_iter()
        .map(|phi| (phi, summary(&format!("{base}&phi={phi}"), 40, 90)))
        .collect();
    for (phi, s) in &points {
        println!(
            "phi {phi:>2}: {:>9.2} false suspicions per member-hour, first suspicion median {:?} ms",
            s.false_suspicions_per_member_hour, s.first_suspect.median_ms
        );
    }
    for pair in points.windows(2) {
        let ((lo, a), (hi, b)) = (&pair[0], &pair[1]);
        assert!(
            a.false_suspicions_per_member_hour > b.false_suspicions_per_member_hour
                || a.false_suspicions_per_member_hour == 0.0,
            "φ {lo} → {hi}: false suspicions did not fall"
        );
        assert_eq!(b.first_suspect.detected, 40);
        if *lo >= 2 {
            let (ma, mb) = (
                a.first_suspect.median_ms.unwrap(),
                b.first_suspect.median_ms.unwrap(),
            );
            assert!(
                mb > 1.5 * ma,
                "φ {lo} → {hi}: median detection {ma} → {mb} ms"
            );
        }
    }
}
