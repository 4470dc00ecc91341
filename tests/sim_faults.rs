//! Properties of the world under random fault schedules: every session ends in a stated
//! outcome within bounded time; a released transfer delivered exactly the sender's octets;
//! no machine ever sees a protocol error (so in half-duplex only the token's holder sent
//! DT); serial numbers only go back by a resume; a resume sends again no more than was at
//! risk, read both from the world's figures and independently from the trace; the same seed
//! gives the same trace.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use osi_session::sim::apps::banking::BankingSpec;
use osi_session::sim::apps::chat::ChatSpec;
use osi_session::sim::apps::file_transfer::FileTransferSpec;
use osi_session::sim::apps::rpc::RpcSpec;
use osi_session::sim::apps::DialogMode;
use osi_session::sim::scenario::{Action, ActionKind, AppSpec, SessionSpec};
use osi_session::sim::transport::Link;
use osi_session::sim::{Host, Outcome, Scenario, What, World};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn app() -> impl Strategy<Value = AppSpec> {
    prop_oneof![
        3 => (1u64..2_000_000, 1u32..8, 1u64..64, 0u32..4).prop_map(|(size, chunk_k, minor_k, major)| {
            AppSpec::FileTransfer(FileTransferSpec {
                size,
                chunk: chunk_k * 1024,
                minor_every: minor_k * 4096,
                major_every: major,
            })
        }),
        1 => (any::<bool>(), 0u32..5, any::<bool>()).prop_map(|(ok, requests, logout)| {
            AppSpec::Banking(BankingSpec { password_correct: ok, requests, think_ms: 50, logout, idle_timeout_ms: 500 })
        }),
        1 => (1u32..8).prop_map(|lines| AppSpec::Chat(ChatSpec { lines, think_ms: 30 })),
        1 => (0u32..5).prop_map(|calls| AppSpec::Rpc(RpcSpec { calls })),
    ]
}

fn action() -> impl Strategy<Value = ActionKind> {
    prop_oneof![
        4 => Just(ActionKind::Break),
        2 => (0u64..2_000_000).prop_map(ActionKind::BreakAtByte),
        1 => Just(ActionKind::Kill),
        2 => (0u64..2_000).prop_map(ActionKind::RefuseReconnectsMs),
        2 => (0u64..500).prop_map(ActionKind::DelayNextMs),
        2 => Just(ActionKind::DropNext),
        2 => prop_oneof![Just(DialogMode::FullDuplex), Just(DialogMode::HalfDuplex)].prop_map(ActionKind::SwitchDialog),
        1 => prop_oneof![Just(Host::A), Just(Host::B)].prop_map(ActionKind::GiveToken),
        1 => prop_oneof![Just(Host::A), Just(Host::B)].prop_map(ActionKind::RequestToken),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        any::<u64>(),
        proptest::collection::vec((app(), any::<bool>(), any::<bool>()), 1..3),
        proptest::collection::vec((0u64..400, 0u32..2, action()), 0..5),
        prop_oneof![Just(0u32), 0u32..20_000],
        prop_oneof![Just(1u64 << 20), 4_096u64..200_000],
    )
        .prop_map(|(seed, sessions, actions, break_per_million, window)| {
            let n = sessions.len() as u32;
            Scenario {
                name: "random".into(),
                description: String::new(),
                seed,
                link: Link {
                    latency_us: 5_000,
                    bandwidth: 5_000_000,
                    break_per_million,
                    window,
                },
                sessions: sessions
                    .into_iter()
                    .map(|(app, full, recovery)| SessionSpec {
                        app,
                        dialog: if full {
                            DialogMode::FullDuplex
                        } else {
                            DialogMode::HalfDuplex
                        },
                        recovery,
                        reconnect_delay_ms: 50,
                        start_ms: 0,
                        max_reconnects: 20,
                        stack: Default::default(),
                    })
                    .collect(),
                actions: actions
                    .into_iter()
                    .map(|(at_ms, s, what)| Action {
                        at_ms,
                        session: s % n,
                        what,
                    })
                    .collect(),
            }
        })
}

/// Simulated time within which every session must have ended.
const LIMIT_US: u64 = 3_600_000_000;

