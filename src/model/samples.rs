//! The charts' samples as a function of the run: one sample at every multiple of a fixed step
//! of virtual time, of the state after every event at or before it. Samples are recorded up to
//! the furthest time reached and kept when the page seeks back, so the charts at any time are
//! those of a straight run to that time: a seek shows the recorded samples up to the new time,
//! and replaying known ground records nothing new (a replay reaches the very same states).
//! A fork drops the samples after it, with the recorded future.

use super::{HISTORY, Sample};
use gossip_protocol::Micros;

/// Samples recorded at most; past this the step doubles and every other sample goes (the
/// rates are recomputed over the longer step from the cumulative counts). 32,768 samples of
/// 64 bytes are 2 MB: 9 hours of a 1 s period before the first doubling.
pub const MAX_SAMPLES: usize = 1 << 15;

/// See the module documentation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Samples {
    /// Samples at 0, step, 2·step, … up to the furthest time reached.
    recorded: Vec<Sample>,
    /// Virtual time between samples, µs.
    step: Micros,
    /// The next sample's time: the first multiple of `step` whose state has not been reached.
    next: Micros,
}

impl Samples {
    /// No samples yet; one every `step` µs (at least 1), the first at 0.
    pub fn new(step: Micros) -> Samples {
        Samples {
            recorded: Vec::new(),
            step: step.max(1),
            next: 0,
        }
    }

    /// The time of the next sample due (µs): take it (see [`Samples::record`]) once every
    /// event at or before it has run and none after it.
    pub fn next_due(&self) -> Micros {
        self.next
    }

    /// Virtual time between samples, µs.
    pub fn step(&self) -> Micros {
        self.step
    }

    /// Records `s` (taken at [`Samples::next_due`], with its cumulative counts set and its
    /// rates left at 0) unless that time is already recorded, and moves to the next.
    pub fn record(&mut self, mut s: Sample) {
        debug_assert_eq!(s.at, self.next);
        self.next = s.at + self.step;
        if self.recorded.last().is_some_and(|last| last.at >= s.at) {
            return;
        }
        if let Some(prev) = self.recorded.last() {
            rate(&mut s, prev);
        }
        self.recorded.push(s);
        if self.recorded.len() > MAX_SAMPLES {
            self.coarsen();
        }
    }

    /// After a seek (or a fork) to `now`: the next sample due is the first one after the last
    /// recorded at or before `now` (a time whose events have partly run is recorded from the
    /// straight run already, or is still due).
    pub fn seek(&mut self, now: Micros) {
        let i = self.recorded.partition_point(|s| s.at <= now);
        self.next = match i {
            0 => 0,
            _ => self.recorded[i - 1].at + self.step,
        };
    }

    /// Forgets the samples after `now` (a fork drops the recorded future).
    pub fn cut_after(&mut self, now: Micros) {
        self.recorded.retain(|s| s.at <= now);
        self.seek(now);
    }

    /// What the charts show at `now`: the last [`HISTORY`] samples at or before it.
    pub fn shown(&self, now: Micros) -> &[Sample] {
        let end = self.recorded.partition_point(|s| s.at <= now);
        &self.recorded[end.saturating_sub(HISTORY)..end]
    }

    /// Every recorded sample, to the furthest time reached.
    pub fn recorded(&self) -> &[Sample] {
        &self.recorded
    }

    fn coarsen(&mut self) {
        self.step *= 2;
        let step = self.step;
        self.recorded.retain(|s| s.at % step == 0);
        for i in 1..self.recorded.len() {
            let prev = self.recorded[i - 1];
            rate(&mut self.recorded[i], &prev);
        }
        if let Some(last) = self.recorded.last() {
            self.next = last.at + step;
        }
    }
}

/// Sets `s`'s rates over the time since `prev`, from their cumulative counts.
fn rate(s: &mut Sample, prev: &Sample) {
    let secs = s.at.saturating_sub(prev.at) as f64 / 1e6;
    if secs > 0.0 {
        s.msgs_per_s = s.sent.saturating_sub(prev.sent) as f64 / secs;
        s.bytes_per_s = s.bytes.saturating_sub(prev.bytes) as f64 / secs;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(t: Micros, sent: u64) -> Sample {
        Sample {
            at: t,
            sent,
            bytes: 10 * sent,
            ..Sample::default()
        }
    }

    #[test]
    fn rates_come_from_the_counts_since_the_previous_sample() {
        let mut s = Samples::new(500_000);
        s.record(at(0, 0));
        s.record(at(500_000, 40));
        assert_eq!(s.recorded()[1].msgs_per_s, 80.0);
        assert_eq!(s.recorded()[1].bytes_per_s, 800.0);
        assert_eq!(s.next_due(), 1_000_000);
    }

    #[test]
    fn a_seek_back_shows_the_samples_before_it_and_replaying_records_nothing_new() {
        let mut s = Samples::new(1_000_000);
        for k in 0..10 {
            s.record(at(k * 1_000_000, k * 7));
        }
        s.seek(3_500_000);
        assert_eq!(s.shown(3_500_000).len(), 4);
        assert_eq!(s.next_due(), 4_000_000);
        // A replay reaching 4 s takes a sample there: already known, the record stays.
        s.record(at(4_000_000, 999));
        assert_eq!(s.recorded().len(), 10);
        assert_eq!(s.recorded()[4].sent, 28);
        assert_eq!(s.next_due(), 5_000_000);
    }

    #[test]
    fn a_fork_drops_the_samples_after_it() {
        let mut s = Samples::new(1_000_000);
        for k in 0..10 {
            s.record(at(k * 1_000_000, k));
        }
        s.cut_after(2_000_000);
        assert_eq!(s.recorded().len(), 3);
        assert_eq!(s.next_due(), 3_000_000);
    }

    #[test]
    fn past_the_cap_the_step_doubles_and_rates_span_the_longer_step() {
        let mut s = Samples::new(1);
        for k in 0..=MAX_SAMPLES as u64 {
            s.record(at(k, 3 * k));
        }
        assert_eq!(s.step(), 2);
        assert!(s.recorded().len() <= MAX_SAMPLES / 2 + 1);
        assert!(s.recorded().iter().all(|x| x.at % 2 == 0));
        assert_eq!(s.recorded()[5].msgs_per_s, 3e6);
        assert_eq!(s.next_due(), MAX_SAMPLES as u64 + 2);
    }
}
