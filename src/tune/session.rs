//! One tune question being answered in the page: the engine's [`Tuner`] handing out rounds of
//! runs, each run a [`Job`] for the sweep workers, and the answers recorded back. Pure Rust
//! (the clock is an argument), so the rounds are tested natively with made-up outcomes.
//!
//! Jobs are numbered in the order they are handed out, from 0, across rounds: the worker pool
//! sends them in that order, and an [`Outcome`] names its job by that number. The answer shown
//! is the document of the last complete round (a round cut off by Cancel leaves its points
//! with a hole where a run was not recorded, which the document must not read as a run).

use crate::sweep::job::{Job, Outcome};
use gossip_sim::tune::{PointResult, Question, RunRequest, Tuner, report};

/// See the module documentation.
#[derive(Clone, Debug)]
pub struct Session {
    /// The session's number (a cancelled session's late answers are told apart).
    pub id: u32,
    tuner: Tuner,
    /// Every run handed out, by job number.
    issued: Vec<RunRequest>,
    /// Whether each issued job has been answered.
    answered: Vec<bool>,
    /// Runs of the current round still out.
    out: usize,
    /// The points as of the last complete round.
    settled: Vec<PointResult>,
    /// Wall time of the answered runs, ms (for the time left).
    run_ms: f64,
    /// Runs answered.
    runs: u64,
    /// Runs that could not run: `point p, seed s: why`.
    pub errors: Vec<String>,
    /// Rounds completed.
    pub rounds: u32,
}

/// Where a session stands, for the progress line.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Progress {
    /// Runs answered.
    pub done: u64,
    /// Runs the search may still need at most, counting those done.
    pub at_most: u64,
    /// Mean wall time of a run in a worker, ms (None before the first answer).
    pub mean_run_ms: Option<f64>,
    /// Time left at most, ms: the runs left × the mean run ÷ the workers.
    pub left_ms: Option<f64>,
}

impl Session {
    /// Starts answering `question` as session `id`: the session and the first round's jobs.
    pub fn start(question: Question, id: u32) -> (Session, Vec<Job>) {
        let n = question.sweep.point_count();
        let mut s = Session {
            id,
            tuner: Tuner::new(question, 0..n),
            issued: Vec::new(),
            answered: Vec::new(),
            out: 0,
            settled: Vec::new(),
            run_ms: 0.0,
            runs: 0,
            errors: Vec::new(),
            rounds: 0,
        };
        s.settled = s.tuner.results();
        let jobs = s.next_round();
        (s, jobs)
    }

    /// The question.
    pub fn question(&self) -> &Question {
        &self.tuner.question
    }

    /// The jobs of the next round (none when the search is over).
    fn next_round(&mut self) -> Vec<Job> {
        let round = self.tuner.next_runs();
        let q = &self.tuner.question;
        let until_ms = q.until / 1000;
        let first = self.issued.len();
        let jobs = round
            .iter()
            .enumerate()
            .map(|(i, r)| Job {
                sweep: self.id,
                index: (first + i) as u32,
                query: q.scenario(r.point, r.seed).to_query_with_seed(),
                until_ms,
            })
            .collect();
        self.out = round.len();
        self.answered.resize(first + round.len(), false);
        self.issued.extend(round);
        jobs
    }

    /// Records a worker's answer; returns the next round's jobs when it completes a round.
    /// Answers of another session, unknown or already answered jobs change nothing.
    pub fn record(&mut self, o: Outcome) -> Vec<Job> {
        let i = o.index as usize;
        if o.sweep != self.id || self.answered.get(i) != Some(&false) {
            return Vec::new();
        }
        self.answered[i] = true;
        let req = self.issued[i].clone();
        if let Err(e) = &o.stats {
            self.errors
                .push(format!("point {}, seed {}: {e}", req.point, req.seed));
        }
        self.tuner.record(&req, o.stats);
        self.run_ms += o.wall_ms.max(0.0);
        self.runs += 1;
        self.out = self.out.saturating_sub(1);
        if self.out > 0 {
            return Vec::new();
        }
        self.rounds += 1;
        self.settled = self.tuner.results();
        self.next_round()
    }

    /// True when the search is over.
    pub fn is_done(&self) -> bool {
        self.tuner.is_done()
    }

    /// Runs answered and at most needed, the mean run, and the time left with `workers`.
    pub fn progress(&self, workers: usize) -> Progress {
        let (_, at_most) = self.tuner.progress();
        let done = self.runs;
        let mean = (self.runs > 0).then(|| self.run_ms / self.runs as f64);
        Progress {
            done,
            at_most: at_most.max(done),
            mean_run_ms: mean,
            left_ms: mean.map(|m| at_most.saturating_sub(done) as f64 * m / workers.max(1) as f64),
        }
    }

    /// The points as of the last complete round.
    pub fn results(&self) -> &[PointResult] {
        &self.settled
    }

