#![cfg(not(target_arch = "wasm32"))]
//! Times too large for the clock: a scenario's checks refuse them with the field named, and a
//! world built from a scenario that skipped those checks (or given them by the page) treats
//! them as "never": no overflow panic in a debug build, no wrap-around to an early time in a
//! release build.

use osi_session::sim::apps::rpc::RpcSpec;
use osi_session::sim::scenario::{ActionKind, AppSpec, SessionSpec};
use osi_session::sim::{Outcome, Scenario, World};

/// 18446744073709552 ms is 18446744073709552000 µs: 384 µs once wrapped to 64 bits.
const HUGE_MS: u64 = 18_446_744_073_709_552;

fn huge() -> String {
    format!(
        r#"{{"sessions": [{{"app": {{"rpc": {{}}}}, "start_ms": {HUGE_MS}}}, {{"app": {{"rpc": {{}}}}}}],
            "actions": [{{"at_ms": {HUGE_MS}, "session": 1, "do": "kill"}}]}}"#
    )
}

#[test]
fn the_checks_name_the_huge_time() {
    let e = Scenario::from_json(&huge()).unwrap_err();
    assert_eq!(e.field, "sessions[0].start_ms", "{e}");
    let mut s: Scenario = serde_json::from_str(&huge()).unwrap();
    s.sessions[0].start_ms = 0;
    let e = s.validate().unwrap_err();
    assert_eq!(e.field, "actions[0].at_ms", "{e}");
    assert!(e.message.contains("at most one hour"), "{e}");
}

#[test]
fn a_world_from_unchecked_huge_times_never_starts_them() {
    // serde alone, without Scenario::validate: what World::new is not supposed to get.
    let s: Scenario = serde_json::from_str(&huge()).unwrap();
    let mut world = World::new(&s);
    let late = world.add_session(SessionSpec {
        app: AppSpec::Rpc(RpcSpec { calls: 1 }),
        dialog: Default::default(),
        recovery: true,
        reconnect_delay_ms: 200,
        start_ms: u64::MAX,
        max_reconnects: 20,
        stack: Default::default(),
    });
    world.run_to_end(600_000_000);
    let summaries = world.summaries();
    // Session 1 ran to its end; the kill "at" the huge time never came.
    assert_eq!(summaries[1].outcome, Some(Outcome::Released));
    // Sessions 0 and 2 start "never": nothing of them is in the trace.
    for session in [0, late] {
        assert_eq!(summaries[session as usize].outcome, None);
        assert!(
            world.trace().events.iter().all(|e| e.session != session),
            "session {session} started"
        );
    }
    // The same for the page's actions with huge delays: no panic, nothing wraps.
    world.act(1, ActionKind::DelayNextMs(u64::MAX));
    world.act(1, ActionKind::RefuseReconnectsMs(u64::MAX));
    world.run_to_end(700_000_000);
}
