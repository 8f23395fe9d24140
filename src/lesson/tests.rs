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
    assert_eq!(find("2"), Some(1));
    assert_eq!(find("3"), Some(2));
    assert_eq!(find("Suspicion"), Some(3));
    assert_eq!(find("partitions"), Some(4));
    assert_eq!(find("6"), Some(5));
    assert_eq!(find("7"), None);
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
    let (s, m) = Session::open(find("3").unwrap(), 3);
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
    let (s, m) = Session::open(find("4").unwrap(), 4);
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
    let (s, m) = Session::open(find("4").unwrap(), 1);
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

/// The index of lesson `number` in [`LESSONS`].
fn lesson(number: &str) -> usize {
    find(number).expect("the lesson exists")
}

#[test]
fn lesson_2_tells_how_the_joiners_news_spread_as_the_metrics_measured_it() {
    let (s, m) = Session::open(lesson("2"), 1);
    let sim = m.sim();
    let j = sim.metrics().joins[0];
    assert_eq!(j.node, 32);
    let known = j.all_know.expect("everyone lists node 32");
    assert_eq!(
        sim.now(),
        known,
        "the step's moment is the last member hearing"
    );
    let periods = (known - j.at) as f64 / 500_000.0;
    let text = s.view(&m).text;
    assert!(
        text.contains(&format!(
            "All 33 did at {}, {periods:.1} periods",
            seconds(known)
        )),
        "{text}"
    );
    // The curve counts up to every member, never down.
    let curve = fill("{spread_curve(32)}", &m, None).unwrap();
    let counts: Vec<u32> = curve.split(", ").map(|c| c.parse().unwrap()).collect();
    assert!(counts.windows(2).all(|w| w[0] <= w[1]), "{curve}");
    assert_eq!(counts.last(), Some(&33), "{curve}");
    assert_eq!(counts.len(), (periods.ceil()) as usize, "{curve}");
    // log₂N + ln N for the 33 members.
    assert!(
        text.contains("log₂N + ln N = 8.5 rounds for N = 33"),
        "{text}"
    );
}

#[test]
fn lesson_2_waits_for_fanout_3_and_a_second_join_and_then_spreads_faster() {
    let (mut s, mut m) = Session::open(lesson("2"), 2);
    assert!(!s.next(&mut m));
    m.set_key("fanout", "3").unwrap();
    assert!(!s.done(&m), "fanout alone is not the second join");
    m.command(Action::Join);
    assert!(s.next(&mut m));
    let joins = &m.sim().metrics().joins;
    let spread = |i: usize| joins[i].all_know.unwrap() - joins[i].at;
    assert!(spread(1) < spread(0), "{} vs {}", spread(1), spread(0));
    let text = s.view(&m).text;
    assert!(
        text.starts_with("With fanout 3, node 33 was listed by all 34"),
        "{text}"
    );
}

#[test]
fn the_spread_figures_follow_the_scenarios_fanout_and_size() {
    let spread = |q: &str, x: NodeId| {
        let mut m = Model::from_query(q);
        assert!(run_until(&mut m, Event::KnownByAll(x)));
        fill(
            "{spread_periods(JOINER)} {log2n_lnn} {push_rounds}"
                .replace("JOINER", &x.to_string())
                .as_str(),
            &m,
            None,
        )
        .unwrap()
    };
    let one = spread("nodes=32&topo=full&fanout=1&ev=5s.join", 32);
    let three = spread("nodes=32&topo=full&fanout=3&ev=5s.join", 32);
    let large = spread("nodes=256&topo=full&fanout=1&ev=5s.join", 256);
    assert_ne!(one, three);
    assert!(
        one.ends_with(" 8.5 8.5"),
        "fanout 1: push_rounds is log₂N + ln N: {one}"
    );
    assert!(three.ends_with(" 8.5 3.7"), "{three}");
    assert!(large.ends_with(" 13.6 13.6"), "{large}");
}

