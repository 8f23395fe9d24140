//! The configuration to paste (`gossip_sim::config_export`, `gossip-sim config`): what each
//! system's text says for a scenario, what it cannot say, and docs/config.md's example.

use gossip_sim::Scenario;
use gossip_sim::config_export::{Export, System, export};
use serde_json::Value;
use std::process::Command;

fn of(query: &str, system: System) -> Export {
    let s = Scenario::from_query(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    export(&s, system)
}

/// The Go assignments of a memberlist or Serf text (not the constructor, not comments).
fn assignments(text: &str) -> Vec<&str> {
    text.lines()
        .filter(|l| !l.starts_with("//") && !l.contains(":="))
        .filter(|l| !l.contains("serf.DefaultConfig()"))
        .collect()
}

#[test]
fn profile_lan_alone_is_memberlists_default_lan_config_with_no_field_changed() {
    let e = of("proto=swim&profile=lan", System::Memberlist);
    assert!(
        e.text.contains("cfg := memberlist.DefaultLANConfig()"),
        "{}",
        e.text
    );
    assert_eq!(assignments(&e.text), Vec::<&str>::new(), "{}", e.text);
    assert_eq!(e.notes, Vec::<String>::new());
    for (profile, ctor) in [("wan", "DefaultWANConfig"), ("local", "DefaultLocalConfig")] {
        let e = of(&format!("proto=swim&profile={profile}"), System::Memberlist);
        assert!(
            e.text.contains(&format!("memberlist.{ctor}()")),
            "{}",
            e.text
        );
        assert_eq!(assignments(&e.text), Vec::<&str>::new(), "{}", e.text);
    }
}

#[test]
fn n_five_is_suspicion_mult_five_in_memberlist_serf_and_consul() {
    let q = "proto=swim&profile=lan&n=5";
    let m = of(q, System::Memberlist);
    assert_eq!(
        assignments(&m.text),
        ["cfg.SuspicionMult = 5 // n=5 (default 4; config.go:92)"]
    );
    let serf = of(q, System::Serf);
    assert!(
        serf.text
            .contains("conf.MemberlistConfig.SuspicionMult = 5 //"),
        "{}",
        serf.text
    );
    let hcl = of(q, System::ConsulHcl);
    assert!(
        hcl.text
            .contains("  suspicion_mult = 5 # n=5 (Consul's default 4)"),
        "{}",
        hcl.text
    );
    let json: Value = serde_json::from_str(&of(q, System::ConsulJson).text).unwrap();
    assert_eq!(json["gossip_lan"]["suspicion_mult"], 5);
}

#[test]
fn consul_json_parses_as_json_with_go_duration_strings_for_every_profile() {
    for q in [
        "proto=swim",
        "proto=swim&profile=lan",
        "proto=swim&profile=wan&t=2500",
        "proto=swim&profile=local&period=1500&t=300",
    ] {
        let text = of(q, System::ConsulJson).text;
        let v: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{q}: {e}\n{text}"));
        let pool = if q.contains("wan") {
            "gossip_wan"
        } else {
            "gossip_lan"
        };
        let block = v[pool].as_object().unwrap_or_else(|| panic!("{q}: {text}"));
        assert_eq!(block.len(), 6, "{q}: {text}");
        for key in ["gossip_interval", "probe_interval", "probe_timeout"] {
            let d = block[key].as_str().unwrap();
            assert!(d.ends_with("ms") || d.ends_with('s'), "{q}: {key} = {d}");
        }
    }
    let v: Value = serde_json::from_str(
        &of(
            "proto=swim&profile=local&period=1500&t=300",
            System::ConsulJson,
        )
        .text,
    )
    .unwrap();
    assert_eq!(v["gossip_lan"]["probe_interval"], "1500ms");
    assert_eq!(v["gossip_lan"]["probe_timeout"], "300ms");
}

#[test]
fn durations_keep_their_unit_in_go_hcl_hocon_and_rust() {
    let q = "proto=swim&profile=lan&period=1500&t=300";
    let m = of(q, System::Memberlist).text;
    assert!(
        m.contains("cfg.ProbeInterval = 1500 * time.Millisecond //"),
        "{m}"
    );
    assert!(
        m.contains("cfg.ProbeTimeout = 300 * time.Millisecond //"),
        "{m}"
    );
    let h = of(q, System::ConsulHcl).text;
    assert!(h.contains("probe_interval = \"1500ms\""), "{h}");
    let a = of("proto=gossip&detector=phi&period=1000&t=2500", System::Akka).text;
    assert!(a.contains("heartbeat-interval = 1 s #"), "{a}");
    let c = of(
        "proto=gossip&detector=phi&period=750&t=2500",
        System::Chitchat,
    )
    .text;
    assert!(
        c.contains("gossip_interval: Duration::from_millis(750),"),
        "{c}"
    );
    assert!(
        c.contains("max_interval: Duration::from_millis(2500),"),
        "{c}"
    );
}

#[test]
fn profile_wan_writes_gossip_wan_against_consuls_own_wan_defaults() {
    // Consul's gossip_wan takes gossip_nodes from the LAN pool (3), where memberlist's
    // DefaultWANConfig has 4: fanout=4 differs from Consul's default.
    let h = of("proto=swim&profile=wan", System::ConsulHcl).text;
    assert!(h.contains("gossip_wan {"), "{h}");
    assert!(
        h.contains("gossip_nodes = 4 # fanout=4 (Consul's default 3)"),
        "{h}"
    );
    assert!(h.contains("probe_interval = \"5s\""), "{h}");
}

#[test]
fn lifeguard_off_sets_both_multipliers_to_one_and_says_buddy_and_nack_cannot_be_turned_off() {
    let e = of("proto=swim&profile=lan&lifeguard=off", System::Memberlist);
    let lines = assignments(&e.text);
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("cfg.AwarenessMaxMultiplier = 1 //")),
        "{lines:?}"
    );
    assert!(
        lines
            .iter()
            .any(|l| l.starts_with("cfg.SuspicionMaxTimeoutMult = 1 //")),
        "{lines:?}"
    );
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        e.notes.iter().any(|n| n.contains("without buddy")),
        "{:?}",
        e.notes
    );
    assert!(
        e.notes.iter().any(|n| n.contains("without nack")),
        "{:?}",
        e.notes
    );
    // Only lhm off: only the awareness multiplier changes, and no note.
    let e = of(
        "proto=swim&profile=lan&lifeguard=dyn.buddy.nack",
        System::Memberlist,
    );
    assert_eq!(
        assignments(&e.text),
        [
            "cfg.AwarenessMaxMultiplier = 1 // lifeguard without lhm: 1 keeps the health score at 0 (default 8; config.go:146)"
        ]
    );
    assert_eq!(e.notes, Vec::<String>::new());
}

