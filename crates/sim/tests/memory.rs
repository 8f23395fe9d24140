//! Memory that grows with the churn: what a run holds pending must stay bounded by the
//! cluster, not by the cluster squared.

use gossip_protocol::swim::SwimNode;
use gossip_sim::{Protocol, Scenario, Sim};

const S: u64 = 1_000_000;

/// After a partition into halves every member suspects every member of the other side: `n²/2`
/// suspicion timeouts run at once. They wait parked, one queue event per member for the
/// earliest of its own, so the queue stays at a few events per member (with one queue event
/// per timeout, as before, it peaked at 20,335 events here). With Lifeguard's dynamic
/// suspicion each confirmation arms one more timeout for an earlier deadline.
#[test]
fn a_partition_keeps_the_event_queue_to_a_few_events_per_member() {
    for lifeguard in ["", "&lifeguard=on"] {
        let query =
            format!("proto=swim&nodes=200&topo=full&ev=5s.partition.0-99,25s.heal{lifeguard}");
        let scenario = Scenario::from_query(&query).unwrap();
        let mut sim =
            Sim::<SwimNode>::new(scenario.clone(), <SwimNode as Protocol>::config(&scenario));
        let (mut most_queued, mut most_parked) = (0, 0);
        for t in 1..=160 {
            sim.run_until(t * S / 4);
            let (queued, parked) = sim.pending_events();
            most_queued = most_queued.max(queued);
            most_parked = most_parked.max(parked);
        }
        assert!(
            most_queued <= 10 * 200,
            "{query}: {most_queued} events queued at most ({most_parked} timers parked)"
        );
        assert!(
            most_parked >= 200 * 100 / 2,
            "{query}: the partition made only {most_parked} suspicion timers at once"
        );
    }
}
