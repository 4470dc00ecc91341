//! In half-duplex, only the data token's holder sends DT (X.225 7.3, 7.11): read from the
//! trace alone (each host's token events and each DT it sends), independently of the machine
//! that enforces it, over the built-in scenarios and runs with random breaks.

use osi_session::sim::apps::DialogMode;
use osi_session::sim::scenario::{Action, ActionKind};
use osi_session::sim::{builtin, Host, Scenario, What, World, BUILTIN};

/// The number of DT SPDUs checked; fails if a DT left a host that did not hold the data
/// token by the latest token event before it.
fn check(scenario: &Scenario) -> usize {
    let mut world = World::new(scenario);
    world.run_to_end(600_000_000);
    let mut checked = 0;
    for (s, spec) in scenario.sessions.iter().enumerate() {
        if spec.dialog != DialogMode::HalfDuplex {
            continue;
        }
        let mut holds = [false, false];
        for e in world
            .trace()
            .events
            .iter()
            .filter(|e| e.session == s as u32)
        {
            match &e.what {
                What::Tokens { host, held } => {
                    holds[usize::from(*host == Host::B)] = held.split(", ").any(|t| t == "data");
                }
                What::Spdu { from, spdu, .. } if spdu == "DT" => {
                    assert!(
                        holds[usize::from(*from == Host::B)],
                        "{}: session {s}: host {} sent DT at {} us without the data token",
                        scenario.name,
                        from.name(),
                        e.t
                    );
                    checked += 1;
                }
                _ => {}
            }
        }
    }
    checked
}

#[test]
fn in_every_half_duplex_built_in_scenario_only_the_holder_sends_data() {
    let mut total = 0;
    for name in BUILTIN {
        total += check(&builtin(name).unwrap());
    }
    assert!(total > 500, "only {total} DT SPDUs were checked");
}

#[test]
fn with_random_breaks_and_token_requests_only_the_holder_sends_data() {
    let mut total = 0;
    for seed in 0..20u64 {
        for name in ["half-duplex-chat", "file-transfer", "banking-login"] {
            let mut s = builtin(name).unwrap();
            s.seed = seed;
            s.link.break_per_million = 20_000;
            s.actions.push(Action {
                at_ms: 100 + seed * 37,
                session: 0,
                what: ActionKind::RequestToken(Host::B),
            });
            s.actions.push(Action {
                at_ms: 300 + seed * 53,
                session: 0,
                what: ActionKind::GiveToken(Host::A),
            });
            total += check(&s);
        }
    }
    assert!(total > 500, "only {total} DT SPDUs were checked");
}

/// A sender asked for the data token in the middle of a file keeps it (X.225 7.4.2 leaves
/// the answer to the user) and says so, rather than letting the PT pass unremarked.
#[test]
fn a_sender_asked_for_the_token_says_it_keeps_it() {
    let mut s = builtin("file-transfer").unwrap();
    s.actions.push(Action {
        at_ms: 100,
        session: 0,
        what: ActionKind::RequestToken(Host::B),
    });
    let mut world = World::new(&s);
    world.run_to_end(600_000_000);
    let events = &world.trace().events;
    let pt = events
        .iter()
        .position(|e| matches!(&e.what, What::Spdu { from: Host::B, spdu, .. } if spdu == "PT"))
        .expect("B sent PT");
    assert!(
        events[pt..].iter().any(|e| matches!(&e.what,
            What::App { host: Host::A, text } if text.starts_with("host B asks for the data token(s) (PT): A keeps them"))),
        "A said nothing about the PT"
    );
}

#[test]
fn a_conversation_ends_with_the_last_speaker_handing_the_token_back_unasked() {
    // For 2 to 7 lines, so that either host speaks last.
    for lines in 2..8 {
        let mut scenario = builtin("half-duplex-chat").unwrap();
        if let osi_session::sim::scenario::AppSpec::Chat(c) = &mut scenario.sessions[0].app {
            c.lines = lines;
        }
        let mut world = World::new(&scenario);
        world.run_to_end(600_000_000);
        let wire: Vec<String> = world
            .trace()
            .events
            .iter()
            .filter_map(|e| match &e.what {
                What::Spdu { from, spdu, .. } => Some(format!("{from:?}:{spdu}")),
                _ => None,
            })
            .collect();
        let last_dt = wire.iter().rposition(|s| s.ends_with(":DT")).unwrap();
        let end = &wire[last_dt + 1..];
        // After the last line, at most the GT that hands the token back, then the release:
        // no PT asking for a token that is already on its way.
        assert!(
            end == ["A:FN", "B:DN"] || end == ["B:GT", "A:FN", "B:DN"],
            "{lines} lines: {end:?}"
        );
    }
}
