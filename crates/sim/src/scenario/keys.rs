//! Every scenario key, declared once: its name, the protocol it applies to, how its query value
//! is read and written, its range and unit, whether a running cluster takes a change live, and
//! a line saying what it means. Parsing ([`Scenario::set`]), the canonical query, the single-key
//! range checks and their errors, the reset after a failed check, [`super::KEYS`], the live
//! parameters ([`super::LIVE_PARAMS`]), `gossip-sim --help`, `gossip-sim keys --markdown` (the
//! docs' key table) and the page's fields all read [`KEY_TABLE`].
//!
//! Defaults stay in [`Scenario::defaults_for`] (they depend on the protocol and the profile);
//! checks between keys stay in `Scenario::validate_params`.

use super::{Param, Profile, Proto, Scenario, ScenarioError, TimedEvent, Topo, profile};
use gossip_protocol::gossip::{Detector, Exchange, MAX_UDP_PAYLOAD, PhiModel};

/// Which protocol a key applies to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Applies {
    /// Both protocols.
    Both,
    /// Heartbeat gossip only: away from its default with SWIM, an error.
    Gossip,
    /// SWIM only: away from its default with gossip, an error.
    Swim,
    /// SWIM only, but gossip takes (and ignores) it, so one query can switch protocols.
    SwimIgnoredByGossip,
}

impl Applies {
    /// True if the key means something for `proto`.
    pub fn to(self, proto: Proto) -> bool {
        match self {
            Applies::Both => true,
            Applies::Gossip => proto == Proto::Gossip,
            Applies::Swim | Applies::SwimIgnoredByGossip => proto == Proto::Swim,
        }
    }
}

/// How a running cluster (the page) takes a change of the key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Live, recorded as the `set` event of this parameter.
    Live(Param),
    /// `nodes`: members join, or the highest ids leave gracefully.
    Resize,
    /// The run restarts from 0 s with the same seed and events.
    Restart,
    /// `ev`: the script itself (events are recorded, not set).
    Script,
}

/// The unit of a number key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Unit {
    /// A count or a multiplier.
    None,
    /// Milliseconds.
    Ms,
    /// Percent.
    Percent,
    /// Bytes.
    Bytes,
    /// Messages on one link.
    Messages,
}

impl Unit {
    /// The unit after a value or a range: ` ms`, ` %`, ` bytes`, ` messages` or nothing.
    pub fn suffix(self) -> &'static str {
        match self {
            Unit::None => "",
            Unit::Ms => " ms",
            Unit::Percent => " %",
            Unit::Bytes => " bytes",
            Unit::Messages => " messages",
        }
    }

    /// What a value must be, for a parse error.
    fn whole(self) -> &'static str {
        match self {
            Unit::None => "a whole number",
            Unit::Ms => "a whole number of ms",
            Unit::Percent => "a whole percentage",
            Unit::Bytes => "a whole number of bytes",
            Unit::Messages => "a whole number of messages",
        }
    }
}

/// The range a number key accepts in one scenario.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Bounds {
    /// Least value.
    pub lo: u64,
    /// Greatest value.
    pub hi: u64,
    /// Why, when the range depends on other keys (the end of the range message), else "".
    pub why: &'static str,
}

/// A whole-number key.
#[derive(Clone, Copy, Debug)]
pub struct Number {
    /// Least value accepted.
    pub lo: u64,
    /// Greatest value accepted (the widest, over every protocol and setting).
    pub hi: u64,
    /// Its unit.
    pub unit: Unit,
    /// The placeholder in `--help` (`MS`, `N`).
    pub metavar: &'static str,
    /// The largest value the field holds: a larger one is "too large".
    pub width: u64,
    /// A range that depends on the scenario (`nodes`, gossip's `fanout`); None: `lo..=hi`.
    pub bounds: Option<fn(&Scenario) -> Bounds>,
    /// The value; None when unset (`pushpull`).
    pub get: fn(&Scenario) -> Option<u64>,
    /// Sets the value (saturating to the field's width); None unsets it.
    pub put: fn(&mut Scenario, Option<u64>),
}

