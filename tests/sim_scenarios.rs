//! Every built-in scenario ends as it says it does, and replays identically from its seed.
#![cfg(not(target_arch = "wasm32"))]

use osi_session::sim::{builtin, Outcome, Summary, What, World, BUILTIN};

fn run(name: &str) -> (World, Summary) {
    let mut world = World::new(&builtin(name).unwrap());
    world.run_to_end(600_000_000);
    let s = world.summaries().remove(0);
    (world, s)
}

fn spdus(w: &World) -> Vec<String> {
    w.trace()
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::Spdu { from, spdu, .. } => Some(format!("{from:?}:{spdu}")),
            _ => None,
        })
        .collect()
}

fn notes(w: &World) -> Vec<String> {
    w.trace()
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::App { text, .. } => Some(text.clone()),
            _ => None,
        })
        .collect()
}

#[test]
fn banking_login_authenticates_serves_and_logs_out() {
    let (w, s) = run("banking-login");
    assert_eq!(s.outcome, Some(Outcome::Released), "{:#?}", notes(&w));
    let wire = spdus(&w);
    assert_eq!(&wire[..2], ["A:CN", "B:AC"]);
    assert_eq!(&wire[wire.len() - 2..], ["A:FN", "B:DN"]);
    assert_eq!(wire.iter().filter(|s| *s == "A:DT").count(), 3);
    assert_eq!(wire.iter().filter(|s| *s == "B:DT").count(), 3);
    let n = notes(&w);
    assert!(
        n.iter()
            .any(|t| t.starts_with("logged in; session identifier ")),
        "{n:#?}"
    );
    assert!(n.iter().any(|t| t == "reply: 200 transfer done"), "{n:#?}");
    let json = serde_json::to_string(w.trace()).unwrap();
    assert!(
        !json.contains("correct horse"),
        "the password is never in the trace"
    );
}

#[test]
fn a_wrong_password_is_refused() {
    let (w, s) = run("wrong-password");
    assert_eq!(s.outcome, Some(Outcome::Refused));
    assert_eq!(spdus(&w), ["A:CN", "B:RF"]);
}

#[test]
fn an_idle_session_times_out() {
    let (w, s) = run("idle-timeout");
    assert_eq!(s.outcome, Some(Outcome::TimedOut), "{:#?}", notes(&w));
    assert_eq!(spdus(&w).last().map(String::as_str), Some("B:AB"));
}

#[test]
fn the_chat_passes_the_data_token_on_request() {
    let (w, s) = run("half-duplex-chat");
    assert_eq!(s.outcome, Some(Outcome::Released), "{:#?}", notes(&w));
    let wire = spdus(&w);
    assert!(
        wire.contains(&"B:PT".to_string()) && wire.contains(&"A:GT".to_string()),
        "{wire:?}"
    );
    assert!(
        wire.contains(&"A:PT".to_string()) && wire.contains(&"B:GT".to_string()),
        "{wire:?}"
    );
    // Only the holder speaks: every DT follows the token reaching its sender.
    assert_eq!(wire.iter().filter(|s| s.ends_with(":DT")).count(), 6);
}

#[test]
fn a_killed_session_is_aborted_and_not_resumed() {
    let (w, s) = run("kill-session");
    assert_eq!(s.outcome, Some(Outcome::Aborted));
    assert!(s.resume_points.is_empty());
    assert!(spdus(&w).contains(&"A:AB".to_string()));
    assert!(!spdus(&w).contains(&"A:AR".to_string()));
}

#[test]
fn rpc_answers_every_call() {
    let (w, s) = run("rpc");
    assert_eq!(s.outcome, Some(Outcome::Released), "{:#?}", notes(&w));
    let n = notes(&w);
    assert!(n.iter().any(|t| t == "result: call 4 = 44"), "{n:#?}");
}

#[test]
fn every_builtin_ends_and_replays_identically() {
    for name in BUILTIN {
        let (a, s) = run(name);
        assert!(s.outcome.is_some(), "{name} did not end");
        let (b, _) = run(name);
        assert_eq!(
            serde_json::to_string(a.trace()).unwrap(),
            serde_json::to_string(b.trace()).unwrap(),
            "{name} did not replay identically"
        );
    }
}

#[test]
fn sessions_started_and_killed_by_the_user_while_the_world_runs() {
    use osi_session::protocol::machine::State;
    use osi_session::sim::apps::rpc::RpcSpec;
    use osi_session::sim::apps::DialogMode;
    use osi_session::sim::scenario::{ActionKind, AppSpec, SessionSpec};
    let mut world = World::new(&builtin("file-transfer").unwrap());
    world.run_until(100_000);
    let rpc = world.add_session(SessionSpec {
        app: AppSpec::Rpc(RpcSpec { calls: 2 }),
        dialog: DialogMode::HalfDuplex,
        recovery: true,
        reconnect_delay_ms: 200,
        start_ms: 0,
        max_reconnects: 20,
    });
    assert_eq!(rpc, 1);
    world.run_until(200_000);
    let views = world.views();
    assert_eq!(views.len(), 2);
    assert_eq!(views[0].state, [State::DataTransfer, State::DataTransfer]);
    assert!(views[0].half_duplex);
    assert_eq!(views[0].tokens[1], "no");
    let (sent, size) = views[0].progress.unwrap();
    assert!(sent > 0 && sent < size);
    world.act(0, ActionKind::Kill);
    world.run_to_end(600_000_000);
    let s = world.summaries();
    assert_eq!(s[0].outcome, Some(Outcome::Aborted));
    assert_eq!(s[1].outcome, Some(Outcome::Released));
    // An action on a session that does not exist changes nothing.
    world.act(9, ActionKind::Kill);
}
