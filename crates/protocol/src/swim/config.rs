//! SWIM configuration: the knobs of the failure detector and of dissemination, with presets
//! taken from memberlist and a `validate()` that names the offending field.

use alloc::format;
use alloc::string::String;

use super::dissemination::MAX_LAMBDA;
use super::lifeguard::Lifeguard;
use super::lifeguard::awareness::DEFAULT_AWARENESS_MAX;
use crate::core::Micros;

/// Configuration of a [`SwimNode`](super::SwimNode).
///
/// [`Default`] is memberlist's LAN profile ([`SwimConfig::lan`]). Build one, change what you
/// need, and call [`SwimConfig::validate`] before handing it to nodes: nodes assume a valid
/// configuration.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SwimConfig {
    /// Protocol period `T'` in microseconds: one probe is started per period.
    /// Default 1 000 000 (1 s). Must be greater than 0.
    pub period: Micros,
    /// Direct-ping ack timeout `t` in microseconds: after it, indirect probes are sent.
    /// Default 500 000 (0.5 s). Must be greater than 0 and less than `period`.
    pub ack_timeout: Micros,
    /// `k`: how many members are asked to probe the target indirectly after a missed ack.
    /// Default 3. At most 16.
    pub indirect_probes: u32,
    /// `n`, the suspicion multiplier. A suspect is confirmed dead after
    /// `n * period * max(1, log10(N))` microseconds, where `N` is the number of members the
    /// node believes alive or suspect, itself included (memberlist's
    /// `SuspicionMult * log10(max(1, N)) * ProbeInterval`, but never less than `n * period`),
    /// so bigger groups, where a refutation takes longer to arrive, wait longer.
    /// Default 4. At least 1.
    pub suspicion_mult: u32,
    /// `λ`, the retransmit multiplier: each update is piggybacked at most
    /// `λ * ceil(log10(N + 1))` times (memberlist's retransmit limit), `N` as above.
    /// Default 4. At least 1, at most [`MAX_LAMBDA`] (25; the piggyback buffer counts an
    /// update's transmissions in a byte).
    pub lambda: u32,
    /// Extra members per period to which a `Gossip` message carrying only pending updates is
    /// sent (only when there are pending updates). Default 0 (pure piggybacking). At most 16.
    pub gossip_fanout: u32,
    /// Most updates piggybacked on one message. memberlist fills each packet with as many
    /// updates as fit in its 1400-byte UDP buffer (`UDPBufferSize`); at 9 bytes an update that
    /// is about 150, the default. A small limit starves dissemination when much is new at once
    /// (a thousand members starting together take ten minutes to learn of each other at 8).
    /// At least 1.
    pub max_piggyback: u32,
    /// A starting node sends `Join` to at most this many of the peers it was given, chosen at
    /// random (memberlist joins through the few seed addresses it is handed). Bounding it keeps
    /// a start on a full topology at O(N) joins and syncs instead of O(N²).
    /// Default 3. In 1..=64.
    pub join_seeds: u32,
    /// Anti-entropy (memberlist's push-pull): every `push_pull_periods` protocol periods a node
    /// exchanges its whole table with one random alive member, so that knowledge a rumour
    /// failed to carry everywhere (its retransmissions spent, or lost) still arrives. Scaled
    /// up for groups over 32 members as memberlist's `pushPullScale` does: multiplied by
    /// `ceil(log2 N) - 4`. memberlist's `PushPullInterval` is 30 s at a 1 s probe interval:
    /// default 30. 0 disables it; at most 100 000.
    pub push_pull_periods: u32,
    /// Reconnection to members believed dead (Serf's reconnect), in protocol periods: each
    /// period a node sends a push-pull `Sync` to one random dead member with probability
    /// `dead / (live · reconnect_periods)`, so that the whole group tries each dead member
    /// about once every `reconnect_periods` periods. A member wrongly declared dead (behind a
    /// partition) thereby learns so and refutes, and the two sides merge again after a heal.
    /// Default 10. 0 disables it; at most 100 000.
    pub reconnect_periods: u32,
    /// A separate gossip timer (memberlist's `GossipInterval`), in microseconds: every
    /// `gossip_interval` a node sends pending updates to `gossip_fanout` random members
    /// (memberlist's `GossipNodes`), instead of once per protocol period. 0 (default) keeps
    /// the per-period fan-out (the SWIM paper: piggybacking only, plus `gossip_fanout` extra
    /// targets at each tick). At most 60 s.
    pub gossip_interval: Micros,
    /// memberlist's `GossipToTheDeadTime`, in microseconds: gossip (the fan-out and the
    /// gossip timer) goes to members alive or suspect, and to members declared dead less than
    /// this long ago, as memberlist's `gossip()` chooses them. A suspect that hears its own
    /// suspicion refutes it; a member wrongly declared dead hears it too. 0 sends no gossip
    /// to the dead. Default 30 s (LAN; WAN 60 s, local 15 s). At most 1 hour.
    pub gossip_to_dead: Micros,
    /// memberlist's TCP fallback ping (on unless `DisableTcpPings`): when the direct ping
    /// goes unanswered, beside the ping-reqs a ping also goes to the target over a reliable
    /// stream, answered over it without piggybacked updates. If that answer arrives before the
    /// probe's end and no ack did, the probe counts as a success: no suspicion, and the
    /// health score improves as after an ack. Default false (the SWIM paper has none).
    pub tcp_ping: bool,
    /// Which parts of Lifeguard run (see [`Lifeguard`]). Default none: plain SWIM.
    pub lifeguard: Lifeguard,
    /// memberlist's `AwarenessMaxMultiplier`: the local health score stays in
    /// `0..awareness_max`, so the probe interval grows to at most `awareness_max` periods.
    /// Used with `lifeguard.lhm`. Default 8 (every memberlist profile). In 1..=64.
    pub awareness_max: u32,
    /// memberlist's `SuspicionMaxTimeoutMult`: a dynamic suspicion starts at this many times
    /// the plain suspicion timeout. Used with `lifeguard.dynamic`. Default 6 (every memberlist
    /// profile). In 1..=100.
    pub suspicion_max_mult: u32,
    /// When true, a node's first protocol period starts at the next multiple of `period`
    /// (all nodes tick together, as the analysis tests want); when false (default) it starts
    /// at a random offset in `[0, period)` so that nodes are not synchronised.
    pub aligned_start: bool,
}

