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
    assert!(matches!(m.set_key("loss", "10").unwrap(), Applied::Live(_)));
    assert!(m.query().contains("ev=101ms.set.loss.10"), "{}", m.query());
}

#[test]
fn every_live_key_applies_without_a_restart_and_is_recorded_as_a_set_event() {
    let mut m = Model::from_query("proto=swim&seed=5");
    for _ in 0..50 {
        m.advance(100.0, &mut || false);
    }
    let now = m.sim().now();
    for (key, value) in [
        ("t", "300"),
        ("n", "6"),
        ("period", "800"),
        ("fanout", "2"),
        ("k", "1"),
        ("lambda", "3"),
        ("latency", "20"),
        ("loss", "4"),
    ] {
        let applied = m.set_key(key, value).unwrap();
        assert!(matches!(applied, Applied::Live(_)), "{key}: {applied:?}");
        assert!(
            m.query().contains(&format!("set.{key}.{value}")),
            "{}",
            m.query()
        );
    }
    assert!(m.sim().now() >= now, "no restart");
    m.advance(100.0, &mut || false);
    assert_eq!(m.live_params().period_ms, 800);
    assert!(m.banners.iter().any(|b| b.text.contains("applied live")));
    // Out of range or inconsistent: an error naming the key, nothing recorded.
    let before = m.query();
    assert_eq!(m.set_key("t", "900").unwrap_err().key, "t");
    assert_eq!(m.set_key("loss", "101").unwrap_err().key, "loss");
    assert_eq!(m.query(), before);
    assert!(m.banners.last().unwrap().error);
}

#[test]
fn nodes_grows_by_joins_and_shrinks_by_leaves_of_the_highest_ids() {
    let mut m = Model::from_query("nodes=6");
    m.advance(100.0, &mut || false);
    assert_eq!(m.set_key("nodes", "8").unwrap(), Applied::Resized(2));
    assert_eq!(m.sim().node_count(), 8);
    assert_eq!(m.layout.points.len(), 8, "joined nodes are laid out");
    assert_eq!(m.set_key("nodes", "5").unwrap(), Applied::Resized(-3));
    let q = m.query();
    assert!(
        q.contains("leave.7") && q.contains("leave.6") && q.contains("leave.5"),
        "{q}"
    );
    assert_eq!(m.live_params().nodes, 5);
    assert!(m.set_key("nodes", "0").is_err());
}

#[test]
fn only_proto_topo_degree_and_seed_restart() {
    let mut m = Model::from_query("seed=5&ev=1s.crash.2");
    m.advance(100.0, &mut || false);
    assert_eq!(m.set_key("topo", "full").unwrap(), Applied::Restarted);
    assert_eq!(m.sim().now(), 0);
    assert_eq!(m.query(), "topo=full&seed=5&ev=1s.crash.2");
    assert!(m.banners.last().unwrap().text.contains("restarted"));
    assert_eq!(m.set_key("seed", "5").unwrap(), Applied::Unchanged);
}

#[test]
fn nodes_that_joined_are_laid_out_after_a_restart_and_from_a_link() {
    let mut m = Model::from_query("ev=2s.join");
    assert_eq!(m.layout.points.len(), 8);
    for _ in 0..30 {
        m.advance(100.0, &mut || false);
    }
    assert_eq!(m.sim().node_count(), 9);
    assert_eq!(m.layout.points.len(), 9);
    let s = m.scenario().clone();
    m.restart(s).unwrap();
    for _ in 0..30 {
        m.advance(100.0, &mut || false);
    }
    assert_eq!(m.layout.points.len(), 9);
}

#[test]
fn seeking_back_and_forward_reaches_the_same_state_and_a_command_in_the_past_forks() {
    let mut m = Model::from_query("proto=swim&nodes=12&topo=full&ev=3s.crash.4");
    for _ in 0..200 {
        m.advance(100.0, &mut || false);
    }
    let (hash, now) = (m.sim().trace_hash(), m.sim().now());
    m.seek(5_000_000);
    assert_eq!(m.sim().now(), 5_000_000);
    assert!(m.markers().iter().any(|k| k.text.contains("crash 4")));
    assert!(
        m.markers()
            .iter()
            .any(|k| k.text.contains("node 4 first suspected"))
    );
    m.seek(now);
    assert_eq!(m.sim().trace_hash(), hash);
    m.step_back_event();
    assert!(
        m.status.as_deref().unwrap().contains("undid"),
        "{:?}",
        m.status
    );
    m.step_event();
    assert_eq!(m.sim().trace_hash(), hash);
    // A command in the past forks: the crash at 3 s is in the past of 2 s and is dropped.
    m.seek(2_000_000);
    assert!(m.command(Action::Crash(7)));
    assert!(m.forked.is_some());
    assert!(!m.query().contains("crash.4"), "{}", m.query());
    assert!(m.query().contains("2001ms.crash.7"), "{}", m.query());
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
        let left_ms = (live.sim().now() - replay.sim().now()) as f64 / 1000.0;
        replay.advance(left_ms.min(100.0), &mut || false);
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
    let mut m = Model::from_query("proto=swim&period=400&t=300&ev=5s.crash.3,6s.set.k.1");
    m.set_key("proto", "gossip").unwrap();
    assert_eq!(m.scenario().events.len(), 2);
    let mut m = Model::from_query("nodes=10&ev=5s.set.t.1500");
    m.set_key("proto", "swim").unwrap();
    assert!(m.scenario().events.is_empty(), "{}", m.query());
    assert!(m.banners.iter().any(|b| b.text.contains("removed")));
}

