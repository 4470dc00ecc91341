//! Why a button is disabled: the world asks the protocol machine (its typed refusal, X.225
//! clause 7) or says what it knows (nothing to break, a byte already sent, an ended session),
//! and asking changes nothing.

use osi_session::sim::apps::DialogMode;
use osi_session::sim::scenario::ActionKind;
use osi_session::sim::{builtin, Host, World};

fn at(name: &str, t_us: u64) -> World {
    let mut w = World::new(&builtin(name).unwrap());
    w.run_until(t_us);
    w
}

/// The first time at or after `from` at which `session` has a data token holder.
fn with_holder(w: &mut World, session: u32) -> Host {
    for _ in 0..10_000 {
        if let Some(h) = w.data_token_holder(session) {
            return h;
        }
        assert!(w.step(), "the run ended with nobody holding the data token");
    }
    panic!("nobody held the data token");
}

#[test]
fn only_the_holder_may_give_the_data_token_and_only_the_other_may_ask_for_it() {
    let mut w = at("half-duplex-chat", 500_000);
    let holder = with_holder(&mut w, 0);
    let other = holder.peer();
    assert_eq!(w.why_not(0, &ActionKind::GiveToken(holder)), None);
    assert_eq!(w.why_not(0, &ActionKind::RequestToken(other)), None);
    let give = w.why_not(0, &ActionKind::GiveToken(other)).unwrap();
    assert!(
        give.starts_with(&format!("host {}: ", other.name())),
        "{give}"
    );
    assert!(give.contains("X.225 7.3"), "{give}");
    let ask = w.why_not(0, &ActionKind::RequestToken(holder)).unwrap();
    assert!(ask.contains("asked for when not held"), "{ask}");
    let view = &w.views()[0];
    assert_eq!(view.data_token, Some(holder));
    assert_eq!(view.why_not.give, None);
    assert_eq!(view.why_not.request, None);
}

#[test]
fn asking_changes_nothing() {
    let mut w = at("half-duplex-chat", 500_000);
    with_holder(&mut w, 0);
    let before = (w.trace().clone(), w.views(), w.now());
    for kind in [
        ActionKind::GiveToken(Host::A),
        ActionKind::GiveToken(Host::B),
        ActionKind::RequestToken(Host::A),
        ActionKind::RequestToken(Host::B),
        ActionKind::Break,
        ActionKind::Kill,
        ActionKind::SwitchDialog(DialogMode::FullDuplex),
    ] {
        w.why_not(0, &kind);
    }
    assert_eq!((w.trace().clone(), w.views(), w.now()), before);
    // And the run goes on as it would have.
    let mut twin = at("half-duplex-chat", 500_000);
    with_holder(&mut twin, 0);
    w.run_to_end(600_000_000);
    twin.run_to_end(600_000_000);
    assert_eq!(w.trace(), twin.trace());
}

#[test]
fn full_duplex_has_no_data_token_to_give() {
    let mut w = World::new(&builtin("rpc").unwrap());
    while w.views()[0].state[0].code() != "STA713" {
        assert!(w.step(), "rpc never reached data transfer");
    }
    assert_eq!(w.data_token_holder(0), None);
    let why = w.views()[0].why_not.give.clone().unwrap();
    assert!(why.contains("neither host holds the data token"), "{why}");
    let asked = w.why_not(0, &ActionKind::RequestToken(Host::A)).unwrap();
    assert!(asked.contains("must exist in the session"), "{asked}");
}

#[test]
fn a_break_needs_a_transport_connection_and_a_byte_must_lie_ahead() {
    let mut w = at("file-transfer", 600_000);
    assert_eq!(w.why_not(0, &ActionKind::Break), None);
    let (sent, size) = w.views()[0].progress.unwrap();
    assert!(sent > 0 && sent < size, "{sent} of {size}");
    let passed = w.why_not(0, &ActionKind::BreakAtByte(sent)).unwrap();
    assert_eq!(
        passed,
        format!("byte {sent} has been sent already (the transfer is at byte {sent})")
    );
    let beyond = w.why_not(0, &ActionKind::BreakAtByte(size)).unwrap();
    assert_eq!(beyond, format!("the file has {size} bytes"));
    assert_eq!(w.why_not(0, &ActionKind::BreakAtByte(sent + 1)), None);
    w.act(0, ActionKind::Break);
    let down = w.why_not(0, &ActionKind::Break).unwrap();
    assert_eq!(down, "no transport connection is up to break now");
    assert_eq!(
        w.views()[0].why_not.break_now.as_deref(),
        Some(down.as_str())
    );
    let chat = at("half-duplex-chat", 500_000);
    let no_bytes = chat.why_not(0, &ActionKind::BreakAtByte(10)).unwrap();
    assert_eq!(no_bytes, "only a file transfer counts its bytes");
}

#[test]
fn once_a_session_has_ended_every_button_says_so() {
    let mut w = World::new(&builtin("kill-session").unwrap());
    w.run_to_end(600_000_000);
    let why = w.views()[0].why_not.clone();
    let ended = Some("the session has ended".to_string());
    for (name, got) in [
        ("give", why.give),
        ("request", why.request),
        ("break", why.break_now),
        ("kill", why.kill),
        ("faults", why.faults),
        ("switch", why.switch),
    ] {
        // Give and request too, though nobody holds the token any more.
        assert_eq!(got, ended, "{name}");
    }
    assert_eq!(w.why_not(0, &ActionKind::Kill), ended);
    assert_eq!(
        w.why_not(3, &ActionKind::Kill).as_deref(),
        Some("there is no session 3")
    );
}

#[test]
fn a_delay_or_refusal_lasts_at_most_an_hour_as_in_a_scenario() {
    let w = at("file-transfer", 600_000);
    for kind in [ActionKind::DelayNextMs, ActionKind::RefuseReconnectsMs] {
        assert_eq!(w.why_not(0, &kind(3_600_000)), None);
        assert_eq!(
            w.why_not(0, &kind(3_600_001)).as_deref(),
            Some("at most one hour (3600000 ms), not 3600001")
        );
    }
}
