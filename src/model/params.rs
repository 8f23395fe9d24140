//! Parameter changes from the page: live `set` events, resizing by joins and leaves, and the
//! few keys that restart the run.

use super::{Banner, Model, seconds};
use gossip_protocol::NodeId;
use gossip_sim::scenario::KEY_TABLE;
use gossip_sim::scenario::keys::Change;
use gossip_sim::{Action, NodeState, Param, Proto, Scenario, ScenarioError, TimedEvent};

/// How a parameter change was applied.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Applied {
    /// Applied to the running cluster now, recorded as this `set` event.
    Live(TimedEvent),
    /// Members joined (positive) or left (negative), recorded as join / leave events.
    Resized(i64),
    /// The run restarted from time 0 with the same seed and recorded events.
    Restarted,
    /// The value was already in force: nothing recorded.
    Unchanged,
}

/// Keys whose change restarts the run (the rest apply live, or change `nodes` by joins and
/// leaves): those the scenario's key table marks so.
pub fn restarts(key: &str) -> bool {
    gossip_sim::scenario::key(key).is_some_and(|k| k.change == Change::Restart)
}

/// The keys that restart the run, as a list for a banner.
fn restart_keys() -> String {
    let keys: Vec<&str> = KEY_TABLE
        .iter()
        .filter(|k| k.change == Change::Restart)
        .map(|k| k.name)
        .collect();
    keys.join(", ")
}

fn whole(key: &str, value: &str) -> Result<u64, ScenarioError> {
    let v = value.trim();
    v.parse::<u64>()
        .ok()
        .filter(|_| v.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| ScenarioError {
            key: key.into(),
            message: format!("'{v}' is not a whole number"),
        })
}

impl Model {
    /// The parameters in force now, as the controls show them: the scenario's changed by the
    /// `set` events so far, and `nodes` = members running now.
    pub fn live_params(&self) -> Scenario {
        let mut p = self.sim().params().clone();
        p.nodes = self.members_up();
        p
    }

    fn members_up(&self) -> u32 {
        let sim = self.sim();
        (0..sim.node_count())
            .filter(|&i| sim.state(i) == NodeState::Up)
            .count() as u32
    }

    /// Sets one scenario key from a control. `t`, `n`, `period`, `fanout`, `k`, `lambda`,
    /// `latency` and `loss` apply live (a `set` event); `nodes` adds members by joins or
    /// removes the highest ids by graceful leaves; `proto`, `topo`, `degree` and `seed`
    /// restart the run from 0 s with the same recorded events. Every outcome leaves a banner.
    pub fn set_key(&mut self, key: &str, value: &str) -> Result<Applied, ScenarioError> {
        let applied = self.apply_key(key, value);
        let text = match &applied {
            Ok(Applied::Live(ev)) => {
                let Action::Set(p, v) = ev.action else {
                    unreachable!("a live change is a set event")
                };
                format!(
                    "{p} = {v}{} applied live at {} (recorded as {ev}): {}.",
                    p.unit(),
                    seconds(ev.at_ms * 1000),
                    p.takes_effect(self.scenario().proto)
                )
            }
            Ok(Applied::Resized(d)) if *d > 0 => {
                format!("{d} member(s) joined, recorded as joins.")
            }
            Ok(Applied::Resized(d)) => {
                format!(
                    "{} member(s) left gracefully (the highest ids), recorded as leaves.",
                    -d
                )
            }
            Ok(Applied::Restarted) => format!(
                "'{key}' changed: the run restarted from 0 s with the same seed and events \
                 ({} restart; the rest apply live).",
                restart_keys()
            ),
            Ok(Applied::Unchanged) => return applied,
            Err(e) => format!("Not applied: {e}"),
        };
        self.banners.push(Banner {
            error: applied.is_err(),
            text,
        });
        applied
    }

    fn apply_key(&mut self, key: &str, value: &str) -> Result<Applied, ScenarioError> {
        if let Some(param) = Param::from_key(key) {
            return self.set_live(param, whole(key, value)?);
        }
        match key {
            "nodes" => self.resize(whole(key, value)?),
            _ if restarts(key) => self.restart_with(key, value),
            _ => Err(ScenarioError {
                key: key.into(),
                message: "unknown key".into(),
            }),
        }
    }

