//! Scripted events: `TIME.ACTION[.ARG...]`, e.g. `5s.crash.3` or `10s.partition.0-3.4-7`.
//!
//! An event may leave a choice to the run's seed (a *randomised workload*): a time window
//! `A~B` (uniform in `[A, B)`) and, for `crash`, `recover` and `leave`, the node `?` (a member
//! eligible then). The event keeps its written form; [`Scenario::resolved`] draws the concrete
//! events (see `resolve.rs`).

use super::param::{Param, bad_set, parse_set};
use super::{MAX_EVENT_MS, MAX_EVENTS, Scenario, ScenarioError};
use gossip_protocol::NodeId;
use std::fmt;

/// What happens.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum Action {
    /// The node stops: it neither sends nor receives, and loses its state.
    Crash(NodeId),
    /// A crashed (or departed) node starts a new life.
    Recover(NodeId),
    /// A new node joins with the next free id.
    Join,
    /// The node leaves gracefully.
    Leave(NodeId),
    /// The cluster splits: each inclusive id range is one side; ids in no range form one more.
    Partition(Vec<(NodeId, NodeId)>),
    /// Every partition ends.
    Heal,
    /// A parameter changes while the cluster runs (`set.KEY.VALUE`; `loss.PCT` is the older
    /// spelling of `set.loss.PCT`).
    Set(Param, u64),
    /// `slow.ID.DELAY`: the node handles every message it receives DELAY ms late (CPU
    /// starvation) until `fast.ID`, while its timers fire on time, so acks that arrived in
    /// time are read too late. It stays up and keeps its state.
    Slow(NodeId, u64),
    /// `fast.ID`: a slowed node runs at full speed again (what it deferred still comes late).
    Fast(NodeId),
    /// `pause.ID.DURATION`: the node is frozen for DURATION ms (a GC pause): it handles
    /// nothing, then everything that arrived meanwhile, in order, and runs on with its state.
    Pause(NodeId, u64),
    /// `cut.A>B` (one way: A's messages to B are lost) or `cut.A-B` (both ways).
    Cut {
        /// Sender side of the cut link.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
        /// Both directions.
        both: bool,
    },
    /// `mend.A>B` or `mend.A-B`: repairs what the matching cut broke.
    Mend {
        /// Sender side of the link.
        from: NodeId,
        /// Receiver side.
        to: NodeId,
        /// Both directions.
        both: bool,
    },
    /// `partition.0_3_5-7.1_2`: sides made of several ids or ranges joined by `_`; ids in
    /// no side form one more. (Sides of one range each are [`Action::Partition`].)
    PartitionGroups(Vec<Vec<(NodeId, NodeId)>>),
}

impl Action {
    /// A partition into `sides` (each a list of inclusive id ranges), in its canonical form:
    /// [`Action::Partition`] when every side is a single range, else
    /// [`Action::PartitionGroups`].
    pub fn partition(sides: Vec<Vec<(NodeId, NodeId)>>) -> Action {
        if sides.iter().all(|side| side.len() == 1) {
            Action::Partition(sides.into_iter().map(|side| side[0]).collect())
        } else {
            Action::PartitionGroups(sides)
        }
    }

    /// Each side of a partition as a list of ranges (empty for other actions).
    pub fn partition_sides(&self) -> Vec<Vec<(NodeId, NodeId)>> {
        match self {
            Action::Partition(groups) => groups.iter().map(|&g| vec![g]).collect(),
            Action::PartitionGroups(sides) => sides.clone(),
            _ => Vec::new(),
        }
    }
}

/// An action at a time (milliseconds of virtual time).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct TimedEvent {
    /// When, in ms since the start; with a time window (`draw.before_ms`), the window's start.
    pub at_ms: u64,
    /// What. With `draw.any_node`, the action's node id is a placeholder (0).
    pub action: Action,
    /// What the run's seed still has to choose; [`Draw::NONE`] for a concrete event.
    pub draw: Draw,
}

