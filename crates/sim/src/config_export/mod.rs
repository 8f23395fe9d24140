//! The configuration to paste: a scenario's settings written as the real systems take them.
//!
//! [`export`] turns a [`Scenario`] into the text a person pastes into one system, with the
//! notes that say what that system cannot express. Pure: no I/O, plain strings out.
//!
//! - SWIM (`proto=swim`): memberlist's Go `Config` ([`System::Memberlist`]), Consul's agent
//!   `gossip_lan` / `gossip_wan` block in HCL and JSON ([`System::ConsulHcl`],
//!   [`System::ConsulJson`]), Serf's `serf.Config` ([`System::Serf`]).
//! - Heartbeat gossip (`proto=gossip`): Cassandra's `cassandra.yaml`
//!   ([`System::Cassandra`]), Akka's `akka.cluster.failure-detector` ([`System::Akka`]),
//!   chitchat's `ChitchatConfig` and `FailureDetectorConfig` ([`System::Chitchat`]).
//!
//! What each line says is what the simulator ran: the values come from
//! [`Scenario::swim_config`] and [`Scenario::gossip_config`], so a key added to those
//! (`awareness_max`, `suspicion_max_mult`) is exported as soon as the scenario sets it.
//!
//! Choices, the same for every system:
//! - Go code (memberlist, Serf) starts from the profile's constructor (`DefaultLANConfig()`,
//!   `DefaultWANConfig()`, `DefaultLocalConfig()`; `DefaultLANConfig()` without `profile`) and
//!   sets only the fields that differ from it: `Config` has dozens of fields, and a pasted
//!   block that restates defaults hides what was tuned. `profile=lan` alone gives no lines.
//! - Configuration files (Consul, Cassandra, Akka, chitchat) write every setting the
//!   scenario decides, each with the library's default in its comment: they are few, and a
//!   file is where a person looks the values up.
//! - Every line carries the scenario key it comes from. A setting the system does not have
//!   is never guessed: it is a note, and where the format has comments (all but JSON) a
//!   comment at the end of the text. When the system runs the other protocol, the text is
//!   empty and a note says why.

mod gossip;
mod swim;

use crate::scenario::{Proto, Scenario};

/// A system whose configuration can be exported.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum System {
    /// hashicorp/memberlist: Go, `memberlist.Config`.
    Memberlist,
    /// Consul's agent configuration, HCL: `gossip_lan` or `gossip_wan`.
    ConsulHcl,
    /// Consul's agent configuration, JSON: `gossip_lan` or `gossip_wan`.
    ConsulJson,
    /// hashicorp/serf: Go, `serf.Config` and its `MemberlistConfig`.
    Serf,
    /// Apache Cassandra: `cassandra.yaml` (and `jvm.options`).
    Cassandra,
    /// Akka Cluster: `akka.cluster.failure-detector` (HOCON).
    Akka,
    /// quickwit-oss/chitchat: Rust, `ChitchatConfig` and `FailureDetectorConfig`.
    Chitchat,
}

impl System {
    /// Every system, in the order the command line and the page list them.
    pub const ALL: [System; 7] = [
        System::Memberlist,
        System::ConsulHcl,
        System::ConsulJson,
        System::Serf,
        System::Cassandra,
        System::Akka,
        System::Chitchat,
    ];

    /// The name on the command line (`memberlist`, `consul-hcl` ...).
    pub fn name(self) -> &'static str {
        match self {
            System::Memberlist => "memberlist",
            System::ConsulHcl => "consul-hcl",
            System::ConsulJson => "consul-json",
            System::Serf => "serf",
            System::Cassandra => "cassandra",
            System::Akka => "akka",
            System::Chitchat => "chitchat",
        }
    }

    /// The system named `name` on the command line.
    pub fn from_name(name: &str) -> Option<System> {
        System::ALL.into_iter().find(|s| s.name() == name)
    }

    /// A title for a heading: the system and what the text is.
    pub fn title(self) -> &'static str {
        match self {
            System::Memberlist => "memberlist (Go, memberlist.Config)",
            System::ConsulHcl => "Consul agent (HCL)",
            System::ConsulJson => "Consul agent (JSON)",
            System::Serf => "Serf (Go, serf.Config)",
            System::Cassandra => "Cassandra (cassandra.yaml)",
            System::Akka => "Akka Cluster (HOCON)",
            System::Chitchat => "chitchat (Rust)",
        }
    }

    /// The product's name, for a sentence: `memberlist`, `Consul`, `Akka Cluster` ...
    pub fn product(self) -> &'static str {
        match self {
            System::Memberlist => "memberlist",
            System::ConsulHcl | System::ConsulJson => "Consul",
            System::Serf => "Serf",
            System::Cassandra => "Cassandra",
            System::Akka => "Akka Cluster",
            System::Chitchat => "chitchat",
        }
    }

    /// The language of the text, for highlighting: `go`, `hcl`, `json`, `yaml`, `hocon`,
    /// `rust`.
    pub fn language(self) -> &'static str {
        match self {
            System::Memberlist | System::Serf => "go",
            System::ConsulHcl => "hcl",
            System::ConsulJson => "json",
            System::Cassandra => "yaml",
            System::Akka => "hocon",
            System::Chitchat => "rust",
        }
    }

    /// The protocol the system runs.
    pub fn proto(self) -> Proto {
        match self {
            System::Memberlist | System::ConsulHcl | System::ConsulJson | System::Serf => {
                Proto::Swim
            }
            System::Cassandra | System::Akka | System::Chitchat => Proto::Gossip,
        }
    }

    /// The line comment of the text's language; None for JSON.
    fn comment(self) -> Option<&'static str> {
        match self.language() {
            "go" | "rust" => Some("//"),
            "json" => None,
            _ => Some("#"),
        }
    }
}

