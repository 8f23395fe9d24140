//! Scenario tests: whole clusters of either protocol through crashes, recoveries, joins, leaves,
//! partitions and loss, checked through the metrics and the nodes' views.

use gossip_protocol::{MsgKind, NodeId, Status};
use gossip_sim::scenario::Param;
use gossip_sim::trace::TraceEvent;
use gossip_sim::{Action, NodeState, Scenario, Simulation, build};

const S: u64 = 1_000_000;
const PROTOS: [&str; 2] = ["gossip", "swim"];

fn run(query: &str, until_s: u64) -> Box<dyn Simulation> {
    let scenario = Scenario::from_query(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    let mut sim = build(&scenario).unwrap();
    sim.set_log_capacity(100_000);
    sim.run_until(until_s * S);
    sim
}

fn up(sim: &dyn Simulation) -> Vec<NodeId> {
    (0..sim.node_count())
        .filter(|&id| sim.state(id) == NodeState::Up)
        .collect()
}

/// Every running node other than `member` believes `member` is `status`.
fn everyone_sees(sim: &dyn Simulation, member: NodeId, status: Status) -> bool {
    up(sim)
        .into_iter()
        .filter(|&o| o != member)
        .all(|o| sim.status_of(o, member) == status)
}

/// Every running node believes every other running node alive.
fn all_alive(sim: &dyn Simulation) -> bool {
    let live = up(sim);
    live.iter()
        .all(|&o| live.iter().all(|&m| sim.status_of(o, m) == Status::Alive))
}

fn refutations(sim: &dyn Simulation) -> Vec<NodeId> {
    let mut nodes: Vec<NodeId> = sim
        .log()
        .iter()
        .filter_map(|r| match r.event {
            TraceEvent::Refuted { node, .. } => Some(node),
            _ => None,
        })
        .collect();
    nodes.sort_unstable();
    nodes.dedup();
    nodes
}

#[test]
fn a_crash_is_detected_and_every_live_node_declares_it_dead() {
    for proto in PROTOS {
        let query = format!("proto={proto}&nodes=10&topo=full&ev=5s.crash.3");
        let sim = run(&query, 60);
        let m = sim.metrics();
        assert_eq!(m.failures.len(), 1, "{query}");
        let f = m.failures[0];
        assert_eq!((f.node, f.at), (3, 5 * S));
        let first = f.first_suspect.expect("suspected");
        let all_suspect = f.all_suspect.expect("suspected by all");
        let all_dead = f.all_dead.expect("dead everywhere");
        assert!(f.at < first && first <= all_suspect && all_suspect <= all_dead);
        assert!(all_dead < 60 * S, "{query}: all dead at {all_dead}");
        assert!(everyone_sees(sim.as_ref(), 3, Status::Dead), "{query}");
        assert_eq!((m.false_suspicions, m.false_deaths), (0, 0), "{query}");
    }
}

#[test]
fn a_recovered_node_is_alive_again_everywhere() {
    for proto in PROTOS {
        let query = format!("proto={proto}&nodes=10&topo=full&ev=5s.crash.3,45s.recover.3");
        let sim = run(&query, 90);
        let f = sim.metrics().failures[0];
        assert!(f.all_dead.is_some_and(|t| t < 45 * S), "{query}: {f:?}");
        assert!(!f.open, "the failure record closes at the recovery");
        assert!(all_alive(sim.as_ref()), "{query}");
        if proto == "swim" {
            // The new life learned from a Sync that it had been declared dead, and refuted.
            assert!(sim.own_counter(3).unwrap() > 0);
            assert_eq!(refutations(sim.as_ref()), [3]);
        } else {
            // Its new generation (the restart time) beats the old life's tombstone.
            let row = sim.rows(0).into_iter().find(|r| r.member == 3).unwrap();
            assert_eq!(row.generation, 45_000);
        }
    }
}

#[test]
fn a_joining_node_becomes_known_to_all() {
    for proto in PROTOS {
        for topo in ["ring", "full"] {
            let query = format!("proto={proto}&nodes=10&topo={topo}&ev=5s.join");
            let sim = run(&query, 60);
            let j = sim.metrics().joins[0];
            assert_eq!(j.node, 10);
            let known = j
                .all_know
                .unwrap_or_else(|| panic!("{query}: never known to all"));
            assert!(known > 5 * S, "{query}");
            assert!(everyone_sees(sim.as_ref(), 10, Status::Alive), "{query}");
            let node = sim.rows(10);
            assert_eq!(node.len(), 11, "{query}: the joiner knows everyone");
        }
    }
}

#[test]
fn a_node_that_leaves_is_marked_left_and_is_no_failure() {
    for proto in PROTOS {
        let query = format!("proto={proto}&nodes=10&topo=full&ev=5s.leave.3");
        let sim = run(&query, 60);
        let m = sim.metrics();
        assert_eq!(sim.state(3), NodeState::Left);
        assert!(everyone_sees(sim.as_ref(), 3, Status::Left), "{query}");
        assert!(m.failures.is_empty(), "{query}");
        assert_eq!((m.false_suspicions, m.false_deaths), (0, 0), "{query}");
    }
}

/// Nodes 0-3 and 4-7 are cut apart from 10 s to 70 s, on a full topology.
fn partition_and_heal(proto: &str) -> (Box<dyn Simulation>, Box<dyn Simulation>) {
    let query = format!("proto={proto}&nodes=8&topo=full&ev=10s.partition.0-3,70s.heal");
    (run(&query, 69), run(&query, 130))
}

#[test]
fn each_side_of_a_partition_declares_the_other_dead_and_they_merge_after_the_heal() {
    for proto in PROTOS {
        let (during, after) = partition_and_heal(proto);
        for o in 0..8 {
            for m in 0..8 {
                let same_side = (o < 4) == (m < 4);
                let want = if same_side {
                    Status::Alive
                } else {
                    Status::Dead
                };
                assert_eq!(during.status_of(o, m), want, "{proto}: {o} about {m}");
            }
        }
        assert_eq!(during.metrics().leaders.distinct(), 2, "{proto}");
        assert!(
            all_alive(after.as_ref()),
            "{proto}: not merged after the heal"
        );
        assert_eq!(after.metrics().leaders.distinct(), 1, "{proto}");
        // Each side declared the other's 4 members dead: 2 * 4 * 4 false deaths.
        assert_eq!(after.metrics().false_deaths, 32, "{proto}");
    }
}

#[test]
fn swim_merges_after_a_heal_by_refuting_with_higher_incarnations() {
    let (during, after) = partition_and_heal("swim");
    assert!(refutations(during.as_ref()).is_empty());
    // Every member was dead on the other side, and only a refutation undoes that.
    assert_eq!(refutations(after.as_ref()), (0..8).collect::<Vec<_>>());
    for id in 0..8 {
        assert!(after.own_counter(id).unwrap() >= 1);
    }
}

#[test]
fn gossip_merges_after_a_heal_through_fresher_heartbeats_of_the_same_life() {
    let (during, after) = partition_and_heal("gossip");
    for o in 0..8 {
        for row in after.rows(o) {
            assert_eq!(row.generation, 0, "{o} about {}: no restart", row.member);
            let before = during.rows(o).into_iter().find(|r| r.member == row.member);
            assert!(row.counter > before.unwrap().counter);
        }
    }
}

#[test]
fn swim_detects_a_crash_through_ten_percent_loss_and_refutes_false_suspicions() {
    let mut false_suspicions = 0;
    for seed in 1..=3 {
        let query = format!("proto=swim&nodes=16&topo=full&loss=10&seed={seed}&ev=10s.crash.5");
        let sim = run(&query, 60);
        let m = sim.metrics();
        let f = m.failures[0];
        assert!(f.all_dead.is_some_and(|t| t < 30 * S), "{query}: {f:?}");
        assert!(everyone_sees(sim.as_ref(), 5, Status::Dead));
        assert_eq!(
            m.false_deaths, 0,
            "{query}: a suspicion was not refuted in time"
        );
        false_suspicions += m.false_suspicions;
        assert!(m.false_suspicions == 0 || !refutations(sim.as_ref()).is_empty());
    }
    assert!(
        false_suspicions > 0,
        "10% loss should cause some false suspicions"
    );
}

#[test]
fn gossip_detects_a_crash_through_ten_percent_loss() {
    let sim = run("nodes=16&topo=full&loss=10&ev=10s.crash.5", 60);
    let m = sim.metrics();
    assert!(m.failures[0].all_dead.is_some());
    assert_eq!(m.false_deaths, 0);
}

#[test]
fn gossip_ring_isolates_a_live_node_whose_two_neighbours_crashed() {
    // Ring of 8, degree 2, fan-out 1 (the defaults): node 3's only neighbours are 2 and 4.
    let sim = run("ev=5s.crash.2,5s.crash.4", 60);
    assert_eq!(sim.state(3), NodeState::Up);
    for other in [0, 1, 5, 6, 7] {
        assert_eq!(sim.status_of(3, other), Status::Dead, "3 about {other}");
        assert_eq!(sim.status_of(other, 3), Status::Dead, "{other} about 3");
    }
    // The rest still form a line 5-6-7-0-1 and see each other.
    for o in [0, 1, 5, 6, 7] {
        for m in [0, 1, 5, 6, 7] {
            assert_eq!(sim.status_of(o, m), Status::Alive, "{o} about {m}");
        }
    }
    // Node 3 removed 5 live members and 5 live members removed node 3.
    assert_eq!(sim.metrics().false_deaths, 10);
}

#[test]
fn the_same_scenario_twice_gives_the_same_trace_hash_and_another_seed_another() {
    for proto in PROTOS {
        let query = format!(
            "proto={proto}&nodes=12&loss=5&ev=3s.crash.2,5s.join,9s.partition.0-5,15s.heal"
        );
        let a = run(&query, 40).trace_hash();
        let b = run(&query, 40).trace_hash();
        let c = run(&format!("{query}&seed=2"), 40).trace_hash();
        assert_eq!(a, b, "{proto}");
        assert_ne!(a, c, "{proto}");
    }
}

#[test]
fn commands_applied_live_replay_identically_from_the_recorded_query() {
    for proto in PROTOS {
        let query = format!("proto={proto}&nodes=10&loss=2&ev=4s.crash.1");
        let scenario = Scenario::from_query(&query).unwrap();
        let mut live = build(&scenario).unwrap();
        let commands = [
            (6_300_000, Action::Crash(3)),
            (6_300_000, Action::Join),
            (9_123_456, Action::Partition(vec![(0, 4)])),
            (15_000_000, Action::Heal),
            (15_000_000, Action::Set(Param::Loss, 10)),
            (16_000_000, Action::Set(Param::Period, 700)),
            (
                17_000_000,
                Action::Set(Param::T, if proto == "swim" { 300 } else { 2000 }),
            ),
            (20_000_500, Action::Recover(3)),
            (22_000_000, Action::Leave(10)),
            (22_000_000, Action::Crash(3)), // applied later than it was asked: still the same
        ];
        for (at, action) in commands {
            live.run_until(at);
            let ev = live.command(action).unwrap();
            assert_eq!(ev.at_ms, at / 1000 + 1);
        }
        live.run_until(40 * S);
        let recorded = live.scenario().to_query();
        let replay = run(&recorded, 40);
        assert_eq!(live.trace_hash(), replay.trace_hash(), "{recorded}");
        assert_eq!(live.metrics().messages.sent, replay.metrics().messages.sent);
    }
}

#[test]
fn a_command_about_a_node_that_does_not_exist_is_refused() {
    let mut sim = build(&Scenario::from_query("nodes=4").unwrap()).unwrap();
    assert_eq!(sim.command(Action::Crash(9)).unwrap_err().key, "ev");
    assert!(sim.scenario().events.is_empty());
}

#[test]
fn swim_members_started_on_a_sparse_ring_all_learn_of_each_other_within_a_minute() {
    // Each of the 200 members knows only its two ring neighbours at the start: the rest comes
    // from rumours, in packets of up to 150 updates, and from periodic push-pull (with 8
    // updates a packet and no push-pull, some members stayed unknown for ten minutes).
    let sim = run("proto=swim&nodes=200", 60);
    assert!(all_alive(sim.as_ref()));
    assert_eq!(sim.metrics().false_suspicions, 0);
}

#[test]
fn swim_members_on_a_full_topology_join_through_three_seeds_not_everyone() {
    // Knowing all 99 others, each member still sends just three joins (and gets three syncs of
    // 100 entries back), not 99: a start costs O(N) messages and O(N²) entries, not O(N³).
    let sim = run("proto=swim&nodes=100&topo=full", 5);
    let by_kind = sim.metrics().messages.sent_by_kind;
    assert_eq!(by_kind[MsgKind::Join as usize], 300);
    assert!(by_kind[MsgKind::Sync as usize] >= 300);
    assert!(all_alive(sim.as_ref()));
}

#[test]
fn leaders_are_tracked_from_the_first_agreement_not_from_the_first_node_started() {
    // On a ring, members start knowing only their neighbours, so they follow different leaders
    // until the membership converges; that start-up is not split brain.
    let ring = run("proto=swim&nodes=50", 60);
    let leaders = &ring.metrics().leaders;
    assert!(leaders.agreed_at.is_some_and(|t| t > 0), "{leaders:?}");
    assert_eq!(
        (leaders.max_distinct, leaders.split_brain(ring.now())),
        (1, 0)
    );
    // On a full topology everyone follows node 0 from the start.
    let full = run("proto=swim&nodes=50&topo=full", 10);
    assert_eq!(full.metrics().leaders.agreed_at, Some(0));
}

/// Messages sent in `[from_s, to_s)` of a run of `query`.
fn sent_between(query: &str, from_s: u64, to_s: u64) -> u64 {
    let mut sim = build(&Scenario::from_query(query).unwrap()).unwrap();
    sim.run_until(from_s * S);
    let before = sim.metrics().messages.sent;
    sim.run_until(to_s * S);
    sim.metrics().messages.sent - before
}

#[test]
fn a_live_period_change_changes_the_message_rate_from_then_on() {
    for proto in PROTOS {
        let t = if proto == "swim" { 200 } else { 3000 };
        let base = format!("proto={proto}&nodes=16&topo=full&period=1000&t={t}");
        let plain = sent_between(&base, 30, 60);
        let faster = sent_between(&format!("{base}&ev=20s.set.period.250"), 30, 60);
        let ratio = faster as f64 / plain as f64;
        assert!((3.5..=4.5).contains(&ratio), "{proto}: {plain} vs {faster}");
        // Before the change the two runs are the same run.
        assert_eq!(
            sent_between(&base, 0, 19),
            sent_between(&format!("{base}&ev=20s.set.period.250"), 0, 19)
        );
    }
}

#[test]
fn a_live_latency_change_applies_to_messages_sent_afterwards() {
    let mut sim = run("proto=swim&nodes=8&topo=full&ev=10s.set.latency.150", 12);
    assert_eq!(sim.params().latency_ms, 150);
    let mut flights = Vec::new();
    sim.run_until(13 * S);
    sim.flights(&mut flights);
    assert!(!flights.is_empty());
    for f in &flights {
        let delay = f.arrives - f.sent;
        assert!((75_000..225_000).contains(&delay), "{f:?}");
    }
}

#[test]
fn a_live_set_of_k_zero_stops_indirect_probes() {
    let q = "proto=swim&nodes=16&topo=full&loss=20";
    let count =
        |sim: &dyn Simulation| sim.metrics().messages.sent_by_kind[MsgKind::PingReq as usize];
    let mut sim = run(&format!("{q}&ev=20s.set.k.0"), 21);
    let at_set = count(sim.as_ref());
    assert!(at_set > 0, "ping-reqs are sent with k = 3 and 20% loss");
    sim.run_until(60 * S);
    assert_eq!(count(sim.as_ref()), at_set, "no ping-req after k became 0");
}

#[test]
fn a_member_that_joins_during_a_partition_is_on_the_side_of_the_ids_in_no_range() {
    for proto in PROTOS {
        let query = format!("proto={proto}&nodes=16&topo=full&ev=5s.partition.0-7,10s.join");
        let sim = run(&query, 40);
        assert_eq!(sim.side(16), sim.side(8), "{proto}");
        assert_ne!(sim.side(16), sim.side(0), "{proto}");
        assert_eq!(sim.status_of(16, 9), Status::Alive, "{proto}");
        assert_eq!(sim.status_of(9, 16), Status::Alive, "{proto}");
        assert_ne!(sim.status_of(0, 16), Status::Alive, "{proto}");
    }
}

#[test]
fn a_member_that_joins_or_recovers_knowing_no_leader_yet_is_not_a_split_brain() {
    for proto in PROTOS {
        for ev in ["5s.join", "5s.crash.3,6s.recover.3"] {
            let query = format!("proto={proto}&ev={ev}");
            let sim = run(&query, 40);
            let leaders = &sim.metrics().leaders;
            assert_eq!(leaders.max_distinct, 1, "{query}");
            assert_eq!(leaders.split_brain(sim.now()), 0, "{query}");
            assert_eq!(leaders.distinct(), 1, "{query}");
        }
    }
}

#[test]
fn runs_whose_messages_differ_have_different_trace_hashes_even_if_no_view_changes() {
    // With every message lost no view ever changes, yet these runs send different messages.
    let queries = [
        "nodes=1",
        "nodes=2&loss=100",
        "nodes=3&loss=100",
        "nodes=3&loss=100&seed=2",
        "proto=swim&nodes=3&topo=full&loss=100",
        "nodes=1&period=400",
    ];
    let hashes: Vec<u64> = queries.iter().map(|q| run(q, 20).trace_hash()).collect();
    for (i, a) in hashes.iter().enumerate() {
        for (j, b) in hashes.iter().enumerate().skip(i + 1) {
            assert_ne!(a, b, "{} and {}", queries[i], queries[j]);
        }
    }
}

#[test]
fn gossip_never_brings_a_crashed_member_back_from_removed() {
    // A 64-node ring relays heartbeats slowly: when a far member removes node 3, neighbours
    // that heard a later pre-crash counter still gossip it. T_cleanup keeps the tombstone.
    let sim = run("nodes=64&ev=5s.crash.3", 120);
    let revivals = sim
        .log()
        .iter()
        .filter(|r| {
            matches!(
                r.event,
                TraceEvent::View {
                    member: 3,
                    from: Status::Dead,
                    to: Status::Alive,
                    ..
                }
            )
        })
        .count();
    assert_eq!(revivals, 0);
    assert!(everyone_sees(sim.as_ref(), 3, Status::Dead));
}
