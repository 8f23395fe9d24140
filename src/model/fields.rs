//! What the parameter panel's fields are and say: each number field's key, label and accepted
//! range for a scenario, and every key's tooltip. Plain data, tested natively; the components
//! in `components/controls.rs` draw them.

use gossip_sim::scenario::keys::{Applies, Change};
use gossip_sim::{Proto, Scenario};

/// What a key means and how a change reaches a running cluster: the key's help in the
/// scenario's key table (the text `gossip-sim keys` and the docs print), as a sentence,
/// followed by what changing it does. Empty for a key the table does not have.
pub fn help(key: &str, proto: Proto) -> String {
    let Some(k) = gossip_sim::scenario::key(key) else {
        return String::new();
    };
    let ignored = match k.applies {
        Applies::Both => false,
        Applies::Gossip => proto != Proto::Gossip,
        Applies::Swim | Applies::SwimIgnoredByGossip => proto != Proto::Swim,
    };
    let change = match k.change {
        _ if ignored => " This protocol does not use it.",
        Change::Live(_) => {
            " Live: the running cluster takes it from now on (recorded as a set event)."
        }
        Change::Resize => {
            " Here the field shows the members running now: a larger value adds members by \
             joins, a smaller one makes the highest ids leave gracefully (recorded as join / \
             leave events)."
        }
        Change::Restart => " Changing it restarts the run.",
        Change::Script => "",
    };
    format!("{}.{change}", sentence(k.help()))
}

/// A key table's help line as a sentence: `code` marks dropped, the first letter capitalised
/// (the lines start with an ASCII word).
fn sentence(help: &str) -> String {
    let mut plain = help.replace('`', "");
    if let Some(first) = plain.get_mut(..1) {
        first.make_ascii_uppercase();
    }
    plain
}

/// The tooltip of a number field: [`help`] and the field's range for this scenario (so the
/// text cannot fall behind a changed limit).
pub fn number_tip(key: &str, proto: Proto, (min, max): (u64, u64)) -> String {
    format!("{} Accepted here: {min}–{max}.", help(key, proto))
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

/// The number fields shown only for some settings (SWIM's timers, Lifeguard's constants,
/// gossip's detector and exchange, the loss bursts).
pub const EXTRA_KEYS: [&str; 11] = [
    "gossip_interval",
    "pushpull",
    "gossip_to_dead",
    "suspicion_max_mult",
    "awareness_max",
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
        field("nodes", "nodes running", s.nodes.into()),
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
    fn every_keys_tooltip_is_its_help_in_the_key_table_and_says_how_it_applies() {
        for k in gossip_sim::scenario::KEY_TABLE {
            let proto = match k.applies {
                Applies::Gossip => Proto::Gossip,
                _ => Proto::Swim,
            };
            let tip = help(k.name, proto);
            let first = k.help().replace('`', "");
            let first: String = first.chars().skip(1).take(30).collect();
            assert!(tip.contains(&first), "{}: {tip}", k.name);
            let says = match k.change {
                Change::Live(_) => tip.contains(" Live: "),
                Change::Resize => tip.contains("the members running now"),
                Change::Restart => tip.ends_with("restarts the run."),
                Change::Script => true,
            };
            assert!(says, "{}: {tip}", k.name);
        }
        assert_eq!(help("colour", Proto::Swim), "");
        // A key the protocol does not use says so instead of how it applies.
        let k = help("k", Proto::Gossip);
        assert!(k.ends_with("This protocol does not use it."), "{k}");
        assert!(!k.contains("Live"), "{k}");
    }

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