    fn set_live(&mut self, param: Param, value: u64) -> Result<Applied, ScenarioError> {
        if param.get(self.sim().params()) == value {
            return Ok(Applied::Unchanged);
        }
        // Name the key (not the event) when the value is out of range.
        let mut next = self.sim().params().clone();
        param.put(&mut next, value);
        next.validate_params()?;
        let ev = self.record(Action::Set(param, value))?;
        Ok(Applied::Live(ev))
    }

    fn resize(&mut self, target: u64) -> Result<Applied, ScenarioError> {
        let max = u64::from(self.scenario().max_nodes());
        if !(1..=max).contains(&target) {
            let why = self.scenario().max_nodes_why();
            return Err(ScenarioError {
                key: "nodes".into(),
                message: format!("{target} is out of range: accepted 1..={max}{why}"),
            });
        }
        let up = i64::from(self.members_up());
        let delta = target as i64 - up;
        if delta > 0 {
            for _ in 0..delta {
                self.record(Action::Join)?;
            }
        } else {
            let sim = self.sim();
            let leaving: Vec<NodeId> = (0..sim.node_count())
                .rev()
                .filter(|&i| sim.state(i) == NodeState::Up)
                .take((-delta) as usize)
                .collect();
            for id in leaving {
                self.record(Action::Leave(id))?;
            }
        }
        Ok(if delta == 0 {
            Applied::Unchanged
        } else {
            Applied::Resized(delta)
        })
    }

    fn restart_with(&mut self, key: &str, value: &str) -> Result<Applied, ScenarioError> {
        let mut next = if key == "proto" {
            let proto = match value {
                "swim" => Proto::Swim,
                "gossip" => Proto::Gossip,
                _ => {
                    return Err(ScenarioError {
                        key: "proto".into(),
                        message: format!("'{value}' is not a protocol: accepted gossip, swim"),
                    });
                }
            };
            let old = self.scenario();
            Scenario {
                nodes: old.nodes.min(
                    Scenario {
                        topo: old.topo,
                        ..Scenario::defaults(proto)
                    }
                    .max_nodes(),
                ),
                topo: old.topo,
                degree: old.degree,
                loss_pct: old.loss_pct,
                latency_ms: old.latency_ms,
                seed: old.seed,
                events: old.events.clone(),
                ..Scenario::defaults(proto)
            }
        } else if key == "profile" {
            // A profile sets the defaults of other keys: rebuild from the canonical query, in
            // which the keys at the old profile's values are left out.
            let query = self.scenario().to_query();
            let mut parts: Vec<String> = query
                .split('&')
                .filter(|p| !p.is_empty() && !p.starts_with("profile="))
                .map(str::to_string)
                .collect();
            if value != "none" {
                parts.push(format!("profile={value}"));
            }
            Scenario::from_query(&parts.join("&"))?
        } else {
            let mut s = self.scenario().clone();
            s.set(key, value)?;
            // Leaving phi or Scuttlebutt drops their own keys (they are errors without them).
            let d = Scenario::defaults(s.proto);
            if key == "detector" && value != "phi" {
                s.phi = d.phi;
            }
            if key == "exchange" && value != "scuttlebutt" {
                s.mtu = d.mtu;
            }
            s
        };
        if next == *self.scenario() {
            return Ok(Applied::Unchanged);
        }
        next.validate_params()?;
        self.drop_events_that_do_not_fit(&mut next);
        self.restart(next)?;
        Ok(Applied::Restarted)
    }

    /// Keeps each recorded event that still applies after those kept before it, and says how
    /// many were removed.
    fn drop_events_that_do_not_fit(&mut self, next: &mut Scenario) {
        if next.validate().is_ok() {
            return;
        }
        let all = std::mem::take(&mut next.events);
        let total = all.len();
        for ev in all {
            next.events.push(ev);
            if next.validate().is_err() {
                next.events.pop();
            }
        }
        self.banners.push(Banner {
            error: false,
            text: format!(
                "{} scripted event(s) no longer fit the cluster and were removed.",
                total - next.events.len()
            ),
        });
    }
}
