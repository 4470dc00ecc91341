//! Switching the dialogue mode of a live conversation or RPC exchange: the functional units
//! are fixed at establishment (X.225 7.1.7), so the session is released in order (FN/DN) and
//! connected again in the other mode, and the application goes on from where it was. A
//! banking session cannot switch (it would mean logging in again) and says so. The transfer's
//! switch (AI, FN, CN, AR) is in `sim_file_transfer.rs`.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use osi_session::sim::apps::DialogMode;
use osi_session::sim::scenario::{Action, ActionKind};
use osi_session::sim::{builtin, Host, Outcome, What, World};

/// Runs built-in `name` with its session switched to `mode` at `at_ms`.
fn switched(name: &str, mode: DialogMode, at_ms: u64) -> World {
    let mut scenario = builtin(name).unwrap();
    scenario.sessions[0].dialog = mode.other();
    scenario.actions = vec![Action {
        at_ms,
        session: 0,
        what: ActionKind::SwitchDialog(mode),
    }];
    let mut world = World::new(&scenario);
    world.run_to_end(600_000_000);
    world
}

/// The SPDUs on the wire other than data and tokens, as "A:CN".
fn control(world: &World) -> Vec<String> {
    world
        .trace()
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::Spdu { from, spdu, .. } if !["DT", "GT", "PT"].contains(&spdu.as_str()) => {
                Some(format!("{from:?}:{spdu}"))
            }
            _ => None,
        })
        .collect()
}

/// What each host heard, in order.
fn heard(world: &World, host: Host) -> Vec<String> {
    world
        .trace()
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::App { host: h, text } if *h == host => text
                .strip_prefix("heard \"")
                .map(|t| t.trim_end_matches('"').to_string()),
            _ => None,
        })
        .collect()
}

#[test]
fn a_conversation_switched_at_any_moment_goes_on_from_the_line_it_had_reached() {
    for mode in [DialogMode::FullDuplex, DialogMode::HalfDuplex] {
        let plain = {
            let mut scenario = builtin("half-duplex-chat").unwrap();
            scenario.sessions[0].dialog = mode;
            let mut world = World::new(&scenario);
            world.run_to_end(600_000_000);
            world
        };
        // The lines of the conversation without a switch: A says the even ones, B the odd.
        let mut lines = heard(&plain, Host::B);
        lines.extend(heard(&plain, Host::A));
        assert_eq!(lines.len(), 6, "{lines:?}");
        let mut switches = 0;
        for at_ms in (5..1_700).step_by(45) {
            let world = switched("half-duplex-chat", mode, at_ms);
            let s = &world.summaries()[0];
            assert_eq!(s.outcome, Some(Outcome::Released), "switch at {at_ms} ms");
            let (by_a, by_b) = (heard(&world, Host::B), heard(&world, Host::A));
            assert_eq!(by_a.len() + by_b.len(), 6, "at {at_ms}: {by_a:?} {by_b:?}");
            assert!(by_a.iter().all(|l| l.starts_with("A:")), "{by_a:?}");
            assert!(by_b.iter().all(|l| l.starts_with("B:")), "{by_b:?}");
            let mut all: Vec<&String> = by_a.iter().chain(&by_b).collect();
            all.sort();
            all.dedup();
            assert_eq!(all.len(), 6, "no line said twice (switch at {at_ms} ms)");
            switches += usize::from(check_switch(&world, mode, at_ms, CHAT_OVER));
        }
        assert!(switches >= 20, "{switches} switches happened");
    }
}

const CHAT_OVER: &str = "the conversation is over: it is being released, nothing is left to switch";
const RPC_OVER: &str =
    "every call is answered: the session is being released, nothing is left to switch";