#[test]
fn swim_without_a_profile_is_the_lan_constructor_with_the_papers_choices() {
    // No profile: piggybacking only, no TCP ping, no Lifeguard.
    let e = of("proto=swim", System::Memberlist);
    let lines = assignments(&e.text);
    for want in [
        "cfg.GossipNodes = 0 //",
        "cfg.DisableTcpPings = true //",
        "cfg.AwarenessMaxMultiplier = 1 //",
        "cfg.SuspicionMaxTimeoutMult = 1 //",
    ] {
        assert!(
            lines.iter().any(|l| l.starts_with(want)),
            "{want}: {lines:?}"
        );
    }
    assert_eq!(lines.len(), 4, "{lines:?}");
}

#[test]
fn gossip_interval_zero_with_a_fanout_becomes_the_probe_interval_with_a_note() {
    let e = of("proto=swim&fanout=2&period=2000&t=500", System::Memberlist);
    assert!(
        e.text.contains("cfg.GossipInterval = 2 * time.Second //"),
        "{}",
        e.text
    );
    assert!(e.text.contains("cfg.GossipNodes = 2 //"), "{}", e.text);
    assert!(
        e.notes
            .iter()
            .any(|n| n.contains("GossipInterval 0 turns memberlist's gossip off")),
        "{:?}",
        e.notes
    );
}

