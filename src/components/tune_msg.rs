//! What the tune panel's views send it.

use crate::sweep::job::Outcome;
use crate::tune::form::Field;
use crate::tune::report_job::Report;
use gossip_sim::config_export::System;

/// Messages of [`super::tune_panel::TunePanel`].
pub enum Msg {
    /// The panel was opened or closed.
    Open(bool),
    /// A field was committed.
    Field(Field, String),
    /// Another varied key.
    AddVary,
    /// Remove varied key `i`.
    RemoveVary(usize),
    /// Another goal.
    AddGoal,
    /// Remove goal `i`.
    RemoveGoal(usize),
    /// Fill the form again from the page's scenario.
    Suggest,
    /// Answer the question.
    Run,
    /// Stop.
    Cancel,
    /// A worker answered a run.
    Outcome(usize, Outcome),
    /// A worker wrote a round's answer.
    Report(Report),
    /// Copy the recommended point's configuration for a system.
    CopyConfig(System),
    /// Copy the link that reproduces the question.
    CopyLink,
    /// Load the recommended scenario into the main run.
    Load,
    /// Download the answer document.
    ExportJson,
}
