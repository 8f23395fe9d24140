//! Crash detection counts only what the crash caused (see `metrics::Failure`), checked on
//! the runs where a first reading went wrong: a TCP ping that found the member down, probes
//! under way at the crash, and a cluster that held the member dead before it crashed.

use gossip_sim::metrics::Failure;
use gossip_sim::{Scenario, build};

fn failure(query: &str, until_s: u64) -> Failure {
    let scenario = Scenario::from_query(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    let mut sim = build(&scenario).unwrap();
    sim.run_until(until_s * 1_000_000);
    sim.metrics().failures[0]
}

#[test]
fn without_a_suspicion_under_way_the_first_detection_comes_before_all_suspect() {
    // With no suspicion under way at the crash, every suspicion descends from one the crash
    // caused, so the first of them cannot come after everyone suspects. Under a profile the
    // TCP ping is the probe's last contact: counting the UDP ping alone broke this in about
    // one run in ten (seed 9: detection at 17.3 s, all suspect at 15.8 s).
    let mut checked = 0;
    for seed in 1..=40 {
        let q = format!(
            "proto=swim&profile=lan&nodes=32&topo=full&k=0&loss=15&seed={seed}&ev=10s~20s.crash.?"
        );
        let f = failure(&q, 60);
        if f.suspected_at_crash > 0 {
            continue;
        }
        checked += 1;
        let (first, all) = (f.first_suspect.unwrap(), f.all_suspect.unwrap());
        assert!(first <= all, "{q}: first {first} after all {all}");
        // The TCP ping goes at the ack timeout, half a period into the probe: the earliest a
        // probe can end having found the member down is the rest of the period (500 ms) less
        // the ping's latency (at most 75 ms).
        assert!(
            first >= f.at + 425_000,
            "{q}: detected {} µs after",
            first - f.at
        );
    }
    assert!(checked > 20, "{checked} runs without a suspicion under way");
}

#[test]
fn probes_under_way_at_the_crash_are_counted_beside_the_detection() {
    // Node 30 crashes at 11.71 s. Nodes 4 and 31 pinged it before (11.05 s, lost; 11.28 s,
    // ack lost) and suspected it at the end of their periods: under way, not detection.
    let f = failure(
        "proto=swim&nodes=32&topo=full&k=0&loss=15&seed=69&ev=10s~20s.crash.?",
        60,
    );
    assert_eq!(f.node, 30);
    assert_eq!(f.suspected_at_crash, 2);
    assert!(f.first_suspect.unwrap() >= f.at + 500_000);
}

#[test]
fn all_suspect_and_all_dead_are_the_crash_time_when_they_already_held() {
    // Behind a partition since 5 s, node 3 is dead to everyone when it crashes.
    for q in [
        "proto=swim&nodes=8&topo=full&ev=5s.partition.3,30s.crash.3",
        "nodes=8&topo=full&ev=5s.partition.3,60s.crash.3",
    ] {
        let f = failure(q, 90);
        assert_eq!(f.all_suspect, Some(f.at), "{q}");
        assert_eq!(f.all_dead, Some(f.at), "{q}");
        assert_eq!(
            f.first_suspect, None,
            "{q}: nothing left for the crash to cause"
        );
        assert_eq!(f.suspected_at_crash, 7, "{q}");
    }
}
