//! Thousands of small seeded fault schedules, each aimed at a chosen moment of a session:
//! the flight of a CN or AC (establishment), of a MAP or MAA (a major sync point), of an FN
//! or DN (release), of an AR (a resume, after a first break), and of the other SPDUs. The
//! moment is taken from a run without the fault (the world is deterministic, so the faulty
//! run is the same up to it); the fault is a break (sometimes twice, sometimes with the
//! reconnects refused for a while), a lost TSDU or a delayed one. Every case: the session
//! ends in a stated outcome within bounded simulated time; a transfer that released
//! delivered the sender's octets exactly once and in order (digest); one that did not has
//! its loss counted; a break before the target SPDU arrived lost it; the trace replays
//! identically. `FAULT_CASES` sets the number of cases (default 3000).
#![cfg(not(target_arch = "wasm32"))]

use osi_session::sim::apps::chat::ChatSpec;
use osi_session::sim::apps::file_transfer::FileTransferSpec;
use osi_session::sim::apps::rpc::RpcSpec;
use osi_session::sim::apps::DialogMode;
use osi_session::sim::rng::Rng;
use osi_session::sim::scenario::{Action, ActionKind, AppSpec, SessionSpec};
use osi_session::sim::transport::Link;
use osi_session::sim::{Outcome, Scenario, Summary, What, World};
use std::collections::BTreeMap;

/// Simulated time within which every session must end (ten minutes).
const LIMIT_US: u64 = 600_000_000;
/// One-way latency: a fault up to this long after an SPDU is sent catches it in flight.
const LATENCY_MS: u64 = 5;

/// The sessions the faults are aimed at: transfers (with recovery or not, either dialogue
/// mode, a major point every minor one or every second), RPC calls and a chat.
fn session(kind: u64) -> SessionSpec {
    let transfer = |size, chunk, minor_every, major_every| {
        AppSpec::FileTransfer(FileTransferSpec {
            size,
            chunk,
            minor_every,
            major_every,
        })
    };
    let (app, dialog, recovery) = match kind {
        0 => (
            transfer(30_000, 2_048, 4_096, 2),
            DialogMode::HalfDuplex,
            true,
        ),
        1 => (
            transfer(30_000, 2_048, 4_096, 2),
            DialogMode::FullDuplex,
            true,
        ),
        2 => (
            transfer(12_000, 1_024, 2_048, 1),
            DialogMode::HalfDuplex,
            true,
        ),
        3 => (
            transfer(20_000, 4_096, 4_096, 0),
            DialogMode::FullDuplex,
            false,
        ),
        4 => (
            AppSpec::Rpc(RpcSpec { calls: 2 }),
            DialogMode::HalfDuplex,
            true,
        ),
        _ => (
            AppSpec::Chat(ChatSpec {
                lines: 3,
                think_ms: 10,
            }),
            DialogMode::HalfDuplex,
            true,
        ),
    };
    SessionSpec {
        app,
        dialog,
        recovery,
        reconnect_delay_ms: 50,
        start_ms: 0,
        max_reconnects: 5,
        stack: Default::default(),
    }
}
const SESSION_KINDS: u64 = 6;

/// The SPDUs a fault is aimed at; "AR" is reached by a first break during the transfer.
const TARGETS: &[&str] = &[
    "CN", "AC", "MAP", "MAA", "MIP", "MIA", "FN", "DN", "AR", "AS", "DT", "GT", "PT",
];

/// What is done at the chosen moment.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Fault {
    Break,
    BreakTwice,
    BreakAndRefuse,
    Drop,
    Delay,
}
const FAULTS: [Fault; 5] = [
    Fault::Break,
    Fault::BreakTwice,
    Fault::BreakAndRefuse,
    Fault::Drop,
    Fault::Delay,
];

fn scenario(seed: u64, spec: SessionSpec, actions: Vec<Action>) -> Scenario {
    Scenario {
        name: "fault point".into(),
        description: String::new(),
        seed,
        link: Link {
            latency_us: LATENCY_MS * 1000,
            bandwidth: 10_000_000,
            break_per_million: 0,
            window: 1 << 20,
        },
        sessions: vec![spec],
        actions,
    }
}

