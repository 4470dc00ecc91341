//! Load: 1,000 sessions in one simulated world, run to completion, next to the same 1,000
//! sessions each run alone in a world of its own (the sum: one session's mean time x 1,000).
//! Prints one JSON object (scripts/bench, row 7).
//!
//! ```text
//! cargo bench --bench load                  # 1,000 sessions
//! BENCH_QUICK=1 cargo bench --bench load    # 100 sessions
//! cargo test --benches                      # 20 sessions, so the bench cannot rot
//! ```
//!
//! The mix (as the end-to-end test's 100 live sessions): a quarter each of 256 KiB file
//! transfers (a minor sync point every 64 KiB), banking logins, half-duplex chats and
//! full-duplex remote procedure calls, starting over half a second; every 20th session (a
//! transfer) loses its connection mid-way and resumes. Peak memory is the process's VmHWM
//! (max RSS) from /proc/self/status: read after the single runs, and again after the world of
//! 1,000 (which runs second, so its peak is its own).

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::main()
}

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::hint::black_box;
    use std::time::Instant;

    use osi_session::sim::{Outcome, Scenario, World};
    use serde_json::{json, Value};

    /// An hour of simulated time, as `session-sim run`.
    const LIMIT_US: u64 = 3_600_000_000;

    const APPS: &str = "a quarter each: 256 KiB file transfer, banking login, chat, rpc";

    fn scenario(n: usize) -> Value {
        let apps = [
            json!({"file_transfer": {"size": 262144, "chunk": 16384, "minor_every": 65536, "major_every": 0}}),
            json!({"banking": {"password_correct": true, "requests": 2, "think_ms": 100, "logout": true, "idle_timeout_ms": 2000}}),
            json!({"chat": {"lines": 4, "think_ms": 100}}),
            json!({"rpc": {"calls": 3}}),
        ];
        let sessions: Vec<Value> = (0..n)
            .map(|i| {
                json!({
                    "app": apps[i % 4],
                    "dialog": if i % 4 == 3 { "full-duplex" } else { "half-duplex" },
                    "start_ms": (i * 7) % 500,
                })
            })
            .collect();
        let actions: Vec<Value> = (0..n)
            .step_by(20)
            .map(|i| json!({"session": i, "do": {"break_at_byte": 150000}}))
            .collect();
        json!({"name": "load", "seed": 9, "link": {"latency_us": 20000, "bandwidth": 10000000},
               "sessions": sessions, "actions": actions})
    }

    /// Session `i` of `all` alone, with its actions.
    fn alone(all: &Value, i: usize) -> Value {
        let actions: Vec<Value> = all["actions"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|a| a["session"] == i)
            .map(|a| json!({"session": 0, "do": a["do"]}))
            .collect();
        json!({"name": "alone", "seed": all["seed"], "link": all["link"],
               "sessions": [all["sessions"][i]], "actions": actions})
    }

    /// Runs a scenario to its end; the wall time and how many sessions were released.
    fn run(s: &Value) -> (f64, usize) {
        let scenario = Scenario::from_json(&s.to_string()).expect("a valid scenario");
        let started = Instant::now();
        let mut world = World::new(&scenario);
        world.run_to_end(LIMIT_US);
        let seconds = started.elapsed().as_secs_f64();
        let summaries = black_box(world.summaries());
        let released = summaries
            .iter()
            .filter(|s| s.outcome == Some(Outcome::Released))
            .count();
        (seconds, released)
    }

    /// The process's peak resident set so far, KiB (0 where /proc is missing).
    fn peak_rss_kb() -> u64 {
        std::fs::read_to_string("/proc/self/status")
            .ok()
            .and_then(|s| {
                s.lines()
                    .find_map(|l| l.strip_prefix("VmHWM:"))
                    .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            })
            .unwrap_or(0)
    }

    pub fn main() {
        // `cargo bench` passes --bench; `cargo test --benches` does not.
        let benching = std::env::args().any(|a| a == "--bench");
        let quick = std::env::var("BENCH_QUICK").is_ok_and(|v| v == "1");
        let n = match (benching, quick) {
            (false, _) => 20,
            (true, true) => 100,
            (true, false) => 1000,
        };
        let all = scenario(n);

        let mut alone_seconds = 0.0;
        for i in 0..n {
            let (seconds, released) = run(&alone(&all, i));
            assert_eq!(released, 1, "session {i} alone was not released");
            alone_seconds += seconds;
        }
        let alone_peak = peak_rss_kb();

        let (world_seconds, released) = run(&all);
        assert_eq!(released, n, "not every session of the world was released");
        let peak = peak_rss_kb();

        println!(
            "{}",
            json!({"sessions": n, "apps": APPS, "released": released,
                   "world_seconds": world_seconds, "alone_seconds": alone_seconds,
                   "peak_rss_kb": peak, "alone_peak_rss_kb": alone_peak})
        );
    }
}
