//! SWIM: memberlist's `Config`, Serf's `serf.Config`, Consul's `gossip_lan` / `gossip_wan`.
//!
//! Sources (read 2026-12-07): hashicorp/memberlist at 1b4c746c0e53 (`config.go`, `state.go`,
//! `suspicion.go`, `awareness.go`), hashicorp/serf at a24f620f9e5b (`serf/config.go`,
//! `cmd/serf/command/agent/config.go`), hashicorp/consul (`agent/config/config.go`:
//! `GossipLANConfig`; `agent/config/default.go` at 4ae4941cab29: `DefaultSource`;
//! `agent/config/builder.go`: `GossipLANProbeTimeout` and its siblings).

use super::{go_duration, go_duration_string};
use crate::scenario::{Profile, Scenario};
use serde_json::json;
use std::fmt::Write as _;

/// memberlist's settings that a scenario decides, in memberlist's units (durations in ms).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Memberlist {
    probe_interval: u64,
    probe_timeout: u64,
    suspicion_mult: u32,
    indirect_checks: u32,
    retransmit_mult: u32,
    gossip_nodes: u32,
    gossip_interval: u64,
    push_pull_interval: u64,
    gossip_to_the_dead_time: u64,
    disable_tcp_pings: bool,
    awareness_max_multiplier: u32,
    suspicion_max_timeout_mult: u32,
}

/// A value of a memberlist field.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Val {
    Ms(u64),
    Int(u32),
    Bool(bool),
}

impl Val {
    fn go(self) -> String {
        match self {
            Val::Ms(ms) => go_duration(ms),
            Val::Int(n) => n.to_string(),
            Val::Bool(b) => b.to_string(),
        }
    }
}

/// One field: memberlist's name, where `config.go` declares it, and the scenario key.
struct Field {
    name: &'static str,
    line: u32,
    key: &'static str,
    get: fn(&Memberlist) -> Val,
}

/// The fields in `config.go`'s order; `line` is the declaration's line at 1b4c746c0e53.
const FIELDS: [Field; 12] = [
    Field {
        name: "IndirectChecks",
        line: 68,
        key: "k",
        get: |m| Val::Int(m.indirect_checks),
    },
    Field {
        name: "RetransmitMult",
        line: 79,
        key: "lambda",
        get: |m| Val::Int(m.retransmit_mult),
    },
    Field {
        name: "SuspicionMult",
        line: 92,
        key: "n",
        get: |m| Val::Int(m.suspicion_mult),
    },
    Field {
        name: "SuspicionMaxTimeoutMult",
        line: 109,
        key: "lifeguard",
        get: |m| Val::Int(m.suspicion_max_timeout_mult),
    },
    Field {
        name: "PushPullInterval",
        line: 119,
        key: "pushpull",
        get: |m| Val::Ms(m.push_pull_interval),
    },
    Field {
        name: "ProbeInterval",
        line: 131,
        key: "period",
        get: |m| Val::Ms(m.probe_interval),
    },
    Field {
        name: "ProbeTimeout",
        line: 132,
        key: "t",
        get: |m| Val::Ms(m.probe_timeout),
    },
    Field {
        name: "DisableTcpPings",
        line: 137,
        key: "tcp_ping",
        get: |m| Val::Bool(m.disable_tcp_pings),
    },
    Field {
        name: "AwarenessMaxMultiplier",
        line: 146,
        key: "lifeguard",
        get: |m| Val::Int(m.awareness_max_multiplier),
    },
    Field {
        name: "GossipInterval",
        line: 164,
        key: "gossip_interval",
        get: |m| Val::Ms(m.gossip_interval),
    },
    Field {
        name: "GossipNodes",
        line: 165,
        key: "fanout",
        get: |m| Val::Int(m.gossip_nodes),
    },
    Field {
        name: "GossipToTheDeadTime",
        line: 166,
        key: "gossip_to_dead",
        get: |m| Val::Ms(m.gossip_to_the_dead_time),
    },
];

impl Memberlist {
    /// What the profile's constructor sets (`DefaultLANConfig` and the others; `profile.rs`
    /// holds the constants, checked against `config.go`): Lifeguard's two multipliers are
    /// 8 and 6 and TCP pings are on in every profile.
    fn defaults(profile: Profile) -> Memberlist {
        let v = profile.values();
        Memberlist {
            probe_interval: v.period_ms,
            probe_timeout: v.t_ms,
            suspicion_mult: v.n,
            indirect_checks: v.k,
            retransmit_mult: v.lambda,
            gossip_nodes: v.fanout,
            gossip_interval: v.gossip_interval_ms,
            push_pull_interval: v.push_pull_ms,
            gossip_to_the_dead_time: v.gossip_to_dead_ms,
            disable_tcp_pings: false,
            awareness_max_multiplier: 8,
            suspicion_max_timeout_mult: 6,
        }
    }

