//! Claims the README makes about the protocols, held to what the code does.

use gossip_protocol::Status;
use gossip_sim::{Scenario, build};

const README: &str = include_str!("../../../README.md");

#[test]
fn the_readme_states_swim_precedence_as_memberlists_rule_not_exactly_the_papers() {
    assert!(!README.contains("precedence exactly as in the paper"));
    assert!(README.contains("Precedence is memberlist's"));
    assert!(README.contains("overrides alive\n  or suspect only at an incarnation ≤ i"));
}

#[test]
fn a_stale_death_rumour_does_not_kill_a_member_that_refuted_as_the_readme_says() {
    // Node 3 is cut off, declared dead by the majority, and refutes after the heal with a
    // higher incarnation; the old Dead rumours still circulating must not override that.
    let q = "proto=swim&nodes=8&topo=full&ev=5s.partition.3-3,30s.heal";
    let mut sim = build(&Scenario::from_query(q).unwrap()).unwrap();
    sim.run_until(29_000_000);
    assert_eq!(sim.status_of(0, 3), Status::Dead);
    sim.run_until(120_000_000);
    for o in (0..8).filter(|&o| o != 3) {
        assert_eq!(sim.status_of(o, 3), Status::Alive, "{o} about 3");
    }
}