#[test]
fn keys_consul_has_no_setting_for_are_notes_when_they_differ_from_what_consul_runs() {
    let e = of("proto=swim&profile=lan&k=1&tcp_ping=off", System::ConsulHcl);
    assert!(e.notes.iter().any(|n| n.starts_with("k: Consul has no setting for memberlist's IndirectChecks; it runs 3 where the scenario has 1")), "{:?}", e.notes);
    assert!(
        e.notes.iter().any(|n| n.starts_with("tcp_ping:")),
        "{:?}",
        e.notes
    );
    assert!(
        e.text.contains("# Note: k: Consul has no setting"),
        "{}",
        e.text
    );
    assert_eq!(
        of("proto=swim&profile=lan", System::ConsulHcl).notes,
        Vec::<String>::new()
    );
}

#[test]
fn a_gossip_scenario_without_phi_gets_a_no_equivalent_note_not_a_cassandra_setting() {
    for system in [System::Cassandra, System::Chitchat] {
        let e = of("proto=gossip", system);
        assert_eq!(e.text, "", "{system:?}");
        assert_eq!(e.notes.len(), 1, "{:?}", e.notes);
        assert!(e.notes[0].contains("has no equivalent"), "{:?}", e.notes);
        assert!(e.notes[0].contains("detector=phi"), "{:?}", e.notes);
    }
    // Akka has a fixed deadline detector: heartbeat-interval + acceptable-heartbeat-pause = t.
    let a = of("proto=gossip", System::Akka).text;
    assert!(a.contains("\"akka.remote.DeadlineFailureDetector\""), "{a}");
    assert!(a.contains("heartbeat-interval = 500 ms #"), "{a}");
    assert!(a.contains("acceptable-heartbeat-pause = 9500 ms #"), "{a}");
    assert!(!a.contains("threshold"), "{a}");
}

#[test]
fn with_phi_cassandra_gets_the_threshold_and_chitchat_the_threshold_times_ln_10() {
    let q = "proto=gossip&detector=phi&phi=8&period=1000&t=2000&exchange=scuttlebutt&fanout=3";
    let c = of(q, System::Cassandra);
    assert!(
        c.text.contains("phi_convict_threshold: 8 # phi=8"),
        "{}",
        c.text
    );
    // t = 2 s is Cassandra's own fd_max_interval; period 1 s is its round: no note for them.
    assert!(!c.text.contains("fd_max_interval_ms"), "{}", c.text);
    assert!(
        c.notes.iter().all(|n| !n.starts_with("period=")),
        "{:?}",
        c.notes
    );
    let ch = of(q, System::Chitchat);
    assert!(ch.text.contains("phi_threshold: 18.4207,"), "{}", ch.text);
    assert!(
        ch.text
            .contains("dead_node_grace_period: Duration::from_secs(4),"),
        "{}",
        ch.text
    );
    assert!(
        ch.notes
            .iter()
            .all(|n| !n.starts_with("fanout=") && !n.starts_with("exchange=")),
        "{:?}",
        ch.notes
    );
    let ak = of(q, System::Akka).text;
    assert!(ak.contains("threshold = 8.0 #"), "{ak}");
    assert!(
        !ak.lines()
            .any(|l| l.trim_start().starts_with("min-std-deviation")),
        "exponential: Akka's defaults stay\n{ak}"
    );
}

#[test]
fn a_phi_cassandra_refuses_is_not_written() {
    let e = of("proto=gossip&detector=phi&phi=3", System::Cassandra);
    assert!(!e.text.contains("phi_convict_threshold:"), "{}", e.text);
    assert!(
        e.notes.iter().any(|n| n.contains("outside 5..16")),
        "{:?}",
        e.notes
    );
}

#[test]
fn the_normal_model_exports_akkas_min_std_deviation_and_pause() {
    let q = "proto=gossip&detector=phi&phi_model=normal&phi_min_std=80&phi_pause=2000";
    let a = of(q, System::Akka).text;
    assert!(
        a.contains("min-std-deviation = 80 ms # phi_min_std=80"),
        "{a}"
    );
    assert!(
        a.contains("acceptable-heartbeat-pause = 2 s # phi_pause=2000"),
        "{a}"
    );
    let c = of(q, System::Cassandra);
    assert!(
        c.notes.iter().any(|n| n.starts_with("phi_model=normal")),
        "{:?}",
        c.notes
    );
}

