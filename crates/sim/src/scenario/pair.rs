//! A/B: two configurations of one scenario, sharing the seed and the event script.
//!
//! In a query, keys prefixed `b.` set the second configuration: `proto=swim&nodes=64&
//! ev=10s.crash.3&b.k=0` runs SWIM with `k=3` (a) and with `k=0` (b) on the same script and
//! seed. B's query is A's with each `b.KEY` replacing `KEY` (or added), so a key B does not
//! name has A's written value, or B's protocol default when A does not write it either. Every
//! key but `ev` and `seed` can differ (`b.proto` too, to compare gossip and SWIM on one script).

use super::query::KEYS;
use super::{Scenario, ScenarioError};

/// The two configurations of an A/B query.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ScenarioPair {
    /// The configuration of the keys without prefix.
    pub a: Scenario,
    /// A's, with the `b.` keys applied; same seed and events as A.
    pub b: Scenario,
}

/// The prefix of B's keys.
pub const B_PREFIX: &str = "b.";

fn pairs(query: &str) -> Vec<(String, String)> {
    let query = query.strip_prefix('?').unwrap_or(query);
    form_urlencoded::parse(query.as_bytes())
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect()
}

fn encode(pairs: &[(String, String)]) -> String {
    form_urlencoded::Serializer::new(String::new())
        .extend_pairs(pairs)
        .finish()
}

impl ScenarioPair {
    /// True if the query has a `b.` key (so it describes an A/B pair, not one scenario).
    pub fn is_pair_query(query: &str) -> bool {
        pairs(query).iter().any(|(k, _)| k.starts_with(B_PREFIX))
    }

    /// Parses an A/B query. Errors name the key as written: `nodes` for A, `b.nodes` for B
    /// (also when B's values clash with the keys it inherits from A, or the shared script
    /// cannot apply to B); `b.ev` and `b.seed` are refused, since both runs share them.
    pub fn from_query(query: &str) -> Result<ScenarioPair, ScenarioError> {
        let mut a_pairs = Vec::new();
        let mut b_over: Vec<(String, String)> = Vec::new();
        for (k, v) in pairs(query) {
            let Some(key) = k.strip_prefix(B_PREFIX) else {
                a_pairs.push((k, v));
                continue;
            };
            match key {
                "ev" | "seed" => {
                    return Err(ScenarioError::new(
                        k.as_str(),
                        format!(
                            "A and B share the seed and the event script: write {key} once, \
                             without the b. prefix"
                        ),
                    ));
                }
                _ if !KEYS.contains(&key) => {
                    return Err(ScenarioError::new(
                        k.as_str(),
                        format!(
                            "unknown key; accepted b.KEY for every key but ev and seed: {}",
                            KEYS[..12].join(", ")
                        ),
                    ));
                }
                _ if b_over.iter().any(|(o, _)| o == key) => {
                    return Err(ScenarioError::new(k.as_str(), "is given more than once"));
                }
                _ => b_over.push((key.to_string(), v)),
            }
        }
        let a = Scenario::from_query(&encode(&a_pairs))?;
        let mut b_pairs = a_pairs;
        for (key, v) in b_over {
            match b_pairs.iter_mut().find(|(k, _)| *k == key) {
                Some(slot) => slot.1 = v,
                None => b_pairs.push((key, v)),
            }
        }
        let b = Scenario::from_query(&encode(&b_pairs))
            .map_err(|e| ScenarioError::new(format!("{B_PREFIX}{}", e.key), e.message))?;
        Ok(ScenarioPair { a, b })
    }

    /// The canonical A/B query: A's canonical query, then `b.KEY=VALUE` (in key order) for
    /// each key where B differs from what it would inherit from A. Parsing it gives this pair
    /// back (when B shares A's seed and events, as every parsed pair does).
    pub fn to_query(&self) -> String {
        let a_query = self.a.to_query();
        // What B inherits from A's keys under B's protocol, without range repairs: a value
        // A may take but B may not (gossip's `t` below its period) must still be overridden.
        // B is parsed with its protocol and its profile, whose constants are the defaults of
        // the keys A's canonical query leaves out.
        let mut b0 = Scenario::defaults_for(self.b.proto, self.b.profile);
        for (k, v) in pairs(&a_query) {
            if !matches!(k.as_str(), "proto" | "profile" | "ev") {
                let _ = b0.set(&k, &v);
            }
        }
        let mut over = Vec::new();
        for key in KEYS.iter().filter(|k| !matches!(**k, "ev" | "seed")) {
            let value = self.b.value_of(key);
            let inherited = match *key {
                "proto" | "profile" => self.a.value_of(key),
                _ => b0.value_of(key),
            };
            if value != inherited {
                over.push((format!("{B_PREFIX}{key}"), value.unwrap_or_default()));
            }
        }
        let mut q = a_query;
        for (k, v) in over {
            if !q.is_empty() {
                q.push('&');
            }
            q.push_str(&k);
            q.push('=');
            q.push_str(&v);
        }
        q
    }
}
