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
    /// `every.GAP.FAULT` or `rate.N/h.FAULT`: from its time on, the fault again and again
    /// until the run ends, each occurrence drawn by the engine from a stream of its own (see
    /// [`Recurring`] and `engine/recurring.rs`).
    Every(Box<Recurring>),
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

/// The choices an event leaves to the run's seed, as written in the query, and the follow-up
/// it asks for (`undo`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Draw {
    /// `A~B`: the time is uniform in `[at_ms, before_ms)` (ms; `before_ms > at_ms`).
    pub before_ms: Option<u64>,
    /// `?`: the node is drawn among the members eligible then (running ones for `crash`,
    /// `leave`, `pause`, `slow` (not slow yet) and `cut`, stopped ones for `recover`, slow ones
    /// for `fast`); for `mend.?`, the link is one of the cuts in force then.
    pub any_node: bool,
    /// `cut.A>?`: the link's second node is drawn too (a running member other than the first,
    /// whose link to it is not cut yet).
    pub any_peer: bool,
    /// `pause.ID.A~B`, `slow.ID.A~B`: the duration or delay is uniform in `[A, B)` ms, `A`
    /// being the value in the action.
    pub span_before: Option<u64>,
    /// `crash.ID.DOWNTIME`, `slow.ID.DELAY.FOR`, `cut.LINK.FOR`: the fault is undone this long
    /// after it (`recover`, `fast`, `mend` of the same node or link).
    pub undo: Option<Span>,
}

impl Draw {
    /// Nothing to draw: a concrete event.
    pub const NONE: Draw = Draw {
        before_ms: None,
        any_node: false,
        any_peer: false,
        span_before: None,
        undo: None,
    };

    /// True if nothing is left to draw or add.
    pub fn is_none(self) -> bool {
        self == Draw::NONE
    }
}

/// A duration, or a window `A~B` to draw it from (uniform in `[ms, before)`), in ms.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Span {
    /// The duration, or the window's start.
    pub ms: u64,
    /// The window's end (after `ms`), if drawn.
    pub before: Option<u64>,
}

impl Span {
    /// A fixed duration.
    pub const fn fixed(ms: u64) -> Span {
        Span { ms, before: None }
    }
}

impl fmt::Display for Span {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_time(f, self.ms)?;
        if let Some(b) = self.before {
            f.write_str("~")?;
            write_time(f, b)?;
        }
        Ok(())
    }
}

const ACCEPTED: &str = "accepted: TIME.crash.ID[.DOWNTIME], TIME.recover.ID, TIME.join, \
                        TIME.leave.ID, TIME.partition.A-B.C-D (or sides like 0_3_5-7), \
                        TIME.heal, TIME.set.KEY.VALUE, TIME.loss.PCT, \
                        TIME.slow.ID.DELAY[.FOR], TIME.fast.ID, TIME.pause.ID.DURATION, \
                        TIME.cut.A>B[.FOR], TIME.cut.A-B[.FOR], TIME.mend.A>B, TIME.mend.A-B, \
                        TIME.mend.?, and recurring TIME.every.GAP.FAULT or TIME.rate.N/h.FAULT \
                        (FAULT: pause, slow, crash, join, leave or cut); with TIME, DELAY, \
                        DURATION, DOWNTIME, FOR and GAP like 1500ms or 5s, each also a window \
                        5s~10s (drawn from the seed), and ID a node id or ? (a member drawn \
                        from the seed)";

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

/// Most a DELAY, DURATION, DOWNTIME or FOR may be, ms: an hour.
pub const MAX_SPAN_MS: u64 = 3_600_000;
/// Shortest gap of `every`, ms: a tenth of a second.
pub const MIN_GAP_MS: u64 = 100;
/// Most occurrences a member and hour `rate` may ask for.
pub const MAX_RATE_PER_HOUR: u32 = 60;

