//! Heartbeat gossip: Cassandra's `phi_convict_threshold`, Akka's
//! `akka.cluster.failure-detector`, chitchat's `ChitchatConfig` and `FailureDetectorConfig`.
//!
//! Sources (read 2026-12-07): apache/cassandra (`conf/cassandra.yaml`,
//! `config/Config.java`: `phi_convict_threshold = 8.0`; `config/DatabaseDescriptor.java`: the
//! 5..16 check; `gms/Gossiper.java`: `intervalInMillis = 1000`; `gms/FailureDetector.java`:
//! `PHI_FACTOR`, `cassandra.fd_max_interval_ms`), akka/akka at 9892c5e415e4
//! (`akka-cluster/src/main/resources/reference.conf`,
//! `akka-remote/.../PhiAccrualFailureDetector.scala`, `DeadlineFailureDetector.scala`),
//! quickwit-oss/chitchat at 1e773603558d (`chitchat/src/failure_detector.rs`,
//! `configuration.rs`, `server.rs`, `lib.rs`).

use super::{hocon_duration, rust_duration};
use crate::scenario::{Detector, Exchange, PhiModel, Scenario};
use gossip_protocol::gossip::{MAX_UDP_PAYLOAD, PHI_WINDOW};
use std::fmt::Write as _;

/// Cassandra accepts `phi_convict_threshold` in this range (`DatabaseDescriptor`).
const CASSANDRA_PHI: std::ops::RangeInclusive<u32> = 5..=16;
/// Cassandra's gossip round, ms: `Gossiper.intervalInMillis`, a constant.
const CASSANDRA_INTERVAL_MS: u64 = 1000;
/// chitchat's gossip targets per round: `GOSSIP_COUNT` (server.rs:21), a constant.
const CHITCHAT_GOSSIP_COUNT: u32 = 3;

fn header(s: &Scenario, comment: &str, what: &str) -> String {
    let q = s.to_query();
    let from = if q.is_empty() {
        "(the defaults)".to_string()
    } else {
        format!("'{q}'")
    };
    format!("{comment} {what}, from the scenario {from}\n")
}

/// The note for `detector=fixed` in a system that only has phi accrual.
fn no_fixed_detector(system: &str, s: &Scenario) -> String {
    format!(
        "detector=fixed (suspect after t={} ms of silence) has no equivalent in {system}, whose only failure detector is phi accrual: set detector=phi to export one",
        s.t_ms
    )
}

/// Cassandra: `phi_convict_threshold` in cassandra.yaml, and `fd_max_interval_ms` for
/// jvm.options.
pub(super) fn cassandra(s: &Scenario) -> (String, Vec<String>) {
    if s.detector != Detector::Phi {
        return (String::new(), vec![no_fixed_detector("Cassandra", s)]);
    }
    let mut notes = Vec::new();
    let mut text = header(s, "#", "cassandra.yaml");
    if CASSANDRA_PHI.contains(&s.phi) {
        let _ = writeln!(
            text,
            "phi_convict_threshold: {} # phi={} (Cassandra's default 8; accepted 5..16)",
            s.phi, s.phi
        );
    } else {
        notes.push(format!(
            "phi={}: Cassandra refuses phi_convict_threshold outside 5..16 at startup (DatabaseDescriptor), so it is not written",
            s.phi
        ));
    }
    if s.t_ms != 2 * CASSANDRA_INTERVAL_MS {
        let _ = writeln!(
            text,
            "# jvm.options (a system property): intervals longer than t={} ms are not learned (Cassandra's default 2 × its 1 s round)\n# -Dcassandra.fd_max_interval_ms={}",
            s.t_ms, s.t_ms
        );
    }
    if s.period_ms != CASSANDRA_INTERVAL_MS {
        notes.push(format!(
            "period={} ms: Cassandra gossips once a second (Gossiper.intervalInMillis = 1000, a constant); a conviction comes after a silence of φ · mean · ln 10, and the mean inter-arrival follows that 1 s round",
            s.period_ms
        ));
    }
    if s.phi_model == PhiModel::Normal {
        notes.push(
            "phi_model=normal: Cassandra's φ is the exponential model (t / mean · log10 e, FailureDetector.java); the same threshold convicts after a different silence, and phi_min_std and phi_pause have no equivalent".into(),
        );
    }
    if s.fanout != 1 {
        notes.push(format!(
            "fanout={}: Cassandra gossips to one live member a round (plus, by chance, an unreachable one and a seed), with no setting",
            s.fanout
        ));
    }
    if s.exchange == Exchange::Full {
        notes.push(
            "exchange=full: Cassandra always exchanges digests first (GossipDigestSyn, Ack, Ack2), as exchange=scuttlebutt".into(),
        );
    }
    notes.push(format!(
        "n={}: Cassandra keeps a convicted member as DOWN until an operator removes it (nodetool removenode); nothing removes it n·t = {} ms later",
        s.n,
        u64::from(s.n) * s.t_ms
    ));
    (text, notes)
}