#[test]
fn lesson_5_shows_one_leader_per_side_and_then_one_leader_after_the_heal() {
    let (s, m) = Session::open(lesson("5"), 1);
    let sim = m.sim();
    assert!(sim.partitioned());
    let leaders = &sim.metrics().leaders;
    for o in 0..16 {
        let want = if o < 8 { 0 } else { 8 };
        assert_eq!(leaders.of(o), Some(want), "node {o}");
    }
    let text = s.view(&m).text;
    assert!(text.contains("into 0–7 and 8–15"), "{text}");
    assert!(text.contains("own: nodes 0 and 8."), "{text}");
    let since = leaders.split_since().expect("split brain now");
    assert!(
        text.contains(&format!("since {}", seconds(since))),
        "{text}"
    );

    let (mut s, mut m) = Session::open(lesson("5"), 2);
    assert!(!s.next(&mut m), "Next waits for the heal");
    m.command(Action::Heal);
    assert!(s.next(&mut m));
    let sim = m.sim();
    assert_eq!(m.leader_set(), vec![0]);
    assert!(sim.metrics().leaders.split_since().is_none());
    let healed = sim
        .log()
        .iter()
        .rev()
        .find(|r| r.event == TraceEvent::Heal)
        .expect("a heal")
        .at;
    let refuted = sim
        .log()
        .iter()
        .rev()
        .find(|r| matches!(r.event, TraceEvent::Refuted { .. }))
        .expect("a refutation")
        .at;
    assert!(
        refuted > healed,
        "the refutation the text names came after the heal"
    );
    let text = s.view(&m).text;
    assert!(
        text.contains("all 16 members follow node 0 again"),
        "{text}"
    );
}

#[test]
fn lesson_5_finds_the_sides_leading_even_when_the_reader_played_past_it() {
    let (mut s, mut m) = Session::open(lesson("5"), 0);
    m.command(Action::Partition(vec![(0, 3)]));
    m.run_to(60_000_000, &mut || false);
    assert!(s.next(&mut m));
    assert_eq!(
        m.sim().now(),
        60_000_000,
        "the state held already: the moment is now"
    );
    let text = s.view(&m).text;
    assert!(text.contains("into 0–3 and 4–15"), "{text}");
    assert!(text.contains("nodes 0 and 4"), "{text}");
}

#[test]
fn lesson_6_compares_lifeguard_with_plain_swim_on_the_same_slow_member() {
    let (s, m) = Session::open(lesson("6"), 1);
    let plain = m.sim().metrics().clone();
    let healthy_deaths = plain.false_deaths - plain.false_deaths_of_faulty;
    assert!(healthy_deaths > 0, "plain SWIM kills healthy members here");
    let text = s.view(&m).text;
    assert!(
        text.contains(&format!("{healthy_deaths} of them of healthy")),
        "{text}"
    );
    assert!(
        text.contains(&format!(
            "node 3 had suspected healthy members {} times",
            plain.split[1][0].events
        )),
        "{text}"
    );

    let (mut s, mut m) = Session::open(lesson("6"), 2);
    assert!(!s.next(&mut m), "Next waits for Lifeguard");
    m.set_key("lifeguard", "on").unwrap();
    assert!(s.next(&mut m));
    let lg = m.sim().metrics();
    assert_eq!(lg.false_deaths, 0);
    assert!(lg.false_suspicions < plain.false_suspicions);
    let text = s.view(&m).text;
    assert!(
        text.contains(&format!(
            "{} false suspicions and 0 false deaths (0 of healthy members), against {} and {} without it",
            lg.false_suspicions, plain.false_suspicions, plain.false_deaths
        )),
        "{text}"
    );
}

#[test]
fn lesson_6_phi_trades_false_suspicions_for_slower_detection_as_the_run_shows() {
    let detect = |m: &Model| {
        let f = m.sim().metrics().failures[0];
        f.first_suspect.unwrap() - f.at
    };
    let (s, m) = Session::open(lesson("6"), 4);
    let fixed = (m.sim().metrics().false_suspicions, detect(&m));
    let text = s.view(&m).text;
    assert!(
        text.contains(&format!("{:.1} s after its crash", fixed.1 as f64 / 1e6)),
        "{text}"
    );
    let (s, m) = Session::open(lesson("6"), 6);
    assert_eq!(
        m.sim().params().value_of("detector").as_deref(),
        Some("phi")
    );
    let phi = (m.sim().metrics().false_suspicions, detect(&m));
    assert!(phi.0 < fixed.0 && phi.1 > fixed.1, "{phi:?} vs {fixed:?}");
    assert!(
        s.view(&m)
            .text
            .contains(&format!("against {} with a fixed t", fixed.0)),
        "{}",
        s.view(&m).text
    );
    let (_, m) = Session::open(lesson("6"), 7);
    let low = (m.sim().metrics().false_suspicions, detect(&m));
    assert!(low.0 > phi.0 && low.1 < phi.1, "{low:?} vs {phi:?}");
}

