//! What the parameter panel's fields are and say: each number field's key, label and accepted
//! range for a scenario, and every key's tooltip. Plain data, tested natively; the components
//! in `components/controls.rs` draw them.

use gossip_sim::{Proto, Scenario};

/// Each key's tooltip text: (key, the protocol it is for or `None` for both, text). The first
/// row that matches is used.
const HELP: &[(&str, Option<Proto>, &str)] = &[
    (
        "proto",
        None,
        "Protocol. gossip: heartbeat tables pushed to neighbours (van Renesse et al. 1998). swim: probe, indirect probe, suspicion and infection-style dissemination (Das et al. 2002). Changing it restarts the run.",
    ),
    (
        "nodes",
        Some(Proto::Gossip),
        "Members running now ({range}). Live: a larger value adds members by joins, a smaller one makes the highest ids leave gracefully (recorded as join / leave events). Every gossip table holds every member, so memory grows as nodes².",
    ),
    (
        "nodes",
        Some(Proto::Swim),
        "Members running now ({range}; the most depends on the protocol and topology). Live: a larger value adds members by joins, a smaller one makes the highest ids leave gracefully (recorded as join / leave events).",
    ),
    (
        "topo",
        Some(Proto::Gossip),
        "Who gossips with whom: ring (degree neighbours, half on each side), mesh (random connected graph, mean degree ≈ degree), full (everyone). Restarts the run.",
    ),
    (
        "topo",
        Some(Proto::Swim),
        "Whom each member knows at start: ring or mesh neighbours, or everyone (full). The rest is learned through join announcements spread by dissemination. Restarts the run.",
    ),
    (
        "degree",
        None,
        "Neighbours per node for ring and mesh ({range}). Degree 2 on a ring: one on each side. Restarts the run.",
    ),
    (
        "period",
        Some(Proto::Gossip),
        "Gossip period, ms ({range}): every period a node bumps its heartbeat and sends its table. Live: each member's next period is the new length (recorded as a set event).",
    ),
    (
        "period",
        Some(Proto::Swim),
        "Protocol period T, ms ({range}): one probe per member per period. Live: each member's next period is the new length (recorded as a set event).",
    ),
    (
        "t",
        Some(Proto::Gossip),
        "t, ms ({range}): a member whose heartbeat counter has not advanced for t is marked suspect (more than period + 1.5 × latency). With the phi detector, φ decides suspicion and t only sets removal, n·t after it. Live: each member applies it at its next tick's sweep.",
    ),
    (
        "t",
        Some(Proto::Swim),
        "Direct-ping ack timeout, ms ({range}; at least 3 × latency, the longest round trip, and below the period): no ack by then → ping-req through k others. Live: each member's next probe waits the new timeout.",
    ),
    (
        "n",
        Some(Proto::Gossip),
        "n: a suspect silent for a further n·t is removed from the table ({range}). Live: applied at each member's next tick's sweep.",
    ),
    (
        "n",
        Some(Proto::Swim),
        "Suspicion multiplier ({range}): a suspect is declared dead after n · T · max(1, log10 N) unless it refutes. Live: suspicions raised from now on use it; running ones keep their deadline.",
    ),
    (
        "fanout",
        Some(Proto::Gossip),
        "Peers (chosen at random among the neighbours) sent the table each period ({range}). Live: from each member's next tick.",
    ),
    (
        "fanout",
        Some(Proto::Swim),
        "Extra gossip targets per period for pending updates ({range}); 0 = pure piggybacking on pings and acks. Live: from each member's next tick.",
    ),
    (
        "k",
        Some(Proto::Gossip),
        "Indirect probes ({range}): SWIM only, ignored by gossip.",
    ),
    (
        "k",
        Some(Proto::Swim),
        "Indirect probes k ({range}): members asked to ping the target when the direct ack times out. Live: from each member's next failed probe.",
    ),
    (
        "lambda",
        Some(Proto::Gossip),
        "Retransmit multiplier ({range}): SWIM only, ignored by gossip.",
    ),
    (
        "lambda",
        Some(Proto::Swim),
        "λ ({range}): each update is piggybacked λ·⌈log10(N+1)⌉ times. Live: from each member's next piggyback.",
    ),
    (
        "loss",
        None,
        "Message loss, percent ({range}). Live: for messages sent from now on (recorded as a set event).",
    ),
    (
        "latency",
        None,
        "Mean one-way latency, ms ({range}); each message takes ½–1½ times the mean. Live: for messages sent from now on; those in flight keep their delay.",
    ),
    (
        "seed",
        None,
        "Seed of every random choice: same scenario + same seed = same run, here and in gossip-sim. Restarts the run.",
    ),
    (
        "profile",
        None,
        "memberlist's configuration profile (SWIM): lan, wan or local set period, t, n, k, λ, the gossip interval and fan-out, the push-pull interval and the gossip-to-the-dead time to DefaultLANConfig / DefaultWANConfig / DefaultLocalConfig, and run what memberlist always runs: Lifeguard on and the TCP fallback ping on; keys you set override it. Restarts the run.",
    ),
    (
        "lifeguard",
        None,
        "Lifeguard (Dadgar et al. 2017, as in memberlist), SWIM only: off, on, or parts joined by dots: lhm (local health multiplier), dyn (dynamic suspicion), buddy (a ping carries the suspicion to the suspect), nack (relays answer nack). Restarts the run.",
    ),
    (
        "detector",
        None,
        "Gossip's failure detector: fixed (the article: suspect after t, remove n·t later) or phi (accrual, as Cassandra: suspect when φ = silence / mean inter-arrival · log10 e passes the threshold; removed n·t later). Restarts the run.",
    ),
    (
        "phi",
        None,
        "φ threshold ({range}) of the phi accrual detector: higher = fewer false suspicions, slower detection. Restarts the run.",
    ),
    (
        "exchange",
        None,
        "Gossip's exchange: full (the article: push the whole table) or scuttlebutt (as chitchat: digest, then only the newer entries, Syn / SynAck / Ack2). Restarts the run.",
    ),
    (
        "mtu",
        None,
        "Largest Scuttlebutt message, bytes ({range}): deltas beyond it wait, stalest first. Restarts the run.",
    ),
    (
        "burst",
        None,
        "Mean length of a burst of losses on one link, in messages (Gilbert–Elliott; the mean loss stays `loss`). 1 = independent losses. {range}. Restarts the run.",
    ),
    (
        "gossip_interval",
        None,
        "SWIM: memberlist's gossip timer, ms: every interval send pending updates to `fanout` members; 0 = once per period. {range}. Restarts the run.",
    ),
    (
        "tcp_ping",
        None,
        "SWIM: memberlist's TCP fallback ping. When a ping goes unanswered, beside the ping-reqs a ping also goes to the member over a stream that packet loss does not touch (a partition, cut, crash or pause does); an answer before the probe ends means no suspicion. On under a profile. Restarts the run.",
    ),
    (
        "gossip_to_dead",
        None,
        "SWIM: memberlist's GossipToTheDeadTime, ms ({range}): gossip goes to members alive or suspect, and to those declared dead less than this long ago, so a member declared dead by mistake hears it and refutes. 0 = never to the dead. Restarts the run.",
    ),
    (
        "phi_model",
        None,
        "How φ reads a silence: exponential (Cassandra, chitchat: φ = silence / mean · log10 e) or normal (the paper, Akka: mean and standard deviation of the inter-arrival window). The project's docs (phi.md) measure how calibrated each is: neither is exactly. Restarts the run.",
    ),
    (
        "phi_min_std",
        None,
        "With the normal φ model: the least standard deviation of inter-arrival times, ms ({range}), as Akka's min-std-deviation. Restarts the run.",
    ),
    (
        "phi_pause",
        None,
        "With the normal φ model: an acceptable heartbeat pause added to the mean, ms ({range}), as Akka's acceptable-heartbeat-pause. Restarts the run.",
    ),
    (
        "burst_ms",
        None,
        "Loss bursts in time: each link's bad state (every message lost) lasts this many ms on average ({range}; 0 = off), the mean loss staying `loss`. Not with `burst` > 1. Restarts the run.",
    ),
    (
        "pushpull",
        None,
        "SWIM: push-pull (full state exchange) interval, ms, counted in whole periods ({range}); empty = every 30 periods. Restarts the run.",
    ),
];

