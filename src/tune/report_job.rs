//! The answer of a round, written in a worker: the question (as its arguments) and the points'
//! runs go to the tune worker (`worker.rs`), which writes the answer document
//! (`report::document`), reads it into an [`Answer`] and exports the recommended scenario for
//! every system. Neither the page nor the sweep worker then needs the document's JSON writer
//! and reader or the configuration exporters (docs/results.md, "Page size").

use super::answer::Answer;
use gossip_sim::config_export::{System, export};
use gossip_sim::sweep::{RunStats, Vary};
use gossip_sim::tune::{Goal, Metric, PointResult, Question, report};
use serde::{Deserialize, Serialize};

/// A question as its arguments (what `gossip-sim tune` is given).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct QuestionArgs {
    /// The base query.
    pub query: String,
    /// `KEY=V1,V2,...` each.
    pub vary: Vec<String>,
    /// Each goal as written.
    pub goals: Vec<String>,
    /// The minimised metric.
    pub minimize: Option<String>,
    /// Most seeds a point.
    pub seeds: u64,
    /// Run length, µs.
    pub until: u64,
}

impl QuestionArgs {
    /// The arguments of `q`.
    pub fn of(q: &Question) -> QuestionArgs {
        QuestionArgs {
            query: q.query.clone(),
            vary: q
                .sweep
                .vary
                .iter()
                .map(|v| format!("{}={}", v.key, v.values.join(",")))
                .collect(),
            goals: q.goals.iter().map(Goal::to_string).collect(),
            minimize: q.minimize.map(|m| m.name.to_string()),
            seeds: q.max_seeds(),
            until: q.until,
        }
    }

    /// The question again.
    pub fn question(&self) -> Result<Question, String> {
        let vary = self
            .vary
            .iter()
            .map(|v| Vary::parse(v).map_err(|e| e.message))
            .collect::<Result<Vec<_>, _>>()?;
        let goals = self
            .goals
            .iter()
            .map(|g| Goal::parse(g))
            .collect::<Result<Vec<_>, _>>()?;
        let minimize = self.minimize.as_deref().map(Metric::named).transpose()?;
        Question::new(&self.query, vary, goals, minimize, self.seeds, self.until)
            .map_err(|e| e.message)
    }
}

/// One point's runs, as they cross to the worker.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct PointRuns {
    /// Its index in the grid.
    pub point: usize,
    /// Its runs, seed by seed.
    pub runs: Vec<RunStats>,
    /// Why a run could not run.
    pub error: Option<String>,
}

/// What a worker is asked: the answer of session `session` after round `round`.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct ReportJob {
    /// The tune session.
    pub session: u32,
    /// Rounds complete.
    pub round: u32,
    /// The question.
    pub question: QuestionArgs,
    /// Every point so far.
    pub points: Vec<PointRuns>,
}

impl ReportJob {
    /// The job for `points` of `q`.
    pub fn new(session: u32, round: u32, q: &Question, points: &[PointResult]) -> ReportJob {
        ReportJob {
            session,
            round,
            question: QuestionArgs::of(q),
            points: points
                .iter()
                .map(|p| PointRuns {
                    point: p.point,
                    runs: p.runs.clone(),
                    error: p.error.clone(),
                })
                .collect(),
        }
    }
}

/// What the worker answers.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize)]
pub struct Report {
    /// The job's session.
    pub session: u32,
    /// The job's round.
    pub round: u32,
    /// The answer document (`report::document`), or why it could not be written.
    pub document: Result<String, String>,
    /// The document as the panel reads it.
    pub answer: Option<Answer>,
    /// The recommended scenario's configuration for each system (by name): its text, or
    /// why the system cannot have it.
    pub configs: Vec<(String, String)>,
}

/// Writes the answer `job` asks for.
pub fn answer(job: &ReportJob) -> Report {
    let mut out = Report {
        session: job.session,
        round: job.round,
        document: Err(String::new()),
        answer: None,
        configs: Vec::new(),
    };
    let q = match job.question.question() {
        Ok(q) => q,
        Err(e) => {
            out.document = Err(e);
            return out;
        }
    };
    let points: Vec<PointResult> = job
        .points
        .iter()
        .map(|p| PointResult {
            point: p.point,
            runs: p.runs.clone(),
            error: p.error.clone(),
        })
        .collect();
    let document = report::document(&q, &points);
    out.answer = Answer::of(&document);
    let recommended = out
        .answer
        .as_ref()
        .and_then(|a| a.recommended_query.clone());
    if let Some(s) = recommended.and_then(|r| gossip_sim::Scenario::from_query(&r).ok()) {
        out.configs = System::ALL
            .iter()
            .map(|&sys| {
                let e = export(&s, sys);
                let text = if e.text.is_empty() {
                    e.notes.join("\n")
                } else {
                    e.text
                };
                (sys.name().to_string(), text)
            })
            .collect();
    }
    out.document = Ok(document);
    out
}