/// A configuration to paste, and what it cannot say.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Export {
    /// The system it is for.
    pub system: System,
    /// The text to paste; empty when the system runs the other protocol (see `notes`).
    /// Ends with a newline unless empty. Where the format has comments, each line names the
    /// scenario key it comes from and the notes are repeated as comments at the end.
    pub text: String,
    /// What the system cannot express, or expresses only approximately, one sentence each.
    pub notes: Vec<String>,
}

/// The configuration of `scenario` for `system`.
pub fn export(scenario: &Scenario, system: System) -> Export {
    let (body, notes) = match (system, scenario.proto) {
        (System::Memberlist, Proto::Swim) => swim::memberlist(scenario),
        (System::Serf, Proto::Swim) => swim::serf(scenario),
        (System::ConsulHcl, Proto::Swim) => swim::consul_hcl(scenario),
        (System::ConsulJson, Proto::Swim) => swim::consul_json(scenario),
        (System::Cassandra, Proto::Gossip) => gossip::cassandra(scenario),
        (System::Akka, Proto::Gossip) => gossip::akka(scenario),
        (System::Chitchat, Proto::Gossip) => gossip::chitchat(scenario),
        (_, proto) => (String::new(), vec![other_protocol(system, proto)]),
    };
    let mut text = body;
    if let Some(c) = system.comment()
        && !text.is_empty()
    {
        for n in &notes {
            text.push_str(&format!("{c} Note: {n}\n"));
        }
    }
    Export {
        system,
        text,
        notes,
    }
}

/// The note for a system that runs the other protocol.
fn other_protocol(system: System, proto: Proto) -> String {
    match proto {
        Proto::Gossip => format!(
            "{} runs SWIM (proto=swim); this scenario is heartbeat gossip (proto=gossip), which it has no setting for: no configuration of it reproduces this run",
            system.product()
        ),
        Proto::Swim => format!(
            "{} runs heartbeat gossip with a phi accrual detector (proto=gossip&detector=phi); this scenario is SWIM (proto=swim), which it has no setting for: no configuration of it reproduces this run",
            system.product()
        ),
    }
}

/// `ms` as a Go `time.Duration` expression: `5 * time.Second`, `500 * time.Millisecond`, `0`.
fn go_duration(ms: u64) -> String {
    match ms {
        0 => "0".into(),
        _ if ms.is_multiple_of(1000) => format!("{} * time.Second", ms / 1000),
        _ => format!("{ms} * time.Millisecond"),
    }
}

/// `ms` as a Go duration string, as `time.ParseDuration` reads it: `5s`, `500ms`, `0s`.
fn go_duration_string(ms: u64) -> String {
    match ms {
        _ if ms.is_multiple_of(1000) => format!("{}s", ms / 1000),
        _ => format!("{ms}ms"),
    }
}

/// `ms` as a HOCON duration: `1 s`, `100 ms`.
fn hocon_duration(ms: u64) -> String {
    match ms {
        _ if ms.is_multiple_of(1000) && ms > 0 => format!("{} s", ms / 1000),
        _ => format!("{ms} ms"),
    }
}

/// `ms` as a Rust `std::time::Duration` expression.
fn rust_duration(ms: u64) -> String {
    match ms {
        _ if ms.is_multiple_of(1000) => format!("Duration::from_secs({})", ms / 1000),
        _ => format!("Duration::from_millis({ms})"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn durations_are_written_in_whole_seconds_when_they_are_whole() {
        assert_eq!(go_duration(5000), "5 * time.Second");
        assert_eq!(go_duration(1500), "1500 * time.Millisecond");
        assert_eq!(go_duration(0), "0");
        assert_eq!(go_duration_string(200), "200ms");
        assert_eq!(go_duration_string(60_000), "60s");
        assert_eq!(hocon_duration(1000), "1 s");
        assert_eq!(hocon_duration(50), "50 ms");
        assert_eq!(rust_duration(10_000), "Duration::from_secs(10)");
        assert_eq!(rust_duration(1500), "Duration::from_millis(1500)");
    }

    #[test]
    fn every_system_has_a_distinct_name_that_reads_back() {
        for s in System::ALL {
            assert_eq!(System::from_name(s.name()), Some(s));
        }
        assert_eq!(System::from_name("etcd"), None);
    }
}
