//! The why panel's model: countdowns, explanations and their diagrams.

use super::Model;
use crate::render::sequence::svg;

#[test]
fn the_countdowns_say_what_happens_next_if_nothing_new_arrives() {
    let mut m = Model::from_query("nodes=8&topo=full&ev=3s.crash.3");
    while m.sim().now() < 6_000_000 {
        m.advance(100.0, &mut || false);
    }
    let stamp = m
        .sim()
        .rows(2)
        .into_iter()
        .find(|r| r.member == 3)
        .unwrap()
        .stamp;
    let next = m.next_change(2, 3, stamp);
    assert!(next.starts_with("suspect in "), "{next}");
    let secs: f64 = next["suspect in ".len()..]
        .trim_end_matches(" s")
        .parse()
        .unwrap();
    assert!((5.0..=10.0).contains(&secs), "{next}");
    assert_eq!(m.next_change(2, 2, 0), "");
}

#[test]
fn past_a_gossip_deadline_the_countdown_waits_for_the_sweep_and_the_why_names_it() {
    // Node 0 last heard node 3 at 11.474 s: its deadline to suspect is 21.474 s, and its
    // next sweep 21.945 s. In between it used to read `suspect in 0.0 s`.
    let mut m = Model::from_query("nodes=8&topo=ring&ev=10s.crash.3");
    m.run_to(21_700_000, &mut || false);
    assert_eq!(m.sim().status_of(0, 3), gossip_protocol::Status::Alive);
    assert_eq!(m.next_change(0, 3, 0), "suspect at next sweep");
    m.explain(0, 3, false, &|| 0.0, svg);
    let w = &m.why.as_ref().unwrap().why;
    let c = w.countdown.expect("a suspicion to come");
    assert_eq!(c.to, gossip_protocol::Status::Suspect);
    assert!(c.at > 21_700_000 && c.deadline < Some(21_700_000), "{c:?}");
    let step = w.steps.iter().find(|s| s.kind == "countdown").unwrap();
    assert!(
        step.text.starts_with("suspect at its next sweep"),
        "{}",
        step.text
    );
    m.run_to(c.at, &mut || false);
    assert_eq!(m.sim().status_of(0, 3), gossip_protocol::Status::Suspect);
    assert!(m.next_change(0, 3, 0).starts_with("removed in "));
}

#[test]
fn the_why_panel_tells_the_tcp_ping_the_nacks_and_the_confirmations() {
    // profile=lan: TCP fallback pings, Lifeguard nacks and dynamic suspicion.
    let mut m = Model::from_query("proto=swim&profile=lan&nodes=16&topo=full&ev=10s.crash.3");
    m.run_to(15_500_000, &mut || false);
    let o = (0..16)
        .find(|&o| m.sim().status_of(o, 3) == gossip_protocol::Status::Suspect)
        .expect("someone suspects node 3");
    m.explain(o, 3, false, &|| 0.0, svg);
    let steps = &m.why.as_ref().unwrap().why.steps;
    let has = |f: &dyn Fn(&gossip_sim::explain::Step) -> bool| steps.iter().any(f);
    assert!(
        has(&|s| s.text.starts_with("TCP ping to node 3")),
        "{steps:#?}"
    );
    assert!(has(&|s| s.text.contains("sent a nack")), "{steps:#?}");
    assert!(has(&|s| s.kind == "confirmation"), "{steps:#?}");
}

#[test]
fn a_lifeguard_suspects_countdown_is_its_armed_timeout_not_the_minimum() {
    // Dynamic suspicion starts at 6 × Min (Min = 4 s at 16 members): the countdown used to
    // say about 4 s; it is the suspicion timeout the engine has armed, and the member is
    // declared dead then.
    let mut m = Model::from_query("proto=swim&nodes=16&topo=full&lifeguard=dyn&ev=10s.crash.3");
    while m.sim().now() < 13_000_000 {
        m.advance(100.0, &mut || false);
    }
    let o = (0..16)
        .find(|&o| m.sim().status_of(o, 3) == gossip_protocol::Status::Suspect)
        .expect("someone suspects node 3");
    let next = m.next_change(o, 3, 0);
    assert!(next.ends_with(" (sooner if others confirm)"), "{next}");
    let secs: f64 = next
        .strip_prefix("dead in ")
        .and_then(|s| s.strip_suffix(" s (sooner if others confirm)"))
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| panic!("{next}"));
    assert!(secs > 4.0, "{next}");
    let armed = m.sim().suspicion_timers(o);
    assert!(
        armed.iter().any(|&(member, _, at)| member == 3
            && ((at - m.sim().now()) as f64 / 1e6 - secs).abs() < 0.05)
    );
}

#[test]
fn the_why_of_a_crashed_members_suspicion_comes_with_its_diagram() {
    let mut m = Model::from_query("proto=swim&nodes=16&topo=full&n=20&ev=5s.crash.3");
    m.playing = true;
    while m.sim().now() < 9_000_000 {
        m.advance(100.0, &mut || false);
    }
    m.explain(0, 3, true, &|| 0.0, svg);
    let w = m.why.as_ref().unwrap();
    assert!(w.why.headline.contains("suspect"), "{}", w.why.headline);
    assert!(w.svg.contains("class=\"msg\""), "the diagram has messages");
    assert!(w.svg.contains("node 3 ●"));
}