    /// The settings that run `s` as the simulator ran it, and the notes on what memberlist
    /// cannot express.
    fn of(s: &Scenario) -> (Memberlist, Vec<String>) {
        let cfg = s.swim_config();
        let base = Memberlist::defaults(base_profile(s));
        let mut notes = Vec::new();
        let period = s.period_ms;
        // memberlist gossips on a timer of its own, and only if both are above 0
        // (state.go:149); the simulator's gossip_interval=0 sends `fanout` gossip messages at
        // each probe period instead.
        let (gossip_nodes, gossip_interval) = match (s.fanout, s.gossip_interval_ms) {
            (0, _) => (0, base.gossip_interval),
            (f, 0) => {
                notes.push(format!(
                    "gossip_interval=0 (gossip to fanout={f} members once per protocol period) has no memberlist setting: GossipInterval 0 turns memberlist's gossip off (state.go:149); GossipInterval = ProbeInterval ({period} ms) gossips at the same rate on a ticker of its own"
                ));
                (f, period)
            }
            (f, g) => (f, g),
        };
        let push_pull = u64::from(cfg.push_pull_periods) * period;
        if let Some(written) = s.push_pull_ms
            && written != push_pull
        {
            notes.push(format!(
                "pushpull={written}: the simulator counts it in whole periods ({} × {period} ms = {push_pull} ms), and that is what is written; memberlist would take {written} ms as it is",
                cfg.push_pull_periods
            ));
        }
        let lg = cfg.lifeguard;
        if !lg.buddy {
            notes.push(
                "lifeguard without buddy: memberlist always sends the suspicion along with a ping to a suspect (state.go:364), with no setting to turn it off".into(),
            );
        }
        if !lg.nack {
            notes.push(
                "lifeguard without nack: memberlist always asks ping-req relays for a nack when they speak protocol 4 or later (state.go:441), with no setting to turn it off".into(),
            );
        }
        let m = Memberlist {
            probe_interval: period,
            probe_timeout: s.t_ms,
            suspicion_mult: s.n,
            indirect_checks: s.k,
            retransmit_mult: s.lambda,
            gossip_nodes,
            gossip_interval,
            push_pull_interval: push_pull,
            gossip_to_the_dead_time: s.gossip_to_dead_ms,
            disable_tcp_pings: !s.tcp_ping,
            // A multiplier of 1 keeps the health score at 0 (awareness.go:50) and makes the
            // suspicion's max its min (state.go:1222): those parts of Lifeguard off.
            awareness_max_multiplier: if lg.lhm { cfg.awareness_max } else { 1 },
            suspicion_max_timeout_mult: if lg.dynamic {
                cfg.suspicion_max_mult
            } else {
                1
            },
        };
        (m, notes)
    }
}

/// The profile whose constructor the Go code starts from: the scenario's, else LAN (whose
/// probe constants are SWIM's defaults here).
fn base_profile(s: &Scenario) -> Profile {
    s.profile.unwrap_or(Profile::Lan)
}

/// The constructor's name.
fn constructor(p: Profile) -> &'static str {
    match p {
        Profile::Lan => "DefaultLANConfig",
        Profile::Wan => "DefaultWANConfig",
        Profile::Local => "DefaultLocalConfig",
    }
}

/// Why a field has its value, for its comment: the scenario key and its value.
fn because(s: &Scenario, f: &Field, m: &Memberlist) -> String {
    let lg = s.swim_config().lifeguard;
    match f.name {
        "AwarenessMaxMultiplier" if !lg.lhm => {
            "lifeguard without lhm: 1 keeps the health score at 0".into()
        }
        "AwarenessMaxMultiplier" => named(s, "awareness_max"),
        "SuspicionMaxTimeoutMult" if !lg.dynamic => {
            "lifeguard without dyn: 1 makes the suspicion timeout fixed".into()
        }
        "SuspicionMaxTimeoutMult" => named(s, "suspicion_max_mult"),
        "GossipNodes" if m.gossip_nodes == 0 => {
            "fanout=0: piggybacking only, no gossip timer".into()
        }
        "GossipInterval" if s.gossip_interval_ms == 0 => {
            "gossip_interval=0: once per period (see the note)".into()
        }
        "PushPullInterval" if s.push_pull_ms.is_none() => format!(
            "pushpull unset: {} periods",
            s.swim_config().push_pull_periods
        ),
        _ => format!("{}={}", f.key, s.value_of(f.key).unwrap_or_default()),
    }
}

