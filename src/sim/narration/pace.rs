//! The pace a run opens at on the page: slow enough that a learner can follow it, whatever
//! its length in simulated time (a refused login is over in 80 ms, a transfer in 1.5 s).
//! Pace is a matter of the page's speed only: the simulated link and the trace do not change.

/// The least real time, in milliseconds, a run opened on the page lasts at its opening pace.
pub const LEAST_REAL_MS: u64 = 5_000;

/// The speeds the page offers (simulated time per real time), slowest first: down to 0.01x,
/// at which a login refused in 80 ms of simulated time takes 8 s to watch.
pub const SPEEDS: [f64; 11] = [0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 4.0, 8.0, 16.0];

/// The fastest pace a guided scenario opens at (it opens slower if it is short).
pub const GUIDED_CAP: f64 = 0.25;

/// The fastest pace a session started from the form opens at (slower if it is short).
pub const NEW_SESSION_CAP: f64 = 1.0;

/// The fastest of `speeds` (simulated time per real time, in ascending order) no faster than
/// `cap` at which `remaining_us` of simulated time last at least [`LEAST_REAL_MS`] of real
/// time; the slowest of them if none does.
pub fn pace(remaining_us: u64, speeds: &[f64], cap: f64) -> f64 {
    let slowest = speeds.first().copied().unwrap_or(1.0);
    speeds
        .iter()
        .rev()
        .copied()
        .filter(|s| *s <= cap)
        .find(|s| real_ms(remaining_us, *s) >= LEAST_REAL_MS as f64)
        .unwrap_or(slowest)
}

/// How long `us` of simulated time lasts at `speed`, in real milliseconds.
pub fn real_ms(us: u64, speed: f64) -> f64 {
    us as f64 / 1000.0 / speed
}

#[cfg(test)]
mod tests {
    use super::*;

    const SPEEDS: [f64; 5] = [0.01, 0.05, 0.25, 1.0, 16.0];

    #[test]
    fn the_fastest_speed_that_lasts_long_enough_under_the_cap() {
        // 1.455 s: 5.8 s at 0.25x, 1.5 s at 1x.
        assert_eq!(pace(1_455_000, &SPEEDS, 0.25), 0.25);
        assert_eq!(pace(1_455_000, &SPEEDS, 16.0), 0.25);
        // 80 ms: only 0.01x makes 8 s of it.
        assert_eq!(pace(80_000, &SPEEDS, 0.25), 0.01);
        // A minute is slow enough at any speed: the cap decides.
        assert_eq!(pace(60_000_000, &SPEEDS, 1.0), 1.0);
        assert_eq!(pace(600_000_000, &SPEEDS, 16.0), 16.0);
        // Nothing is slow enough for nothing left: the slowest.
        assert_eq!(pace(0, &SPEEDS, 1.0), 0.01);
        assert_eq!(real_ms(1_000_000, 0.25), 4_000.0);
    }
}