/// Reads a file transfer's octets from the trace alone, not from the figures the world
/// computed: the file offset of host A's data SPDUs (each one's length less its header),
/// the last checkpoint, and what each break put at risk. Checks that each resume or restart
/// says it sends again what the last attempt had sent beyond its point (an octet sent three
/// times counts twice), and, with recovery, no more than was at risk at the break before it.
/// Returns how many breaks it checked a resume against.
fn check_resends_from_trace(
    trace: &[&osi_session::sim::TraceEvent],
    recovery: bool,
) -> Result<u32, TestCaseError> {
    let (mut pos, mut confirmed) = (0u64, 0u64);
    let mut pending: Option<u64> = None;
    let mut checked = 0;
    for e in trace {
        match &e.what {
            What::Spdu {
                from: Host::A,
                spdu,
                len,
                header_len,
                ..
            } if spdu == "DT" => {
                pos += (len - header_len) as u64;
                // Data flowed without a resume: the break's activity began afresh.
                pending = None;
            }
            What::Checkpoint { offset, .. } => confirmed = *offset,
            What::Break { .. } => pending = Some(pos - confirmed),
            What::Resume { offset, resend, .. } => {
                prop_assert_eq!(
                    Some(*resend),
                    pos.checked_sub(*offset),
                    "resume from {} after {} sent",
                    offset,
                    pos
                );
                if let Some(risk) = pending.take() {
                    prop_assert!(
                        *resend <= risk,
                        "resume resends {} > {} at risk",
                        resend,
                        risk
                    );
                    checked += 1;
                }
                pos = *offset;
            }
            What::Restart { resend, .. } => {
                prop_assert_eq!(*resend, pos, "restart: everything sent is sent again");
                if let (Some(risk), true) = (pending.take(), recovery) {
                    prop_assert!(
                        *resend <= risk,
                        "restart resends {} > {} at risk",
                        resend,
                        risk
                    );
                    checked += 1;
                }
                (pos, confirmed) = (0, 0);
            }
            _ => {}
        }
    }
    Ok(checked)
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn sessions_end_deliver_exactly_and_replay(sc in scenario()) {
        sc.validate().unwrap();
        let mut world = World::new(&sc);
        world.run_to_end(LIMIT_US);
        prop_assert!(world.finished(), "a session was left without an outcome");
        let trace = world.trace();
        for e in &trace.events {
            if let What::Abort { cause, .. } = &e.what {
                prop_assert!(!cause.contains("protocol error"), "{}", cause);
            }
        }
        for s in world.summaries() {
            let spec = &sc.sessions[s.session as usize];
            if let (AppSpec::FileTransfer(f), Some(Outcome::Released)) = (&spec.app, &s.outcome) {
                prop_assert_eq!(s.digest_match, Some(true));
                prop_assert_eq!(s.payload_delivered, f.size);
                prop_assert_eq!(s.payload_sent, f.size + s.payload_resent);
            }
            // Every octet sent again is accounted for by a resume or a restart; and with
            // recovery, what follows a break sends again no more than was at risk (sent since
            // the last confirmed point) at that break.
            let mut accounted = 0;
            let mut at_risk: Option<u64> = None;
            for e in trace.events.iter().filter(|e| e.session == s.session) {
                match &e.what {
                    What::Break { at_risk: r, .. } => at_risk = *r,
                    What::Resume { resend, .. } => {
                        accounted += resend;
                        if let Some(r) = at_risk.take() {
                            prop_assert!(*resend <= r, "resume resends {} > {} at risk", resend, r);
                        }
                    }
                    What::Restart { resend, .. } => {
                        accounted += resend;
                        // With recovery on, a restart means no point was confirmed: all of it
                        // was at risk. With recovery off, everything is sent again.
                        if let (Some(r), true) = (at_risk.take(), spec.recovery) {
                            prop_assert!(*resend <= r, "restart resends {} > {} at risk", resend, r);
                        }
                    }
                    _ => {}
                }
            }
            prop_assert!(s.payload_resent <= accounted, "resent {} > accounted {}", s.payload_resent, accounted);
            if matches!(spec.app, AppSpec::FileTransfer(_)) {
                let mine: Vec<_> = trace.events.iter().filter(|e| e.session == s.session).collect();
                check_resends_from_trace(&mine, spec.recovery)?;
            }
        }
        // Sync point serial numbers rise on each connection, except after a resume.
        let mut last: BTreeMap<u32, u32> = BTreeMap::new();
        for e in &trace.events {
            if let What::Spdu { conn, spdu, serial: Some(sn), .. } = &e.what {
                match spdu.as_str() {
                    "MIP" | "MAP" | "AE" => {
                        if let Some(prev) = last.get(conn) {
                            prop_assert!(sn > prev, "serial {} after {} on conn {}", sn, prev, conn);
                        }
                        last.insert(*conn, *sn);
                    }
                    "AR" | "RS" => { last.insert(*conn, *sn); }
                    _ => {}
                }
            }
        }
        let mut again = World::new(&sc);
        again.run_to_end(LIMIT_US);
        prop_assert_eq!(serde_json::to_string(world.trace()).unwrap(), serde_json::to_string(again.trace()).unwrap());
    }
}

