//! Configuration of heartbeat-style gossip.

use crate::Micros;
use alloc::format;
use alloc::string::String;

/// A configuration value out of range: which field and what is accepted.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The field's name.
    pub field: &'static str,
    /// What is wrong and what is accepted.
    pub message: String,
}

/// Parameters of heartbeat gossip. `Default` is the classic setting used by the playground.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct GossipConfig {
    /// Gossip period: every `period` a node bumps its heartbeat and sends its table.
    /// Microseconds; default 0.5 s; must be > 0.
    pub period: Micros,
    /// `t`: a member whose heartbeat counter has not advanced for this long is marked suspect.
    /// Microseconds; default 10 s (20 periods: a degree-2 ring relays slowly); must be > 0.
    pub suspect_after: Micros,
    /// `n`: a suspect that stays silent for a further `n·t` is removed. Default 2; 1..=100.
    pub remove_factor: u32,
    /// Peers (chosen at random among the topology neighbours) sent the table each period.
    /// Default 1; at least 1 (more than the neighbours means all of them).
    pub fanout: u32,
    /// `T_cleanup` as a multiple of the time to removal `T_fail = (n+1)·t` (van Renesse et al.:
    /// a failed member's entry is kept until `T_cleanup` so that stale gossip cannot bring it
    /// back, and `T_cleanup = 2·T_fail` makes that as unlikely as a false detection). Until
    /// `cleanup_factor · (n+1)·t` after its last heartbeat, a removed member's tombstone ignores
    /// every heartbeat of the same life, even a fresher one: a counter from before the crash,
    /// still gossiped by members that have not removed it yet, would otherwise re-add it. A new
    /// life (a later generation) is accepted at once; after `T_cleanup` a fresher counter of the
    /// same life is too (the member was alive after all, e.g. behind a partition).
    /// Default 2 (the paper's); 1..=100 (1: no quarantine beyond the removal itself).
    pub cleanup_factor: u32,
    /// Start the first period at the next multiple of `period` instead of a random offset, so
    /// that every node gossips in the same synchronous rounds (used by the analysis tests).
    /// Default false.
    pub aligned_start: bool,
}

impl Default for GossipConfig {
    fn default() -> Self {
        GossipConfig {
            period: 500_000,
            suspect_after: 10_000_000,
            remove_factor: 2,
            fanout: 1,
            cleanup_factor: 2,
            aligned_start: false,
        }
    }
}

impl GossipConfig {
    /// Total silence after which a member is removed: `t + n·t`.
    pub fn remove_after(&self) -> Micros {
        self.suspect_after
            .saturating_mul(u64::from(self.remove_factor) + 1)
    }

    /// `T_cleanup`, µs after a member's last heartbeat: `cleanup_factor · (n+1)·t`.
    pub fn cleanup_after(&self) -> Micros {
        self.remove_after()
            .saturating_mul(u64::from(self.cleanup_factor))
    }

    /// Checks every field; the error names the first field out of range.
    pub fn validate(&self) -> Result<(), ConfigError> {
        let err = |field, message: String| Err(ConfigError { field, message });
        if self.period == 0 {
            return err("period", format!("must be > 0 µs, got {}", self.period));
        }
        if self.suspect_after == 0 {
            return err("t", format!("must be > 0 µs, got {}", self.suspect_after));
        }
        if !(1..=100).contains(&self.remove_factor) {
            return err(
                "n",
                format!("must be in 1..=100, got {}", self.remove_factor),
            );
        }
        if !(1..=100).contains(&self.cleanup_factor) {
            return err(
                "cleanup_factor",
                format!("must be in 1..=100, got {}", self.cleanup_factor),
            );
        }
        if self.fanout == 0 {
            return err("fanout", String::from("must be at least 1 for gossip"));
        }
        Ok(())
    }
}
