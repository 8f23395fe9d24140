//! Which worker runs which job of a sweep: the pool's bookkeeping, kept apart from the Web
//! Workers themselves so that it is plain Rust, tested natively.
//!
//! Jobs go out in the sweep's order, [`PIPELINE`] at a time to each worker. A worker whose run
//! stopped it (a panic, or memory exhausted: the worker reports it before it closes, see
//! `worker.rs`) is replaced, and the jobs it still held, which it will never answer, go to the
//! new one; the job that stopped it is answered with its error and not run again (it would
//! stop the next worker the same way: runs are deterministic).

/// Jobs queued in each worker at once: two, so a worker starts its next run while the page
/// reads its last answer, and a cancel waits for at most two runs a worker.
pub const PIPELINE: usize = 2;

/// A job to send: to worker `.0`, the job of index `.1`.
pub type Send = (usize, u32);

/// See the module documentation.
#[derive(Clone, Debug)]
pub struct Dispatch {
    /// Jobs in the sweep.
    total: u32,
    /// The next job not yet sent.
    next: u32,
    /// By worker: the jobs it holds, oldest first.
    held: Vec<Vec<u32>>,
    /// Workers replaced so far.
    replaced: u32,
}

impl Dispatch {
    /// `workers` workers (at least one) for `total` jobs; returns the first jobs to send.
    pub fn start(workers: usize, total: u32) -> (Dispatch, Vec<Send>) {
        let mut d = Dispatch {
            total,
            next: 0,
            held: vec![Vec::new(); workers.max(1)],
            replaced: 0,
        };
        let mut out = Vec::new();
        for w in 0..d.held.len() {
            d.feed(w, &mut out);
        }
        (d, out)
    }

    /// Worker `w` answered job `index`: the jobs to send next (to it).
    pub fn answered(&mut self, w: usize, index: u32) -> Vec<Send> {
        let mut out = Vec::new();
        if let Some(held) = self.held.get_mut(w) {
            held.retain(|&j| j != index);
            self.feed(w, &mut out);
        }
        out
    }

    /// Job `index` stopped worker `w`, which the caller replaces with a new worker under the
    /// same number: the jobs to send to the new one (those the old one held, then new ones).
    pub fn stopped(&mut self, w: usize, index: u32) -> Vec<Send> {
        let mut out = Vec::new();
        if let Some(held) = self.held.get_mut(w) {
            held.retain(|&j| j != index);
            out.extend(held.iter().map(|&j| (w, j)));
            self.replaced += 1;
            self.feed(w, &mut out);
        }
        out
    }

    /// `more` jobs join the end of the queue (a tune question's next round): the jobs to send
    /// now, to the workers with room.
    pub fn extend(&mut self, more: u32) -> Vec<Send> {
        self.total += more;
        let mut out = Vec::new();
        for w in 0..self.held.len() {
            self.feed(w, &mut out);
        }
        out
    }

    /// Workers replaced because a run stopped them.
    pub fn replaced(&self) -> u32 {
        self.replaced
    }

    /// Number of workers.
    pub fn workers(&self) -> usize {
        self.held.len()
    }

    fn feed(&mut self, w: usize, out: &mut Vec<Send>) {
        while self.held[w].len() < PIPELINE && self.next < self.total {
            self.held[w].push(self.next);
            out.push((w, self.next));
            self.next += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeSet, VecDeque};

    /// Plays a sweep to its end: each worker answers its oldest job; job `kills` stops its
    /// worker, once per listed job. Returns the jobs answered, in order, and the sends.
    fn play(workers: usize, total: u32, kills: &[u32]) -> (Vec<u32>, Dispatch) {
        let (mut d, first) = Dispatch::start(workers, total);
        let mut queues: Vec<VecDeque<u32>> = vec![VecDeque::new(); d.workers()];
        let deliver = |queues: &mut Vec<VecDeque<u32>>, sends: Vec<Send>| {
            for (w, j) in sends {
                queues[w].push_back(j);
            }
        };
        deliver(&mut queues, first);
        let mut answered = Vec::new();
        let mut turn = 0;
        while queues.iter().any(|q| !q.is_empty()) {
            let w = turn % queues.len();
            turn += 1;
            let Some(j) = queues[w].pop_front() else {
                continue;
            };
            answered.push(j);
            if kills.contains(&j) {
                // The stopped worker's queue is lost with it.
                queues[w].clear();
                let sends = d.stopped(w, j);
                deliver(&mut queues, sends);
            } else {
                let sends = d.answered(w, j);
                deliver(&mut queues, sends);
            }
        }
        (answered, d)
    }

    #[test]
    fn every_job_is_answered_once_when_no_worker_stops() {
        let (answered, d) = play(3, 20, &[]);
        assert_eq!(answered.len(), 20);
        assert_eq!(answered.iter().collect::<BTreeSet<_>>().len(), 20);
        assert_eq!(d.replaced(), 0);
    }

    #[test]
    fn a_stopped_workers_held_jobs_go_to_its_replacement_and_the_sweep_ends() {
        // Job 0 stops worker 0 while it holds job 1 too (two jobs a worker): job 1 must be
        // sent again, and job 7 stops another worker later on.
        let (answered, d) = play(3, 20, &[0, 7]);
        let distinct: BTreeSet<u32> = answered.iter().copied().collect();
        assert_eq!(distinct, (0..20).collect(), "every job answered");
        assert_eq!(answered.len(), 20, "none twice: {answered:?}");
        assert_eq!(d.replaced(), 2);
    }

    #[test]
    fn one_worker_that_stops_on_every_job_still_ends_the_sweep() {
        let all: Vec<u32> = (0..6).collect();
        let (answered, d) = play(1, 6, &all);
        assert_eq!(answered, all);
        assert_eq!(d.replaced(), 6);
    }

    #[test]
    fn jobs_added_later_go_to_the_workers_with_room() {
        let (mut d, first) = Dispatch::start(2, 1);
        assert_eq!(first, vec![(0, 0)]);
        assert_eq!(d.extend(3), vec![(0, 1), (1, 2), (1, 3)]);
        assert!(d.answered(0, 0).is_empty(), "nothing left to send");
        assert_eq!(d.extend(1), vec![(0, 4)]);
    }

    #[test]
    fn answers_from_unknown_workers_or_jobs_change_nothing() {
        let (mut d, first) = Dispatch::start(2, 10);
        assert_eq!(first, vec![(0, 0), (0, 1), (1, 2), (1, 3)]);
        assert!(d.answered(5, 0).is_empty());
        assert!(d.stopped(5, 0).is_empty());
        // A job the worker does not hold frees no slot.
        assert!(d.answered(0, 9).is_empty());
        assert_eq!(d.answered(0, 0), vec![(0, 4)]);
    }
}