/// A case the property found: a break before the activity began put "0 octets at risk"
/// on record, which a later resume (after a dialogue switch) then seemed to exceed.
#[test]
fn a_break_before_the_activity_begins_puts_nothing_at_risk() {
    let sc = Scenario::from_json(
        r#"{"seed": 0, "link": {"latency_us": 5000, "bandwidth": 5000000},
            "sessions": [{"app": {"file_transfer": {"size": 1003521, "chunk": 6144, "minor_every": 20480, "major_every": 1}},
                          "dialog": "full-duplex", "reconnect_delay_ms": 50}],
            "actions": [{"at_ms": 4, "session": 0, "do": "break"},
                        {"at_ms": 314, "session": 0, "do": {"switch_dialog": "half-duplex"}}]}"#,
    )
    .unwrap();
    let mut world = World::new(&sc);
    world.run_to_end(LIMIT_US);
    let s = world.summaries().remove(0);
    assert_eq!(s.outcome, Some(Outcome::Released));
    let breaks: Vec<Option<u64>> = world
        .trace()
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::Break { at_risk, .. } => Some(*at_risk),
            _ => None,
        })
        .collect();
    assert_eq!(breaks, [None]);
}

/// The trace-read check above, over seeded transfers that break at random: it must have
/// checked many resumes against their breaks (so it cannot pass by checking nothing).
#[test]
fn resends_read_from_the_trace_stay_within_what_was_at_risk() {
    let mut checked = 0;
    for seed in 0..30 {
        let mut sc = osi_session::sim::builtin("file-transfer").unwrap();
        sc.seed = seed;
        sc.link.break_per_million = 3_000;
        let mut world = World::new(&sc);
        world.run_to_end(LIMIT_US);
        let mine: Vec<_> = world.trace().events.iter().collect();
        checked += check_resends_from_trace(&mine, true).unwrap();
    }
    eprintln!("{checked} resumes checked against their breaks");
    assert!(checked >= 60, "only {checked} resumes checked");
}

/// A reconnect refused while B refuses transport connections is said to be refused (a
/// T-DISCONNECT in STA01B, X.225 Annex A), not a connection lost: only the break loses one.
#[test]
fn a_refused_reconnect_is_named_as_refused_not_as_a_lost_connection() {
    let text = r#"{"seed": 2, "link": {"latency_us": 5000, "bandwidth": 5000000},
        "sessions": [{"app": {"file_transfer": {"size": 1048576, "chunk": 16384, "minor_every": 131072, "major_every": 0}}}],
        "actions": [{"at_ms": 60, "session": 0, "do": "break"},
                    {"at_ms": 60, "session": 0, "do": {"refuse_reconnects_ms": 300}}]}"#;
    let mut w = World::new(&Scenario::from_json(text).unwrap());
    w.run_to_end(600_000_000);
    let notes = common::notes(&w);
    let lost = notes
        .iter()
        .filter(|n| n.starts_with("transport lost"))
        .count();
    let refused = notes
        .iter()
        .filter(|n| n.starts_with("connection refused: no transport"))
        .count();
    assert_eq!(lost, 1, "{notes:#?}");
    assert!(refused >= 1, "{notes:#?}");
    assert_eq!(w.summaries()[0].outcome, Some(Outcome::Released));
}