/// `key=value` if the scenario has the key, else the key's name (`awareness_max` and
/// `suspicion_max_mult` are keys from their introduction on; before, the value is
/// `SwimConfig`'s default).
fn named(s: &Scenario, key: &str) -> String {
    match s.value_of(key) {
        Some(v) => format!("{key}={v}"),
        None => key.to_string(),
    }
}

/// The Go assignments to `prefix` (`cfg.`, `conf.MemberlistConfig.`) of every field that
/// differs from the constructor's value.
fn go_lines(s: &Scenario, m: &Memberlist, prefix: &str) -> String {
    let base = Memberlist::defaults(base_profile(s));
    let mut out = String::new();
    for f in &FIELDS {
        let (v, d) = ((f.get)(m), (f.get)(&base));
        if v != d {
            let _ = writeln!(
                out,
                "{prefix}{} = {} // {} (default {}; config.go:{})",
                f.name,
                v.go(),
                because(s, f, m),
                d.go(),
                f.line
            );
        }
    }
    out
}

/// memberlist: the profile's constructor and the fields that differ from it.
pub(super) fn memberlist(s: &Scenario) -> (String, Vec<String>) {
    let (m, notes) = Memberlist::of(s);
    let p = base_profile(s);
    let mut text = format!(
        "// memberlist (github.com/hashicorp/memberlist), from the scenario {}\n",
        query_or_default(s)
    );
    let _ = writeln!(
        text,
        "cfg := memberlist.{}() // {} (config.go:{})",
        constructor(p),
        profile_reason(s),
        constructor_line(p)
    );
    let lines = go_lines(s, &m, "cfg.");
    if lines.is_empty() {
        text.push_str("// every field as the constructor sets it\n");
    }
    text.push_str(&lines);
    (text, notes)
}

/// Serf: `serf.DefaultConfig()`, the profile's memberlist constructor, the fields.
pub(super) fn serf(s: &Scenario) -> (String, Vec<String>) {
    let (m, mut notes) = Memberlist::of(s);
    let p = base_profile(s);
    let mut text = format!(
        "// Serf (github.com/hashicorp/serf), from the scenario {}\n",
        query_or_default(s)
    );
    text.push_str("conf := serf.DefaultConfig() // its MemberlistConfig is DefaultLANConfig() (serf/config.go:317)\n");
    if p != Profile::Lan {
        let _ = writeln!(
            text,
            "conf.MemberlistConfig = memberlist.{}() // {}",
            constructor(p),
            profile_reason(s)
        );
    }
    let lines = go_lines(s, &m, "conf.MemberlistConfig.");
    if lines.is_empty() {
        let _ = writeln!(
            text,
            "// every field as the constructor sets it: the serf agent's profile = \"{}\" runs the same",
            p.name()
        );
    } else {
        notes.push(format!(
            "the serf agent (cmd/serf/command/agent) takes only a timing profile (profile = \"{}\", cmd/serf/command/agent/config.go:146), not these fields: they need the Go library",
            p.name()
        ));
    }
    text.push_str(&lines);
    (text, notes)
}

fn query_or_default(s: &Scenario) -> String {
    let q = s.to_query();
    if q.is_empty() {
        "(the defaults)".into()
    } else {
        format!("'{q}'")
    }
}

fn profile_reason(s: &Scenario) -> String {
    match s.profile {
        Some(p) => format!("profile={}", p.name()),
        None => "no profile: SWIM's defaults here are the LAN profile's probe constants".into(),
    }
}

/// Where `config.go` defines the constructor, at 1b4c746c0e53.
fn constructor_line(p: Profile) -> u32 {
    match p {
        Profile::Lan => 302,
        Profile::Wan => 346,
        Profile::Local => 380,
    }
}

/// Consul's pool: `gossip_wan` for `profile=wan`, else `gossip_lan`.
fn consul_pool(s: &Scenario) -> (&'static str, Profile) {
    match s.profile {
        Some(Profile::Wan) => ("gossip_wan", Profile::Wan),
        _ => ("gossip_lan", Profile::Lan),
    }
}

/// One of Consul's six keys: its name, its value (a Go duration string or a number), and the
/// scenario key.
type ConsulKey = (&'static str, serde_json::Value, String, &'static str);