fn run(sc: &Scenario) -> World {
    let mut world = World::new(sc);
    world.run_to_end(LIMIT_US);
    world
}

/// An SPDU of a run: (send time, id, abbreviation, arrival time).
type Sent = (u64, u64, String, Option<u64>);

fn spdus(w: &World) -> Vec<Sent> {
    w.trace()
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::Spdu {
                id, spdu, arrives, ..
            } => Some((e.t, *id, spdu.clone(), *arrives)),
            _ => None,
        })
        .collect()
}

fn action(at_ms: u64, what: ActionKind) -> Action {
    Action {
        at_ms,
        session: 0,
        what,
    }
}

/// The first whole millisecond after `t_us`, plus `extra` ms.
fn ms_after(t_us: u64, extra: u64) -> u64 {
    t_us / 1000 + 1 + extra
}

/// What one case did, for the coverage counts.
struct Case {
    /// The SPDU aimed at, if the run had one of the chosen kind.
    target: Option<String>,
    /// Whether a break caught that SPDU in flight.
    lost_target: bool,
}

/// Builds case `n`'s schedule, runs it, checks it; returns what it hit.
fn case(n: u64) -> Case {
    let mut rng = Rng::new(n.wrapping_mul(0x2545_f491_4f6c_dd1d) ^ 0x5eed);
    let kind = rng.below(SESSION_KINDS);
    let spec = session(kind);
    let mut target = TARGETS[rng.below(TARGETS.len() as u64) as usize];
    let fault = FAULTS[rng.below(FAULTS.len() as u64) as usize];
    let mut actions = Vec::new();

    // A resume needs a first break: at a DT of the clean run.
    if target == "AR" {
        let clean = spdus(&run(&scenario(n, spec.clone(), Vec::new())));
        let dts: Vec<&Sent> = clean.iter().filter(|s| s.2 == "DT").collect();
        if !dts.is_empty() {
            let dt = dts[rng.below(dts.len() as u64) as usize];
            actions.push(action(ms_after(dt.0, 0), ActionKind::Break));
        }
    }
    let before = spdus(&run(&scenario(n, spec.clone(), actions.clone())));
    if target == "AR" && !before.iter().any(|s| s.2 == "AR") {
        // Recovery off, or nothing confirmed yet: the session restarts with AS.
        target = "AS";
    }
    let candidates: Vec<&Sent> = before.iter().filter(|s| s.2 == target).collect();
    let aimed = (!candidates.is_empty())
        .then(|| candidates[rng.below(candidates.len() as u64) as usize].clone());
    // No SPDU of that kind in this session (a GT in full duplex, say): fault a random one.
    let (t_us, id, arrives) = match &aimed {
        Some(s) => (s.0, s.1, s.3),
        None => {
            let s = &before[rng.below(before.len() as u64) as usize];
            (s.0, s.1, s.3)
        }
    };
    let at_ms = ms_after(t_us, rng.below(LATENCY_MS + 2));
    match fault {
        Fault::Break => actions.push(action(at_ms, ActionKind::Break)),
        Fault::BreakTwice => {
            actions.push(action(at_ms, ActionKind::Break));
            actions.push(action(at_ms + rng.below(120), ActionKind::Break));
        }
        Fault::BreakAndRefuse => {
            actions.push(action(at_ms, ActionKind::Break));
            actions.push(action(
                at_ms,
                ActionKind::RefuseReconnectsMs(rng.below(600)),
            ));
        }
        Fault::Drop => actions.push(action(at_ms, ActionKind::DropNext)),
        Fault::Delay => actions.push(action(at_ms, ActionKind::DelayNextMs(1 + rng.below(300)))),
    }
    let sc = scenario(n, spec.clone(), actions);
    sc.validate().unwrap();
    let world = run(&sc);
    let what = format!(
        "case {n}: {fault:?} at {at_ms} ms aimed at {target} of {:?}",
        sc.sessions[0]
    );

    let s: Summary = world.summaries().remove(0);
    let outcome = s
        .outcome
        .clone()
        .unwrap_or_else(|| panic!("{what}: no outcome: {s:?}"));
    assert!(s.ended_at.is_some_and(|t| t <= LIMIT_US), "{what}: {s:?}");
    let refused = world
        .trace()
        .events
        .iter()
        .any(|e| matches!(e.what, What::Reconnect { refused: true, .. }));
    match &spec.app {
        AppSpec::FileTransfer(f) if outcome == Outcome::Released => {
            assert_eq!(s.digest_match, Some(true), "{what}: {s:?}");
            assert_eq!(s.payload_delivered, f.size, "{what}: {s:?}");
            assert_eq!(s.payload_sent, f.size + s.payload_resent, "{what}: {s:?}");
        }
        // A transfer ends otherwise only by giving up on refused reconnects: the loss is
        // counted (a break, refused attempts, less than the file kept).
        AppSpec::FileTransfer(f) => {
            assert_eq!(outcome, Outcome::Lost, "{what}: {s:?}");
            assert!(s.breaks >= 1 && refused, "{what}: {s:?}");
            assert!(
                s.payload_delivered < f.size || s.digest_match != Some(true),
                "{what}: {s:?}"
            );
        }
        // RPC and chat do not resume: a break may end them (a provider abort).
        _ if s.breaks > 0 => assert!(
            matches!(outcome, Outcome::Released | Outcome::Lost),
            "{what}: {s:?}"
        ),
        _ => assert_eq!(outcome, Outcome::Released, "{what}: {s:?}"),
    }
    if matches!(fault, Fault::Drop | Fault::Delay) {
        // Only the first break of an AR case, if any: a late TSDU is not a break.
        let scheduled = sc
            .actions
            .iter()
            .filter(|a| a.what == ActionKind::Break)
            .count();
        assert_eq!(
            s.breaks as usize, scheduled,
            "{what}: a late TSDU is not a break"
        );
    }

    // The faulty run is the clean one up to the fault: a break before the target arrived
    // lost it; one after left it delivered.
    let after = spdus(&world);
    let mut lost_target = false;
    if matches!(
        fault,
        Fault::Break | Fault::BreakTwice | Fault::BreakAndRefuse
    ) {
        let sent = after
            .iter()
            .find(|x| x.1 == id)
            .unwrap_or_else(|| panic!("{what}: SPDU {id} not sent"));
        assert_eq!(sent.0, t_us, "{what}: the run changed before the fault");
        let break_us = at_ms * 1000;
        match arrives {
            Some(a) if break_us < a => {
                assert_eq!(
                    sent.3, None,
                    "{what}: a break before its arrival did not lose it"
                );
                lost_target = true;
            }
            Some(a) if break_us > a => assert_eq!(sent.3, Some(a), "{what}"),
            _ => {}
        }
    }

    // The same schedule and seed give the same trace.
    assert!(
        run(&sc).trace() == world.trace(),
        "{what}: the replay differs"
    );
    Case {
        target: aimed.map(|s| s.2),
        lost_target,
    }
}

#[test]
fn faults_aimed_at_each_moment_of_a_session() {
    let cases: u64 = std::env::var("FAULT_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(3_000);
    let mut hit: BTreeMap<String, (u32, u32)> = BTreeMap::new();
    for n in 0..cases {
        let c = case(n);
        if let Some(t) = c.target {
            let e = hit.entry(t).or_default();
            e.0 += 1;
            e.1 += u32::from(c.lost_target);
        }
    }
    eprintln!("{cases} cases; per target SPDU (aimed at, lost in a break): {hit:?}");
    // Every moment was aimed at, and a break caught each in flight.
    for t in TARGETS {
        let (aimed, lost) = hit.get(*t).copied().unwrap_or_default();
        assert!(
            aimed >= 1 && lost >= 1,
            "{t}: aimed at {aimed} times, lost {lost} times"
        );
    }
}