/// Akka: `akka.cluster.failure-detector` (reference.conf lines at 9892c5e415e4).
pub(super) fn akka(s: &Scenario) -> (String, Vec<String>) {
    let mut notes = Vec::new();
    let mut text = header(s, "#", "Akka Cluster (application.conf)");
    text.push_str("akka.cluster.failure-detector {\n");
    let period = hocon_duration(s.period_ms);
    match s.detector {
        Detector::Fixed => {
            // DeadlineFailureDetector: unavailable after heartbeat-interval +
            // acceptable-heartbeat-pause without a heartbeat (DeadlineFailureDetector.scala:48).
            let pause = s.t_ms.saturating_sub(s.period_ms);
            let _ = writeln!(
                text,
                "  implementation-class = \"akka.remote.DeadlineFailureDetector\" # detector=fixed (default PhiAccrualFailureDetector; reference.conf:187)"
            );
            let _ = writeln!(
                text,
                "  heartbeat-interval = {period} # period={} (default 1 s; reference.conf:190)",
                s.period_ms
            );
            let _ = writeln!(
                text,
                "  acceptable-heartbeat-pause = {} # t={} minus the interval: the deadline is interval + pause (default 3 s; reference.conf:214)",
                hocon_duration(pause),
                s.t_ms
            );
        }
        Detector::Phi => {
            let _ = writeln!(
                text,
                "  heartbeat-interval = {period} # period={} (default 1 s; reference.conf:190)",
                s.period_ms
            );
            let _ = writeln!(
                text,
                "  threshold = {}.0 # phi={} (default 8.0; reference.conf:197)",
                s.phi, s.phi
            );
            let _ = writeln!(
                text,
                "  max-sample-size = {PHI_WINDOW} # the simulator's window (default 1000; reference.conf:201)"
            );
            match s.phi_model {
                PhiModel::Normal => {
                    let _ = writeln!(
                        text,
                        "  min-std-deviation = {} # phi_min_std={} (default 100 ms; reference.conf:207)",
                        hocon_duration(s.phi_min_std_ms),
                        s.phi_min_std_ms
                    );
                    let _ = writeln!(
                        text,
                        "  acceptable-heartbeat-pause = {} # phi_pause={} (default 3 s; reference.conf:214)",
                        hocon_duration(s.phi_pause_ms),
                        s.phi_pause_ms
                    );
                    notes.push(format!(
                        "the simulator starts a window from 2 × period = {} ms (a gossiped heartbeat comes later than the period), Akka from heartbeat-interval (PhiAccrualFailureDetector.scala:91): the first seconds differ",
                        2 * s.period_ms
                    ));
                }
                PhiModel::Exponential => notes.push(
                    "phi_model=exponential: Akka's φ is the normal model only (PhiAccrualFailureDetector.scala); the same threshold suspects after a different silence. Set phi_model=normal to export min-std-deviation and acceptable-heartbeat-pause too".into(),
                ),
            }
        }
    }
    text.push_str("}\n");
    notes.push(format!(
        "Akka sends heartbeats straight to the members that monitor each member (monitored-by-nr-of-members, default 9; reference.conf:218), where the simulator's arrive by gossip through fanout={} peers a period on topo={}: no setting maps one onto the other",
        s.fanout,
        s.topo.name()
    ));
    notes.push(format!(
        "n={}: Akka does not remove an unreachable member by itself; a downing provider (the Split Brain Resolver) decides, not a timer of n·t = {} ms",
        s.n,
        u64::from(s.n) * s.t_ms
    ));
    (text, notes)
}

