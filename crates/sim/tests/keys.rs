//! The key table (`scenario::KEY_TABLE`): what derives from it, and the canonical queries it
//! writes, which must stay those the hand-written parser wrote.

use gossip_sim::scenario::keys::{Change, Kind};
use gossip_sim::scenario::{KEY_TABLE, KEYS, LIVE_PARAMS, help_list, key, markdown_table};
use gossip_sim::{Param, Proto, Scenario};

/// Queries and their canonical form as the hand-written parser wrote them before the key table
/// (captured from commit 2056110 on 2026-12-07 by printing `Scenario::from_query(q).to_query()`).
const CANONICAL_BEFORE_THE_TABLE: [(&str, &str); 31] = [
    (
        "nodes=50&topo=mesh&degree=4&loss=5&latency=20&seed=9",
        "nodes=50&topo=mesh&degree=4&loss=5&latency=20&seed=9",
    ),
    (
        "proto=swim&nodes=64&topo=full&k=0&lambda=2&fanout=2&ev=10s.crash.3",
        "proto=swim&nodes=64&topo=full&fanout=2&k=0&lambda=2&ev=10s.crash.3",
    ),
    (
        "proto=swim&profile=lan&nodes=16&topo=full&lifeguard=on&tcp_ping=on&ev=5s.crash.3",
        "proto=swim&profile=lan&nodes=16&topo=full&ev=5s.crash.3",
    ),
    (
        "proto=swim&profile=wan&k=2&lifeguard=off",
        "proto=swim&profile=wan&k=2&lifeguard=off",
    ),
    (
        "proto=swim&profile=local&tcp_ping=off&gossip_to_dead=0&pushpull=5000",
        "proto=swim&profile=local&pushpull=5000&tcp_ping=off&gossip_to_dead=0",
    ),
    (
        "proto=swim&lifeguard=lhm.nack&gossip_interval=200&pushpull=30000",
        "proto=swim&gossip_interval=200&pushpull=30000&lifeguard=lhm.nack",
    ),
    (
        "proto=swim&lifeguard=nack.buddy.dyn.lhm",
        "proto=swim&lifeguard=on",
    ),
    (
        "proto=swim&tcp_ping=on&gossip_to_dead=15000&period=2000&t=800&n=6",
        "proto=swim&period=2000&t=800&n=6&tcp_ping=on&gossip_to_dead=15000",
    ),
    (
        "detector=phi&phi=12&exchange=scuttlebutt&mtu=1400",
        "detector=phi&phi=12&exchange=scuttlebutt&mtu=1400",
    ),
    (
        "detector=phi&phi_model=normal&phi_min_std=100&phi_pause=3000",
        "detector=phi&phi_model=normal&phi_min_std=100&phi_pause=3000",
    ),
    (
        "detector=phi&phi_model=exponential&phi_min_std=50&phi_pause=1500",
        "detector=phi",
    ),
    ("detector=fixed&exchange=full&phi=8&mtu=65507", ""),
    (
        "exchange=scuttlebutt&fanout=3&period=250&t=5000&n=3",
        "period=250&t=5000&n=3&fanout=3&exchange=scuttlebutt",
    ),
    ("loss=10&burst_ms=250", "loss=10&burst_ms=250"),
    ("loss=20&burst=4", "loss=20&burst=4"),
    (
        "seed=18446744073709551615&latency=0&t=600&period=100",
        "period=100&t=600&latency=0&seed=18446744073709551615",
    ),
    (
        "seed=1&nodes=8&topo=ring&degree=2&period=500&t=10000&n=2&fanout=1&k=3&lambda=4&loss=0&latency=50",
        "",
    ),
    (
        "ev=10s.partition.0-3.4-7,5s.crash.3,20000ms.heal,1500ms.join",
        "ev=1500ms.join,5s.crash.3,10s.partition.0-3.4-7,20s.heal",
    ),
    (
        "ev=12s.set.t.3000,13s.set.loss.5,14s.loss.7,15s.set.period.400",
        "ev=12s.set.t.3000,13s.set.loss.5,14s.set.loss.7,15s.set.period.400",
    ),
    (
        "nodes=20&ev=10s~11s.crash.?,12s.recover.?,1500ms.join",
        "nodes=20&ev=1500ms.join,10s~11s.crash.?,12s.recover.?",
    ),
    (
        "nodes=4&ev=5s.slow.1.800ms,6s.fast.1,7s.pause.2.2s,8s.cut.0>1,9s.mend.0>1,10s.cut.2-3,11s.heal",
        "nodes=4&ev=5s.slow.1.800ms,6s.fast.1,7s.pause.2.2s,8s.cut.0>1,9s.mend.0>1,10s.cut.2-3,11s.heal",
    ),
    (
        "nodes=8&ev=5s.partition.0_3_5-7.1_2,9s.heal",
        "ev=5s.partition.0_3_5-7.1_2,9s.heal",
    ),
    (
        "proto=swim&nodes=10000&topo=full&period=5000&t=3000",
        "proto=swim&nodes=10000&topo=full&period=5000&t=3000",
    ),
    (
        "proto=swim&profile=lan&period=1000&t=500&n=4&k=3&lambda=4&gossip_interval=200&fanout=3&pushpull=30000&gossip_to_dead=30000",
        "proto=swim&profile=lan",
    ),
    (
        "proto=swim&profile=lan&gossip_interval=0&fanout=0",
        "proto=swim&profile=lan&fanout=0&gossip_interval=0",
    ),
    (
        "proto=gossip&nodes=256&topo=full&detector=phi&latency=100&t=2000",
        "nodes=256&topo=full&t=2000&detector=phi&latency=100",
    ),
    ("?proto=swim&nodes=50", "proto=swim&nodes=50"),
    (
        "proto=swim&loss=100&burst=1000&latency=10000&t=30000&period=60000",
        "proto=swim&period=60000&t=30000&loss=100&burst=1000&latency=10000",
    ),
    (
        "proto=swim&profile=wan&nodes=100&ev=30s.crash.5,31s.crash.6",
        "proto=swim&profile=wan&nodes=100&ev=30s.crash.5,31s.crash.6",
    ),
    (
        "degree=64&nodes=200&topo=mesh&fanout=16&n=100&t=3600000&period=60000",
        "nodes=200&topo=mesh&degree=64&period=60000&t=3600000&n=100&fanout=16",
    ),
    (
        "proto=swim&k=16&lambda=16&fanout=16&n=1&t=1&latency=0&period=10",
        "proto=swim&period=10&t=1&n=1&fanout=16&k=16&lambda=16&latency=0",
    ),
];

