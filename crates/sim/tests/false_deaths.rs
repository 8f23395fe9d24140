//! False deaths of faulty and of healthy members, per their own member time, and the rare-event
//! bound of the false-death rate (`sweep::RunStats`, `sweep::Summary`).

use gossip_sim::bounds::poisson_upper95;
use gossip_sim::sweep::{RunStats, Summary};
use gossip_sim::{Scenario, run_then};

const S: u64 = 1_000_000;

fn stats(query: &str, until_s: u64) -> RunStats {
    let scenario = Scenario::from_query(query).unwrap_or_else(|e| panic!("{query}: {e}"));
    run_then(&scenario, until_s * S, |s, m| {
        RunStats::of(s, m, until_s * S)
    })
    .unwrap()
}

#[test]
fn member_time_slowed_or_paused_is_counted_once_while_the_member_runs() {
    for (ev, faulty_ms) in [
        ("10s.pause.5.30s", 30_000),
        // A pause running past the end of the run counts up to the end.
        ("50s.pause.5.30s", 10_000),
        ("5s.slow.3.300ms,20s.fast.3", 15_000),
        // Slowed until the end.
        ("5s.slow.3.300ms", 55_000),
        // A second pause extends the first; a slow member paused is counted once.
        ("10s.pause.5.10s,15s.pause.5.10s", 15_000),
        ("10s.slow.5.100ms,12s.pause.5.5s,20s.fast.5", 10_000),
        // A crash ends the fault.
        ("10s.pause.5.30s,20s.crash.5", 10_000),
        ("10s.slow.5.100ms,20s.leave.5,30s.recover.5", 10_000),
        // Two members at once.
        ("10s.pause.5.10s,10s.slow.6.100ms,40s.fast.6", 40_000),
    ] {
        let q = format!("proto=swim&nodes=16&topo=full&ev={ev}");
        let r = stats(&q, 60);
        assert_eq!(r.faulty_member_ms, faulty_ms, "{ev}");
        assert!(
            r.healthy_member_ms() + r.faulty_member_ms == r.member_ms,
            "{ev}"
        );
    }
}

#[test]
fn a_member_declared_dead_while_paused_is_a_false_death_of_a_faulty_member() {
    // Paused for 30 s, far beyond SWIM's suspicion timeout (4 × 1.2 s): every other member
    // declares it dead while it sleeps; nobody else dies.
    let r = stats("proto=swim&nodes=16&topo=full&ev=10s.pause.5.30s", 60);
    assert!(r.false_deaths >= 15, "{r:?}");
    assert_eq!(r.false_deaths_of_faulty, r.false_deaths, "{r:?}");
    assert_eq!(r.false_deaths_of_healthy(), 0);
    let s = Summary::of(std::slice::from_ref(&r));
    let faulty_hours = 30.0 / 3600.0;
    let want = r.false_deaths as f64 / faulty_hours;
    let got = s.false_deaths_of_faulty_per_member_hour.unwrap();
    assert!((got - want).abs() < 1e-9 * want, "{got} vs {want}");
    assert_eq!(s.false_deaths_of_healthy_per_member_hour, 0.0);
}

#[test]
fn a_member_declared_dead_behind_a_partition_is_a_false_death_of_a_healthy_member() {
    let r = stats(
        "proto=swim&nodes=16&topo=full&ev=10s.partition.0-1,40s.heal",
        60,
    );
    assert!(r.false_deaths > 0, "{r:?}");
    assert_eq!(r.false_deaths_of_faulty, 0);
    assert_eq!(r.faulty_member_ms, 0);
    let s = Summary::of(&[r]);
    assert_eq!(
        s.false_deaths_of_faulty_per_member_hour, None,
        "no faulty member time"
    );
    assert!(s.false_deaths_of_healthy_per_member_hour > 0.0);
    assert!(
        (s.false_deaths_of_healthy_per_member_hour - s.false_deaths_per_member_hour).abs() < 1e-9
    );
}

#[test]
fn the_per_day_rate_and_its_upper_bound_are_over_all_member_time() {
    // No false death in 16 members × 60 s: the rate is 0, its 95 % bound −ln 0.05 over the
    // member-days.
    let r = stats("proto=swim&nodes=16&topo=full&ev=10s.crash.3", 60);
    assert_eq!(r.false_deaths, 0);
    let runs = vec![r; 3];
    let s = Summary::of(&runs);
    let days: f64 = runs.iter().map(|r| r.member_ms as f64).sum::<f64>() / 86_400_000.0;
    assert_eq!(s.false_deaths_per_member_day, 0.0);
    let bound = s.false_deaths_per_member_day_upper95.unwrap();
    assert!((bound - 2.995_732 / days).abs() < 1e-5 * bound, "{bound}");
    // With deaths: k over the member-days, and the bound of k.
    let r = stats("proto=swim&nodes=16&topo=full&ev=10s.pause.5.30s", 60);
    let s = Summary::of(std::slice::from_ref(&r));
    let days = r.member_ms as f64 / 86_400_000.0;
    let k = r.false_deaths;
    assert!((s.false_deaths_per_member_day - k as f64 / days).abs() < 1e-9 * k as f64 / days);
    assert!((s.false_deaths_per_member_day - 24.0 * s.false_deaths_per_member_hour).abs() < 1e-6);
    let bound = s.false_deaths_per_member_day_upper95.unwrap();
    assert!((bound - poisson_upper95(k) / days).abs() < 1e-9 * bound);
    assert!(bound > s.false_deaths_per_member_day);
    assert_eq!(Summary::of(&[]).false_deaths_per_member_day_upper95, None);
}

#[test]
fn a_death_declared_just_after_a_pause_on_a_doubt_raised_during_it_is_of_the_faulty_member() {
    // Found by a cold check: under recurring 1–10 s pauses, deaths declared after the pause
    // had ended (on suspicions raised while it lasted) were counted as of healthy members,
    // although no healthy member was ever suspected in the run.
    let r = stats(
        "proto=swim&profile=lan&nodes=64&n=7&seed=56\
         &ev=10s.every.20s~40s.crash.?.60s,0s.rate.3/h.pause.?.1s~10s",
        300,
    );
    assert!(r.false_deaths >= 40, "{r:?}");
    assert_eq!(r.false_deaths_of_faulty, r.false_deaths, "{r:?}");
    // A member suspected only while healthy (lossy network, no faults) dies as healthy.
    let r = stats("proto=swim&nodes=32&topo=full&k=0&n=1&loss=30", 120);
    assert!(r.false_deaths > 0, "{r:?}");
    assert_eq!(r.false_deaths_of_faulty, 0);
}