/// A key that takes one of a few names.
#[derive(Clone, Copy, Debug)]
pub struct Choice {
    /// What a value is, for an error: `a topology`.
    pub what: &'static str,
    /// The accepted names.
    pub names: &'static [&'static str],
    /// The index of the value in `names`; None when unset (`profile`).
    pub get: fn(&Scenario) -> Option<usize>,
    /// Sets the value to `names[i]`; None unsets it.
    pub put: fn(&mut Scenario, Option<usize>),
}

/// A key with its own spelling (`lifeguard`, `ev`).
#[derive(Clone, Copy, Debug)]
pub struct Text {
    /// The placeholder in `--help`.
    pub metavar: &'static str,
    /// What it accepts (the docs' range column).
    pub accepted: fn() -> String,
    /// Reads a query value into the scenario.
    pub parse: fn(&mut Scenario, &str) -> Result<(), ScenarioError>,
    /// The value as the query writes it ("" when empty).
    pub write: fn(&Scenario) -> String,
    /// Copies the value from another scenario.
    pub copy: fn(&mut Scenario, &Scenario),
}

/// How a key's value is read and written.
#[derive(Clone, Copy, Debug)]
pub enum Kind {
    /// A whole number in a range.
    Number(Number),
    /// One of a few names.
    Choice(Choice),
    /// Its own spelling.
    Text(Text),
}

/// One scenario key.
#[derive(Clone, Copy, Debug)]
pub struct Key {
    /// The name in the query.
    pub name: &'static str,
    /// The protocol it applies to.
    pub applies: Applies,
    /// Whether a running cluster takes a change live.
    pub change: Change,
    /// Its value.
    pub kind: Kind,
    /// What the range column adds: limits that come from other keys ("" for none).
    pub note: fn() -> String,
    /// How the docs name the default when the key is unset (`pushpull`, `profile`, `ev`).
    pub unset: &'static str,
    /// True for `proto` and `profile`, which choose the other keys' defaults: they are read
    /// first, and their own default is the default scenario's.
    pub selects_defaults: bool,
}