impl SwimConfig {
    /// memberlist's `DefaultLANConfig`: 1 s period, 500 ms ack timeout, `k` = 3, `n` = 4,
    /// `λ` = 4.
    pub fn lan() -> Self {
        SwimConfig {
            period: 1_000_000,
            ack_timeout: 500_000,
            indirect_probes: 3,
            suspicion_mult: 4,
            lambda: 4,
            gossip_fanout: 0,
            max_piggyback: 150,
            join_seeds: 3,
            push_pull_periods: 30,
            reconnect_periods: 10,
            gossip_interval: 0,
            gossip_to_dead: 30_000_000,
            tcp_ping: false,
            lifeguard: Lifeguard::OFF,
            awareness_max: DEFAULT_AWARENESS_MAX,
            suspicion_max_mult: 6,
            aligned_start: false,
        }
    }

    /// memberlist's `DefaultWANConfig`: 5 s period, 3 s ack timeout, `k` = 3, `n` = 6, `λ` = 4.
    pub fn wan() -> Self {
        SwimConfig {
            period: 5_000_000,
            ack_timeout: 3_000_000,
            suspicion_mult: 6,
            gossip_to_dead: 60_000_000,
            ..Self::lan()
        }
    }

    /// memberlist's `DefaultLocalConfig` (loopback): 1 s period, 200 ms ack timeout, `k` = 1,
    /// `n` = 3, `λ` = 2.
    pub fn local() -> Self {
        SwimConfig {
            ack_timeout: 200_000,
            indirect_probes: 1,
            suspicion_mult: 3,
            lambda: 2,
            gossip_to_dead: 15_000_000,
            ..Self::lan()
        }
    }

    /// Checks every constraint documented on the fields; the error names the first field
    /// that breaks one.
    pub fn validate(&self) -> Result<(), ConfigError> {
        if self.period == 0 {
            return Err(ConfigError::new("period", "must be greater than 0 µs"));
        }
        if self.ack_timeout == 0 || self.ack_timeout >= self.period {
            return Err(ConfigError::new(
                "ack_timeout",
                format!(
                    "must be greater than 0 and less than period ({} µs), got {} µs",
                    self.period, self.ack_timeout
                ),
            ));
        }
        check_range("indirect_probes", self.indirect_probes, 0, 16)?;
        check_range("suspicion_mult", self.suspicion_mult, 1, u32::MAX)?;
        check_range("lambda", self.lambda, 1, MAX_LAMBDA)?;
        check_range("gossip_fanout", self.gossip_fanout, 0, 16)?;
        check_range("max_piggyback", self.max_piggyback, 1, u32::MAX)?;
        check_range("join_seeds", self.join_seeds, 1, 64)?;
        check_range("push_pull_periods", self.push_pull_periods, 0, 100_000)?;
        check_range("reconnect_periods", self.reconnect_periods, 0, 100_000)?;
        if self.gossip_interval > 60_000_000 {
            return Err(ConfigError::new(
                "gossip_interval",
                format!("must be at most 60 s, got {} µs", self.gossip_interval),
            ));
        }
        if self.gossip_to_dead > 3_600_000_000 {
            return Err(ConfigError::new(
                "gossip_to_dead",
                format!("must be at most 1 hour, got {} µs", self.gossip_to_dead),
            ));
        }
        check_range("awareness_max", self.awareness_max, 1, 64)?;
        check_range("suspicion_max_mult", self.suspicion_max_mult, 1, 100)?;
        Ok(())
    }
}

