//! memberlist's configuration profiles (`profile=lan|wan|local`) and the `lifeguard` key.
//!
//! Every constant below is memberlist's (`config.go`: `DefaultLANConfig`, `DefaultWANConfig`,
//! `DefaultLocalConfig`). A profile sets the scenario keys the engine models; explicit keys
//! override it (`profile=wan&k=2`, `profile=lan&lifeguard=off`). A profile also runs what
//! memberlist always runs: all of Lifeguard (`lifeguard=on`: the health multiplier, dynamic
//! suspicion, the buddy ping and nacks; memberlist has no switch for them) and the TCP
//! fallback ping (`tcp_ping=on`; memberlist's `DisableTcpPings` is false in every profile).
//! Constants every profile shares (`DefaultWANConfig` and `DefaultLocalConfig` start from
//! `DefaultLANConfig` and leave them): `SuspicionMaxTimeoutMult` 6 and
//! `AwarenessMaxMultiplier` 8, the keys `suspicion_max_mult` and `awareness_max`, whose
//! defaults are the same with or without a profile.
//!
//! Without `profile`, SWIM's defaults are the probe constants of the LAN profile (period 1 s,
//! ack timeout 500 ms, `k` 3, `n` 4, `λ` 4, push-pull every 30 periods) but gossip only by
//! piggybacking, as in the SWIM paper; `profile=lan` adds memberlist's gossip timer (every
//! 200 ms to 3 members).

use gossip_protocol::swim::Lifeguard;

/// A memberlist profile.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Profile {
    /// `DefaultLANConfig`.
    Lan,
    /// `DefaultWANConfig`.
    Wan,
    /// `DefaultLocalConfig` (loopback).
    Local,
}

/// The values a profile gives the scenario's keys.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ProfileValues {
    /// `ProbeInterval`, ms (`period`).
    pub period_ms: u64,
    /// `ProbeTimeout`, ms (`t`).
    pub t_ms: u64,
    /// `SuspicionMult` (`n`).
    pub n: u32,
    /// `IndirectChecks` (`k`).
    pub k: u32,
    /// `RetransmitMult` (`lambda`).
    pub lambda: u32,
    /// `GossipInterval`, ms (`gossip_interval`).
    pub gossip_interval_ms: u64,
    /// `GossipNodes` (`fanout`).
    pub fanout: u32,
    /// `PushPullInterval`, ms (`pushpull`).
    pub push_pull_ms: u64,
    /// `GossipToTheDeadTime`, ms (`gossip_to_dead`).
    pub gossip_to_dead_ms: u64,
}

impl Profile {
    /// Every profile, in the order the help lists them.
    pub const ALL: [Profile; 3] = [Profile::Lan, Profile::Wan, Profile::Local];

    /// The name in the query.
    pub fn name(self) -> &'static str {
        super::keys::name_of(&super::keys::PROFILES, self)
    }

    /// The profile named `name`.
    pub fn from_name(name: &str) -> Option<Profile> {
        Profile::ALL.into_iter().find(|p| p.name() == name)
    }

    /// memberlist's values.
    pub fn values(self) -> ProfileValues {
        // DefaultLANConfig: ProbeInterval 1 s, ProbeTimeout 500 ms, SuspicionMult 4,
        // IndirectChecks 3, RetransmitMult 4, GossipInterval 200 ms, GossipNodes 3,
        // PushPullInterval 30 s, GossipToTheDeadTime 30 s.
        let lan = ProfileValues {
            period_ms: 1000,
            t_ms: 500,
            n: 4,
            k: 3,
            lambda: 4,
            gossip_interval_ms: 200,
            fanout: 3,
            push_pull_ms: 30_000,
            gossip_to_dead_ms: 30_000,
        };
        match self {
            Profile::Lan => lan,
            // DefaultWANConfig: SuspicionMult 6, PushPullInterval 60 s, ProbeTimeout 3 s,
            // ProbeInterval 5 s, GossipNodes 4, GossipInterval 500 ms,
            // GossipToTheDeadTime 60 s.
            Profile::Wan => ProfileValues {
                period_ms: 5000,
                t_ms: 3000,
                n: 6,
                gossip_interval_ms: 500,
                fanout: 4,
                push_pull_ms: 60_000,
                gossip_to_dead_ms: 60_000,
                ..lan
            },
            // DefaultLocalConfig: IndirectChecks 1, RetransmitMult 2, SuspicionMult 3,
            // PushPullInterval 15 s, ProbeTimeout 200 ms, ProbeInterval 1 s,
            // GossipInterval 100 ms, GossipToTheDeadTime 15 s.
            Profile::Local => ProfileValues {
                t_ms: 200,
                n: 3,
                k: 1,
                lambda: 2,
                gossip_interval_ms: 100,
                push_pull_ms: 15_000,
                gossip_to_dead_ms: 15_000,
                ..lan
            },
        }
    }
}

/// Parses the `lifeguard` key: `off`, `on`, or a dot-separated subset of `lhm`, `dyn`,
/// `buddy`, `nack` (any order, each at most once).
pub fn parse_lifeguard(v: &str) -> Result<Lifeguard, String> {
    match v {
        "off" => return Ok(Lifeguard::OFF),
        "on" => return Ok(Lifeguard::ALL),
        _ => {}
    }
    let mut lg = Lifeguard::OFF;
    for part in v.split('.') {
        let mut probe = lg;
        let Some(on) = probe.part_mut(part) else {
            return Err(format!(
                "'{}' is not a Lifeguard part: accepted off, on, or a dot-separated subset of lhm, dyn, buddy, nack (like lhm.nack)",
                super::query::echo(part)
            ));
        };
        if *on {
            return Err(format!("'{part}' is given more than once"));
        }
        *on = true;
        lg = probe;
    }
    Ok(lg)
}

/// The canonical spelling: `off`, `on`, or the parts that are on in the order
/// `lhm.dyn.buddy.nack`.
pub fn lifeguard_name(lg: Lifeguard) -> String {
    if lg == Lifeguard::OFF {
        return "off".into();
    }
    if lg == Lifeguard::ALL {
        return "on".into();
    }
    let parts: Vec<&str> = lg
        .parts()
        .into_iter()
        .filter(|(_, on)| *on)
        .map(|(n, _)| n)
        .collect();
    parts.join(".")
}