/// A DELAY or DURATION: whole ms or s, in `min..=max` ms (`min` at least 1).
fn parse_span_in(
    s: Option<&str>,
    what: &str,
    event: &str,
    (min, max): (u64, u64),
) -> Result<u64, ScenarioError> {
    let s = s.ok_or_else(|| bad(event, format!("{what} is missing, like 800ms or 2s")))?;
    let ms = parse_time(s, event)?;
    if ms == 0 {
        return Err(bad(event, format!("{what} must be above 0")));
    }
    if ms < min {
        return Err(bad(
            event,
            format!("{what} {s} is below the least of {min}ms"),
        ));
    }
    if ms > max {
        return Err(bad(
            event,
            format!("{what} {s} is over the limit of {}s", max / 1000),
        ));
    }
    Ok(ms)
}

/// A span `D` or a window `A~B` of spans (`B` after `A`), each in `min..=max` ms.
fn parse_span_window(
    s: Option<&str>,
    what: &str,
    event: &str,
    limits: (u64, u64),
) -> Result<Span, ScenarioError> {
    let Some((a, b)) = s.and_then(|s| s.split_once('~')) else {
        return Ok(Span::fixed(parse_span_in(s, what, event, limits)?));
    };
    let (lo, hi) = (
        parse_span_in(Some(a), what, event, limits)?,
        parse_span_in(Some(b), what, event, limits)?,
    );
    if hi <= lo {
        return Err(bad(
            event,
            format!("the window {a}~{b} of {what} is empty: in A~B, B must come after A"),
        ));
    }
    Ok(Span {
        ms: lo,
        before: Some(hi),
    })
}

/// A DELAY, DURATION, DOWNTIME or FOR: a span or a window, above 0 and at most an hour.
fn parse_span(s: Option<&str>, what: &str, event: &str) -> Result<Span, ScenarioError> {
    parse_span_window(s, what, event, (1, MAX_SPAN_MS))
}

/// `A>B` (one way) or `A-B` (both ways), each end a node id or `?`:
/// `(from, any_from, to, any_to, both)`.
fn parse_link(
    s: Option<&str>,
    event: &str,
) -> Result<(NodeId, bool, NodeId, bool, bool), ScenarioError> {
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
    let ((a, any_a), (b, any_b)) = (parse_target(Some(a), event)?, parse_target(Some(b), event)?);
    if a == b && !any_a && !any_b {
        return Err(bad(
            event,
            format!("a link joins two nodes, not node {a} to itself"),
        ));
    }
    Ok((a, any_a, b, any_b, both))
}

/// One side of a partition: ids or ranges joined by `_`.
fn parse_side(s: &str, event: &str) -> Result<Vec<(NodeId, NodeId)>, ScenarioError> {
    s.split('_').map(|r| parse_range(r, event)).collect()
}

/// A fault an `every` or a `rate` may repeat.
const RECURRING_ACTIONS: [&str; 6] = ["pause", "slow", "crash", "join", "leave", "cut"];

/// How often a recurring event happens.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Pace {
    /// `every.GAP`: the gaps between occurrences (the first comes one gap after the start),
    /// each drawn anew when the span is a window.
    Every(Span),
    /// `rate.N/h` (`N` per running member and hour, 1..=[`MAX_RATE_PER_HOUR`]): a Poisson
    /// process whose gaps are exponential, of mean `3600 s / (N × members running then)`.
    PerMemberHour(u32),
}

impl fmt::Display for Pace {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Pace::Every(gap) => write!(f, "every.{gap}"),
            Pace::PerMemberHour(n) => write!(f, "rate.{n}/h"),
        }
    }
}

/// A recurring fault: `pace`, and the fault with what each occurrence draws.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Recurring {
    /// How often.
    pub pace: Pace,
    /// The fault (a node drawn with `?` is a placeholder 0).
    pub action: Action,
    /// What each occurrence draws and undoes (never a time window).
    pub draw: Draw,
}