/// What a key means for a protocol (tooltip text), with its unit and range.
pub fn help(key: &str, proto: Proto) -> &'static str {
    HELP.iter()
        .find(|(k, p, _)| *k == key && p.is_none_or(|p| p == proto))
        .map_or("", |(_, _, text)| text)
}

/// The tooltip of a number field: [`help`] with `{range}` replaced by the field's range (so
/// the text cannot fall behind a changed limit).
pub fn number_tip(key: &str, proto: Proto, (min, max): (u64, u64)) -> String {
    help(key, proto).replace("{range}", &format!("{min}–{max}"))
}

/// Whether a valid draft of `key` is applied after a pause in typing, or only on Enter or
/// when focus leaves the field. A pause inside `24` must not apply `2`: for `nodes` that
/// makes members leave and join again, and a key that restarts the run restarts it twice.
/// Keys that apply live and cheaply (loss, latency, timers) keep the pause.
pub fn commits_on_pause(key: &str) -> bool {
    key != "nodes" && !super::restarts(key)
}

/// What a field that does not commit on a pause adds to its tooltip.
pub const ENTER_APPLIES: &str = " Enter, or leaving the field, applies it.";

/// The number fields shown only for some settings (SWIM's timers, gossip's detector and
/// exchange, the loss bursts).
pub const EXTRA_KEYS: [&str; 9] = [
    "gossip_interval",
    "pushpull",
    "gossip_to_dead",
    "phi",
    "phi_min_std",
    "phi_pause",
    "mtu",
    "burst",
    "burst_ms",
];

