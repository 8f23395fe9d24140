//! How long a suspect has to refute before it is confirmed dead.

use super::config::SwimConfig;
use ::core::f64::consts::LOG10_2;

use crate::core::Micros;

/// The suspicion timeout in microseconds when `live` members are alive or suspect:
/// `suspicion_mult * period * max(1, log10(live))`, memberlist's
/// `SuspicionMult * log10(max(1, N)) * ProbeInterval` floored at `suspicion_mult * period`
/// (so groups under 10 members wait `n` periods, 100 members `2n`, 1000 members `3n`):
/// a rumour needs about `log N` periods to reach everyone, the suspect included.
pub fn suspicion_timeout(config: &SwimConfig, live: u32) -> Micros {
    let base = u64::from(config.suspicion_mult).saturating_mul(config.period);
    let scale = log10(live);
    if scale <= 1.0 {
        return base;
    }
    // A float-to-int `as` saturates, so a huge product cannot wrap.
    (base as f64 * scale) as Micros
}

/// `log10(n)` (0 for `n <= 1`) to about 7 decimal digits, deterministically on every platform:
/// `no_std` has no float logarithm, so this takes log2 by repeated squaring.
fn log10(n: u32) -> f64 {
    log2(n) * LOG10_2
}

/// `log2(n)` (0 for `n <= 1`) to about 7 decimal digits, by repeated squaring (deterministic
/// on every platform; `no_std` has no float logarithm).
pub(crate) fn log2(n: u32) -> f64 {
    if n <= 1 {
        return 0.0;
    }
    let whole = 31 - n.leading_zeros();
    let mut x = f64::from(n) / f64::from(1u32 << whole);
    let mut log2 = f64::from(whole);
    let mut bit = 0.5;
    for _ in 0..24 {
        x *= x;
        if x >= 2.0 {
            x /= 2.0;
            log2 += bit;
        }
        bit /= 2.0;
    }
    log2
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn log10_is_accurate_enough() {
        for (n, expected) in [(2, LOG10_2), (10, 1.0), (50, 1.69897), (1000, 3.0)] {
            assert!(
                (log10(n) - expected).abs() < 1e-5,
                "log10({n}) = {}",
                log10(n)
            );
        }
    }

    #[test]
    fn small_groups_wait_n_periods_and_large_ones_scale_with_log10() {
        let config = SwimConfig::lan();
        assert_eq!(suspicion_timeout(&config, 1), 4_000_000);
        assert_eq!(suspicion_timeout(&config, 9), 4_000_000);
        let t100 = suspicion_timeout(&config, 100);
        assert!((7_999_000..=8_000_000).contains(&t100), "{t100}");
        let t50 = suspicion_timeout(&config, 50);
        assert!((6_795_000..6_796_000).contains(&t50), "{t50}");
    }
}
