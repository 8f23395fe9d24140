//! Confidence bounds honest for rare events: the exact (Garwood) upper bound of a Poisson
//! mean. A sweep that saw no false death in 100 member-days has not shown a rate of 0 but
//! one below about 3 per 100 member-days; a goal like `false_deaths_per_member_day<=0.01`
//! is met with confidence only when this bound is under it.
//!
//! For `k` events the one-sided upper bound at confidence `c` is the mean `λ` at which seeing
//! `k` or fewer has probability `1 − c`: `P(X ≤ k; λ) = Q(k + 1, λ) = 1 − c`, where `Q` is the
//! regularized upper incomplete gamma function; equivalently `χ²_c(2k + 2) / 2`. For `k = 0`
//! it is `−ln(1 − c)` (2.9957 at 95 %). It is found by bisection on `Q`, which is computed by
//! its series or its continued fraction (Numerical Recipes, §6.2), with `ln Γ` by Lanczos.

/// The one-sided 95 % upper bound of a Poisson mean after `k` events (see the module).
pub fn poisson_upper95(k: u64) -> f64 {
    poisson_upper(k, 0.95)
}

/// The one-sided upper bound, at `confidence` (in (0, 1)), of a Poisson mean after `k`
/// events: the `λ` with `P(X ≤ k; λ) = 1 − confidence`.
pub fn poisson_upper(k: u64, confidence: f64) -> f64 {
    poisson_upper_of(k as f64, confidence)
}

/// [`poisson_upper`] for a count that need not be whole: an *effective* count, such as a
/// count divided by its overdispersion (events that come in clusters; see `tune::goal`).
pub fn poisson_upper_of(k: f64, confidence: f64) -> f64 {
    let tail = 1.0 - confidence;
    if k <= 0.0 {
        return -tail.ln();
    }
    // P(X ≤ k; λ) = Q(k + 1, λ): where it falls to the tail.
    q_inverse(k + 1.0, tail)
}

/// The one-sided lower bound, at `confidence`, of a Poisson mean after `k` events: the `λ`
/// with `P(X ≥ k; λ) = 1 − confidence` (`χ²_{1−c}(2k) / 2`; 0 for `k = 0`). A rate whose
/// lower bound is over a goal fails it with that confidence.
pub fn poisson_lower(k: u64, confidence: f64) -> f64 {
    poisson_lower_of(k as f64, confidence)
}

/// [`poisson_lower`] for an effective count that need not be whole.
pub fn poisson_lower_of(k: f64, confidence: f64) -> f64 {
    if k <= 0.0 {
        return 0.0;
    }
    // P(X ≤ k − 1; λ) = Q(k, λ): where it falls to `confidence`.
    q_inverse(k, confidence)
}

