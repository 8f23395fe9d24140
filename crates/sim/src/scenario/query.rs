//! `Scenario` <-> URL query string.

use super::keys::{self, KEY_TABLE};
use super::{Scenario, ScenarioError, TimedEvent};
use gossip_protocol::gossip::{Detector, Exchange, PhiModel};
use std::fmt::Write as _;

/// Every key, in canonical order (from [`KEY_TABLE`]).
pub const KEYS: [&str; KEY_TABLE.len()] = keys::key_names();

/// Longest value echoed back in an error, in characters: a longer one is cut, with its length.
const ECHO_MAX: usize = 24;

/// `v` for an error message: whole if short, else its first [`ECHO_MAX`] characters, an
/// ellipsis and its length (a 100,000-digit value must not come back in full).
pub(crate) fn echo(v: &str) -> String {
    let len = v.chars().count();
    if len <= ECHO_MAX {
        return v.to_string();
    }
    let head: String = v.chars().take(ECHO_MAX).collect();
    format!("{head}… ({len} characters)")
}

pub(super) fn empty_event(v: &str) -> ScenarioError {
    ScenarioError::new(
        "ev",
        format!(
            "'{}' has an empty event: events are TIME.ACTION separated by single commas",
            super::clip(v)
        ),
    )
}

/// `detector`'s value in the query.
pub fn detector_name(d: Detector) -> &'static str {
    keys::name_of(&keys::DETECTORS, d)
}

/// `phi_model`'s value in the query.
pub fn phi_model_name(m: PhiModel) -> &'static str {
    keys::name_of(&keys::PHI_MODELS, m)
}

/// `exchange`'s value in the query.
pub fn exchange_name(e: Exchange) -> &'static str {
    keys::name_of(&keys::EXCHANGES, e)
}

impl Scenario {
    /// Parses a query such as `proto=swim&nodes=50&ev=5s.crash.3` (a leading `?` is allowed).
    /// Every key is optional; an unknown key, a bad value or an out-of-range number is an error
    /// that names the key and what it accepts.
    pub fn from_query(query: &str) -> Result<Scenario, ScenarioError> {
        let (s, errors) = Scenario::from_query_lenient(query);
        match errors.into_iter().next() {
            Some(e) => Err(e),
            None => Ok(s),
        }
    }

    /// Parses as much as it can: the scenario built from every valid key (invalid ones keep
    /// their default), and every error found. The page uses this to run what it can.
    pub fn from_query_lenient(query: &str) -> (Scenario, Vec<ScenarioError>) {
        let query = query.strip_prefix('?').unwrap_or(query);
        let pairs: Vec<(String, String)> = form_urlencoded::parse(query.as_bytes())
            .map(|(k, v)| (k.into_owned(), v.into_owned()))
            .collect();
        let mut errors = Vec::new();
        let mut seen: Vec<&str> = Vec::new();
        // `proto` and `profile` choose the other keys' defaults: read them first.
        let mut base = Scenario::default();
        for key in KEY_TABLE.iter().filter(|k| k.selects_defaults) {
            if let Some((_, v)) = pairs.iter().find(|(k, _)| k == key.name)
                && let Err(e) = key.parse(&mut base, v)
            {
                errors.push(e);
            }
        }
        let (proto, profile) = (base.proto, base.profile);
        let mut s = Scenario::defaults_for(proto, profile);
        for (k, v) in &pairs {
            if let Some(key) = KEYS.iter().find(|key| **key == k.as_str()) {
                if seen.contains(key) {
                    errors.push(ScenarioError::new(k, "is given more than once"));
                    continue;
                }
                seen.push(key);
            }
            if k == "ev" {
                // One bad event must not discard the good ones.
                for part in v.split(',') {
                    if part.is_empty() {
                        errors.push(empty_event(v));
                        continue;
                    }
                    match TimedEvent::parse(part) {
                        Ok(ev) => s.events.push(ev),
                        Err(e) => errors.push(e),
                    }
                }
                crate::sort::by_key(&mut s.events, |e| e.at_ms);
            } else if let Err(e) = s.set(k, v) {
                errors.push(e);
            }
        }
        let events = std::mem::take(&mut s.events);
        // Range checks, one key at a time, so one bad key does not discard the others. Each
        // reset fixes its key for good, so this ends; the bound is a second guard.
        for _ in 0..=KEYS.len() {
            let Err(e) = s.validate() else { break };
            let fallback = Scenario::defaults_for(s.proto, s.profile);
            let fixed = s.reset_key(&e.key, &fallback);
            errors.push(e);
            if !fixed {
                break;
            }
        }
        // Keep each event that is valid after the ones kept before it, up to the limit; past
        // it, one error gives the real count.
        let total = events.len();
        for ev in events {
            if s.events.len() == super::MAX_EVENTS {
                errors.push(ScenarioError::new(
                    "ev",
                    format!(
                        "{total} events is too many: at most {}. The first {} (in time order) \
                         run; the last {} were left out",
                        super::MAX_EVENTS,
                        s.events.len(),
                        total - s.events.len()
                    ),
                ));
                break;
            }
            s.events.push(ev);
            if let Err(e) = s.validate() {
                s.events.pop();
                errors.push(e);
            }
        }
        (s, errors)
    }

