//! An action added to a run before its time (what the playground does with a button, so as
//! not to run everything again) gives the run of the scenario with that action from the
//! start, event for event; so do the copies kept for going back, when the action is added
//! to them too. Once the clock has reached the action's time it is refused.

use osi_session::sim::apps::DialogMode;
use osi_session::sim::rewind::Saved;
use osi_session::sim::scenario::{builtin, Action, ActionKind, BUILTIN};
use osi_session::sim::{Host, Scenario, World};

const END: u64 = 600_000_000;

fn actions() -> Vec<ActionKind> {
    vec![
        ActionKind::Break,
        ActionKind::Kill,
        ActionKind::DropNext,
        ActionKind::DelayNextMs(70),
        ActionKind::RefuseReconnectsMs(500),
        ActionKind::GiveToken(Host::A),
        ActionKind::RequestToken(Host::B),
        ActionKind::SwitchDialog(DialogMode::FullDuplex),
        ActionKind::SwitchDialog(DialogMode::HalfDuplex),
    ]
}

/// The scenario with `what` on session 0 at `at_ms`, run from the start.
fn replayed(scenario: &Scenario, at_ms: u64, what: &ActionKind) -> (Scenario, World) {
    let mut with = scenario.clone();
    with.actions.push(Action {
        at_ms,
        session: 0,
        what: what.clone(),
    });
    let mut world = World::new(&with);
    world.run_to_end(END);
    (with, world)
}

/// The times (µs) to add actions at: a third and two thirds of the way through the run,
/// just before a millisecond begins (as the playground's clock may stand).
fn moments(scenario: &Scenario) -> Vec<u64> {
    let mut whole = World::new(scenario);
    whole.run_to_end(END);
    let end = whole.now();
    [end / 3, end * 2 / 3]
        .into_iter()
        .map(|t| (t / 1000) * 1000 + 999)
        .collect()
}

#[test]
fn an_action_added_before_its_time_gives_the_run_of_the_scenario_with_it() {
    let mut cases = 0;
    for name in BUILTIN {
        let scenario = builtin(name).unwrap();
        for now in moments(&scenario) {
            let at_ms = now.div_ceil(1000);
            for what in actions() {
                let (with, expected) = replayed(&scenario, at_ms, &what);
                let mut live = World::new(&scenario);
                live.run_until(now);
                let action = &with.actions[with.actions.len() - 1];
                assert!(
                    live.add_action(with.actions.len() - 1, action),
                    "{name} {what:?}"
                );
                live.run_to_end(END);
                assert_eq!(
                    live.trace(),
                    expected.trace(),
                    "{name}: {what:?} at {at_ms} ms"
                );
                assert_eq!(live.summaries(), expected.summaries(), "{name}: {what:?}");
                cases += 1;
            }
        }
    }
    assert!(cases >= 100, "{cases} cases");
}

#[test]
fn copies_with_the_action_added_go_back_to_the_run_with_it() {
    // Long enough runs to keep several copies (one every 500 events at first).
    let transfer = |dialog: &str| {
        format!(
            r#"{{"seed": 3, "link": {{"latency_us": 20000, "bandwidth": 10000000}},
            "sessions": [{{"app": {{"file_transfer": {{"size": 4000000, "chunk": 2048,
            "minor_every": 262144, "major_every": 0}}}}, "dialog": "{dialog}"}}],
            "actions": [{{"session": 0, "do": {{"break_at_byte": 1500000}}}}]}}"#
        )
    };
    for name in ["full-duplex", "half-duplex"] {
        let scenario = Scenario::from_json(&transfer(name)).unwrap();
        let now = moments(&scenario)[1];
        let at_ms = now.div_ceil(1000);
        for what in [
            ActionKind::Break,
            ActionKind::Kill,
            ActionKind::GiveToken(Host::A),
        ] {
            let (with, expected) = replayed(&scenario, at_ms, &what);
            let mut saved = Saved::default();
            let mut live = World::new(&scenario);
            saved.run(&mut live, now);
            assert!(saved.len() > 1, "{name}: copies were kept");
            let index = with.actions.len() - 1;
            assert!(saved.add_action(&mut live, index, &with.actions[index]));
            // Forward from the run as it is, and again from an early copy.
            let mut ahead = live.clone();
            ahead.run_to_end(END);
            assert_eq!(ahead.trace(), expected.trace(), "{name}: {what:?}");
            let mut back = saved.world_at(&with, now / 4, live.trace());
            back.run_to_end(END);
            assert_eq!(
                back.trace(),
                expected.trace(),
                "{name}: {what:?} from a copy"
            );
        }
    }
}

#[test]
fn an_action_due_when_the_clock_is_there_is_refused_and_nothing_changes() {
    let scenario = builtin("file-transfer").unwrap();
    let mut live = World::new(&scenario);
    live.run_until(300_000);
    let at_now = Action {
        at_ms: 300,
        session: 0,
        what: ActionKind::Break,
    };
    assert!(!live.add_action(scenario.actions.len(), &at_now));
    let earlier = Action {
        at_ms: 10,
        ..at_now.clone()
    };
    assert!(!live.add_action(scenario.actions.len(), &earlier));
    // Nothing was added: the run goes on as the scenario's own.
    let mut whole = World::new(&scenario);
    whole.run_to_end(END);
    live.run_to_end(END);
    assert_eq!(live.trace(), whole.trace());

    // Copies refuse as the world does, and leave both as they were.
    let mut saved = Saved::default();
    let mut world = World::new(&scenario);
    saved.run(&mut world, 300_000);
    assert!(!saved.add_action(&mut world, scenario.actions.len(), &at_now));
    world.run_to_end(END);
    assert_eq!(world.trace(), whole.trace());
}