/// The choices an event leaves to the run's seed, as written in the query.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Draw {
    /// `A~B`: the time is uniform in `[at_ms, before_ms)` (ms; `before_ms > at_ms`).
    pub before_ms: Option<u64>,
    /// `?`: the node is drawn among the members eligible then (running ones for `crash` and
    /// `leave`, stopped ones for `recover`).
    pub any_node: bool,
}

impl Draw {
    /// Nothing to draw: a concrete event.
    pub const NONE: Draw = Draw {
        before_ms: None,
        any_node: false,
    };

    /// True if nothing is left to draw.
    pub fn is_none(self) -> bool {
        self == Draw::NONE
    }
}

const ACCEPTED: &str = "accepted: TIME.crash.ID, TIME.recover.ID, TIME.join, TIME.leave.ID, \
                        TIME.partition.A-B.C-D (or sides like 0_3_5-7), TIME.heal, \
                        TIME.set.KEY.VALUE, TIME.loss.PCT, TIME.slow.ID.DELAY, TIME.fast.ID, \
                        TIME.pause.ID.DURATION, TIME.cut.A>B, TIME.cut.A-B, TIME.mend.A>B, \
                        TIME.mend.A-B, with TIME, DELAY and DURATION like 1500ms or 5s, TIME also \
                        a window 5s~10s (drawn from the seed), and ID a node id or ? (a member \
                        drawn from the seed)";

fn bad(event: &str, why: impl fmt::Display) -> ScenarioError {
    ScenarioError::new("ev", format!("event '{event}': {why}"))
}

fn parse_time(s: &str, event: &str) -> Result<u64, ScenarioError> {
    let (digits, scale) = if let Some(d) = s.strip_suffix("ms") {
        (d, 1)
    } else if let Some(d) = s.strip_suffix('s') {
        (d, 1000)
    } else {
        return Err(bad(event, "the time needs a unit, like 1500ms or 5s"));
    };
    let v: u64 = digits
        .parse()
        .ok()
        .filter(|_| digits.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| bad(event, format!("'{s}' is not a whole number of ms or s")))?;
    v.checked_mul(scale)
        .filter(|&ms| ms <= MAX_EVENT_MS)
        .ok_or_else(|| bad(event, format!("time {s} is past the limit of 86400s")))
}

/// `A` or `A~B` (a window, `B` after `A`).
fn parse_when(s: &str, event: &str) -> Result<(u64, Option<u64>), ScenarioError> {
    match s.split_once('~') {
        None => Ok((parse_time(s, event)?, None)),
        Some((a, b)) => {
            let (from, to) = (parse_time(a, event)?, parse_time(b, event)?);
            if to <= from {
                return Err(bad(
                    event,
                    format!("the window {s} is empty: in A~B, B must come after A"),
                ));
            }
            Ok((from, Some(to)))
        }
    }
}

/// A node id, or `?` (drawn from the seed): `(id, any_node)`.
fn parse_target(s: Option<&str>, event: &str) -> Result<(NodeId, bool), ScenarioError> {
    match s {
        Some("?") => Ok((0, true)),
        _ => Ok((parse_id(s, event)?, false)),
    }
}

fn parse_id(s: Option<&str>, event: &str) -> Result<NodeId, ScenarioError> {
    let s = s.ok_or_else(|| bad(event, "a node id is missing"))?;
    s.parse()
        .ok()
        .filter(|_| s.bytes().all(|b| b.is_ascii_digit()))
        .ok_or_else(|| bad(event, format!("'{s}' is not a node id")))
}

fn parse_range(s: &str, event: &str) -> Result<(NodeId, NodeId), ScenarioError> {
    let (a, b) = s.split_once('-').unwrap_or((s, s));
    let (a, b) = (parse_id(Some(a), event)?, parse_id(Some(b), event)?);
    if a > b {
        return Err(bad(event, format!("range {s} runs backwards")));
    }
    Ok((a, b))
}

/// A DELAY or DURATION: whole ms or s, above 0, at most an hour.
fn parse_span(s: Option<&str>, what: &str, event: &str) -> Result<u64, ScenarioError> {
    let s = s.ok_or_else(|| bad(event, format!("{what} is missing, like 800ms or 2s")))?;
    let ms = parse_time(s, event)?;
    if ms == 0 {
        return Err(bad(event, format!("{what} must be above 0")));
    }
    if ms > 3_600_000 {
        return Err(bad(event, format!("{what} {s} is over the limit of 3600s")));
    }
    Ok(ms)
}