impl Recurring {
    /// The node ids written as numbers (not `?`).
    pub fn fixed_ids(&self) -> Vec<NodeId> {
        let d = self.draw;
        match self.action {
            Action::Crash(n) | Action::Leave(n) | Action::Pause(n, _) | Action::Slow(n, _)
                if !d.any_node =>
            {
                vec![n]
            }
            Action::Cut { from, to, .. } => [(from, d.any_node), (to, d.any_peer)]
                .iter()
                .filter(|(_, any)| !any)
                .map(|(n, _)| *n)
                .collect(),
            _ => Vec::new(),
        }
    }
}

/// `every.GAP` or `rate.N/h`, `name` being `every` or `rate`.
fn parse_pace(name: &str, s: Option<&str>, event: &str) -> Result<Pace, ScenarioError> {
    if name == "every" {
        let gap = parse_span_window(s, "the gap", event, (MIN_GAP_MS, super::MAX_EVENT_MS))?;
        return Ok(Pace::Every(gap));
    }
    let s = s.ok_or_else(|| {
        bad(
            event,
            "rate needs occurrences per member and hour, like 2/h",
        )
    })?;
    let n = s
        .strip_suffix("/h")
        .filter(|d| !d.is_empty() && d.bytes().all(|b| b.is_ascii_digit()))
        .and_then(|d| d.parse::<u32>().ok())
        .ok_or_else(|| {
            bad(
                event,
                format!("'{s}' is not a rate: occurrences per member and hour, like 2/h"),
            )
        })?;
    if n == 0 || n > MAX_RATE_PER_HOUR {
        return Err(bad(
            event,
            format!(
                "the rate {s} is out of range: accepted 1/h..={MAX_RATE_PER_HOUR}/h per member"
            ),
        ));
    }
    Ok(Pace::PerMemberHour(n))
}

fn write_time(f: &mut fmt::Formatter<'_>, ms: u64) -> fmt::Result {
    if ms.is_multiple_of(1000) {
        write!(f, "{}s", ms / 1000)
    } else {
        write!(f, "{ms}ms")
    }
}