/// chitchat: `ChitchatConfig::gossip_interval` and `FailureDetectorConfig`.
pub(super) fn chitchat(s: &Scenario) -> (String, Vec<String>) {
    if s.detector != Detector::Phi {
        return (String::new(), vec![no_fixed_detector("chitchat", s)]);
    }
    let mut notes = Vec::new();
    // chitchat compares elapsed / mean with its threshold (failure_detector.rs:250), without
    // Cassandra's log10 e: the simulator's φ = P is chitchat's P · ln 10.
    let threshold = f64::from(s.phi) * core::f64::consts::LN_10;
    let mut text = header(s, "//", "chitchat (quickwit-oss/chitchat)");
    text.push_str("let config = ChitchatConfig {\n");
    let _ = writeln!(
        text,
        "    gossip_interval: {}, // period={} (configuration.rs:19)",
        rust_duration(s.period_ms),
        s.period_ms
    );
    text.push_str("    failure_detector_config: FailureDetectorConfig {\n");
    let _ = writeln!(
        text,
        "        phi_threshold: {threshold:.4}, // phi={} × ln 10: chitchat's φ is silence / mean, without Cassandra's log10 e (default 8.0; failure_detector.rs:135)",
        s.phi
    );
    let _ = writeln!(
        text,
        "        sampling_window_size: {PHI_WINDOW}, // the simulator's window (default 1000; failure_detector.rs:137)"
    );
    let _ = writeln!(
        text,
        "        max_interval: {}, // t={}: longer intervals are not learned (default 10 s; failure_detector.rs:139)",
        rust_duration(s.t_ms),
        s.t_ms
    );
    let _ = writeln!(
        text,
        "        initial_interval: {}, // 2 × period: the window's seed (default 5 s; failure_detector.rs:141)",
        rust_duration(2 * s.period_ms)
    );
    let _ = writeln!(
        text,
        "        dead_node_grace_period: {}, // n·t = {} × {} ms: removed this long after it is found dead (default 24 h; failure_detector.rs:143)",
        rust_duration(u64::from(s.n) * s.t_ms),
        s.n,
        s.t_ms
    );
    text.push_str("    },\n");
    text.push_str("    // and your chitchat_id, cluster_id, listen_addr, seed_nodes,\n    // marked_for_deletion_grace_period, catchup_callback, extra_liveness_predicate\n};\n");
    notes.push(format!(
        "phi_threshold {threshold:.4} is phi={} × ln 10 rounded to 4 decimals",
        s.phi
    ));
    notes.push(
        "initial_interval: chitchat weighs it as 5 samples of prior mean (failure_detector.rs:209), the simulator as one sample: φ differs slightly over the first few heartbeats".into(),
    );
    if s.phi_model == PhiModel::Normal {
        notes.push(
            "phi_model=normal: chitchat's φ is the exponential model only (failure_detector.rs: SamplingWindow::phi); phi_min_std and phi_pause have no equivalent".into(),
        );
    }
    if s.fanout != CHITCHAT_GOSSIP_COUNT {
        notes.push(format!(
            "fanout={}: chitchat gossips with 3 live members a round (GOSSIP_COUNT, server.rs:21, a constant), plus by chance a dead one and a seed",
            s.fanout
        ));
    }
    if s.exchange == Exchange::Full {
        notes.push(
            "exchange=full: chitchat always runs Scuttlebutt (Syn, SynAck, Ack2), as exchange=scuttlebutt".into(),
        );
    }
    if s.mtu != MAX_UDP_PAYLOAD {
        notes.push(format!(
            "mtu={}: chitchat's is the constant MAX_UDP_DATAGRAM_PAYLOAD_SIZE = 65507 (lib.rs:47)",
            s.mtu
        ));
    }
    (text, notes)
}
