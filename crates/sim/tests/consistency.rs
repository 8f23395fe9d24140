//! The metrics' incremental view counts must always equal a recount of every node's table.

use gossip_protocol::Status;
use gossip_sim::{NodeState, Scenario, Simulation, build};

fn recount(sim: &dyn Simulation) -> Vec<[u32; 5]> {
    let n = sim.node_count();
    (0..n)
        .map(|m| {
            let mut c = [0u32; 5];
            for o in (0..n).filter(|&o| o != m && sim.state(o) == NodeState::Up) {
                let s = sim.status_of(o, m);
                if s != Status::Unknown {
                    c[s.index()] += 1;
                }
            }
            c
        })
        .collect()
}

fn check(query: &str) {
    let s = Scenario::from_query(query).unwrap();
    let mut sim = build(&s).unwrap();
    let mut t = 0;
    while t < 40_000_000 {
        t += 250_000;
        sim.run_until(t);
        let expect = recount(sim.as_ref());
        for (m, c) in expect.iter().enumerate() {
            assert_eq!(
                sim.metrics().counts(m as u32),
                *c,
                "member {m} at {t} µs in {query}"
            );
        }
    }
}

#[test]
fn view_counts_match_the_tables_through_crash_recover_join_leave_partition_swim() {
    check(
        "proto=swim&nodes=12&topo=mesh&degree=3&loss=5&ev=3s.crash.2,5s.join,8s.leave.4,9s.partition.0-5,15s.heal,18s.recover.2,20s.recover.4",
    );
}

#[test]
fn view_counts_match_the_tables_through_crash_recover_join_leave_partition_gossip() {
    check(
        "nodes=12&t=3000&loss=5&ev=3s.crash.2,5s.join,8s.leave.4,9s.partition.0-5,15s.heal,18s.recover.2,20s.recover.4",
    );
}