#[test]
fn detection_delay_follows_the_scenarios_t() {
    let delay = |t: &str| {
        let mut m = Model::from_query(&format!("nodes=16&topo=full&t={t}&ev=10s.crash.5"));
        m.run_to(40_000_000, &mut || false);
        fill("{detect_delay(5)}", &m, None).unwrap()
    };
    assert_ne!(delay("4000"), delay("8000"));
}

#[test]
fn back_across_a_scenario_change_walks_the_lesson_again_with_what_the_reader_did() {
    let (mut s, mut m) = Session::open(lesson("2"), 4);
    assert!(s.back(&mut m));
    assert_eq!(s.step(), 3);
    assert_eq!(m.sim().params().fanout, 3, "the asked fanout is set again");
    let text = s.view(&m).text;
    assert!(
        text.starts_with("With fanout 3, node 33 was listed"),
        "{text}"
    );
}

#[test]
fn back_past_a_restart_the_reader_caused_shows_the_run_from_before_it() {
    let (mut s, mut m) = Session::open(lesson("6"), 1);
    let plain = m.sim().metrics().false_suspicions;
    assert!(s.next(&mut m));
    m.set_key("lifeguard", "on").unwrap();
    assert!(s.next(&mut m));
    assert!(m.sim().metrics().false_suspicions < plain);
    assert!(s.back(&mut m) && s.back(&mut m));
    assert_eq!(s.step(), 1);
    assert_eq!(
        m.sim().params().value_of("lifeguard").as_deref(),
        Some("off")
    );
    assert_eq!(m.sim().metrics().false_suspicions, plain);
    let text = s.view(&m).text;
    assert!(
        text.contains(&format!("In all {plain} false suspicions")),
        "{text}"
    );
}

#[test]
fn lesson_2_asks_for_a_join_after_fanout_3_and_names_that_joiner_even_after_extra_joins() {
    let (mut s, mut m) = Session::open(lesson("2"), 0);
    m.command(Action::Join);
    m.command(Action::Join);
    assert!(s.next(&mut m), "two joins are at least one");
    assert!(s.next(&mut m));
    m.set_key("fanout", "3").unwrap();
    assert!(!s.done(&m), "the joins came before fanout 3");
    m.command(Action::Join);
    assert!(s.next(&mut m));
    let j = *m.sim().metrics().joins.last().unwrap();
    assert_eq!(j.node, 34);
    let periods = (j.all_know.unwrap() - j.at) as f64 / 500_000.0;
    let text = s.view(&m).text;
    assert!(
        text.starts_with(&format!(
            "With fanout 3, node 34 was listed by all 35 members {periods:.1} periods"
        )),
        "{text}"
    );
}

#[test]
fn lesson_5_tells_any_partition_whole_even_when_its_sides_lead_before_a_death() {
    let (mut s, mut m) = Session::open(lesson("5"), 0);
    m.command(Action::Partition(vec![(0, 2), (3, 15)]));
    m.run_to(11_906_000, &mut || false);
    assert!(s.next(&mut m));
    let text = s.view(&m).text;
    assert!(
        !text.contains('…') && !text.contains("did not come"),
        "{text}"
    );
    assert!(text.contains("into 0–2 and 3–15"), "{text}");
    assert!(text.contains("nodes 0 and 3"), "{text}");
    assert!(text.contains("0 false deaths so far"), "{text}");
}

#[test]
fn lesson_5_ends_when_every_view_has_cleared_after_the_heal() {
    let (mut s, mut m) = Session::open(lesson("5"), 3);
    let agreed = m.sim().now();
    assert!(s.next(&mut m));
    let sim = m.sim();
    assert!(sim.now() > agreed, "views clear after the leaders agree");
    for o in 0..16 {
        for p in 0..16 {
            assert_eq!(sim.status_of(o, p), Status::Alive, "{o}'s view of {p}");
        }
    }
    let text = s.view(&m).text;
    assert!(
        text.contains(&format!("{} false deaths", sim.metrics().false_deaths)),
        "{text}"
    );
}