#[test]
fn the_table_writes_the_canonical_queries_the_hand_written_parser_wrote() {
    for (query, before) in CANONICAL_BEFORE_THE_TABLE {
        let s = Scenario::from_query(query).unwrap_or_else(|e| panic!("{query}: {e}"));
        assert_eq!(s.to_query(), before, "{query}");
        assert_eq!(
            Scenario::from_query(before).unwrap(),
            s,
            "{before} round-trips"
        );
    }
}

#[test]
fn keys_and_live_parameters_are_the_tables_in_its_order() {
    let names: Vec<&str> = KEY_TABLE.iter().map(|k| k.name).collect();
    assert_eq!(KEYS.as_slice(), names.as_slice());
    let live: Vec<&str> = KEY_TABLE
        .iter()
        .filter(|k| matches!(k.change, Change::Live(_)))
        .map(|k| k.name)
        .collect();
    let params: Vec<&str> = LIVE_PARAMS.iter().map(|p| p.key()).collect();
    assert_eq!(params, live);
    for p in LIVE_PARAMS {
        assert_eq!(Param::from_key(p.key()), Some(p));
        assert_eq!(key(p.key()).unwrap().change, Change::Live(p));
    }
}

#[test]
fn every_number_keys_bounds_are_accepted_and_one_past_them_is_an_error_naming_the_range() {
    for proto in [Proto::Gossip, Proto::Swim] {
        let base = Scenario::defaults(proto);
        for k in KEY_TABLE {
            let Kind::Number(n) = &k.kind else { continue };
            if !k.applies.to(proto) || k.name == "seed" {
                continue;
            }
            let b = k.bounds(&base).unwrap();
            assert!(
                n.lo <= b.lo && b.hi <= n.hi,
                "{}: bounds within lo..=hi",
                k.name
            );
            for (v, ok) in [(b.lo, true), (b.hi, true), (b.hi + 1, false)]
                .into_iter()
                .chain((b.lo > 0).then(|| (b.lo - 1, false)))
            {
                let mut s = base.clone();
                k.parse(&mut s, &v.to_string()).unwrap();
                let checked = k.check(&s);
                assert_eq!(
                    checked.is_ok(),
                    ok,
                    "{} = {v} ({proto:?}): {checked:?}",
                    k.name
                );
                if let Err(e) = checked {
                    assert_eq!(e.key, k.name);
                    let range = format!("{}..={}", b.lo, b.hi);
                    assert!(e.message.contains(&range), "{e} lacks {range}");
                }
            }
            let e = k.parse(&mut base.clone(), "x").unwrap_err();
            assert_eq!(e.key, k.name);
            assert!(e.message.contains(&format!("({}..={})", b.lo, b.hi)), "{e}");
        }
    }
}