/// The action `name` with its arguments from `parts`, and what it leaves to draw.
fn parse_action<'a>(
    name: &str,
    parts: &mut impl Iterator<Item = &'a str>,
    s: &str,
) -> Result<(Action, Draw), ScenarioError> {
    let mut draw = Draw::NONE;
    let mut target = |parts: &mut dyn Iterator<Item = &'a str>| {
        let (id, any) = parse_target(parts.next(), s)?;
        draw.any_node = any;
        Ok::<_, ScenarioError>(id)
    };
    let action = match name {
        "crash" => Action::Crash(target(parts)?),
        "recover" => Action::Recover(target(parts)?),
        "leave" => Action::Leave(target(parts)?),
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
            let (param, value) = parse_set(parts.next(), parts.next()).map_err(|e| bad(s, e))?;
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
        "slow" | "pause" => {
            let id = target(parts)?;
            let what = if name == "slow" {
                "the delay"
            } else {
                "the duration"
            };
            let span = parse_span(parts.next(), what, s)?;
            draw.span_before = span.before;
            if name == "slow" {
                Action::Slow(id, span.ms)
            } else {
                Action::Pause(id, span.ms)
            }
        }
        "fast" => Action::Fast(target(parts)?),
        "cut" => {
            let (from, any_from, to, any_to, both) = parse_link(parts.next(), s)?;
            (draw.any_node, draw.any_peer) = (any_from, any_to);
            Action::Cut { from, to, both }
        }
        "mend" => match parts.next() {
            Some("?") => {
                draw.any_node = true;
                Action::Mend {
                    from: 0,
                    to: 0,
                    both: false,
                }
            }
            link => {
                let (from, any_from, to, any_to, both) = parse_link(link, s)?;
                if any_from || any_to {
                    return Err(bad(
                        s,
                        "mend.? mends one of the links cut then; mend.A>B or mend.A-B takes two ids",
                    ));
                }
                Action::Mend { from, to, both }
            }
        },
        other => return Err(bad(s, format!("unknown action '{other}'; {ACCEPTED}"))),
    };
    let undo = match name {
        "crash" => "the downtime",
        "slow" => "the time slow",
        "cut" => "the time cut",
        _ => return Ok((action, draw)),
    };
    if let Some(part) = parts.next() {
        draw.undo = Some(parse_span(Some(part), undo, s)?);
    }
    Ok((action, draw))
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
        let (action, mut draw) = match name {
            "every" | "rate" => {
                let pace = parse_pace(name, parts.next(), s)?;
                let fault = parts.next().ok_or_else(|| {
                    bad(
                        s,
                        format!(
                            "{name} needs a fault to repeat after it, like \
                             10s.every.20s~60s.pause.?.2s~20s or 10s.rate.2/h.crash.?.30s"
                        ),
                    )
                })?;
                if fault == "every" || fault == "rate" {
                    return Err(bad(
                        s,
                        "a recurring event cannot repeat another: every and rate do not nest",
                    ));
                }
                if !RECURRING_ACTIONS.contains(&fault) {
                    return Err(bad(
                        s,
                        format!(
                            "{name} repeats {}, not '{fault}'",
                            RECURRING_ACTIONS.join(", ")
                        ),
                    ));
                }
                let (action, draw) = parse_action(fault, &mut parts, s)?;
                let rec = Recurring { pace, action, draw };
                (Action::Every(Box::new(rec)), Draw::NONE)
            }
            _ => parse_action(name, &mut parts, s)?,
        };
        if parts.next().is_some() {
            return Err(bad(s, format!("too many parts; {ACCEPTED}")));
        }
        draw.before_ms = before_ms;
        Ok(TimedEvent {
            at_ms,
            action,
            draw,
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

/// `.ACTION.ARGS` of `action` with what `draw` leaves to draw (`?`, windows, undo).
fn write_action(f: &mut fmt::Formatter<'_>, action: &Action, draw: Draw) -> fmt::Result {
    let node = |n: &NodeId| {
        if draw.any_node {
            "?".to_string()
        } else {
            n.to_string()
        }
    };
    let peer = |n: &NodeId| {
        if draw.any_peer {
            "?".to_string()
        } else {
            n.to_string()
        }
    };
    let span = |ms: u64| Span {
        ms,
        before: draw.span_before,
    };
    match action {
        Action::Crash(n) => write!(f, ".crash.{}", node(n))?,
        Action::Recover(n) => write!(f, ".recover.{}", node(n))?,
        Action::Leave(n) => write!(f, ".leave.{}", node(n))?,
        Action::Join => write!(f, ".join")?,
        Action::Heal => write!(f, ".heal")?,
        Action::Set(param, v) => write!(f, ".set.{}.{v}", param.key())?,
        Action::Slow(n, d) => write!(f, ".slow.{}.{}", node(n), span(*d))?,
        Action::Fast(n) => write!(f, ".fast.{}", node(n))?,
        Action::Pause(n, d) => write!(f, ".pause.{}.{}", node(n), span(*d))?,
        Action::Cut { from, to, both } => {
            let arrow = if *both { '-' } else { '>' };
            write!(f, ".cut.{}{arrow}{}", node(from), peer(to))?;
        }
        Action::Mend { .. } if draw.any_node => write!(f, ".mend.?")?,
        Action::Mend { from, to, both } => {
            write!(f, ".mend.{from}{}{to}", if *both { '-' } else { '>' })?;
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
        }
        Action::Every(rec) => {
            write!(f, ".{}", rec.pace)?;
            write_action(f, &rec.action, rec.draw)?;
        }
    }
    match draw.undo {
        Some(undo) => write!(f, ".{undo}"),
        None => Ok(()),
    }
}

impl fmt::Display for TimedEvent {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_time(f, self.at_ms)?;
        if let Some(before) = self.draw.before_ms {
            f.write_str("~")?;
            write_time(f, before)?;
        }
        write_action(f, &self.action, self.draw)
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
                crate::sort::by_key(&mut sorted, |&g| g);
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
            // What a recurring fault does is drawn during the run (a member that is not
            // running then is skipped, as the trace says): only its fixed ids are checked.
            Action::Every(rec) => {
                for id in rec.fixed_ids() {
                    check(id)?;
                }
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