/// Consul's six keys (`GossipLANConfig`, agent/config/config.go), their values, what Consul
/// runs without them, and the notes.
fn consul(s: &Scenario) -> (&'static str, Vec<ConsulKey>, Vec<String>) {
    let (m, mut notes) = Memberlist::of(s);
    let (pool, p) = consul_pool(s);
    // Consul's defaults (agent/config/default.go, DefaultSource): memberlist's LAN or WAN
    // values, except that gossip_wan takes gossip_nodes and retransmit_mult from the LAN
    // pool (lines 88-89): 3 and 4, where DefaultWANConfig has GossipNodes 4.
    let mut d = Memberlist::defaults(p);
    let lan = Memberlist::defaults(Profile::Lan);
    d.gossip_nodes = lan.gossip_nodes;
    d.retransmit_mult = lan.retransmit_mult;
    let dur = |ms| json!(go_duration_string(ms));
    let keys: Vec<ConsulKey> = vec![
        (
            "gossip_interval",
            dur(m.gossip_interval),
            go_duration_string(d.gossip_interval),
            "gossip_interval",
        ),
        (
            "gossip_nodes",
            json!(m.gossip_nodes),
            d.gossip_nodes.to_string(),
            "fanout",
        ),
        (
            "probe_interval",
            dur(m.probe_interval),
            go_duration_string(d.probe_interval),
            "period",
        ),
        (
            "probe_timeout",
            dur(m.probe_timeout),
            go_duration_string(d.probe_timeout),
            "t",
        ),
        (
            "retransmit_mult",
            json!(m.retransmit_mult),
            d.retransmit_mult.to_string(),
            "lambda",
        ),
        (
            "suspicion_mult",
            json!(m.suspicion_mult),
            d.suspicion_mult.to_string(),
            "n",
        ),
    ];
    if s.profile == Some(Profile::Local) {
        notes.push(
            "profile=local: Consul has no local profile; the values are written into gossip_lan, whose other settings are memberlist's LAN ones".into(),
        );
    }
    // What Consul has no key for: it runs the pool's memberlist value.
    let missing: [(&str, &str, Val, Val); 5] = [
        (
            "k",
            "IndirectChecks",
            Val::Int(m.indirect_checks),
            Val::Int(d.indirect_checks),
        ),
        (
            "pushpull",
            "PushPullInterval",
            Val::Ms(m.push_pull_interval),
            Val::Ms(d.push_pull_interval),
        ),
        (
            "gossip_to_dead",
            "GossipToTheDeadTime",
            Val::Ms(m.gossip_to_the_dead_time),
            Val::Ms(d.gossip_to_the_dead_time),
        ),
        (
            "tcp_ping",
            "DisableTcpPings",
            Val::Bool(m.disable_tcp_pings),
            Val::Bool(d.disable_tcp_pings),
        ),
        (
            "lifeguard",
            "AwarenessMaxMultiplier",
            Val::Int(m.awareness_max_multiplier),
            Val::Int(d.awareness_max_multiplier),
        ),
    ];
    for (key, field, want, runs) in missing {
        if want != runs {
            notes.push(format!(
                "{key}: Consul has no setting for memberlist's {field}; it runs {} where the scenario has {}",
                runs.go(),
                want.go()
            ));
        }
    }
    if m.suspicion_max_timeout_mult != d.suspicion_max_timeout_mult {
        notes.push(format!(
            "lifeguard / suspicion_max_mult: Consul has no setting for memberlist's SuspicionMaxTimeoutMult; it runs {} where the scenario has {}",
            d.suspicion_max_timeout_mult, m.suspicion_max_timeout_mult
        ));
    }
    (pool, keys, notes)
}

/// Consul's agent configuration in HCL: the pool's block with its six keys.
pub(super) fn consul_hcl(s: &Scenario) -> (String, Vec<String>) {
    let (pool, keys, notes) = consul(s);
    let mut text = format!(
        "# Consul agent configuration, from the scenario {}\n{pool} {{\n",
        query_or_default(s)
    );
    for (name, value, default, key) in &keys {
        let _ = writeln!(
            text,
            "  {name} = {value} # {key}={} (Consul's default {default})",
            s.value_of(key).unwrap_or_default()
        );
    }
    text.push_str("}\n");
    text.push_str("# Consul has no key for k, pushpull, gossip_to_dead, tcp_ping or lifeguard: it runs memberlist's values for them\n");
    (text, notes)
}

/// Consul's agent configuration in JSON: the pool's object with its six keys.
pub(super) fn consul_json(s: &Scenario) -> (String, Vec<String>) {
    let (pool, keys, mut notes) = consul(s);
    let block: serde_json::Map<String, serde_json::Value> = keys
        .into_iter()
        .map(|(name, value, _, _)| (name.to_string(), value))
        .collect();
    let doc = json!({ pool: block });
    let text = format!("{doc:#}\n");
    notes.push(
        "Consul has no key for k, pushpull, gossip_to_dead, tcp_ping or lifeguard: it runs memberlist's values for them (JSON has no comments: see consul-hcl for where each value comes from)".into(),
    );
    (text, notes)
}
