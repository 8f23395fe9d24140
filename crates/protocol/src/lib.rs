//! Sans-I/O membership protocols: heartbeat-style gossip and SWIM.
//!
//! A node is a plain value. The simulator (or any other driver) calls its handlers with the
//! current time, the incoming message or timer, and a source of randomness; the handlers push
//! [`Effect`]s into an outbox. Nothing here reads a clock, touches a socket or draws ambient
//! randomness, so the same code runs natively, in the browser and in tests.
//!
//! Timers are relative and cannot be cancelled: a timer that is no longer wanted carries a token
//! (a sequence number or an incarnation) and is ignored when it fires.
#![cfg_attr(not(test), no_std)]
#![forbid(unsafe_code)]
#![warn(missing_docs)]

extern crate alloc;

mod core;
pub mod gossip;
mod snug;
pub mod swim;

pub use crate::core::{
    Change, Effect, Micros, MsgKind, Node, NodeId, Note, Outbox, Random, Row, Status, Wire,
};