#[test]
fn a_live_latency_change_shows_in_the_parameters_once_applied() {
    let mut m = Model::from_query("");
    m.advance(100.0, &mut || false);
    assert!(matches!(
        m.set_key("latency", "120").unwrap(),
        Applied::Live(_)
    ));
    m.advance(16.0, &mut || false);
    assert_eq!(m.live_params().latency_ms, 120);
}

#[test]
fn a_profile_or_lifeguard_from_the_page_restarts_with_memberlists_values() {
    let mut m = Model::from_query("proto=swim&nodes=16&topo=full");
    m.advance(100.0, &mut || false);
    assert_eq!(m.set_key("profile", "wan").unwrap(), Applied::Restarted);
    assert_eq!(m.scenario().period_ms, 5000);
    assert!(m.query().contains("profile=wan"), "{}", m.query());
    assert_eq!(
        m.set_key("lifeguard", "lhm.nack").unwrap(),
        Applied::Restarted
    );
    assert!(m.query().contains("lifeguard=lhm.nack"), "{}", m.query());
    assert_eq!(m.set_key("profile", "none").unwrap(), Applied::Restarted);
    assert_eq!(m.scenario().period_ms, 1000);
    assert_eq!(
        m.set_key("lifeguard", "bogus").unwrap_err().key,
        "lifeguard"
    );
}

#[test]
fn the_gossip_detector_and_exchange_from_the_page_restart_and_leaving_phi_drops_its_key() {
    let mut m = Model::from_query("nodes=16&topo=full");
    assert_eq!(m.set_key("detector", "phi").unwrap(), Applied::Restarted);
    assert_eq!(m.set_key("phi", "4").unwrap(), Applied::Restarted);
    assert!(
        m.query().contains("detector=phi") && m.query().contains("phi=4"),
        "{}",
        m.query()
    );
    assert_eq!(m.set_key("detector", "fixed").unwrap(), Applied::Restarted);
    assert!(!m.query().contains("phi"), "{}", m.query());
    assert_eq!(
        m.set_key("exchange", "scuttlebutt").unwrap(),
        Applied::Restarted
    );
    assert_eq!(m.set_key("mtu", "1400").unwrap(), Applied::Restarted);
    assert_eq!(m.set_key("exchange", "full").unwrap(), Applied::Restarted);
    assert!(!m.query().contains("mtu"), "{}", m.query());
}

#[test]
fn chart_samples_count_belief_so_a_crash_stays_alive_to_all_until_suspected() {
    // SWIM, node 3 crashes at 5 s; the first suspicion comes a probe period or two later.
    let mut m = Model::from_query("proto=swim&nodes=8&seed=3&ev=5s.crash.3");
    while m.sim().now() < 20_000_000 {
        m.advance(100.0, &mut || false);
    }
    let after_crash: Vec<&Sample> = m.history().iter().filter(|s| s.at > 5_000_000).collect();
    let first = after_crash[0];
    assert_eq!(first.down, 1, "the truth steps up at the crash");
    assert_eq!(
        first.alive_to_all, 8,
        "nobody suspects it yet: the belief still counts it alive"
    );
    let detected = after_crash
        .iter()
        .find(|s| s.suspected_by_some + s.dead_to_some > 0)
        .expect("detected within 15 s");
    assert!(detected.at > first.at, "detection comes after the crash");
    assert_eq!(detected.alive_to_all, 7);
    let last = m.history().last().unwrap();
    assert_eq!((last.dead_to_some, last.down), (1, 1));
}