#[test]
fn every_choice_parses_each_of_its_names_and_writes_it_back() {
    for k in KEY_TABLE {
        let Kind::Choice(c) = &k.kind else { continue };
        for name in c.names {
            let mut s = Scenario::default();
            k.parse(&mut s, name).unwrap();
            assert_eq!(k.write(&s), *name, "{}", k.name);
        }
        let e = k.parse(&mut Scenario::default(), "bogus").unwrap_err();
        assert_eq!(e.key, k.name);
        assert!(e.message.contains(&c.names.join(", ")), "{e}");
    }
}

#[test]
fn the_markdown_table_has_one_row_per_key_with_its_defaults_and_range() {
    let table = markdown_table();
    let rows: Vec<&str> = table.lines().collect();
    assert_eq!(
        rows[0],
        "| key | meaning | default (gossip / SWIM) | range |"
    );
    assert_eq!(rows.len(), 2 + KEY_TABLE.len());
    for (row, k) in rows[2..].iter().zip(KEY_TABLE) {
        assert!(row.starts_with(&format!("| `{}` |", k.name)), "{row}");
        // Four cells: a `|` inside a cell would add one.
        assert_eq!(row.matches('|').count(), 5, "{row}");
    }
    let row = |name: &str| {
        rows.iter()
            .find(|r| r.starts_with(&format!("| `{name}` |")))
            .unwrap()
    };
    assert!(
        row("period").contains("| 500 / 1000; under a profile: lan 1000, wan 5000, local 1000 |")
    );
    assert!(row("lifeguard").contains("| off; on under a profile |"));
    assert!(row("fanout").contains("| 1..=16 / 0..=16 |"));
    assert!(row("nodes").contains("1..=5000 / 1..=10000; gossip with `detector=phi`: 1..=256"));
    assert!(row("mtu").contains("| 65507 | 512..=65507 bytes |"));
    assert!(
        row("pushpull")
            .contains("| 30 periods; under a profile: lan 30000, wan 60000, local 15000 |")
    );
    assert!(row("ev").contains("at most 1000 events, TIME ≤ 86400s"));
}

#[test]
fn the_help_list_names_every_key_with_its_value_placeholder() {
    let help = help_list();
    for k in KEY_TABLE {
        let entry = format!("  {}={}", k.name, k.metavar());
        assert!(help.contains(&entry), "--help lacks {entry}");
    }
    assert!(help.lines().all(|l| l.chars().count() <= 96), "{help}");
}

#[test]
fn gossip_sim_keys_prints_the_markdown_table_and_help_lists_the_keys() {
    let run = |args: &[&str]| {
        let out = std::process::Command::new(env!("CARGO_BIN_EXE_gossip-sim"))
            .args(args)
            .output()
            .unwrap();
        assert!(out.status.success(), "{args:?}");
        String::from_utf8(out.stdout).unwrap()
    };
    assert_eq!(run(&["keys", "--markdown"]), markdown_table());
    assert_eq!(run(&["keys"]), help_list());
    assert!(run(&["--help"]).contains(&help_list()));
}

/// The docs page whose key table is `gossip-sim keys --markdown`, between these markers.
const SCENARIO_DOC: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/../../docs/scenario.md");
const BEGIN: &str = "<!-- keys:begin -->";
const END: &str = "<!-- keys:end -->";

#[test]
fn the_docs_key_table_is_the_one_the_key_table_generates() {
    let doc =
        std::fs::read_to_string(SCENARIO_DOC).unwrap_or_else(|e| panic!("{SCENARIO_DOC}: {e}"));
    let (_, rest) = doc
        .split_once(BEGIN)
        .unwrap_or_else(|| panic!("{SCENARIO_DOC} lacks {BEGIN}"));
    let (table, _) = rest
        .split_once(END)
        .unwrap_or_else(|| panic!("{SCENARIO_DOC} lacks {END}"));
    assert_eq!(
        table.trim(),
        markdown_table().trim(),
        "regenerate it: cargo run -p gossip-sim --bin gossip-sim -- keys --markdown"
    );
}
