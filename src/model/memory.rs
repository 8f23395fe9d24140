//! The page's memory guard. The page's WebAssembly memory (wasm32) can grow to 4 GiB and never
//! shrinks; past that an allocation fails and the page stops for good. A large cluster under
//! heavy churn comes close: a partition of a 10,000-member SWIM cluster into halves holds a
//! suspicion timeout per observer and suspect (50 million of them) and peaks at about 3 GB
//! natively. So the page pauses a run whose memory passes [`GUARD_BYTES`] and says why; the
//! person can resume it at their own risk, and is told again for each [`GUARD_STEP`] more.

/// Memory at which the run pauses: 3 GiB, a quarter below the 4 GiB limit (a frame's work,
/// bounded by the frame budget, adds far less).
pub const GUARD_BYTES: u64 = 3 << 30;
/// After a warning, the next comes once memory has grown by this much more.
pub const GUARD_STEP: u64 = 256 << 20;

/// See the module documentation.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MemoryGuard {
    /// Memory at the last warning (0: none yet).
    warned_at: u64,
}

impl MemoryGuard {
    /// Given the page's memory now, in bytes: the banner text if the run should pause.
    pub fn check(&mut self, bytes: u64) -> Option<String> {
        let due = if self.warned_at == 0 {
            GUARD_BYTES
        } else {
            self.warned_at + GUARD_STEP
        };
        if bytes < due {
            return None;
        }
        self.warned_at = bytes;
        Some(format!(
            "Paused: this page's memory has grown to {:.1} GB, near the browser's limit of 4 GB \
             for it; past that the page stops. Large clusters under heavy churn (a partition, \
             many crashes) hold a suspicion per observer and suspect. Fewer members, or the \
             command-line gossip-sim, can run it; Space resumes at your own risk.",
            bytes as f64 / 1e9
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pauses_once_past_the_guard_then_again_each_step_further() {
        let mut g = MemoryGuard::default();
        assert_eq!(g.check(500 << 20), None);
        assert_eq!(g.check(GUARD_BYTES - 1), None);
        let text = g.check(GUARD_BYTES + (10 << 20)).expect("past the guard");
        assert!(text.contains("3.2 GB"), "{text}");
        // Memory never shrinks: the same figure, or a little more, is not news.
        assert_eq!(g.check(GUARD_BYTES + (10 << 20)), None);
        assert_eq!(g.check(GUARD_BYTES + (200 << 20)), None);
        assert!(g.check(GUARD_BYTES + (10 << 20) + GUARD_STEP).is_some());
    }
}
