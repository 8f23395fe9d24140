#!/usr/bin/env python3
"""The goal metrics of `gossip-sim tune`, from run reports: memberlist-bench's JSON or
gossip-sim's (both have `failures[]` and `false_deaths.events`), with tune's 95 % bounds.

    python3 bench/memberlist/goals.py NODES UNTIL_S FILE...

Prints, over all FILEs (one run each), what tune prints for a point:
  all_dead_p50, all_dead_p95: nearest-rank value over every crash of every run (a crash never
    seen dead by all counts as later than any), with the distribution-free binomial ranks of
    crates/sim/src/bounds.rs (`quantile_ranks`): one-sided 95 % each side;
  false_deaths_per_member_day: the events (observer, member) over the runs' member time
    (NODES members, less each crashed one from its crash on), with exact Poisson (Garwood)
    one-sided 95 % bounds, as crates/sim/src/tune/goal.rs.
See docs/memberlist.md, "A tune answer checked against memberlist".
"""
import json
import math
import sys

C = 0.95


def pois_cdf(k, lam):
    """P(Poisson(lam) <= k), summed in log space."""
    if k < 0:
        return 0.0
    if lam == 0:
        return 1.0
    terms = [-lam + i * math.log(lam) - math.lgamma(i + 1) for i in range(k + 1)]
    m = max(terms)
    return min(1.0, math.exp(m) * sum(math.exp(t - m) for t in terms))


def bisect(f, lo, hi):
    """The root of an increasing f in [lo, hi]."""
    for _ in range(200):
        mid = 0.5 * (lo + hi)
        if f(mid) < 0:
            lo = mid
        else:
            hi = mid
    return 0.5 * (lo + hi)


def poisson_upper(k):
    # the lam at which P(X <= k) = 1 - C
    return bisect(lambda lam: (1 - C) - pois_cdf(k, lam), 0.0, 10.0 * k + 20.0)


def poisson_lower(k):
    # the lam at which P(X >= k) = 1 - C, i.e. P(X <= k - 1) = C
    if k == 0:
        return 0.0
    return bisect(lambda lam: C - pois_cdf(k - 1, lam), 0.0, 10.0 * k + 20.0)


def binom_cdf(n, p):
    out, acc = [], 0.0
    for i in range(n + 1):
        ln = (math.lgamma(n + 1) - math.lgamma(i + 1) - math.lgamma(n - i + 1)
              + i * math.log(p) + (n - i) * math.log(1 - p))
        acc += math.exp(ln)
        out.append(min(acc, 1.0))
    return out


def quantile_ranks(n, q):
    """1-based ranks (l, u) as bounds.rs: l = 0 or u = n + 1 when nothing bounds that side."""
    cdf = binom_cdf(n, q)
    upper = next((r for r in range(1, n + 1) if cdf[r - 1] >= C), n + 1)
    lower = next((r for r in range(n, 0, -1) if 1 - cdf[r - 1] >= C), 0)
    return lower, upper


def crash_times_ms(report):
    """The crash times from the report's failures (both programs list every crash)."""
    return [f["at_ms"] for f in report["failures"]]


def main():
    nodes, until_s, files = int(sys.argv[1]), float(sys.argv[2]), sys.argv[3:]
    until_ms = until_s * 1000
    lat, deaths, member_ms = [], 0, 0.0
    for name in files:
        r = json.load(open(name))
        if "error" in r:
            sys.exit(f"{name}: {r['error']}")
        for f in r["failures"]:
            lat.append(math.inf if f["all_dead_ms"] is None else f["all_dead_ms"] - f["at_ms"])
        deaths += r["false_deaths"]["events"]
        member_ms += nodes * until_ms - sum(until_ms - t for t in crash_times_ms(r))
    lat.sort()
    n = len(lat)
    out = {"runs": len(files), "crashes": n}
    for q, key in [(0.5, "all_dead_p50"), (0.95, "all_dead_p95")]:
        rank = min(max(math.ceil(q * n), 1), n)
        lo, up = quantile_ranks(n, q)
        out[key] = {
            "value": lat[rank - 1],
            "lower95": lat[lo - 1] if lo > 0 else 0,
            "upper95": lat[up - 1] if up <= n else None,
            "ranks": [lo, rank, up],
        }
    days = member_ms / 86_400_000
    out["false_deaths_per_member_day"] = {
        "events": deaths,
        "member_days": round(days, 4),
        "value": deaths / days,
        "lower95": poisson_lower(deaths) / days,
        "upper95": poisson_upper(deaths) / days,
    }
    out["all_dead_ms"] = [x if x != math.inf else None for x in lat]
    print(json.dumps(out, default=lambda x: None))


if __name__ == "__main__":
    main()