/// Past the reconnects a session allows, it is lost at the last refusal, and no note before
/// that promises an attempt that is never made.
#[test]
fn the_last_refused_reconnect_gives_up_at_once_without_promising_another() {
    let text = r#"{"seed": 2, "link": {"latency_us": 5000, "bandwidth": 5000000},
        "sessions": [{"app": {"file_transfer": {"size": 1048576, "chunk": 16384, "minor_every": 131072, "major_every": 0}},
                      "max_reconnects": 2, "reconnect_delay_ms": 200}],
        "actions": [{"at_ms": 60, "session": 0, "do": "break"},
                    {"at_ms": 60, "session": 0, "do": {"refuse_reconnects_ms": 10000}}]}"#;
    let mut w = World::new(&Scenario::from_json(text).unwrap());
    w.run_to_end(600_000_000);
    // Host A's (B's say it refuses connections).
    let notes = common::texts(&w, |e| match e {
        What::App {
            host: Host::A,
            text,
        } => Some(text.clone()),
        _ => None,
    });
    let tail: Vec<&str> = notes
        .iter()
        .map(String::as_str)
        .skip_while(|n| !n.starts_with("transport lost"))
        .collect();
    let refused = "connection refused: no transport connection";
    let again = "reconnecting in 200 ms";
    let gave_up = "giving up after 2 reconnects";
    assert_eq!(
        tail[1..],
        [again, refused, again, refused, gave_up],
        "{notes:#?}"
    );
    let s = &w.summaries()[0];
    assert_eq!(s.outcome, Some(Outcome::Lost));
    let refusals: Vec<u64> = w
        .trace()
        .events
        .iter()
        .filter(|e| matches!(&e.what, What::App { text, .. } if text == refused))
        .map(|e| e.t)
        .collect();
    assert_eq!(
        s.ended_at,
        refusals.last().copied(),
        "lost later than the last refusal"
    );
}

/// A session killed before its start time never connects: no CN, and it stays aborted.
#[test]
fn a_session_killed_before_it_starts_never_connects() {
    let text = r#"{"seed": 1, "link": {"latency_us": 5000, "bandwidth": 5000000},
        "sessions": [{"app": {"rpc": {"calls": 2}}, "start_ms": 500}],
        "actions": [{"at_ms": 100, "session": 0, "do": "kill"}]}"#;
    let mut w = World::new(&Scenario::from_json(text).unwrap());
    w.run_to_end(600_000_000);
    let cn = w
        .trace()
        .events
        .iter()
        .any(|e| matches!(&e.what, What::Spdu { spdu, .. } if spdu == "CN"));
    assert!(!cn, "a CN was sent after the kill");
    assert_eq!(w.summaries()[0].outcome, Some(Outcome::Aborted));
    while w.step() {}
    assert_eq!(w.now(), 100_000, "the run went on past the kill");
}

/// A drop and a delay set before the next TSDU goes both act on it: neither is lost.
#[test]
fn a_drop_and_a_delay_on_the_same_tsdu_add_up() {
    let text = r#"{"seed": 1, "link": {"latency_us": 5000, "bandwidth": 5000000},
        "sessions": [{"app": {"rpc": {"calls": 3}}}],
        "actions": [{"at_ms": 30, "session": 0, "do": "drop_next"},
                    {"at_ms": 30, "session": 0, "do": {"delay_next_ms": 300}}]}"#;
    let mut w = World::new(&Scenario::from_json(text).unwrap());
    w.run_to_end(600_000_000);
    let faults = common::faults(&w);
    assert_eq!(faults.len(), 1, "{faults:?}");
    assert!(
        faults[0].ends_with("lost; the transport sends it again after 200 ms, then delayed 300 ms"),
        "{faults:?}"
    );
    assert_eq!(w.summaries()[0].outcome, Some(Outcome::Released));
}
