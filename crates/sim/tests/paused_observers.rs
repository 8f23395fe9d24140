//! Detection figures leave out observers frozen in a pause (see `metrics::Failure`): a paused
//! member learns nothing until it wakes, so "every live member has the crashed one dead"
//! (`all_dead`) does not wait for it; one whose pause ends first counts again.

mod common;

use common::{S, run};
use gossip_protocol::{NodeId, Status};
use gossip_sim::metrics::Failure;
use gossip_sim::{NodeState, Simulation};

const CRASHED: NodeId = 3;
const PAUSED: NodeId = 5;

/// The crash of member 3, and a run stopped at its `all_dead`.
fn at_all_dead(query: &str) -> (Failure, Box<dyn Simulation>) {
    let f = run(query, 120).metrics().failures[0];
    let all_dead = f
        .all_dead
        .unwrap_or_else(|| panic!("{query}: never all dead"));
    let sim = run(query, 0);
    let mut sim = sim;
    sim.run_until(all_dead);
    (f, sim)
}

/// Every running member other than the crashed one and `except` holds it dead.
fn all_others_hold_it_dead(sim: &dyn Simulation, except: Option<NodeId>) -> bool {
    (0..sim.node_count())
        .filter(|&o| o != CRASHED && Some(o) != except && sim.state(o) == NodeState::Up)
        .all(|o| sim.status_of(o, CRASHED) == Status::Dead)
}

#[test]
fn a_member_paused_through_the_detection_does_not_hold_back_all_dead() {
    for q in [
        // Paused before the crash (it holds member 3 alive when 3 crashes) ...
        "proto=swim&nodes=16&topo=full&ev=10s.pause.5.60s,12s.crash.3",
        // ... or after it, while the others still suspect it.
        "proto=swim&nodes=16&topo=full&ev=10s.crash.3,12s.pause.5.60s",
        "nodes=16&topo=full&ev=10s.pause.5.60s,12s.crash.3",
    ] {
        let (f, sim) = at_all_dead(q);
        assert!(f.all_dead.unwrap() < 60 * S, "{q}: {f:?}");
        assert!(all_others_hold_it_dead(sim.as_ref(), Some(PAUSED)), "{q}");
        assert_ne!(
            sim.status_of(PAUSED, CRASHED),
            Status::Dead,
            "{q}: the paused member has not learnt it"
        );
    }
}

#[test]
fn a_member_whose_pause_ends_before_the_others_have_it_dead_counts_again() {
    for q in [
        "proto=swim&nodes=16&topo=full&ev=11s.pause.5.2s,12s.crash.3",
        "nodes=16&topo=full&ev=11s.pause.5.2s,12s.crash.3",
    ] {
        let (f, sim) = at_all_dead(q);
        assert!(f.all_dead.unwrap() > 14 * S, "{q}: {f:?}");
        assert!(all_others_hold_it_dead(sim.as_ref(), None), "{q}");
    }
}