impl SwimConfig {
    /// The push-pull interval in protocol periods when `live` members are alive or suspect:
    /// `push_pull_periods`, times `ceil(log2 live) - 4` above 32 members (memberlist's
    /// `pushPullScale`); 0 when push-pull is disabled.
    pub fn push_pull_interval(&self, live: u32) -> u32 {
        const THRESHOLD: u32 = 32;
        if live <= THRESHOLD {
            return self.push_pull_periods;
        }
        let ceil_log2 = u32::BITS - (live - 1).leading_zeros();
        self.push_pull_periods.saturating_mul(ceil_log2 - 4)
    }
}

impl Default for SwimConfig {
    fn default() -> Self {
        Self::lan()
    }
}

fn check_range(field: &'static str, value: u32, min: u32, max: u32) -> Result<(), ConfigError> {
    if value < min || value > max {
        let range = if max == u32::MAX {
            format!("at least {min}")
        } else {
            format!("in {min}..={max}")
        };
        return Err(ConfigError::new(
            field,
            format!("must be {range}, got {value}"),
        ));
    }
    Ok(())
}

/// A configuration value that breaks its documented constraint.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigError {
    /// The name of the offending [`SwimConfig`] field.
    pub field: &'static str,
    /// What is wrong and what is accepted.
    pub message: String,
}

impl ConfigError {
    fn new(field: &'static str, message: impl Into<String>) -> Self {
        ConfigError {
            field,
            message: message.into(),
        }
    }
}

impl ::core::fmt::Display for ConfigError {
    fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
        write!(f, "{}: {}", self.field, self.message)
    }
}

impl ::core::error::Error for ConfigError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn presets_are_valid() {
        assert_eq!(SwimConfig::default(), SwimConfig::lan());
        for config in [SwimConfig::lan(), SwimConfig::wan(), SwimConfig::local()] {
            assert_eq!(config.validate(), Ok(()));
        }
    }

    #[test]
    fn push_pull_interval_scales_like_memberlist_above_32_members() {
        let config = SwimConfig::lan();
        assert_eq!(config.push_pull_interval(8), 30);
        assert_eq!(config.push_pull_interval(32), 30);
        assert_eq!(config.push_pull_interval(33), 60);
        assert_eq!(config.push_pull_interval(64), 60);
        assert_eq!(config.push_pull_interval(256), 120);
        assert_eq!(config.push_pull_interval(1000), 180);
        assert_eq!(config.push_pull_interval(5000), 270);
    }

    #[test]
    fn ack_timeout_not_below_period_is_rejected_by_name() {
        let config = SwimConfig {
            ack_timeout: 1_000_000,
            ..SwimConfig::lan()
        };
        assert_eq!(config.validate().unwrap_err().field, "ack_timeout");
    }

    #[test]
    fn out_of_range_counts_are_rejected_by_name() {
        type BreakIt = fn(&mut SwimConfig);
        let cases: [(&str, BreakIt); 13] = [
            ("period", |c| c.period = 0),
            ("indirect_probes", |c| c.indirect_probes = 17),
            ("suspicion_mult", |c| c.suspicion_mult = 0),
            ("lambda", |c| c.lambda = 0),
            ("lambda", |c| c.lambda = MAX_LAMBDA + 1),
            ("gossip_fanout", |c| c.gossip_fanout = 17),
            ("max_piggyback", |c| c.max_piggyback = 0),
            ("join_seeds", |c| c.join_seeds = 0),
            ("push_pull_periods", |c| c.push_pull_periods = 100_001),
            ("reconnect_periods", |c| c.reconnect_periods = 100_001),
            ("gossip_interval", |c| c.gossip_interval = 60_000_001),
            ("awareness_max", |c| c.awareness_max = 0),
            ("suspicion_max_mult", |c| c.suspicion_max_mult = 101),
        ];
        for (field, break_it) in cases {
            let mut config = SwimConfig::lan();
            break_it(&mut config);
            assert_eq!(config.validate().unwrap_err().field, field);
        }
    }
}
