//! What the page can be asked to do ([`Command`]) and what it asks of the browser in return
//! ([`Effect`]). Every command is matched exhaustively in [`super::Page::apply`]: a new one
//! that is not handled does not compile.

use gossip_protocol::NodeId;

/// One thing a person did, already read off the DOM event.
#[derive(Clone, Debug, PartialEq)]
pub enum Command {
    /// Play, pause, step, restart, speed.
    Run(RunCmd),
    /// A scenario key changed in the controls.
    Tune(TuneCmd),
    /// A scenario command on the cluster (recorded in both runs when comparing).
    Cluster(ClusterCmd),
    /// Pointer, wheel and zoom keys on run A's canvas.
    Canvas(CanvasCmd),
    /// The side and bottom panels: selection, banners, the why panel.
    Panel(PanelCmd),
    /// Time travel.
    Timeline(TimelineCmd),
    /// A/B comparison.
    Compare(CompareCmd),
    /// Presets, the guide and the guided lessons.
    Lesson(LessonCmd),
    /// The page's link: copy it, or load the one the browser went Back or Forward to.
    Link(LinkCmd),
}

/// See [`Command::Run`].
#[derive(Clone, Debug, PartialEq)]
pub enum RunCmd {
    /// Play or pause.
    Toggle,
    /// Run the next event.
    StepEvent,
    /// Run one period.
    StepPeriod,
    /// Restart from time 0.
    Restart,
    /// New speed (clamped to [`super::SPEED_RANGE`]).
    Speed(f64),
}

/// See [`Command::Tune`].
#[derive(Clone, Debug, PartialEq)]
pub enum TuneCmd {
    /// Set `key` to `value`.
    Set(String, String),
    /// A new seed, from this random number (see [`super::seed_of`]).
    NewSeed(u64),
}

/// See [`Command::Cluster`]. The commands on one member act on the selected one.
#[derive(Clone, Debug, PartialEq)]
pub enum ClusterCmd {
    /// Crash the selected member, or recover it.
    CrashToggle,
    /// The selected member leaves.
    Leave,
    /// A member joins.
    Join,
    /// Split the cluster in two halves.
    Split,
    /// Partition by a groups text (`0-3|4-7`).
    Partition(String),
    /// Heal every partition.
    Heal,
    /// A fault on the selected member.
    Fault(Fault),
}

/// A fault button of the node panel, on the selected member.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Fault {
    /// It reads every message `delay_ms` late, until [`Fault::Fast`] or, with `for_ms`, for
    /// that long (`slow.ID.DELAY.FOR`).
    Slow {
        /// How late it reads each message, ms.
        delay_ms: u64,
        /// How long it stays slow, ms; None: until Fast.
        for_ms: Option<u64>,
    },
    /// Full speed again.
    Fast,
    /// A pause of `ms` (a GC pause: `pause.ID.DURATION`).
    Pause {
        /// How long it is frozen, ms.
        ms: u64,
    },
    /// Cut its link to the member whose id is typed in `to`, one way or `both` ways. The text
    /// is as typed: the page refuses one that is not an id, and says so.
    Cut {
        /// The other end's id, as typed.
        to: String,
        /// Both ways (else only its messages to `to` are lost).
        both: bool,
    },
}

/// A point on a canvas, CSS px.
pub type Px = (f64, f64);

/// See [`Command::Canvas`]. Positions are CSS px on run A's canvas; its size is what the
/// shell last measured ([`super::Page::measure`]).
#[derive(Clone, Debug, PartialEq)]
pub enum CanvasCmd {
    /// A click: select the node under it (unless it ended a drag).
    Click(Px),
    /// The wheel turned by `dy` over this point: zoom around it.
    Wheel(f64, Px),
    /// The button went down here.
    Down(Px),
    /// The pointer moved here; true while the button is held (a drag pans).
    Move(Px, bool),
    /// The button went up.
    Up,
    /// The pointer left the canvas.
    Leave,
    /// Zoom in, out, or back to the whole cluster.
    Zoom(Zoom),
    /// Two fingers: their distance and midpoint; None when fewer than two touch.
    Pinch(Option<(f64, Px)>),
}

/// See [`CanvasCmd::Zoom`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Zoom {
    /// By 1.5 around the centre.
    In,
    /// By 1/1.5 around the centre.
    Out,
    /// The whole cluster.
    Whole,
}

/// See [`Command::Panel`].
#[derive(Clone, Debug, PartialEq)]
pub enum PanelCmd {
    /// Select a member (or none).
    Select(Option<NodeId>),
    /// Dismiss the banner at this index.
    Dismiss(usize),
    /// Dismiss every banner.
    DismissAll,
    /// Why does the selected member believe what it does about this one?
    Why(NodeId),
    /// Explain the same belief again, as of now.
    WhyRefresh,
    /// Close the why panel.
    WhyClose,
    /// A sequence diagram of these members (`3,5,7`) over the last ten seconds.
    Lanes(String),
}

/// See [`Command::Timeline`].
#[derive(Clone, Debug, PartialEq)]
pub enum TimelineCmd {
    /// Go to this virtual time, µs.
    Seek(u64),
    /// Undo the last event.
    BackEvent,
    /// Go back one period.
    BackPeriod,
}

/// See [`Command::Compare`].
#[derive(Clone, Debug, PartialEq)]
pub enum CompareCmd {
    /// Compare with a second run whose keys differ as this text says (`k=0`).
    Start(String),
    /// Back to one run.
    Stop,
    /// A click on run B's canvas: select the node under it.
    ClickB(Px),
}

/// See [`Command::Lesson`].
#[derive(Clone, Debug, PartialEq)]
pub enum LessonCmd {
    /// Load the preset at this index of [`super::presets::PRESETS`].
    Preset(usize),
    /// Open or close the guide.
    Guide,
    /// Open the lesson at this index of [`crate::lesson::LESSONS`], at its first step.
    Open(usize),
    /// The lesson's next step (when the current one is done).
    Next,
    /// The lesson's previous step.
    Back,
    /// Leave the lesson; the run stays, as a plain scenario.
    Leave,
}

/// See [`Command::Link`].
#[derive(Clone, Debug, PartialEq)]
pub enum LinkCmd {
    /// Copy the page's link.
    Copy,
    /// The browser went Back or Forward to this query: load it.
    Opened(String),
    /// Load this query as a new history entry (the tune panel's recommendation).
    Load(String),
}

/// What the shell must do after a command, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Re-render the DOM (the panels).
    Render,
    /// Repaint the canvases.
    Redraw,
    /// Replace the address bar's query (no history entry).
    SetUrl(String),
    /// Add a history entry with this query (a fork: the old script stays one Back away).
    PushUrl(String),
    /// Copy the page's address (as the address bar now shows it) and say so for a moment.
    CopyLink,
    /// Remember that the guide was seen (it opens by itself only the first time).
    GuideSeen,
}