/// `A>B` (one way) or `A-B` (both ways): `(from, to, both)`.
fn parse_link(s: Option<&str>, event: &str) -> Result<(NodeId, NodeId, bool), ScenarioError> {
    let s = s.ok_or_else(|| bad(event, "a link is missing, like 3>5 or 3-5"))?;
    let (a, b, both) = if let Some((a, b)) = s.split_once('>') {
        (a, b, false)
    } else if let Some((a, b)) = s.split_once('-') {
        (a, b, true)
    } else {
        return Err(bad(
            event,
            format!("'{s}' is not a link: A>B cuts one way, A-B both ways"),
        ));
    };
    let (a, b) = (parse_id(Some(a), event)?, parse_id(Some(b), event)?);
    if a == b {
        return Err(bad(
            event,
            format!("a link joins two nodes, not node {a} to itself"),
        ));
    }
    Ok((a, b, both))
}

/// One side of a partition: ids or ranges joined by `_`.
fn parse_side(s: &str, event: &str) -> Result<Vec<(NodeId, NodeId)>, ScenarioError> {
    s.split('_').map(|r| parse_range(r, event)).collect()
}

fn write_span(f: &mut fmt::Formatter<'_>, ms: u64) -> fmt::Result {
    if ms.is_multiple_of(1000) {
        write!(f, "{}s", ms / 1000)
    } else {
        write!(f, "{ms}ms")
    }
}

impl TimedEvent {
    /// Parses one event.
    pub fn parse(s: &str) -> Result<TimedEvent, ScenarioError> {
        let mut parts = s.split('.');
        let time = parts.next().unwrap_or_default();
        if let Some((whole, frac)) = s.split_once('.')
            && !whole.is_empty()
            && whole.bytes().all(|b| b.is_ascii_digit())
            && frac.starts_with(|c: char| c.is_ascii_digit())
        {
            // `5.5s.crash.1`: the dot of a decimal time, not a missing unit.
            let decimal: String = frac
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric())
                .collect();
            return Err(bad(
                s,
                format!(
                    "'{whole}.{decimal}' is not a time: times are whole ms or s, like 5500ms or 5s"
                ),
            ));
        }
        let (at_ms, before_ms) = parse_when(time, s)?;
        let name = parts.next().ok_or_else(|| bad(s, ACCEPTED))?;
        let mut any_node = false;
        let mut target = |f: fn(NodeId) -> Action| {
            let (id, any) = parse_target(parts.next(), s)?;
            any_node = any;
            Ok::<_, ScenarioError>(f(id))
        };
        let action = match name {
            "crash" => target(Action::Crash)?,
            "recover" => target(Action::Recover)?,
            "leave" => target(Action::Leave)?,
            "join" => Action::Join,
            "heal" => Action::Heal,
            "loss" => {
                let pct = parts
                    .next()
                    .and_then(|p| p.parse::<u32>().ok())
                    .filter(|p| *p <= 100)
                    .ok_or_else(|| bad(s, "loss needs a whole percentage in 0..=100"))?;
                Action::Set(Param::Loss, pct.into())
            }
            "set" => {
                let (param, value) =
                    parse_set(parts.next(), parts.next()).map_err(|e| bad(s, e))?;
                Action::Set(param, value)
            }
            "partition" => {
                let sides = parts
                    .by_ref()
                    .map(|g| parse_side(g, s))
                    .collect::<Result<Vec<_>, _>>()?;
                if sides.is_empty() {
                    return Err(bad(s, "partition needs at least one id range, like 0-3"));
                }
                Action::partition(sides)
            }
            "slow" => {
                let id = parse_id(parts.next(), s)?;
                Action::Slow(id, parse_span(parts.next(), "the delay", s)?)
            }
            "fast" => Action::Fast(parse_id(parts.next(), s)?),
            "pause" => {
                let id = parse_id(parts.next(), s)?;
                Action::Pause(id, parse_span(parts.next(), "the duration", s)?)
            }
            "cut" => {
                let (from, to, both) = parse_link(parts.next(), s)?;
                Action::Cut { from, to, both }
            }
            "mend" => {
                let (from, to, both) = parse_link(parts.next(), s)?;
                Action::Mend { from, to, both }
            }
            other => return Err(bad(s, format!("unknown action '{other}'; {ACCEPTED}"))),
        };
        if parts.next().is_some() {
            return Err(bad(s, format!("too many parts; {ACCEPTED}")));
        }
        Ok(TimedEvent {
            at_ms,
            action,
            draw: Draw {
                before_ms,
                any_node,
            },
        })
    }

    /// A concrete event: `action` at `at_ms`.
    pub fn new(at_ms: u64, action: Action) -> TimedEvent {
        TimedEvent {
            at_ms,
            action,
            draw: Draw::NONE,
        }
    }
}

