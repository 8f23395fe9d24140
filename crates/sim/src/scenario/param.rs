//! The parameters a running cluster can change live: the `set` event `TIME.set.KEY.VALUE`.
//!
//! When each member picks a change up:
//! - gossip: `period` after the tick already armed; `fanout`, `t` and `n` at its next tick
//!   (the failure-detection sweep runs at every tick);
//! - SWIM: `period` after the tick already armed; `t` (ack timeout) and `k` at its next probe;
//!   `n` for suspicions raised from then on (running suspicion timers keep their deadlines);
//!   `λ` at its next piggyback; `fanout` at its next tick;
//! - both: `latency` and `loss` for messages sent from then on (messages already in flight
//!   keep the delay they were given).
//!
//! A joining or recovering member starts with the values in force when it starts.

use super::keys::{self, Change, KEY_TABLE, Key, Number};
use super::{Scenario, ScenarioError};
use gossip_protocol::gossip::GossipConfig;
use gossip_protocol::swim::SwimConfig;
use std::fmt;

/// A parameter that can change while the cluster runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Param {
    /// `t`: gossip suspect timeout / SWIM ack timeout, ms.
    T,
    /// `n`: gossip removal factor / SWIM suspicion multiplier.
    N,
    /// `period`: protocol period, ms.
    Period,
    /// `fanout`: gossip peers per period / SWIM extra gossip targets.
    Fanout,
    /// `k`: SWIM indirect probes.
    K,
    /// `lambda`: SWIM retransmit multiplier.
    Lambda,
    /// `latency`: mean one-way latency, ms.
    Latency,
    /// `loss`: message loss, percent.
    Loss,
}

/// Every live parameter, in the scenario's key order (the keys of [`KEY_TABLE`] that change
/// live).
pub const LIVE_PARAMS: [Param; 8] = keys::live_params();

impl Param {
    /// Its key in [`KEY_TABLE`].
    fn entry(self) -> &'static Key {
        KEY_TABLE
            .iter()
            .find(|k| k.change == Change::Live(self))
            .expect("every live parameter has a key (see `keys::live_params`)")
    }

    /// Its number in [`KEY_TABLE`].
    fn number(self) -> &'static Number {
        self.entry()
            .number()
            .expect("every live parameter is a number")
    }

    /// The key, as in the query (`t`, `period`, ...).
    pub fn key(self) -> &'static str {
        self.entry().name
    }

    /// The parameter named `key`, if it can change live.
    pub fn from_key(key: &str) -> Option<Param> {
        LIVE_PARAMS.into_iter().find(|p| p.key() == key)
    }

    /// A short index for hashing.
    pub(crate) fn index(self) -> u64 {
        LIVE_PARAMS.iter().position(|&p| p == self).unwrap_or(0) as u64
    }

    /// The value in `s`.
    pub fn get(self, s: &Scenario) -> u64 {
        (self.number().get)(s).unwrap_or(0)
    }

    /// Writes `value` into `s` (saturating to the field's width; `validate` checks ranges).
    pub fn put(self, s: &mut Scenario, value: u64) {
        (self.number().put)(s, Some(value));
    }

    /// The unit shown after a value (` ms`, ` %` or nothing).
    pub fn unit(self) -> &'static str {
        self.number().unit.suffix()
    }

    /// When a member picks a change of this parameter up, for `proto`, in a few words.
    pub fn takes_effect(self, proto: super::Proto) -> &'static str {
        use super::Proto::{Gossip, Swim};
        match (self, proto) {
            (Param::Period, _) => "each member's next period is the new length",
            (Param::T, Gossip) | (Param::N, Gossip) => {
                "each member applies it at its next failure-detection sweep (its next tick)"
            }
            (Param::T, Swim) => "each member's next probe waits the new ack timeout",
            (Param::N, Swim) => {
                "suspicions raised from now on use it; running suspicion timers keep theirs"
            }
            (Param::Fanout, _) => "each member's next tick uses it",
            (Param::K, Gossip) | (Param::Lambda, Gossip) => "SWIM only: gossip ignores it",
            (Param::K, Swim) => "each member's next failed probe asks this many others",
            (Param::Lambda, Swim) => "each member's next piggyback uses the new limit",
            (Param::Latency, _) | (Param::Loss, _) => {
                "messages sent from now on; those in flight keep their delay"
            }
        }
    }
}

impl fmt::Display for Param {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.key())
    }
}

/// Parses `KEY.VALUE` of a `set` event.
pub(super) fn parse_set(key: Option<&str>, value: Option<&str>) -> Result<(Param, u64), String> {
    let names: Vec<&str> = LIVE_PARAMS.iter().map(|p| p.key()).collect();
    let key = key.ok_or_else(|| "set needs a key and a value, like set.t.300".to_string())?;
    let param = Param::from_key(key).ok_or_else(|| {
        format!(
            "'{key}' cannot be set live: accepted {}; the other keys restart the run (nodes: joins and leaves)",
            names.join(", ")
        )
    })?;
    let value = value.ok_or_else(|| format!("set.{key} needs a value, like set.{key}.300"))?;
    let v = value
        .parse::<u64>()
        .ok()
        .filter(|_| value.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| format!("'{value}' is not a whole number for {key}"))?;
    Ok((param, v))
}

/// A protocol configuration that a `set` event can change.
pub trait Tunable {
    /// Applies `value` (in the scenario's units) of `param`; `latency` and `loss` belong to
    /// the network and leave the configuration as it is.
    fn tune(&mut self, param: Param, value: u64);
}

impl Tunable for GossipConfig {
    fn tune(&mut self, param: Param, value: u64) {
        let small = u32::try_from(value).unwrap_or(u32::MAX);
        match param {
            Param::Period => self.period = value * 1000,
            Param::T => self.suspect_after = value * 1000,
            Param::N => self.remove_factor = small,
            Param::Fanout => self.fanout = small.max(1),
            Param::K | Param::Lambda | Param::Latency | Param::Loss => {}
        }
    }
}

impl Tunable for SwimConfig {
    fn tune(&mut self, param: Param, value: u64) {
        let small = u32::try_from(value).unwrap_or(u32::MAX);
        match param {
            Param::Period => self.period = value * 1000,
            Param::T => self.ack_timeout = value * 1000,
            Param::N => self.suspicion_mult = small,
            Param::Fanout => self.gossip_fanout = small,
            Param::K => self.indirect_probes = small,
            Param::Lambda => self.lambda = small,
            Param::Latency | Param::Loss => {}
        }
    }
}

/// An error about the `set` event `event`.
pub(super) fn bad_set(event: &str, e: &ScenarioError) -> ScenarioError {
    ScenarioError::new("ev", format!("event '{event}': {}: {}", e.key, e.message))
}
