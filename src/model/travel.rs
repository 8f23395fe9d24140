//! Commands, time travel and the timeline's markers: seeking restores a checkpoint and
//! replays; a command given in the past forks the run.

use super::{Banner, Model, seconds};
use gossip_protocol::Micros;
use gossip_sim::checkpoint::Target;
use gossip_sim::milestones::{Marker, script_markers};
use gossip_sim::{Action, ScenarioError, TimedEvent};

impl Model {
    /// Records and schedules a user command (forking first when looking at the past); errors
    /// become a banner.
    pub fn command(&mut self, action: Action) -> bool {
        self.command_for(action, None)
    }

    /// [`Model::command`] for a fault that ends itself `undo_ms` later (a slowdown for a
    /// while): its undoing event is recorded too.
    pub fn command_for(&mut self, action: Action, undo_ms: Option<u64>) -> bool {
        match self.record_for(action, undo_ms) {
            Ok(_) => true,
            Err(e) => {
                self.banners.push(Banner {
                    error: true,
                    text: format!("Command refused: {e}"),
                });
                false
            }
        }
    }

    /// Records a command; in the past the recorded future is dropped first, with a notice, and
    /// `forked` keeps the query from before.
    pub(crate) fn record(&mut self, action: Action) -> Result<TimedEvent, ScenarioError> {
        self.record_for(action, None)
    }

    /// [`Model::record`] with the undo of [`Model::command_for`].
    fn record_for(
        &mut self,
        action: Action,
        undo_ms: Option<u64>,
    ) -> Result<TimedEvent, ScenarioError> {
        let before = self.query();
        let (ev, forked) = self.timeline.command_for(action, undo_ms)?;
        if forked {
            let now = self.sim().now();
            self.milestones.cut_after(now, self.timeline.sim());
            self.samples.cut_after(now);
            self.banners.push(Banner {
                error: false,
                text: format!(
                    "Forked at {}: the events recorded after it were dropped and the run goes \
                     on from here. Browser Back returns to the previous script.",
                    seconds(now)
                ),
            });
            self.forked = Some(before);
        }
        // A command applies at the next whole millisecond: run there now, so that the page
        // shows its effect (a value in force, a member drawn) at once, playing or paused.
        self.run_sampled(ev.at_ms * 1000, &mut || false);
        self.advanced();
        Ok(ev)
    }

    /// Goes to virtual time `t` (µs, clamped to the furthest time reached), pausing.
    pub fn seek(&mut self, t: Micros) {
        self.playing = false;
        let replayed = self.timeline.seek(Target::Time(t));
        self.after_seek();
        self.status = Some(format!(
            "{}  (restored a checkpoint and replayed {replayed} events)",
            seconds(self.sim().now())
        ));
    }

    /// Undoes the last event (pauses) and names it.
    pub fn step_back_event(&mut self) {
        self.playing = false;
        let k = self.sim().processed();
        if k == 0 {
            self.status = Some("at the start: nothing to undo".into());
            return;
        }
        self.timeline.seek(Target::Event(k - 1));
        self.after_seek();
        let undone = self.sim().describe_next();
        self.status = Some(match undone {
            Some((at, text)) => format!("{}  undid: {text}", seconds(at)),
            None => seconds(self.sim().now()),
        });
    }

    /// Goes back one protocol period (pauses).
    pub fn step_back_period(&mut self) {
        let period = self.sim().params().period_ms * 1000;
        let t = self.sim().now().saturating_sub(period);
        self.seek(t);
        self.status = Some(format!("{}  back one period", seconds(self.sim().now())));
    }

    fn after_seek(&mut self) {
        let now = self.sim().now();
        self.samples.seek(now);
        if self.layout.points.len() != self.sim().node_count() as usize {
            self.relayout();
        }
    }

    /// Every marker up to the furthest time reached: scripted events and protocol
    /// milestones, in time order.
    pub fn markers(&self) -> Vec<Marker> {
        let mut all = script_markers(self.sim(), self.timeline.furthest());
        all.extend(self.milestones.markers.iter().cloned());
        gossip_sim::sort::by_key(&mut all, |m| m.at);
        all
    }
}