/// The range the number key `key` accepts in `s`, from the scenario's key table.
pub fn range(key: &str, s: &Scenario) -> (u64, u64) {
    gossip_sim::scenario::key(key)
        .and_then(|k| k.bounds(s))
        .map_or((0, u64::MAX), |b| (b.lo, b.hi))
}

/// The range of one of the [`EXTRA_KEYS`] fields (their ranges depend on no other key).
pub fn extra_range(key: &str) -> (u64, u64) {
    range(key, &Scenario::default())
}

/// The number fields for a scenario: (key, label, value, accepted range).
pub fn number_fields(s: &Scenario) -> [(&'static str, &'static str, u64, (u64, u64)); 11] {
    let swim = s.proto == Proto::Swim;
    let field = |key, label, value| (key, label, value, range(key, s));
    [
        field("nodes", "nodes", s.nodes.into()),
        field("degree", "degree", s.degree.into()),
        field("period", "period (ms)", s.period_ms),
        field(
            "t",
            if swim {
                "t: ack timeout (ms)"
            } else if s.detector == gossip_sim::scenario::Detector::Phi {
                "t: removal after n·t (ms)"
            } else {
                "t: suspect after (ms)"
            },
            s.t_ms,
        ),
        field(
            "n",
            if swim {
                "n: suspicion mult."
            } else {
                "n: remove after n·t"
            },
            s.n.into(),
        ),
        field("fanout", "fanout", s.fanout.into()),
        field("k", "k: indirect probes", s.k.into()),
        field("lambda", "λ: retransmit mult.", s.lambda.into()),
        field("loss", "loss (%)", s.loss_pct.into()),
        field("latency", "latency (ms)", s.latency_ms),
        field("seed", "seed", s.seed),
    ]
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every number field's tooltip gives the range the field accepts (the page's limits
    /// changed twice while the tooltips kept the old ones).
    #[test]
    fn each_number_fields_tooltip_states_its_accepted_range() {
        for query in [
            "proto=gossip",
            "proto=gossip&detector=phi",
            "proto=swim&topo=full",
            "proto=swim&topo=ring",
        ] {
            let s = Scenario::from_query(query).expect("a valid scenario");
            let main = number_fields(&s).map(|(key, _, _, range)| (key, range));
            let extra = EXTRA_KEYS.map(|key| (key, extra_range(key)));
            for (key, range) in main.into_iter().chain(extra) {
                if key == "seed" {
                    continue;
                }
                let tip = number_tip(key, s.proto, range);
                let want = format!("{}–{}", range.0, range.1);
                assert!(
                    tip.contains(&want),
                    "{query}: {key}'s tooltip lacks {want}: {tip}"
                );
            }
        }
    }

    /// The fields' ranges are the scenario's: one past either end is refused, naming the key.
    #[test]
    fn number_fields_accept_what_the_scenario_accepts() {
        for query in ["", "detector=phi", "proto=swim&topo=full", "proto=swim"] {
            let s = Scenario::from_query(query).expect("a valid scenario");
            for (key, _, _, (lo, hi)) in number_fields(&s) {
                if key == "seed" {
                    continue;
                }
                let err = |v: u64| {
                    let mut next = s.clone();
                    next.set(key, &v.to_string())
                        .ok()
                        .and_then(|_| next.validate_params().err())
                };
                assert!(
                    err(hi + 1).is_some_and(|e| e.key == key),
                    "{query}: {key} {}",
                    hi + 1
                );
                if lo > 0 {
                    assert!(
                        err(lo - 1).is_some_and(|e| e.key == key),
                        "{query}: {key} {}",
                        lo - 1
                    );
                }
            }
        }
    }
}

#[cfg(test)]
mod pause_tests {
    use super::*;

    #[test]
    fn only_keys_that_apply_live_without_joins_or_restarts_commit_on_a_pause() {
        for key in [
            "loss", "latency", "period", "t", "n", "k", "lambda", "fanout",
        ] {
            assert!(commits_on_pause(key), "{key}");
        }
        for key in ["nodes", "degree", "seed", "burst", "phi", "mtu", "pushpull"] {
            assert!(!commits_on_pause(key), "{key}");
        }
    }
}
