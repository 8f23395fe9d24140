//! SWIM's runs pinned by their trace hashes, as gossip's are (`gossip_variants.rs`): a change
//! of storage or speed must leave every run exactly as it was. A change of behaviour changes
//! them on purpose: re-pin with the hashes `gossip-sim QUERY --until 90s` prints, and say why
//! in the commit.

use gossip_sim::{Scenario, build};

/// Pinned 2026-12-07, after gossip started reaching suspects and the TCP ping landed.
const PINNED: [(&str, u64); 6] = [
    (
        "proto=swim&nodes=16&topo=full&ev=10s.crash.3",
        0xc375_f215_2e22_0872,
    ),
    (
        "proto=swim&nodes=64&topo=full&loss=10&fanout=3&ev=20s.crash.5",
        0xf67c_e160_c86c_12f0,
    ),
    (
        "proto=swim&profile=lan&nodes=64&topo=full&loss=10&ev=5s.slow.3.1200ms,20s.crash.7",
        // Re-pinned the same day: a probe that outlasts its period (Lifeguard's health
        // multiplier) has a tick held for it, as memberlist's probe ticker does, and the next
        // probe starts the moment it ends instead of at the next tick; and a failed probe
        // suspects the target's incarnation from the probe's start (memberlist's copy), so a
        // refutation heard meanwhile wins. (The other five runs are unchanged by both.)
        0x3242_5c98_18b6_53f2,
    ),
    (
        "proto=swim&nodes=500&ev=20s.crash.123",
        0x08da_be53_c2c4_4761,
    ),
    (
        "proto=swim&nodes=32&topo=full&ev=10s.partition.0-15,30s.crash.3,40s.heal,50s.leave.4,55s.join,60s.recover.3",
        // Re-pinned the same day: without a fan-out a member no longer keeps the recently
        // dead (they were nodes² entries in a partition), so node 4's leave at 50 s gossips
        // to live members only.
        0xd734_ad8f_c8e6_dbb9,
    ),
    (
        "proto=swim&profile=wan&nodes=32&topo=mesh&degree=4&loss=5&ev=10s.pause.6.8s",
        0x15a9_85aa_14af_8fd7,
    ),
];

#[test]
fn swim_runs_keep_their_pinned_trace_hashes() {
    for (query, hash) in PINNED {
        let scenario = Scenario::from_query(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        let mut sim = build(&scenario).unwrap();
        sim.run_until(90_000_000);
        assert_eq!(
            sim.trace_hash(),
            hash,
            "{query}: got {:016x}",
            sim.trace_hash()
        );
    }
}