/// Checks the exchange of a run switched to `mode` at `at_ms`: released in order (FN/DN),
/// connected again in the new mode, nothing refused (in half-duplex no one sent without the
/// data token); or, after the last line or call, the switch refused with `over` (or coming
/// after the end) and the session ending as it would have. True if it switched.
fn check_switch(world: &World, mode: DialogMode, at_ms: u64, over: &str) -> bool {
    let refused = refusals(world);
    let wire = control(world);
    if wire.len() == 8 {
        assert_eq!(
            wire,
            ["A:CN", "B:AC", "A:FN", "B:DN", "A:CN", "B:AC", "A:FN", "B:DN"],
            "switch at {at_ms} ms"
        );
        assert_eq!(world.views()[0].half_duplex, mode == DialogMode::HalfDuplex);
        assert!(refused.is_empty(), "switch at {at_ms} ms: {refused:?}");
        return true;
    }
    assert_eq!(
        wire,
        ["A:CN", "B:AC", "A:FN", "B:DN"],
        "switch at {at_ms} ms"
    );
    let ended = world.summaries()[0].ended_at.unwrap();
    assert!(
        refused.is_empty() && ended <= at_ms * 1000 || refused == [over],
        "switch at {at_ms} ms: {refused:?}"
    );
    false
}