/// The names of `all`, in order.
const fn names<T: Copy, const N: usize>(all: [(T, &'static str); N]) -> [&'static str; N] {
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = all[i].1;
        i += 1;
    }
    out
}

/// The index of `v` in `all`.
fn position<T: PartialEq>(all: &[(T, &str)], v: T) -> usize {
    all.iter().position(|(x, _)| *x == v).unwrap_or(0)
}

/// The name of `v` in `all`.
pub(crate) fn name_of<T: PartialEq + Copy>(all: &[(T, &'static str)], v: T) -> &'static str {
    all[position(all, v)].1
}

/// `proto`'s values.
pub(crate) const PROTOS: [(Proto, &str); 2] = [(Proto::Gossip, "gossip"), (Proto::Swim, "swim")];
/// `topo`'s values.
pub(crate) const TOPOS: [(Topo, &str); 3] = [
    (Topo::Ring, "ring"),
    (Topo::Mesh, "mesh"),
    (Topo::Full, "full"),
];
/// `profile`'s values.
pub(crate) const PROFILES: [(Profile, &str); 3] = [
    (Profile::Lan, "lan"),
    (Profile::Wan, "wan"),
    (Profile::Local, "local"),
];
/// `detector`'s values.
pub(crate) const DETECTORS: [(Detector, &str); 2] =
    [(Detector::Fixed, "fixed"), (Detector::Phi, "phi")];
/// `phi_model`'s values.
pub(crate) const PHI_MODELS: [(PhiModel, &str); 2] = [
    (PhiModel::Exponential, "exponential"),
    (PhiModel::Normal, "normal"),
];
/// `exchange`'s values.
pub(crate) const EXCHANGES: [(Exchange, &str); 2] = [
    (Exchange::Full, "full"),
    (Exchange::Scuttlebutt, "scuttlebutt"),
];
/// `tcp_ping`'s values.
const ON_OFF: [(bool, &str); 2] = [(true, "on"), (false, "off")];

/// A number key stored in `$field` of type `$ty`.
macro_rules! number {
    ($field:ident: $ty:ty, $lo:expr, $hi:expr, $unit:expr, $metavar:literal) => {
        Number {
            lo: $lo,
            hi: $hi,
            unit: $unit,
            metavar: $metavar,
            width: <$ty>::MAX as u64,
            bounds: None,
            get: |s| Some(s.$field.into()),
            put: |s, v| {
                if let Some(v) = v {
                    s.$field = <$ty>::try_from(v).unwrap_or(<$ty>::MAX);
                }
            },
        }
    };
}

/// A choice key stored in `$field`, its values in `$all`.
macro_rules! choice {
    ($field:ident, $all:expr, $what:literal) => {
        Kind::Choice(Choice {
            what: $what,
            names: &names($all),
            get: |s| Some(position(&$all, s.$field)),
            put: |s, i| {
                if let Some(i) = i {
                    s.$field = $all[i].0;
                }
            },
        })
    };
}

/// `nodes`: the most depends on the protocol, gossip's detector and SWIM's topology.
fn nodes_bounds(s: &Scenario) -> Bounds {
    Bounds {
        lo: 1,
        hi: s.max_nodes().into(),
        why: s.max_nodes_why(),
    }
}

/// `fanout`: gossip sends to at least one peer; SWIM's 0 means piggybacking only.
fn fanout_bounds(s: &Scenario) -> Bounds {
    match s.proto {
        Proto::Gossip => Bounds {
            lo: 1,
            hi: 16,
            why: " for gossip (at least 1 peer per period)",
        },
        Proto::Swim => Bounds {
            lo: 0,
            hi: 16,
            why: "",
        },
    }
}

fn parse_lifeguard(s: &mut Scenario, v: &str) -> Result<(), ScenarioError> {
    s.lifeguard = profile::parse_lifeguard(v).map_err(|m| ScenarioError::new("lifeguard", m))?;
    Ok(())
}

fn parse_events(s: &mut Scenario, v: &str) -> Result<(), ScenarioError> {
    let mut events = Vec::new();
    for part in v.split(',') {
        if part.is_empty() {
            return Err(super::query::empty_event(v));
        }
        events.push(TimedEvent::parse(part)?);
    }
    crate::sort::by_key(&mut events, |e| e.at_ms); // stable: same-time events keep their order
    s.events = events;
    Ok(())
}

fn write_events(s: &Scenario) -> String {
    let ev: Vec<String> = s.events.iter().map(ToString::to_string).collect();
    ev.join(",")
}

/// Every key, in the canonical order of the query.
pub const KEY_TABLE: &[Key] = &[
    Key {
        name: "proto",
        applies: Applies::Both,
        change: Change::Restart,
        kind: choice!(proto, PROTOS, "a protocol"),
        note: String::new,
        unset: "",
        selects_defaults: true,
    },
    Key {
        name: "profile",
        applies: Applies::Swim,
        change: Change::Restart,
        kind: Kind::Choice(Choice {
            what: "a memberlist profile",
            names: &names(PROFILES),
            get: |s| s.profile.map(|p| position(&PROFILES, p)),
            put: |s, i| s.profile = i.map(|i| PROFILES[i].0),
        }),
        note: String::new,
        unset: "none",
        selects_defaults: true,
    },
    Key {
        name: "nodes",
        applies: Applies::Both,
        change: Change::Resize,
        kind: Kind::Number(Number {
            bounds: Some(nodes_bounds),
            ..number!(nodes: u32, 1, super::MAX_SWIM_NODES as u64, Unit::None, "N")
        }),
        note: || {
            format!(
                "gossip with `detector=phi`: 1..={}, joins included",
                super::MAX_PHI_NODES
            )
        },
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "topo",
        applies: Applies::Both,
        change: Change::Restart,
        kind: choice!(topo, TOPOS, "a topology"),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "degree",
        applies: Applies::Both,
        change: Change::Restart,
        kind: Kind::Number(number!(degree: u32, 1, 64, Unit::None, "D")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "period",
        applies: Applies::Both,
        change: Change::Live(Param::Period),
        kind: Kind::Number(number!(period_ms: u64, 10, 60_000, Unit::Ms, "MS")),
        note: || {
            format!(
                "gossip: the whole tables in flight (about nodes² × fanout × (1 + 1.5 × latency / period) × 12 bytes) must fit {} GB",
                super::MAX_GOSSIP_BYTES_IN_FLIGHT / 1_000_000_000
            )
        },
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "t",
        applies: Applies::Both,
        change: Change::Live(Param::T),
        kind: Kind::Number(number!(t_ms: u64, 1, 3_600_000, Unit::Ms, "MS")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "n",
        applies: Applies::Both,
        change: Change::Live(Param::N),
        kind: Kind::Number(number!(n: u32, 1, 100, Unit::None, "N")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "fanout",
        applies: Applies::Both,
        change: Change::Live(Param::Fanout),
        kind: Kind::Number(Number {
            bounds: Some(fanout_bounds),
            ..number!(fanout: u32, 0, 16, Unit::None, "F")
        }),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "k",
        applies: Applies::SwimIgnoredByGossip,
        change: Change::Live(Param::K),
        kind: Kind::Number(number!(k: u32, 0, 16, Unit::None, "K")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "lambda",
        applies: Applies::SwimIgnoredByGossip,
        change: Change::Live(Param::Lambda),
        kind: Kind::Number(number!(lambda: u32, 1, 16, Unit::None, "L")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "gossip_interval",
        applies: Applies::Swim,
        change: Change::Restart,
        kind: Kind::Number(number!(gossip_interval_ms: u64, 0, 60_000, Unit::Ms, "MS")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "pushpull",
        applies: Applies::Swim,
        change: Change::Restart,
        kind: Kind::Number(Number {
            lo: 1,
            hi: 3_600_000,
            unit: Unit::Ms,
            metavar: "MS",
            width: u64::MAX,
            bounds: None,
            get: |s| s.push_pull_ms,
            put: |s, v| s.push_pull_ms = v,
        }),
        note: String::new,
        unset: "30 periods",
        selects_defaults: false,
    },
    Key {
        name: "lifeguard",
        applies: Applies::Swim,
        change: Change::Restart,
        kind: Kind::Text(Text {
            metavar: "off|on|PARTS",
            accepted: || {
                "`off`, `on`, or a dot-separated subset of `lhm`, `dyn`, `buddy`, `nack`".into()
            },
            parse: parse_lifeguard,
            write: |s| profile::lifeguard_name(s.lifeguard),
            copy: |s, from| s.lifeguard = from.lifeguard,
        }),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "suspicion_max_mult",
        applies: Applies::Swim,
        change: Change::Restart,
        kind: Kind::Number(number!(suspicion_max_mult: u32, 1, 100, Unit::None, "M")),
        note: || "only with a `lifeguard` that includes `dyn`".into(),
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "awareness_max",
        applies: Applies::Swim,
        change: Change::Restart,
        kind: Kind::Number(number!(awareness_max: u32, 1, 64, Unit::None, "A")),
        note: || "only with a `lifeguard` that includes `lhm`".into(),
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "tcp_ping",
        applies: Applies::Swim,
        change: Change::Restart,
        kind: choice!(tcp_ping, ON_OFF, "a switch"),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "gossip_to_dead",
        applies: Applies::Swim,
        change: Change::Restart,
        kind: Kind::Number(number!(gossip_to_dead_ms: u64, 0, 3_600_000, Unit::Ms, "MS")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "detector",
        applies: Applies::Gossip,
        change: Change::Restart,
        kind: choice!(detector, DETECTORS, "a failure detector"),
        note: || {
            format!(
                "`phi` takes at most {} members (up to nodes² × 4 KB of windows)",
                super::MAX_PHI_NODES
            )
        },
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "phi",
        applies: Applies::Gossip,
        change: Change::Restart,
        kind: Kind::Number(number!(phi: u32, 1, 32, Unit::None, "P")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "phi_model",
        applies: Applies::Gossip,
        change: Change::Restart,
        kind: choice!(phi_model, PHI_MODELS, "a phi model"),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "phi_min_std",
        applies: Applies::Gossip,
        change: Change::Restart,
        kind: Kind::Number(number!(phi_min_std_ms: u64, 1, 60_000, Unit::Ms, "MS")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "phi_pause",
        applies: Applies::Gossip,
        change: Change::Restart,
        kind: Kind::Number(number!(phi_pause_ms: u64, 0, 3_600_000, Unit::Ms, "MS")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "exchange",
        applies: Applies::Gossip,
        change: Change::Restart,
        kind: choice!(exchange, EXCHANGES, "an exchange"),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "mtu",
        applies: Applies::Gossip,
        change: Change::Restart,
        kind: Kind::Number(number!(mtu: u32, 512, MAX_UDP_PAYLOAD as u64, Unit::Bytes, "BYTES")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "loss",
        applies: Applies::Both,
        change: Change::Live(Param::Loss),
        kind: Kind::Number(number!(loss_pct: u32, 0, 100, Unit::Percent, "PCT")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "burst",
        applies: Applies::Both,
        change: Change::Restart,
        kind: Kind::Number(number!(burst: u32, 1, 1000, Unit::Messages, "L")),
        note: || "`loss` at most burst/(burst+1)".into(),
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "burst_ms",
        applies: Applies::Both,
        change: Change::Restart,
        kind: Kind::Number(number!(burst_ms: u64, 0, 3_600_000, Unit::Ms, "MS")),
        note: || {
            format!(
                "not with `burst` > 1; at most {} members, joins included",
                super::MAX_BURST_MS_NODES
            )
        },
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "latency",
        applies: Applies::Both,
        change: Change::Live(Param::Latency),
        kind: Kind::Number(number!(latency_ms: u64, 0, 10_000, Unit::Ms, "MS")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "seed",
        applies: Applies::Both,
        change: Change::Restart,
        kind: Kind::Number(number!(seed: u64, 0, u64::MAX, Unit::None, "S")),
        note: String::new,
        unset: "",
        selects_defaults: false,
    },
    Key {
        name: "ev",
        applies: Applies::Both,
        change: Change::Script,
        kind: Kind::Text(Text {
            metavar: "E1,E2,...",
            accepted: || {
                format!(
                    "at most {} events, TIME ≤ {}s",
                    super::MAX_EVENTS,
                    super::MAX_EVENT_MS / 1000
                )
            },
            parse: parse_events,
            write: write_events,
            copy: |s, from| s.events = from.events.clone(),
        }),
        note: String::new,
        unset: "none",
        selects_defaults: false,
    },
];

/// The names of every key, in canonical order.
pub(crate) const fn key_names<const N: usize>() -> [&'static str; N] {
    assert!(N == KEY_TABLE.len(), "KEYS has one entry per key");
    let mut out = [""; N];
    let mut i = 0;
    while i < N {
        out[i] = KEY_TABLE[i].name;
        i += 1;
    }
    out
}

/// The keys that change live, in canonical order.
pub(crate) const fn live_params<const N: usize>() -> [Param; N] {
    let mut out = [Param::T; N];
    let (mut i, mut n) = (0, 0);
    while i < KEY_TABLE.len() {
        if let Change::Live(p) = KEY_TABLE[i].change {
            out[n] = p;
            n += 1;
        }
        i += 1;
    }
    assert!(n == N, "LIVE_PARAMS has one entry per live key");
    out
}

/// The key named `name`.
pub fn key(name: &str) -> Option<&'static Key> {
    KEY_TABLE.iter().find(|k| k.name == name)
}

impl Key {
    /// The number this key holds, if it is a number key.
    pub fn number(&self) -> Option<&Number> {
        match &self.kind {
            Kind::Number(n) => Some(n),
            _ => None,
        }
    }

    /// The range the key accepts in `s` (numbers only).
    pub fn bounds(&self, s: &Scenario) -> Option<Bounds> {
        let n = self.number()?;
        Some(match n.bounds {
            Some(f) => f(s),
            None => Bounds {
                lo: n.lo,
                hi: n.hi,
                why: "",
            },
        })
    }

    /// Reads the query value `v` into `s` (no range checks: see `Scenario::validate`).
    pub fn parse(&self, s: &mut Scenario, v: &str) -> Result<(), ScenarioError> {
        match &self.kind {
            Kind::Number(n) => {
                let clean = !v.is_empty() && v.bytes().all(|b| b.is_ascii_digit());
                let value = clean.then(|| v.parse::<u64>().ok()).flatten();
                match value.filter(|x| *x <= n.width) {
                    Some(x) => {
                        (n.put)(s, Some(x));
                        Ok(())
                    }
                    None => {
                        let why = if clean { "is too large for" } else { "is not" };
                        Err(ScenarioError::new(
                            self.name,
                            format!("'{}' {why} {}", super::query::echo(v), self.what(s)),
                        ))
                    }
                }
            }
            Kind::Choice(c) => match c.names.iter().position(|name| *name == v) {
                Some(i) => {
                    (c.put)(s, Some(i));
                    Ok(())
                }
                None => Err(ScenarioError::new(
                    self.name,
                    format!(
                        "'{}' is not {}: accepted {}",
                        super::query::echo(v),
                        c.what,
                        c.names.join(", ")
                    ),
                )),
            },
            Kind::Text(t) => (t.parse)(s, v),
        }
    }

    /// What a number key's value must be, with the range it accepts in `s`.
    fn what(&self, s: &Scenario) -> String {
        let (Some(n), Some(b)) = (self.number(), self.bounds(s)) else {
            return String::new();
        };
        if (b.lo, b.hi) == (0, u64::MAX) {
            return "an unsigned 64-bit integer".into();
        }
        format!("{} ({}..={})", n.unit.whole(), b.lo, b.hi)
    }

    /// The value in `s` as the query writes it ("" when unset or, for `ev`, empty).
    pub fn write(&self, s: &Scenario) -> String {
        match &self.kind {
            Kind::Number(n) => (n.get)(s).map_or_else(String::new, |v| v.to_string()),
            Kind::Choice(c) => (c.get)(s).map_or_else(String::new, |i| c.names[i].to_string()),
            Kind::Text(t) => (t.write)(s),
        }
    }

    /// Sets the key in `s` to its value in `from`.
    pub fn copy(&self, s: &mut Scenario, from: &Scenario) {
        match &self.kind {
            Kind::Number(n) => (n.put)(s, (n.get)(from)),
            Kind::Choice(c) => (c.put)(s, (c.get)(from)),
            Kind::Text(t) => (t.copy)(s, from),
        }
    }

    /// The scenario whose value of this key the canonical query leaves out for `s`.
    pub fn default_for(&self, s: &Scenario) -> Scenario {
        if self.selects_defaults {
            Scenario::default()
        } else {
            Scenario::defaults_for(s.proto, s.profile)
        }
    }

    /// The single-key check of `s`: a key for the other protocol is at its default, a number
    /// in its range. The error names the key and what it accepts.
    pub fn check(&self, s: &Scenario) -> Result<(), ScenarioError> {
        let refused = matches!(self.applies, Applies::Gossip | Applies::Swim);
        if refused && !self.applies.to(s.proto) {
            if self.write(s) != self.write(&Scenario::defaults(s.proto)) {
                let message = match self.applies {
                    Applies::Swim => {
                        "applies to SWIM only (proto=swim); heartbeat gossip has no such setting"
                    }
                    _ => {
                        "applies to heartbeat gossip only (proto=gossip); SWIM has no such setting"
                    }
                };
                return Err(ScenarioError::new(self.name, message));
            }
            return Ok(());
        }
        let (Some(n), Some(b)) = (self.number(), self.bounds(s)) else {
            return Ok(());
        };
        match (n.get)(s) {
            Some(v) if !(b.lo..=b.hi).contains(&v) => Err(ScenarioError::new(
                self.name,
                format!(
                    "{v} is out of range: accepted {}..={}{}{}",
                    b.lo,
                    b.hi,
                    n.unit.suffix(),
                    b.why
                ),
            )),
            _ => Ok(()),
        }
    }

    /// True if a profile gives this key its own default (`period`, `lifeguard`...; `profile`
    /// itself too).
    pub fn set_by_profile(&self) -> bool {
        let swim = Scenario::defaults(Proto::Swim);
        Profile::ALL.iter().any(|p| {
            self.write(&Scenario::defaults_for(Proto::Swim, Some(*p))) != self.write(&swim)
        })
    }

    /// The placeholder of the value in `--help`: `MS`, `ring|mesh|full`.
    pub fn metavar(&self) -> String {
        match &self.kind {
            Kind::Number(n) => n.metavar.into(),
            Kind::Choice(c) => c.names.join("|"),
            Kind::Text(t) => t.metavar.into(),
        }
    }
}