#[test]
fn a_system_of_the_other_protocol_has_nothing_to_paste_and_says_why() {
    for system in System::ALL {
        let other = if system.proto() == gossip_sim::Proto::Swim {
            "proto=gossip&detector=phi"
        } else {
            "proto=swim&profile=lan"
        };
        let e = of(other, system);
        assert_eq!(e.text, "", "{system:?}");
        assert!(
            e.notes[0].contains("no configuration of it reproduces this run"),
            "{:?}",
            e.notes
        );
    }
}

#[test]
fn every_text_ends_with_a_newline_and_carries_its_notes_as_comments() {
    for q in [
        "proto=swim&profile=wan&k=2&lifeguard=lhm",
        "proto=gossip&detector=phi&phi_model=normal",
    ] {
        for system in System::ALL {
            let e = of(q, system);
            if e.text.is_empty() {
                continue;
            }
            assert!(e.text.ends_with('\n'), "{system:?}");
            if system != System::ConsulJson {
                for n in &e.notes {
                    assert!(e.text.contains(n.as_str()), "{system:?}: {n}");
                }
            }
        }
    }
}

#[test]
fn the_command_prints_consul_json_on_stdout_and_its_notes_on_stderr() {
    let out = Command::new(env!("CARGO_BIN_EXE_gossip-sim"))
        .args([
            "config",
            "proto=swim&profile=lan&k=1",
            "--system",
            "consul-json",
        ])
        .output()
        .unwrap();
    assert!(out.status.success());
    let v: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["gossip_lan"]["gossip_nodes"], 3);
    let err = String::from_utf8(out.stderr).unwrap();
    assert!(err.contains("note: k: Consul has no setting"), "{err}");
    let bad = Command::new(env!("CARGO_BIN_EXE_gossip-sim"))
        .args(["config", "proto=swim", "--system", "etcd"])
        .output()
        .unwrap();
    assert!(!bad.status.success());
    let err = String::from_utf8(bad.stderr).unwrap();
    assert!(err.contains("accepted memberlist, consul-hcl"), "{err}");
    // Nothing to paste for the other protocol: a note, and a failing status (so that
    // `> consul.hcl` in a script does not pass with an empty file).
    let other = Command::new(env!("CARGO_BIN_EXE_gossip-sim"))
        .args(["config", "proto=gossip", "--system", "consul-hcl"])
        .output()
        .unwrap();
    assert_eq!(other.status.code(), Some(2));
    assert!(other.stdout.is_empty());
    let err = String::from_utf8(other.stderr).unwrap();
    assert!(
        err.contains("no configuration of it reproduces this run"),
        "{err}"
    );
}

/// docs/config.md's worked example: each `gossip-sim config 'QUERY' --system NAME` in a sh
/// block is followed by a block that must be exactly what the command prints.
#[test]
fn the_example_in_docs_config_md_is_what_the_command_prints() {
    let doc = include_str!("../../../docs/config.md");
    let lines: Vec<&str> = doc.lines().collect();
    let mut checked = 0;
    for (i, line) in lines.iter().enumerate() {
        let Some(rest) = line.strip_prefix("gossip-sim config '") else {
            continue;
        };
        let (query, flags) = rest.split_once('\'').unwrap();
        let name = flags
            .trim()
            .strip_prefix("--system ")
            .expect("--system NAME");
        let system = System::from_name(name).unwrap();
        // The next fenced block after this one's end.
        let open = (i + 2..lines.len())
            .find(|&j| lines[j].starts_with("```") && lines[j].len() > 3)
            .expect("an output block");
        let close = (open + 1..lines.len())
            .find(|&j| lines[j] == "```")
            .expect("its end");
        let shown = lines[open + 1..close].join("\n") + "\n";
        assert_eq!(shown, of(query, system).text, "docs/config.md:{}", i + 1);
        checked += 1;
    }
    assert!(checked >= 1, "no example found in docs/config.md");
}