    /// The job that has a worker write the answer as of the last complete round.
    pub fn report_job(&self) -> crate::tune::report_job::ReportJob {
        let q = &self.tuner.question;
        crate::tune::report_job::ReportJob::new(self.id, self.rounds, q, &self.settled)
    }

    /// The answer document (`report::document`) as of the last complete round.
    pub fn document(&self) -> String {
        report::document(&self.tuner.question, &self.settled)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tune::form::{Form, GoalRow};
    use gossip_sim::sweep::RunStats;
    use gossip_sim::tune::run_stats;

    fn question() -> Question {
        Form {
            base: "proto=swim&nodes=8&ev=5s.every.10s~20s.crash.?.5s".into(),
            vary: vec![("n".into(), "1,3".into())],
            goals: vec![GoalRow {
                metric: "false_deaths_per_member_day".into(),
                op: "<=".into(),
                value: "100000".into(),
            }],
            minimize: "messages_per_member_s".into(),
            seeds: "8".into(),
            until: "30s".into(),
            workers: "2".into(),
        }
        .plan()
        .expect("valid")
        .question
    }

    fn answer(job: &Job, stats: Result<RunStats, String>) -> Outcome {
        Outcome {
            sweep: job.sweep,
            index: job.index,
            stats,
            message_events: 0,
            wall_ms: 100.0,
            stopped_worker: false,
        }
    }

    /// Answers every job by really running it, in reverse order within each round (workers
    /// answer in any order); returns the session and the jobs of each round.
    fn play(q: Question) -> (Session, Vec<usize>) {
        let (mut s, mut jobs) = Session::start(q, 1);
        let mut rounds = Vec::new();
        while !jobs.is_empty() {
            rounds.push(jobs.len());
            let mut next = Vec::new();
            for job in jobs.iter().rev() {
                let stats = crate::sweep::job::run_job(job).0;
                next.extend(s.record(answer(job, stats)));
            }
            jobs = next;
        }
        (s, rounds)
    }

    #[test]
    fn rounds_of_jobs_give_the_document_the_engine_gives() {
        let q = question();
        let (s, rounds) = play(q.clone());
        assert!(s.is_done());
        assert_eq!(rounds[0], 4, "two points × two seeds first");
        let mut tuner = Tuner::new(q.clone(), 0..q.sweep.point_count());
        tuner.run_all(|q, reqs| {
            reqs.iter()
                .map(|r| run_stats(&q.scenario(r.point, r.seed), q.until))
                .collect()
        });
        assert_eq!(s.document(), report::document(&q, &tuner.results()));
        // What a worker writes for the page is the same document, and its reading of it.
        let written = crate::tune::report_job::answer(&s.report_job());
        assert_eq!(written.document.as_deref(), Ok(s.document().as_str()));
        let answer = written.answer.expect("read");
        assert!(answer.recommended.is_some());
        assert!(s.document().contains(&answer.text));
        assert_eq!(
            written.configs.len(),
            7,
            "every system, when a point is recommended"
        );
        let p = s.progress(2);
        assert_eq!(p.done, p.at_most);
        assert_eq!(p.left_ms, Some(0.0));
    }

    #[test]
    fn late_unknown_and_repeated_answers_change_nothing() {
        let (mut s, jobs) = Session::start(question(), 7);
        let ok = || Ok(RunStats::default());
        let mut stale = answer(&jobs[0], ok());
        stale.sweep = 6;
        assert!(s.record(stale).is_empty());
        let mut unknown = answer(&jobs[0], ok());
        unknown.index = 99;
        assert!(s.record(unknown).is_empty());
        assert!(s.record(answer(&jobs[0], ok())).is_empty());
        assert!(s.record(answer(&jobs[0], ok())).is_empty());
        assert_eq!(s.progress(1).done, 1);
        assert_eq!(s.rounds, 0);
    }

    #[test]
    fn a_run_error_is_kept_and_its_point_has_no_verdict() {
        let (mut s, jobs) = Session::start(question(), 1);
        let mut next = Vec::new();
        for (i, job) in jobs.iter().enumerate() {
            let stats = if i == 0 {
                Err("out of memory".into())
            } else {
                crate::sweep::job::run_job(job).0
            };
            next.extend(s.record(answer(job, stats)));
        }
        assert_eq!(s.errors.len(), 1);
        assert!(s.errors[0].contains("out of memory"), "{:?}", s.errors);
        assert!(s.document().contains("\"verdict\":\"error\""));
        assert!(next.iter().all(|j| j.index as usize >= jobs.len()));
    }

    #[test]
    fn the_time_left_is_the_runs_left_times_the_mean_run_over_the_workers() {
        let (mut s, jobs) = Session::start(question(), 1);
        assert_eq!(s.progress(2).left_ms, None);
        s.record(answer(&jobs[0], Ok(RunStats::default())));
        let p = s.progress(2);
        assert_eq!(p.mean_run_ms, Some(100.0));
        // Two points, at most 8 seeds each: 16 runs, one done.
        assert_eq!(p.at_most, 16);
        assert_eq!(p.left_ms, Some(15.0 * 100.0 / 2.0));
    }
}