#[test]
fn a_node_count_past_the_limit_says_which_limit_it_is() {
    let mut m = Model::from_query("nodes=8&detector=phi");
    let e = m.set_key("nodes", "257").unwrap_err();
    assert_eq!(e.key, "nodes");
    assert!(
        e.message.contains("1..=256 for gossip with detector=phi"),
        "{}",
        e.message
    );
    let mut m = Model::from_query("proto=swim&nodes=8");
    let e = m.set_key("nodes", "10001").unwrap_err();
    assert!(
        e.message.contains("1..=10000 for this protocol"),
        "{}",
        e.message
    );
}

/// Plays `m` in frames of varied length (as a browser's frames vary) until `t` (µs).
fn play_until(m: &mut Model, t: u64, frames: &[f64]) {
    m.playing = true;
    let mut i = 0;
    while m.sim().now() < t {
        let left_ms = (t - m.sim().now()) as f64 / 1000.0;
        m.advance(frames[i % frames.len()].min(left_ms), &mut || false);
        i += 1;
    }
}

#[test]
fn charts_after_a_seek_back_equal_the_charts_of_a_straight_run_to_the_same_time() {
    let q = "proto=swim&nodes=12&topo=full&seed=5&ev=10s.crash.4";
    let mut travelled = Model::from_query(q);
    play_until(&mut travelled, 25_000_000, &[16.0, 33.0, 7.5, 100.0]);
    travelled.seek(2_400_000);
    play_until(&mut travelled, 16_000_000, &[50.0, 3.0, 16.7]);
    travelled.step_back_event();
    travelled.step_event();
    travelled.step_period();
    let now = travelled.sim().now();

    let mut straight = Model::from_query(q);
    play_until(&mut straight, now, &[16.7]);
    assert_eq!(straight.sim().now(), now);
    let (a, b) = (travelled.history(), straight.history());
    assert!(a.len() > 15, "a sample a second: {}", a.len());
    assert_eq!(a, b, "the charts at {now} µs");
    let crash_step = a.iter().find(|s| s.down == 1).expect("the crash at 10 s");
    assert_eq!(crash_step.at, 10_000_000);
    assert!(
        a[1..].iter().all(|s| s.msgs_per_s > 0.0),
        "no false ramp: {a:?}"
    );
}

#[test]
fn charts_after_a_fork_forget_the_dropped_future() {
    let mut m = Model::from_query("proto=swim&nodes=8&seed=2&ev=10s.crash.4");
    play_until(&mut m, 20_000_000, &[16.0]);
    m.seek(5_000_000);
    assert!(m.command(gossip_sim::Action::Crash(2)));
    play_until(&mut m, 12_000_000, &[16.0]);
    let last = m.history().last().unwrap();
    assert_eq!(last.at, 12_000_000);
    assert_eq!(
        last.down, 1,
        "only node 2 is down: the crash of 4 was dropped with the future"
    );
}

#[test]
fn a_link_with_1200_events_gives_one_message_with_the_right_count() {
    let ev: Vec<String> = (0..1200)
        .map(|i| format!("{}ms.set.loss.{}", 1000 + i, i % 2))
        .collect();
    let m = Model::from_query(&format!("proto=swim&nodes=8&ev={}", ev.join(",")));
    let about_ev: Vec<&Banner> = m
        .banners
        .iter()
        .filter(|b| b.text.contains("ev:"))
        .collect();
    assert_eq!(
        about_ev.len(),
        1,
        "{:?}",
        &m.banners[..m.banners.len().min(3)]
    );
    let text = &about_ev[0].text;
    assert!(
        text.contains("1200 events is too many: at most 1000") && text.contains("last 200"),
        "{text}"
    );
    assert_eq!(m.scenario().events.len(), 1000);
}

#[test]
fn a_frame_that_runs_out_of_time_in_the_first_period_says_the_run_is_starting() {
    let mut m = Model::from_query("proto=swim&nodes=2000&topo=full");
    assert!(!m.starting());
    // A frame asked for 1 s of virtual time, with no time at all to run it: the first 256
    // events, then out of time.
    m.speed = 10.0;
    m.advance(100.0, &mut || true);
    assert!(m.lagging && m.starting(), "now {}", m.sim().now());
    m.advance(100.0, &mut || false);
    assert!(!m.starting());
}

#[test]
fn counts_are_written_with_thousands_separated() {
    assert_eq!(thousands(7), "7");
    assert_eq!(thousands(1771), "1,771");
    assert_eq!(thousands(10_000), "10,000");
    assert_eq!(thousands(1_234_567), "1,234,567");
}

#[test]
fn the_clock_rounds_to_the_nearest_ms_as_the_log_and_the_lessons_do() {
    assert_eq!(super::clock(13_868_600), "0:13.869");
    assert_eq!(super::seconds(13_868_600), "13.869 s");
    assert_eq!(super::clock(13_868_400), "0:13.868");
    assert_eq!(super::clock(59_999_600), "1:00.000");
}
