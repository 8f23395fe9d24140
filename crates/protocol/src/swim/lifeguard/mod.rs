//! Lifeguard (Dadgar, Phillips and Currey, "Lifeguard: Local Health Awareness for More
//! Accurate Failure Detection", 2017), as HashiCorp's memberlist implements it. Each of its
//! four parts is a switch of its own ([`Lifeguard`]), all off by default (the SWIM paper):
//!
//! - **local health multiplier** (`lhm`, [`awareness`]): a member that misses acks because
//!   *it* is slow learns so from its own failed probes, missed nacks and refutations, and
//!   waits longer before it suspects anyone;
//! - **dynamic suspicion** (`dyn`, [`suspicion`]): a suspicion starts long and shortens as
//!   independent members confirm it;
//! - **buddy system** (`buddy`): a ping to a member believed suspect carries the suspicion, so
//!   the member hears of it at once and refutes;
//! - **nacks** (`nack`): a member relaying a ping-req answers *nack* when the target did not
//!   ack within the probe timeout, so the prober can tell "the target is down" from "I am not
//!   hearing anybody".

pub mod awareness;
pub mod suspicion;

/// Which parts of Lifeguard a SWIM member runs. [`Default`] is none of them (plain SWIM).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Lifeguard {
    /// Local health multiplier: the probe deadline is scaled by the health score + 1.
    pub lhm: bool,
    /// Dynamic suspicion: timeouts between `Min` and `Max` driven by confirmations.
    pub dynamic: bool,
    /// Buddy system: a ping to a suspect carries its suspicion.
    pub buddy: bool,
    /// Nacks: ping-req relays answer nack after the probe timeout without an ack.
    pub nack: bool,
}

impl Lifeguard {
    /// Every part on.
    pub const ALL: Lifeguard = Lifeguard {
        lhm: true,
        dynamic: true,
        buddy: true,
        nack: true,
    };

    /// No part on: plain SWIM.
    pub const OFF: Lifeguard = Lifeguard {
        lhm: false,
        dynamic: false,
        buddy: false,
        nack: false,
    };

    /// The parts' short names, in canonical order: `lhm`, `dyn`, `buddy`, `nack`.
    pub const NAMES: [&'static str; 4] = ["lhm", "dyn", "buddy", "nack"];

    /// Whether any part is on.
    pub fn any(self) -> bool {
        self != Lifeguard::OFF
    }

    /// The switch of the part named `name` (one of [`Lifeguard::NAMES`]).
    pub fn part_mut(&mut self, name: &str) -> Option<&mut bool> {
        match name {
            "lhm" => Some(&mut self.lhm),
            "dyn" => Some(&mut self.dynamic),
            "buddy" => Some(&mut self.buddy),
            "nack" => Some(&mut self.nack),
            _ => None,
        }
    }

    /// The parts that are on, as `(name, on)` in canonical order.
    pub fn parts(self) -> [(&'static str, bool); 4] {
        [
            ("lhm", self.lhm),
            ("dyn", self.dynamic),
            ("buddy", self.buddy),
            ("nack", self.nack),
        ]
    }
}
