//! Every built-in scenario ends as it says it does, and replays identically from its seed.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::notes;
use osi_session::sim::apps::banking::{password_typed, BankingSpec};
use osi_session::sim::import;
use osi_session::sim::scenario::AppSpec;
use osi_session::sim::{builtin, Outcome, Summary, What, World, BUILTIN};

fn run(name: &str) -> (World, Summary) {
    let mut world = World::new(&builtin(name).unwrap());
    world.run_to_end(600_000_000);
    let s = world.summaries().remove(0);
    (world, s)
}

/// "A:CN", "B:AC", ...: who sent which SPDU, in order.
fn spdus(w: &World) -> Vec<String> {
    common::segments(w)
        .into_iter()
        .map(|s| format!("{:?}:{}", s.from, s.label))
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
}

/// The forms `secret` takes in what the playground writes: its text, and its UTF-8 octets in
/// hex as the trace writes them (`63 6f 72`), unspaced (`636f72`), and both in upper case.
fn forms(secret: &str) -> Vec<String> {
    let octets: Vec<String> = secret.bytes().map(|b| format!("{b:02x}")).collect();
    let (spaced, packed) = (octets.join(" "), octets.concat());
    vec![
        secret.to_string(),
        spaced.to_uppercase(),
        packed.to_uppercase(),
        spaced,
        packed,
    ]
}

/// The forms of `secret` found in `hay` (text) or, as raw octets, in `raw`.
fn found(secret: &str, hay: &str, raw: &[u8]) -> Vec<String> {
    let mut hits: Vec<String> = forms(secret)
        .into_iter()
        .filter(|f| hay.contains(f.as_str()))
        .collect();
    if raw.windows(secret.len()).any(|w| w == secret.as_bytes()) {
        hits.push(format!("{secret} as raw octets"));
    }
    hits
}

/// A banking scenario's run written every way the playground writes one: the exported JSON
/// (scenario, trace, summaries), the text timeline and the SVG; and its pcap capture.
fn written(name: &str) -> (String, Vec<u8>) {
    let scenario = builtin(name).unwrap();
    let mut world = World::new(&scenario);
    world.enable_capture();
    world.run_to_end(600_000_000);
    let mut text = String::from_utf8(import::export(&scenario, &world)).unwrap();
    text.push_str(&osi_session::sim::text::render(
        world.trace(),
        &world.summaries(),
    ));
    let opts = osi_session::sim::svg::SvgOptions::default();
    text.push_str(&osi_session::sim::svg::render(world.trace(), 0, &opts));
    (text, world.take_capture().unwrap())
}

/// The password host A's user types is never in the trace, the timeline or the capture, in
/// any form: not as text, not as the hex the trace writes octets in, not as octets on the
/// wire. The user name, which CN does carry in clear, is found in every form the search
/// looks in, so the search can see a leak.
#[test]
fn no_password_is_ever_written_anywhere() {
    for name in ["banking-login", "wrong-password", "idle-timeout"] {
        let AppSpec::Banking(spec) = &builtin(name).unwrap().sessions[0].app else {
            panic!("{name} is a banking scenario");
        };
        let typed = password_typed(spec);
        let other = BankingSpec {
            password_correct: !spec.password_correct,
            ..spec.clone()
        };
        let (text, pcap) = written(name);
        // What CN carries in clear is found as the hex of the trace and on the wire.
        let user = found("alice", &text, &pcap);
        assert!(
            user.iter().any(|f| f == "61 6c 69 63 65")
                && user.iter().any(|f| f.ends_with("raw octets")),
            "{name}: the search does not see CN's user name: {user:?}"
        );
        for secret in [typed, password_typed(&other)] {
            let hits = found(secret, &text, &pcap);
            assert!(hits.is_empty(), "{name}: the password is written: {hits:?}");
        }
    }
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
    // As its description says: killed a third of the way in.
    let size = match &builtin("kill-session").unwrap().sessions[0].app {
        AppSpec::FileTransfer(f) => f.size,
        other => panic!("{other:?}"),
    };
    let share = s.payload_sent as f64 / size as f64;
    assert!((0.28..0.4).contains(&share), "{share}");
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
        stack: Default::default(),
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

/// The time of a run's last trace event, or of its last arrival if one comes later.
fn last_event(w: &World) -> u64 {
    w.trace()
        .events
        .iter()
        .map(|e| match &e.what {
            What::Spdu {
                arrives: Some(a), ..
            } => (*a).max(e.t),
            _ => e.t,
        })
        .max()
        .unwrap()
}

#[test]
fn every_builtin_is_over_when_its_last_event_is() {
    // A timer stopped when the session ended (B's TIM, X.225 A.4.1, once the transport
    // closes) is taken off the schedule: the clock does not play on to it.
    for name in BUILTIN {
        let mut w = World::new(&builtin(name).unwrap());
        let mut steps = 0;
        while w.step() {
            steps += 1;
            assert!(steps < 10_000_000, "{name} never goes idle");
        }
        assert!(w.finished(), "{name}");
        assert_eq!(
            w.now(),
            last_event(&w),
            "{name}: the clock played on past the last event"
        );
    }
}