/// The rules the trace says were refused.
fn refusals(world: &World) -> Vec<String> {
    world
        .trace()
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::Refused { rule, .. } => Some(rule.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn rpc_calls_switched_at_any_moment_are_each_answered_once() {
    for mode in [DialogMode::FullDuplex, DialogMode::HalfDuplex] {
        let mut switches = 0;
        for at_ms in (1..400).step_by(7) {
            let world = switched("rpc", mode, at_ms);
            let s = &world.summaries()[0];
            assert_eq!(s.outcome, Some(Outcome::Released), "switch at {at_ms} ms");
            let results = common::texts(&world, |w| match w {
                What::App {
                    host: Host::A,
                    text,
                } if text.starts_with("result: ") => Some(text.clone()),
                _ => None,
            });
            let calls = match &builtin("rpc").unwrap().sessions[0].app {
                osi_session::sim::scenario::AppSpec::Rpc(r) => r.calls,
                _ => unreachable!(),
            };
            let expected: Vec<String> = (1..=calls)
                .map(|n| format!("result: call {n} = {}", n + n * 10))
                .collect();
            assert_eq!(results, expected, "switch at {at_ms} ms");
            switches += usize::from(check_switch(&world, mode, at_ms, RPC_OVER));
        }
        assert!(switches >= 10, "{switches} switches happened");
    }
}

#[test]
fn a_banking_session_refuses_to_switch_and_says_why() {
    // Live, the page's "Dialog mode" control is disabled with the reason.
    let mut live = World::new(&builtin("banking-login").unwrap());
    live.run_until(50_000);
    let why = live.views()[0].why_not.switch.clone().unwrap();
    assert!(why.contains("logging in again"), "{why}");
    let world = switched("banking-login", DialogMode::FullDuplex, 50);
    let views = world.views();
    assert_eq!(
        views[0].why_not.switch.as_deref(),
        Some("the session has ended")
    );
    let refused = refusals(&world);
    assert_eq!(refused.len(), 1, "{refused:?}");
    assert!(refused[0].contains("logging in again"));
    // Still in the mode it started in, and nothing extra on the wire.
    assert!(views[0].half_duplex);
    assert_eq!(control(&world).iter().filter(|s| *s == "A:CN").count(), 1);
}

#[test]
fn a_transfer_with_no_session_connection_or_mid_switch_refuses_to_switch_and_says_why() {
    // Broken a little way in, it is reconnecting: no connection to switch on.
    let mut w = World::new(&builtin("file-transfer").unwrap());
    w.run_until(300_000);
    let mode = w.views()[0].dialog;
    assert_eq!(w.views()[0].why_not.switch, None);
    w.act(0, ActionKind::Break);
    let why = w.views()[0].why_not.switch.clone().unwrap();
    assert!(why.contains("no session connection is up now"), "{why}");
    // Taken anyway (a scenario may hold it), it is refused with that reason and the mode stays.
    w.act(0, ActionKind::SwitchDialog(mode.other()));
    assert_eq!(refusals(&w), std::slice::from_ref(&why));
    assert_eq!(w.views()[0].dialog, mode);
    w.run_to_end(600_000_000);
    assert_eq!(w.summaries()[0].outcome, Some(Outcome::Released));
    assert_eq!(w.views()[0].half_duplex, mode == DialogMode::HalfDuplex);

    // Once switching, switching back waits for the new connection.
    let mut w = World::new(&builtin("file-transfer").unwrap());
    w.run_until(300_000);
    w.act(0, ActionKind::SwitchDialog(mode.other()));
    assert_eq!(w.views()[0].dialog, mode.other());
    let why = w.views()[0].why_not.switch.clone().unwrap();
    assert!(why.contains("under way"), "{why}");
    w.act(0, ActionKind::SwitchDialog(mode));
    assert_eq!(refusals(&w), [why]);
    assert_eq!(w.views()[0].dialog, mode.other());
    w.run_to_end(600_000_000);
    assert_eq!(w.summaries()[0].outcome, Some(Outcome::Released));
    assert_eq!(
        w.views()[0].half_duplex,
        mode.other() == DialogMode::HalfDuplex
    );
}

#[test]
fn a_transfer_broken_while_its_switch_waits_switches_by_the_reconnect_alone() {
    let mut pending = 0;
    // A switch asked for while a major sync point is outstanding waits for its MAA.
    for t_ms in 250..340 {
        let mut w = World::new(&builtin("file-transfer").unwrap());
        w.run_until(t_ms * 1000);
        let mode = w.views()[0].dialog.other();
        let before = control(&w).len();
        w.act(0, ActionKind::SwitchDialog(mode));
        if control(&w).len() > before || !refusals(&w).is_empty() {
            continue; // it began at once (AI), or was refused
        }
        pending += 1;
        w.act(0, ActionKind::Break);
        w.run_to_end(600_000_000);
        let wire = control(&w);
        let count = |spdu: &str| wire.iter().filter(|s| s.ends_with(spdu)).count();
        // The first connection, the one after this break, the one after the scenario's own
        // break at 60%; one release, at the end; no AI.
        assert_eq!(
            (count(":CN"), count(":FN"), count(":AI")),
            (3, 1, 0),
            "at {t_ms} ms: {wire:?}"
        );
        assert_eq!(w.summaries()[0].outcome, Some(Outcome::Released));
        assert_eq!(w.views()[0].half_duplex, mode == DialogMode::HalfDuplex);
    }
    assert!(pending > 0, "no switch waited in 250-340 ms");
}

#[test]
fn a_conversation_or_rpc_cannot_switch_again_until_its_new_connection_is_up() {
    for name in ["half-duplex-chat", "rpc"] {
        let mut w = World::new(&builtin(name).unwrap());
        while w.views()[0].state[0].code() != "STA713" {
            assert!(w.step(), "{name} never reached data transfer");
        }
        let mode = w.views()[0].dialog;
        w.act(0, ActionKind::SwitchDialog(mode.other()));
        // Through the release and the new connection's establishment, until it is up again.
        let mut released = false;
        loop {
            let up = w.views()[0].state[0].code() == "STA713";
            released |= !up;
            if released && up {
                break;
            }
            assert_eq!(
                w.views()[0].why_not.switch.as_deref(),
                Some("a switch of the dialogue mode is under way"),
                "{name} at {} µs",
                w.now()
            );
            assert!(w.step(), "{name}: the run ended mid-switch");
        }
        assert_eq!(w.views()[0].dialog, mode.other());
        assert_eq!(
            w.views()[0].why_not.switch,
            None,
            "{name}: the new connection is up"
        );
    }
}
