//! SWIM (Das, Gupta, Motivala 2002). Work in progress.