    /// Resets `key` to its value in `fallback`, with the keys checked against it that must
    /// go back too; false for an unknown key.
    fn reset_key(&mut self, key: &str, fallback: &Scenario) -> bool {
        let Some(k) = keys::key(key) else {
            return false;
        };
        k.copy(self, fallback);
        match key {
            // `period` is checked against `latency` and `fanout` too (gossip's tables in
            // flight): if its default does not fit them, they go back to theirs.
            "period" if self.validate().is_err_and(|e| e.key == "period") => {
                self.latency_ms = fallback.latency_ms;
                self.fanout = fallback.fanout;
            }
            // `t` is checked against `period` and `latency`: if its default does not fit them
            // either, they go back to their defaults too.
            "t" if self.validate().is_err_and(|e| e.key == "t") => {
                self.period_ms = fallback.period_ms;
                self.latency_ms = fallback.latency_ms;
            }
            "profile" => {
                // Only a profile given for gossip is refused: drop it and its values.
                let fallback = Scenario::defaults(self.proto);
                for k in KEY_TABLE.iter().filter(|k| k.set_by_profile()) {
                    k.copy(self, &fallback);
                }
            }
            // A detector, model or exchange reset drops the keys that only apply with it.
            "detector" => {
                self.reset_keys(&["phi", "phi_model", "phi_min_std", "phi_pause"], fallback)
            }
            "phi_model" => self.reset_keys(&["phi_min_std", "phi_pause"], fallback),
            "exchange" => self.reset_keys(&["mtu"], fallback),
            _ => {}
        }
        true
    }

    fn reset_keys(&mut self, names: &[&str], fallback: &Scenario) {
        for k in names.iter().filter_map(|n| keys::key(n)) {
            k.copy(self, fallback);
        }
    }

    /// Sets one key from its query value (no cross-key range checks: see `validate`).
    /// `proto` and `profile` are read first, by [`Scenario::from_query`]: here they are skipped.
    pub fn set(&mut self, key: &str, v: &str) -> Result<(), ScenarioError> {
        match keys::key(key) {
            Some(k) if k.selects_defaults => Ok(()),
            Some(k) => k.parse(self, v),
            None if key.is_empty() => Err(ScenarioError::new(
                "query",
                format!(
                    "'={}' has no key before '=': accepted keys: {}",
                    echo(v),
                    KEYS.join(", ")
                ),
            )),
            None => Err(ScenarioError::new(
                echo(key),
                format!("unknown key; accepted keys: {}", KEYS.join(", ")),
            )),
        }
    }

    /// The canonical query: fixed key order, defaults omitted (empty for the default scenario).
    pub fn to_query(&self) -> String {
        self.query(false)
    }

    /// The canonical query with `seed` always written, even at its default (a sweep's run
    /// names its seed).
    pub fn to_query_with_seed(&self) -> String {
        self.query(true)
    }

    /// The value of `key` as the query writes it (defaults included; `ev` comma-separated,
    /// empty without events); `None` for an unknown key.
    pub fn value_of(&self, key: &str) -> Option<String> {
        keys::key(key).map(|k| k.write(self))
    }

    fn query(&self, with_seed: bool) -> String {
        let defaults = Scenario::defaults_for(self.proto, self.profile);
        let mut q = String::new();
        for k in KEY_TABLE {
            let d = if k.selects_defaults {
                &Scenario::default()
            } else {
                &defaults
            };
            let v = k.write(self);
            let forced = with_seed && k.name == "seed";
            if !v.is_empty() && (forced || v != k.write(d)) {
                if !q.is_empty() {
                    q.push('&');
                }
                let _ = write!(q, "{}={v}", k.name);
            }
        }
        q
    }
}