fn write_time(f: &mut fmt::Formatter<'_>, ms: u64) -> fmt::Result {
    if ms.is_multiple_of(1000) {
        write!(f, "{}s", ms / 1000)
    } else {
        write!(f, "{ms}ms")
    }
}

impl fmt::Display for TimedEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_time(f, self.at_ms)?;
        if let Some(before) = self.draw.before_ms {
            f.write_str("~")?;
            write_time(f, before)?;
        }
        let node = |n: &NodeId| {
            if self.draw.any_node {
                "?".to_string()
            } else {
                n.to_string()
            }
        };
        match &self.action {
            Action::Crash(n) => write!(f, ".crash.{}", node(n)),
            Action::Recover(n) => write!(f, ".recover.{}", node(n)),
            Action::Leave(n) => write!(f, ".leave.{}", node(n)),
            Action::Join => write!(f, ".join"),
            Action::Heal => write!(f, ".heal"),
            Action::Set(param, v) => write!(f, ".set.{}.{v}", param.key()),
            Action::Slow(n, d) => {
                write!(f, ".slow.{n}.")?;
                write_span(f, *d)
            }
            Action::Fast(n) => write!(f, ".fast.{n}"),
            Action::Pause(n, d) => {
                write!(f, ".pause.{n}.")?;
                write_span(f, *d)
            }
            Action::Cut { from, to, both } => {
                write!(f, ".cut.{from}{}{to}", if *both { '-' } else { '>' })
            }
            Action::Mend { from, to, both } => {
                write!(f, ".mend.{from}{}{to}", if *both { '-' } else { '>' })
            }
            Action::PartitionGroups(sides) => {
                write!(f, ".partition")?;
                for side in sides {
                    let items: Vec<String> = side
                        .iter()
                        .map(|&(a, b)| {
                            if a == b {
                                format!("{a}")
                            } else {
                                format!("{a}-{b}")
                            }
                        })
                        .collect();
                    write!(f, ".{}", items.join("_"))?;
                }
                Ok(())
            }
            Action::Partition(groups) => {
                write!(f, ".partition")?;
                for (a, b) in groups {
                    if a == b {
                        write!(f, ".{a}")?;
                    } else {
                        write!(f, ".{a}-{b}")?;
                    }
                }
                Ok(())
            }
        }
    }
}

