//! Load: a thousand sessions at once in one world, with random breaks, run to the end and
//! stay correct, and a trace limit keeps the memory of the run bounded.
#![cfg(not(target_arch = "wasm32"))]

use osi_session::sim::apps::banking::BankingSpec;
use osi_session::sim::apps::chat::ChatSpec;
use osi_session::sim::apps::file_transfer::FileTransferSpec;
use osi_session::sim::apps::rpc::RpcSpec;
use osi_session::sim::apps::DialogMode;
use osi_session::sim::scenario::{AppSpec, SessionSpec};
use osi_session::sim::transport::Link;
use osi_session::sim::{Outcome, Scenario, World};

/// Sessions in the world.
const SESSIONS: u32 = 1_000;
/// Events the trace keeps.
const TRACE_LIMIT: usize = 20_000;
/// Simulated time within which every session must have ended (ten minutes).
const LIMIT_US: u64 = 600_000_000;

/// Session `i`: a small transfer, a banking login (one in five with a wrong password), a
/// chat or RPC calls, starting within the first two seconds.
fn spec(i: u32) -> SessionSpec {
    let app = match i % 4 {
        0 => AppSpec::FileTransfer(FileTransferSpec {
            size: 20_000 + u64::from(i) * 37,
            chunk: 2_048,
            minor_every: 4_096,
            major_every: 2,
        }),
        1 => AppSpec::Banking(BankingSpec {
            password_correct: i % 5 != 1,
            requests: 2,
            think_ms: 20,
            logout: true,
            idle_timeout_ms: 5_000,
        }),
        2 => AppSpec::Chat(ChatSpec {
            lines: 3,
            think_ms: 10,
        }),
        _ => AppSpec::Rpc(RpcSpec { calls: 3 }),
    };
    SessionSpec {
        app,
        dialog: if i.is_multiple_of(3) {
            DialogMode::FullDuplex
        } else {
            DialogMode::HalfDuplex
        },
        recovery: !i.is_multiple_of(7),
        reconnect_delay_ms: 50,
        start_ms: u64::from(i % 200) * 10,
        max_reconnects: 50,
        stack: Default::default(),
    }
}

#[test]
fn a_thousand_sessions_end_correctly_with_a_bounded_trace() {
    // Half the sessions come with the scenario, half are added while the world runs.
    let scenario = Scenario {
        name: "load".into(),
        description: String::new(),
        seed: 7,
        link: Link {
            latency_us: 5_000,
            bandwidth: 5_000_000,
            break_per_million: 5_000,
            window: 1 << 20,
        },
        sessions: (0..SESSIONS / 2).map(spec).collect(),
        actions: Vec::new(),
    };
    scenario.validate().unwrap();
    let mut world = World::new(&scenario);
    world.set_trace_limit(TRACE_LIMIT);
    world.run_until(500_000);
    for i in SESSIONS / 2..SESSIONS {
        assert_eq!(world.add_session(spec(i)), i);
    }
    assert_eq!(world.views().len(), SESSIONS as usize);
    world.run_to_end(LIMIT_US);

    let summaries = world.summaries();
    assert_eq!(summaries.len(), SESSIONS as usize);
    let stuck: Vec<u32> = summaries
        .iter()
        .filter(|s| s.outcome.is_none())
        .map(|s| s.session)
        .collect();
    assert!(stuck.is_empty(), "sessions without an outcome: {stuck:?}");
    assert!(world.finished());

    let mut breaks = 0;
    for s in &summaries {
        let i = s.session;
        breaks += s.breaks;
        let outcome = s.outcome.clone().unwrap();
        match &spec(i).app {
            AppSpec::FileTransfer(f) => {
                assert_eq!(outcome, Outcome::Released, "transfer {i}: {s:?}");
                assert_eq!(s.digest_match, Some(true), "transfer {i}: {s:?}");
                assert_eq!(s.payload_delivered, f.size, "transfer {i}");
                assert_eq!(s.payload_sent, f.size + s.payload_resent, "transfer {i}");
            }
            AppSpec::Banking(b) if !b.password_correct => {
                assert!(
                    outcome == Outcome::Refused || (s.breaks > 0 && outcome == Outcome::Lost),
                    "login {i}: {s:?}"
                )
            }
            // A login, chat or RPC does not resume: a break ends it (a provider abort), a
            // stated outcome.
            _ if s.breaks > 0 => assert!(
                matches!(outcome, Outcome::Released | Outcome::Lost),
                "session {i}: {s:?}"
            ),
            _ => assert_eq!(outcome, Outcome::Released, "session {i}: {s:?}"),
        }
    }
    // The faults did happen, and the sessions got over them.
    assert!(breaks >= 20, "only {breaks} breaks");

    // Memory stays bounded: the trace holds its limit and counts the rest.
    let trace = world.trace();
    assert_eq!(trace.limit, TRACE_LIMIT);
    assert_eq!(trace.events.len(), TRACE_LIMIT);
    assert!(trace.dropped > 0, "a thousand sessions fit in the limit?");
    let views = world.views();
    assert!(views.iter().all(|v| v.outcome.is_some()));
}
