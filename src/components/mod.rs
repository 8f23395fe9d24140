//! One component per file. Each is a function component fed by props from the app.

pub mod banner;
pub mod chart;
pub mod compare_bar;
pub mod compare_table;
pub mod controls;
pub mod draft_input;
pub mod event_log;
pub mod guide;
pub mod legend;
pub mod lesson_panel;
pub mod members_table;
pub mod metrics;
pub mod node_panel;
pub mod panels;
pub mod presets;
pub mod speed_slider;
pub mod status_strip;
pub mod sweep_msg;
pub mod sweep_panel;
pub mod sweep_view;
pub mod timeline;
pub mod toolbar;
pub mod tune_msg;
pub mod tune_panel;
pub mod tune_view;
pub mod why_panel;
