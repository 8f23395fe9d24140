use super::*;

#[test]
fn bad_url_keys_become_banners_and_the_rest_still_applies() {
    let m = Model::from_query("nodes=12&t=banana&wat=1");
    assert_eq!(m.scenario().nodes, 12);
    assert_eq!(m.banners.len(), 2);
    assert!(m.banners[0].text.contains("t:"), "{:?}", m.banners);
    assert!(m.banners[1].text.contains("wat"));
}

#[test]
fn loss_applies_live_and_is_recorded_in_the_url() {
    let mut m = Model::from_query("");
    m.advance(100.0, &mut || false);
    assert_eq!(m.set_key("loss", "10").unwrap(), Applied::Live);
    assert!(m.query().contains("ev=101ms.set.loss.10"), "{}", m.query());
}

#[test]
fn other_keys_restart_from_the_same_seed() {
    let mut m = Model::from_query("seed=5");
    m.advance(100.0, &mut || false);
    assert_eq!(m.set_key("t", "4000").unwrap(), Applied::Restarted);
    assert_eq!(m.sim().now(), 0);
    assert_eq!(m.query(), "t=4000&seed=5");
    assert!(m.set_key("nodes", "0").is_err());
    assert_eq!(m.scenario().nodes, 8);
}

#[test]
fn switching_protocol_keeps_the_cluster_and_takes_the_new_defaults() {
    let mut m = Model::from_query("nodes=20&seed=3&t=9000");
    m.set_key("proto", "swim").unwrap();
    assert_eq!(m.query(), "proto=swim&nodes=20&seed=3");
}

#[test]
fn a_crash_clicked_in_the_page_replays_identically_from_the_url() {
    let mut live = Model::from_query("proto=swim&nodes=10&seed=9");
    for _ in 0..30 {
        live.advance(100.0, &mut || false);
    }
    assert!(live.toggle_crash(4));
    for _ in 0..100 {
        live.advance(100.0, &mut || false);
    }
    let mut replay = Model::from_query(&live.query());
    while replay.sim().now() < live.sim().now() {
        replay.advance(100.0, &mut || false);
    }
    assert_eq!(replay.sim().now(), live.sim().now());
    assert_eq!(replay.sim().trace_hash(), live.sim().trace_hash());
    assert!(live.query().contains("crash.4"));
}

#[test]
fn selecting_a_node_colours_others_by_its_belief() {
    let mut m = Model::from_query("nodes=8&t=2000&n=1&ev=1s.crash.3");
    for _ in 0..100 {
        m.advance(100.0, &mut || false);
    }
    m.selected = Some(0);
    assert_eq!(m.look(3), Look::Dead);
    assert_eq!(m.look(1), Look::Alive);
}

#[test]
fn events_that_no_longer_fit_are_dropped_with_a_notice() {
    let mut m = Model::from_query("nodes=10&ev=5s.crash.9");
    m.set_key("nodes", "5").unwrap();
    assert!(m.scenario().events.is_empty());
    assert!(m.banners.iter().any(|b| b.text.contains("removed")));
}
