//! Properties of the TCP/IP stack under random fault schedules: an upload's octets arrive
//! exactly once and in order, or its outcome says so with what arrived counted; no RPC call is
//! executed twice; the cookie issued at login is the one every later request carries, across
//! breaks, while it has not expired; each NetBIOS session on a new TCP connection begins with
//! a SESSION REQUEST; the same seed gives the same trace.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use osi_session::sim::apps::banking::BankingSpec;
use osi_session::sim::apps::chat::ChatSpec;
use osi_session::sim::apps::file_transfer::FileTransferSpec;
use osi_session::sim::apps::rpc::RpcSpec;
use osi_session::sim::scenario::{Action, ActionKind, AppSpec, SessionSpec};
use osi_session::sim::tcpip::Stack;
use osi_session::sim::transport::Link;
use osi_session::sim::{Host, Outcome, Scenario, Summary, What, World};
use proptest::prelude::*;
use std::collections::BTreeMap;

fn app() -> impl Strategy<Value = AppSpec> {
    prop_oneof![
        (1u64..400_000, 1u32..8).prop_map(|(size, chunk_k)| {
            AppSpec::FileTransfer(FileTransferSpec {
                size,
                chunk: chunk_k * 1024,
                minor_every: 65_536,
                major_every: 4,
            })
        }),
        (0u32..5).prop_map(|requests| {
            // An idle timeout longer than any fault schedule here, and a logout (not a user
            // who walks away until it passes): the login must survive.
            AppSpec::Banking(BankingSpec {
                password_correct: true,
                requests,
                think_ms: 50,
                logout: true,
                idle_timeout_ms: 60_000,
            })
        }),
        (1u32..8).prop_map(|lines| AppSpec::Chat(ChatSpec {
            lines,
            think_ms: 30
        })),
        (0u32..6).prop_map(|calls| AppSpec::Rpc(RpcSpec { calls })),
    ]
}

fn action() -> impl Strategy<Value = ActionKind> {
    prop_oneof![
        4 => Just(ActionKind::Break),
        2 => (0u64..400_000).prop_map(ActionKind::BreakAtByte),
        1 => Just(ActionKind::Kill),
        2 => (0u64..1_000).prop_map(ActionKind::RefuseReconnectsMs),
        2 => (0u64..300).prop_map(ActionKind::DelayNextMs),
        2 => Just(ActionKind::DropNext),
    ]
}

fn scenario() -> impl Strategy<Value = Scenario> {
    (
        any::<u64>(),
        app(),
        any::<bool>(),
        proptest::collection::vec((0u64..600, action()), 0..6),
        prop_oneof![Just(0u32), 0u32..30_000],
    )
        .prop_map(|(seed, app, recovery, acts, break_per_million)| Scenario {
            name: "tcpip-faults".into(),
            description: String::new(),
            seed,
            link: Link {
                break_per_million,
                ..Link::default()
            },
            sessions: vec![SessionSpec {
                app,
                dialog: Default::default(),
                recovery,
                reconnect_delay_ms: 50,
                start_ms: 0,
                max_reconnects: 8,
                stack: Stack::Tcpip,
            }],
            actions: acts
                .into_iter()
                .map(|(at_ms, what)| Action {
                    at_ms,
                    session: 0,
                    what,
                })
                .collect(),
        })
}

fn run(s: &Scenario) -> World {
    let mut w = World::new(s);
    w.run_to_end(3_600_000_000);
    w
}

/// The app notes of `host`, in order.
/// The notes of the application on `host`.
fn notes(w: &World, host: Host) -> Vec<String> {
    common::texts(w, |what| match what {
        What::App { host: h, text } if *h == host => Some(text.clone()),
        _ => None,
    })
}

/// (conn, from, octets, arrived) of every message start: a segment with application
/// protocol octets in it.
fn messages(w: &World) -> Vec<(u32, Host, Vec<u8>, bool)> {
    common::segments(w)
        .into_iter()
        .filter(|s| s.header_len > 0)
        .map(|s| (s.conn, s.from, s.octets, s.arrived))
        .collect()
}

fn check_upload(sum: &Summary, size: u64) {
    assert!(sum.payload_delivered <= size, "{sum:?}");
    if sum.outcome == Some(Outcome::Released) {
        assert_eq!(sum.digest_match, Some(true), "{sum:?}");
        assert_eq!(sum.payload_delivered, size, "{sum:?}");
    } else {
        assert_ne!(sum.digest_match, Some(true), "{sum:?}");
    }
}

fn check_rpc(w: &World) {
    let mut executed: BTreeMap<String, u32> = BTreeMap::new();
    for n in notes(w, Host::B) {
        if let Some(rest) = n.strip_prefix("executing xid ") {
            *executed.entry(rest[..8].to_string()).or_default() += 1;
        }
    }
    assert!(executed.values().all(|&n| n == 1), "{executed:?}");
}

fn check_cookie(w: &World) {
    let text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    let mut cookie: Option<String> = None;
    for (_, from, octets, arrived) in messages(w) {
        let m = text(&octets);
        match from {
            Host::B if m.starts_with("HTTP/1.1 303") && arrived && cookie.is_none() => {
                let at = m.find("sid=").expect("303 sets the cookie") + 4;
                cookie = Some(m[at..at + 32].to_string());
            }
            Host::A if !m.starts_with("POST /login") => {
                let want = cookie.as_ref().map(|c| format!("Cookie: sid={c}"));
                assert!(want.is_some_and(|c| m.contains(&c)), "{m}");
            }
            _ => {}
        }
    }
    // A 401 may only answer a logout sent again after its answer was lost.
    let mut last = String::new();
    for (_, from, octets, _) in messages(w) {
        let m = text(&octets);
        match from {
            Host::A => last = m,
            Host::B if m.starts_with("HTTP/1.1 401") => {
                assert!(last.starts_with("POST /logout"), "401 after {last}")
            }
            Host::B => {}
        }
    }
}

fn check_nbss(w: &World) {
    let mut seen = std::collections::BTreeSet::new();
    for (conn, from, octets, _) in messages(w) {
        if from == Host::A && seen.insert(conn) {
            assert_eq!(
                octets.first(),
                Some(&0x81),
                "conn {conn} began {octets:02x?}"
            );
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn tcpip_sessions_keep_their_promises_under_faults(s in scenario()) {
        let w = run(&s);
        let sum = w.summary(0).unwrap().clone();
        prop_assert!(sum.outcome.is_some(), "no outcome: {sum:?}");
        match &s.sessions[0].app {
            AppSpec::FileTransfer(f) => check_upload(&sum, f.size),
            AppSpec::Rpc(_) => check_rpc(&w),
            AppSpec::Banking(_) => check_cookie(&w),
            AppSpec::Chat(_) => check_nbss(&w),
        }
        let again = run(&s);
        prop_assert_eq!(w.trace(), again.trace());
        prop_assert_eq!(w.summaries(), again.summaries());
    }
}
