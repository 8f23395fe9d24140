//! The lessons on real runs: every figure comes from the run, asking steps wait for the
//! reader, and a different scenario gives different numbers.

use super::figures::fill;
use super::moment::run_until;
use super::*;
use crate::model::seconds;
use gossip_protocol::Status;
use gossip_sim::trace::TraceEvent;

/// The first (time, member) node `o` suspected, read straight off the trace.
fn first_suspicion_by(m: &Model, o: NodeId) -> (Micros, NodeId) {
    m.sim()
        .log()
        .iter()
        .find_map(|r| match r.event {
            TraceEvent::View {
                observer,
                member,
                to: Status::Suspect,
                ..
            } if observer == o => Some((r.at, member)),
            _ => None,
        })
        .expect("node 3 suspected someone")
}

#[test]
fn every_lesson_walks_to_its_last_step_with_every_figure_filled() {
    for (i, l) in LESSONS.iter().enumerate() {
        for step in 0..l.steps.len() {
            let (s, m) = Session::open(i, step);
            let v = s.view(&m);
            assert_eq!(v.step, step + 1);
            assert!(
                !v.text.contains('{'),
                "{} step {}: {}",
                l.slug,
                step + 1,
                v.text
            );
            assert!(
                !v.text.contains("did not come"),
                "{} step {}: {}",
                l.slug,
                step + 1,
                v.text
            );
        }
    }
}

#[test]
fn lesson_one_says_when_node_3_first_suspected_as_the_trace_records_it() {
    let (s, m) = Session::open(0, 3);
    let (at, whom) = first_suspicion_by(&m, 3);
    let text = s.view(&m).text;
    assert!(
        text.contains(&format!("At {} it suspected node {whom}", seconds(at))),
        "{text}"
    );
    // The step's moment is that suspicion: the run stopped right after it.
    assert_eq!(m.sim().status_of(3, whom), Status::Suspect);
    assert!(m.sim().now() - at < 1_000, "{} vs {}", m.sim().now(), at);
    // The crash the reader was asked for happened at the asking step's time.
    assert!(
        text.contains(&format!("crashed at {}", seconds(10_001_000))),
        "{text}"
    );
}

#[test]
fn lesson_one_ends_when_every_live_member_has_removed_node_3() {
    let (s, m) = Session::open(0, 5);
    let sim = m.sim();
    for o in [0, 1, 5, 6, 7] {
        assert_eq!(sim.status_of(o, 3), Status::Dead, "node {o}");
    }
    for o in (0..8).filter(|&o| o != 3) {
        assert_eq!(sim.status_of(3, o), Status::Dead, "node 3 about {o}");
    }
    assert!(
        s.view(&m).text.contains("node 0 at "),
        "{}",
        s.view(&m).text
    );
}

#[test]
fn changing_the_scenario_changes_the_numbers() {
    let template = "{t} {when_suspects(3)} {whom_suspects(3)}";
    let run = |t: &str| {
        let mut m = Model::from_query(&format!(
            "nodes=8&topo=ring&degree=2&fanout=1&t={t}&ev=10s.crash.2,10s.crash.4"
        ));
        assert!(run_until(&mut m, Event::SuspicionBy(3)));
        fill(template, &m, None).unwrap()
    };
    let (long, short) = (run("10000"), run("6000"));
    assert!(long.starts_with("10 s "), "{long}");
    assert!(short.starts_with("6 s "), "{short}");
    assert_ne!(long, short);
}

#[test]
fn an_asking_step_keeps_next_locked_until_the_run_shows_the_reader_did_it() {
    let (mut s, mut m) = Session::open(0, 2);
    assert!(s.view(&m).asks);
    assert!(!s.next(&mut m));
    m.command(Action::Crash(2));
    assert!(!s.done(&m), "one neighbour is not both");
    assert!(!s.next(&mut m));
    m.command(Action::Crash(4));
    assert!(s.next(&mut m));
    assert_eq!(s.step(), 3);
}

#[test]
fn back_travels_to_the_previous_steps_time_and_fills_its_text_there() {
    let (mut s, mut m) = Session::open(0, 4);
    let later = m.sim().now();
    assert!(s.back(&mut m));
    let (at, _) = first_suspicion_by(&m, 3);
    assert!(m.sim().now() < later);
    assert!(
        s.view(&m).text.contains(&seconds(at)),
        "{}",
        s.view(&m).text
    );
    let (mut first, mut m) = Session::open(0, 0);
    assert!(!first.back(&mut m), "nothing before the first step");
}

#[test]
#[ignore = "prints every step's text: cargo test -p gossip-playground --lib print_every_step -- --ignored --nocapture"]
fn print_every_step() {
    for (i, l) in LESSONS.iter().enumerate() {
        for step in 0..l.steps.len() {
            let (s, m) = Session::open(i, step);
            println!(
                "{} {}/{} at {}: {}\n",
                l.slug,
                step + 1,
                l.steps.len(),
                seconds(m.sim().now()),
                s.view(&m).text
            );
        }
    }
}

#[test]
fn a_lesson_is_found_by_its_name_or_its_number_in_the_course() {
    assert_eq!(find("1"), Some(0));
    assert_eq!(find("heartbeats"), Some(0));
    assert_eq!(find("3"), Some(1));
    assert_eq!(find("Suspicion"), Some(2));
    assert_eq!(find("2"), None, "lesson 2 is not written yet");
    assert_eq!(find("nope"), None);
}

#[test]
fn a_misspelt_or_missing_figure_is_an_error_that_names_it() {
    let m = Model::from_query("nodes=8");
    let e = fill("{nobody}", &m, None).unwrap_err();
    assert!(e.contains("{nobody}"), "{e}");
    let e = fill("{when_suspects(3)}", &m, None).unwrap_err();
    assert!(e.contains("no {when_suspects(3)} yet"), "{e}");
    assert_eq!(
        fill("t = {t}, n·t = {nt}", &m, None).unwrap(),
        "t = 10 s, n·t = 20 s"
    );
}

#[test]
fn setting_k_to_0_in_lesson_3_raises_the_false_suspicions_it_reports() {
    let (s, m) = Session::open(1, 3);
    let now = Snapshot::of(&m);
    let before = s.snaps[2].expect("the asking step was reached");
    assert_eq!(m.sim().params().k, 0);
    let since = now.false_suspicions - before.false_suspicions;
    assert!(
        since > before.false_suspicions,
        "{since} vs {}",
        before.false_suspicions
    );
    let text = s.view(&m).text;
    assert!(text.contains(&format!("suspected {since} times")), "{text}");
}

#[test]
fn a_suspicion_timeout_of_one_period_in_lesson_4_kills_live_members() {
    let (s, m) = Session::open(2, 4);
    let before = s.snaps[3].expect("the asking step was reached");
    let since = m.sim().metrics().false_deaths - before.false_deaths;
    assert!(since > 0);
    assert!(
        s.view(&m)
            .text
            .contains(&format!("declared dead {since} times"))
    );
}

#[test]
fn lesson_4_shows_a_refutation_with_the_incarnation_the_trace_recorded() {
    let (s, m) = Session::open(2, 1);
    let (node, inc) = m
        .sim()
        .log()
        .iter()
        .rev()
        .find_map(|r| match r.event {
            TraceEvent::Refuted { node, incarnation } => Some((node, incarnation)),
            _ => None,
        })
        .expect("a refutation");
    let text = s.view(&m).text;
    assert!(text.contains(&format!("node {node} heard")), "{text}");
    assert!(text.contains(&format!("incarnation to {inc}")), "{text}");
}