/// Checks the event list against the scenario: ids must exist when the event happens, the
/// cluster must stay within its limit, partition ranges must not overlap, every event must be
/// able to apply (crash or leave a running node, recover one that is down: scripted events
/// alone decide who is up), and every `set` must leave the parameters valid.
///
/// `events` are concrete (drawn) events in time order; `name(i)` names the i-th in errors (its
/// written form, and what was drawn for it).
pub(super) fn validate_events(
    base: &Scenario,
    events: &[TimedEvent],
    name: impl Fn(usize) -> String,
) -> Result<(), ScenarioError> {
    if events.len() > MAX_EVENTS {
        return Err(ScenarioError::new(
            "ev",
            format!("{} events is too many: at most {MAX_EVENTS}", events.len()),
        ));
    }
    let max_nodes = base.max_nodes();
    let mut up = vec![true; base.nodes as usize];
    let mut faults = FaultState::default();
    let mut params = Scenario {
        events: Vec::new(),
        ..base.clone()
    };
    for (i, ev) in events.iter().enumerate() {
        let name = name(i);
        let count = up.len() as u32;
        let check = |id: NodeId| {
            if id < count {
                Ok(())
            } else {
                Err(bad(
                    &name,
                    format!("node {id} does not exist then (ids 0..={})", count - 1),
                ))
            }
        };
        match &ev.action {
            Action::Crash(id) | Action::Leave(id) => {
                check(*id)?;
                if !up[*id as usize] {
                    return Err(bad(&name, format!("node {id} is not running then")));
                }
                up[*id as usize] = false;
                faults.slowed.retain(|s| s != id);
            }
            Action::Recover(id) => {
                check(*id)?;
                if up[*id as usize] {
                    return Err(bad(&name, format!("node {id} is already running then")));
                }
                up[*id as usize] = true;
            }
            Action::Join => {
                if count + 1 > max_nodes {
                    return Err(bad(
                        &name,
                        format!("the cluster would exceed {max_nodes} nodes"),
                    ));
                }
                up.push(true);
            }
            Action::Partition(_) | Action::PartitionGroups(_) => {
                let groups: Vec<(NodeId, NodeId)> =
                    ev.action.partition_sides().into_iter().flatten().collect();
                let mut sorted = groups.clone();
                sorted.sort_unstable();
                for w in sorted.windows(2) {
                    if w[1].0 <= w[0].1 {
                        return Err(bad(&name, "partition ranges overlap"));
                    }
                }
                for &(_, b) in &groups {
                    check(b)?;
                }
            }
            Action::Heal => faults.cuts.clear(),
            Action::Slow(id, _) | Action::Pause(id, _) => {
                check(*id)?;
                if !up[*id as usize] {
                    return Err(bad(&name, format!("node {id} is not running then")));
                }
                if let Action::Slow(..) = ev.action {
                    if faults.slowed.contains(id) {
                        return Err(bad(&name, format!("node {id} is already slow then")));
                    }
                    faults.slowed.push(*id);
                }
            }
            Action::Fast(id) => {
                check(*id)?;
                if !faults.slowed.contains(id) {
                    return Err(bad(&name, format!("node {id} is not slow then")));
                }
                faults.slowed.retain(|s| s != id);
            }
            Action::Cut { from, to, both } | Action::Mend { from, to, both } => {
                check(*from)?;
                check(*to)?;
                if from == to {
                    return Err(bad(
                        &name,
                        format!("a link joins two nodes, not node {from} to itself"),
                    ));
                }
                let cut = matches!(ev.action, Action::Cut { .. });
                faults.link(&name, *from, *to, *both, cut)?;
            }
            Action::Set(param, value) => {
                param.put(&mut params, *value);
                params.validate_params().map_err(|e| bad_set(&name, &e))?;
            }
        }
    }
    Ok(())
}

/// What the faults scripted so far have done, for checking the next events.
#[derive(Default)]
struct FaultState {
    /// Nodes slowed and not yet fast again.
    slowed: Vec<NodeId>,
    /// One-way links cut and not yet mended.
    cuts: Vec<(NodeId, NodeId)>,
}

impl FaultState {
    /// Cuts (`cut`) or mends the link(s); an error if a direction is already cut, or not cut.
    fn link(
        &mut self,
        name: &str,
        from: NodeId,
        to: NodeId,
        both: bool,
        cut: bool,
    ) -> Result<(), ScenarioError> {
        let mut dirs = vec![(from, to)];
        if both {
            dirs.push((to, from));
        }
        for &(a, b) in &dirs {
            let is_cut = self.cuts.contains(&(a, b));
            if cut && is_cut {
                return Err(bad(name, format!("the link {a}>{b} is already cut then")));
            }
            if !cut && !is_cut {
                return Err(bad(name, format!("the link {a}>{b} is not cut then")));
            }
        }
        for d in dirs {
            if cut {
                self.cuts.push(d);
            } else {
                self.cuts.retain(|c| *c != d);
            }
        }
        Ok(())
    }
}