/// The `λ` at which `Q(a, λ)`, which falls from 1 to 0 as `λ` grows, equals `target` (in
/// (0, 1)): bracketed by doubling, then bisected to 12 significant digits.
fn q_inverse(a: f64, target: f64) -> f64 {
    let (mut lo, mut hi) = (0.0, a + 10.0 * a.sqrt() + 10.0);
    while upper_gamma_q(a, hi) > target {
        (lo, hi) = (hi, 2.0 * hi);
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if upper_gamma_q(a, mid) > target {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-12 * hi {
            break;
        }
    }
    0.5 * (lo + hi)
}

/// Distribution-free bounds of the `q`-quantile from `n` samples: the 1-based ranks `(l, u)`
/// of the sorted samples such that `x_(l) ≤ quantile` and `quantile ≤ x_(u)` each hold with
/// probability at least `confidence` (binomial order statistics). `l` is 0 when no sample is
/// low enough to bound it below, `u` is `n + 1` when none is high enough: with fewer than
/// ⌈ln(1 − c) / ln q⌉ samples (59 for the 95th percentile at 95 %), nothing bounds it above.
pub fn quantile_ranks(n: usize, q: f64, confidence: f64) -> (usize, usize) {
    // P(x_(r) ≥ quantile) = P(Bin(n, q) < r) = cdf(r − 1).
    let cdf = binomial_cdf(n, q);
    let upper = (1..=n).find(|&r| cdf[r - 1] >= confidence).unwrap_or(n + 1);
    // P(x_(r) ≤ quantile) = P(Bin(n, q) ≥ r) = 1 − cdf(r − 1).
    let lower = (1..=n)
        .rev()
        .find(|&r| 1.0 - cdf[r - 1] >= confidence)
        .unwrap_or(0);
    (lower, upper)
}

/// `P(Bin(n, p) ≤ i)` for `i` in `0..=n`, summed in log space.
fn binomial_cdf(n: usize, p: f64) -> Vec<f64> {
    let (lp, lq) = (p.ln(), (1.0 - p).ln());
    let ln_fact = |k: usize| ln_gamma(k as f64 + 1.0);
    let mut out = Vec::with_capacity(n + 1);
    let mut acc = 0.0;
    for i in 0..=n {
        let ln_pmf = ln_fact(n) - ln_fact(i) - ln_fact(n - i) + i as f64 * lp + (n - i) as f64 * lq;
        acc += ln_pmf.exp();
        out.push(acc.min(1.0));
    }
    out
}

/// `ln Γ(x)` for `x > 0` (Lanczos, g = 7, 9 terms: about 15 significant digits).
fn ln_gamma(x: f64) -> f64 {
    const G: f64 = 7.0;
    const C: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    let x = x - 1.0;
    let mut sum = C[0];
    for (i, c) in C.iter().enumerate().skip(1) {
        sum += c / (x + i as f64);
    }
    let t = x + G + 0.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// The regularized upper incomplete gamma function `Q(a, x) = Γ(a, x) / Γ(a)`, `a > 0`,
/// `x ≥ 0`: the series of `P = 1 − Q` below `x < a + 1`, Lentz's continued fraction above.
fn upper_gamma_q(a: f64, x: f64) -> f64 {
    if x <= 0.0 {
        return 1.0;
    }
    let front = (a * x.ln() - x - ln_gamma(a)).exp();
    if x < a + 1.0 {
        // P(a, x) = e^{−x} x^a / Γ(a) · Σ x^n / (a (a+1) … (a+n)).
        let (mut term, mut sum, mut ap) = (1.0 / a, 1.0 / a, a);
        for _ in 0..10_000 {
            ap += 1.0;
            term *= x / ap;
            sum += term;
            if term.abs() < sum.abs() * 1e-16 {
                break;
            }
        }
        (1.0 - sum * front).max(0.0)
    } else {
        const TINY: f64 = 1e-300;
        let mut b = x + 1.0 - a;
        let mut c = 1.0 / TINY;
        let mut d = 1.0 / b;
        let mut h = d;
        for i in 1..10_000 {
            let an = -(i as f64) * (i as f64 - a);
            b += 2.0;
            d = an * d + b;
            if d.abs() < TINY {
                d = TINY;
            }
            c = b + an / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            let delta = d * c;
            h *= delta;
            if (delta - 1.0).abs() < 1e-16 {
                break;
            }
        }
        (front * h).min(1.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(got: f64, want: f64, rel: f64) -> bool {
        (got - want).abs() <= rel * want
    }

    #[test]
    fn the_95_percent_upper_bounds_are_the_chi_square_tables() {
        // χ²_0.95(2k + 2) / 2: the tables give χ²_0.95(2) = 5.991, (4) = 9.488, (12) = 21.026,
        // (22) = 33.924, (42) = 58.124; the digits below are the Poisson sum solved by
        // bisection in Python's floats (`math.lgamma`), 2026-12-07.
        for (k, want) in [
            (0, 2.995_732),
            (1, 4.743_865),
            (5, 10.513_035),
            (10, 16.962_219),
            (20, 29.062_019),
            (100, 118.079_273),
        ] {
            let got = poisson_upper95(k);
            assert!(close(got, want, 1e-5), "k={k}: {got} vs {want}");
        }
    }

    #[test]
    fn at_the_bound_seeing_k_or_fewer_has_probability_five_percent() {
        // Checked against the Poisson distribution summed term by term.
        for k in [1u64, 3, 7, 30] {
            let lambda = poisson_upper95(k);
            let mut term = (-lambda).exp();
            let mut cdf = term;
            for i in 1..=k {
                term *= lambda / i as f64;
                cdf += term;
            }
            assert!((cdf - 0.05).abs() < 1e-9, "k={k}: P(X <= k) = {cdf}");
        }
    }

    #[test]
    fn the_bound_grows_with_k_and_stays_above_it() {
        let mut last = 0.0;
        for k in [0, 1, 2, 10, 1000, 100_000, 10_000_000] {
            let u = poisson_upper95(k);
            assert!(u > last && u > k as f64, "k={k}: {u}");
            // For large k, about k + 1.645 √k (the normal approximation).
            if k >= 1000 {
                let approx = k as f64 + 1.645 * (k as f64).sqrt();
                assert!(close(u, approx, 2e-3), "k={k}: {u} vs {approx}");
            }
            last = u;
        }
    }

    #[test]
    fn other_confidences_follow_the_same_rule() {
        // k = 0: −ln(1 − c); k = 2 at 99 %: χ²_0.99(6) / 2 = 16.8119 / 2.
        assert!(close(poisson_upper(0, 0.99), 4.605_170, 1e-6));
        assert!(close(poisson_upper(2, 0.99), 8.405_947, 1e-5));
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        let mut f = 1.0f64;
        for n in 1..30u32 {
            f *= f64::from(n);
            let got = ln_gamma(f64::from(n) + 1.0);
            assert!((got - f.ln()).abs() < 1e-10 * f.ln().max(1.0), "{n}!");
        }
        assert!((ln_gamma(0.5) - std::f64::consts::PI.sqrt().ln()).abs() < 1e-12);
    }

    #[test]
    fn the_95_percent_lower_bounds_are_the_chi_square_tables() {
        // χ²_0.05(2k) / 2: the tables give χ²_0.05(2) = 0.1026, (10) = 3.940, (20) = 10.851.
        assert_eq!(poisson_lower(0, 0.95), 0.0);
        for (k, want) in [(1, 0.051_293), (5, 1.970_075), (10, 5.425_406)] {
            let got = poisson_lower(k, 0.95);
            assert!(close(got, want, 1e-4), "k={k}: {got} vs {want}");
            assert!(got < k as f64 && got < poisson_upper95(k));
        }
    }

    #[test]
    fn the_95th_percentile_needs_59_samples_to_be_bounded_above() {
        // 0.95^58 = 0.051 > 0.05 and 0.95^59 = 0.0485: with 59 samples the largest bounds it.
        assert_eq!(quantile_ranks(58, 0.95, 0.95).1, 59, "unbounded");
        assert_eq!(quantile_ranks(59, 0.95, 0.95).1, 59);
        // The median of 10: ranks 2 and 9 (P(Bin(10, ½) ≤ 1) = 0.0107, ≤ 8: 0.989).
        assert_eq!(quantile_ranks(10, 0.5, 0.95), (2, 9));
        // Three samples: the second is below the 95th percentile with probability 0.993
        // (1 − 0.05³ − 3 · 0.95 · 0.05²), and nothing is above it with enough.
        assert_eq!(quantile_ranks(3, 0.95, 0.95), (2, 4));
        assert_eq!(
            quantile_ranks(1, 0.95, 0.95),
            (1, 2),
            "P(x ≤ q95) = 0.95 exactly"
        );
        let (l, u) = quantile_ranks(1000, 0.95, 0.95);
        assert!(l < 950 && 950 < u && u - l < 30, "({l}, {u})");
    }
}
