//! Why a member believes what it does, told from a replay of the run.

use gossip_protocol::Status;
use gossip_sim::checkpoint::Timeline;
use gossip_sim::explain::explain;
use gossip_sim::tap::TapSpec;
use gossip_sim::{Scenario, build};

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
    assert!(why.steps[0].text.contains("heartbeat counter"));
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
