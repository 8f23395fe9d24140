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

/// The failure detector a gossip member runs on its table.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Detector {
    /// The article's: suspect after `t` without a fresher heartbeat, removed after a further
    /// `n·t`.
    #[default]
    Fixed,
    /// Phi accrual with the exponential model of Cassandra and chitchat (see [`super::phi`]):
    /// suspect when φ exceeds `phi_threshold`, removed `n·t` after φ crossed it.
    Phi,
}

/// How phi accrual turns a silence into φ (with [`Detector::Phi`]; see [`super::phi`]).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum PhiModel {
    /// Cassandra's and chitchat's: inter-arrival times exponential with the window's mean,
    /// φ = silence / mean · log10 e.
    #[default]
    Exponential,
    /// The paper's and Akka's `PhiAccrualFailureDetector`: inter-arrival times normal with the
    /// window's mean and standard deviation (at least `phi_min_std`), the mean lengthened by
    /// `phi_pause`; φ = −log10(1 − F(silence)) with Akka's logistic approximation of F.
    Normal,
}

/// How two gossip members exchange their tables.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Exchange {
    /// The article's: every period, push the whole table to `fanout` peers.
    #[default]
    Full,
    /// Scuttlebutt reconciliation as chitchat runs it (see [`super::scuttlebutt`]): Syn
    /// (digest) → SynAck (deltas the opener lacks + own digest) → Ack2 (deltas the answerer
    /// lacks), deltas cut to `mtu`.
    Scuttlebutt,
}

/// Cassandra's and chitchat's window of heartbeat inter-arrival times per member
/// (Cassandra `FailureDetector.SAMPLE_SIZE = 1000`; chitchat
/// `FailureDetectorConfig::default().sampling_window_size = 1_000`).
pub const PHI_WINDOW: u32 = 1000;

/// chitchat's largest UDP payload, `MAX_UDP_DATAGRAM_PAYLOAD_SIZE = 65_507` bytes
/// (65,535 − 8 bytes of UDP header − 20 of IPv4), the default `mtu`.
pub const MAX_UDP_PAYLOAD: u32 = 65_507;

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
    /// The failure detector. Default [`Detector::Fixed`].
    pub detector: Detector,
    /// φ above which a member is suspected (with [`Detector::Phi`]). Default 8, as Cassandra's
    /// `phi_convict_threshold` and chitchat's `phi_threshold`; 1..=32.
    pub phi_threshold: u32,
    /// Inter-arrival samples kept per member (with [`Detector::Phi`]). Default
    /// [`PHI_WINDOW`]; at least 1.
    pub phi_window: u32,
    /// How φ is computed (with [`Detector::Phi`]). Default [`PhiModel::Exponential`].
    pub phi_model: PhiModel,
    /// With [`PhiModel::Normal`]: the least standard deviation of inter-arrival times used,
    /// µs (Akka's `min-std-deviation`, 100 ms at its 1 s heartbeat interval). Default 50 ms,
    /// a tenth of the default period as Akka's is of its interval; 1 µs..=3600 s.
    pub phi_min_std: Micros,
    /// With [`PhiModel::Normal`]: the acceptable heartbeat pause, µs, added to the window's
    /// mean (Akka's `acceptable-heartbeat-pause`, 3 s at its 1 s interval). Default 1.5 s,
    /// three default periods as Akka's is three intervals; 0..=3600 s.
    pub phi_pause: Micros,
    /// How tables are exchanged. Default [`Exchange::Full`].
    pub exchange: Exchange,
    /// With [`Exchange::Scuttlebutt`]: the largest UDP payload, bytes; deltas that do not fit
    /// whole are left for a later exchange. Digests are always sent whole (as chitchat does).
    /// Default [`MAX_UDP_PAYLOAD`]; 512..=65507.
    pub mtu: u32,
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
            detector: Detector::Fixed,
            phi_threshold: 8,
            phi_window: PHI_WINDOW,
            phi_model: PhiModel::Exponential,
            phi_min_std: 50_000,
            phi_pause: 1_500_000,
            exchange: Exchange::Full,
            mtu: MAX_UDP_PAYLOAD,
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

    /// With [`Detector::Phi`], the interval a member's window starts from, µs: two periods,
    /// as Cassandra seeds its `ArrivalWindow` with `2 × gossip interval`
    /// (`FailureDetector.getInitialValue`), "better to err high (false negatives...) than
    /// low (false positives, which cause flapping)".
    pub fn phi_bootstrap(&self) -> Micros {
        self.period.saturating_mul(2)
    }

    /// With [`Detector::Phi`], the longest inter-arrival time recorded, µs: `t`. Longer
    /// silences (a partition, a pause) are not learned as rhythm, as Cassandra ignores
    /// intervals above `fd_max_interval_ms` (2 × its gossip interval) and chitchat those above
    /// `max_interval` (10 s at a 1 s gossip interval). `t` is this simulator's: on a sparse
    /// ring heartbeats arrive several periods apart, and a cap of 2 periods would drop them.
    pub fn phi_max_interval(&self) -> Micros {
        self.suspect_after
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
        if !(1..=32).contains(&self.phi_threshold) {
            return err(
                "phi",
                format!("must be in 1..=32, got {}", self.phi_threshold),
            );
        }
        if self.phi_window == 0 {
            return err("phi_window", String::from("must be at least 1 sample"));
        }
        const HOUR: Micros = 3_600_000_000;
        if !(1..=HOUR).contains(&self.phi_min_std) {
            return err(
                "phi_min_std",
                format!("must be in 1..={HOUR} µs, got {}", self.phi_min_std),
            );
        }
        if self.phi_pause > HOUR {
            return err(
                "phi_pause",
                format!("must be in 0..={HOUR} µs, got {}", self.phi_pause),
            );
        }
        if !(512..=MAX_UDP_PAYLOAD).contains(&self.mtu) {
            return err(
                "mtu",
                format!("must be in 512..={MAX_UDP_PAYLOAD} bytes, got {}", self.mtu),
            );
        }
        if self.fanout == 0 {
            return err("fanout", String::from("must be at least 1 for gossip"));
        }
        Ok(())
    }
}
