//! The narration of the built-in scenarios' real runs.

use super::pace::{pace, real_ms, GUIDED_CAP, LEAST_REAL_MS, SPEEDS};
use super::user_data::{meaning, presentation};
use super::*;
use crate::sim::trace::Host;
use crate::sim::{builtin, World, BUILTIN};

/// The built-in scenario `name` run until nothing is left to happen: its world.
fn ended(name: &str) -> World {
    let mut w = World::new(&builtin(name).unwrap());
    while w.step() {}
    w
}

/// The first line of `w`'s trace that `pick` accepts.
fn first(w: &World, pick: impl Fn(&What) -> bool) -> &TraceEvent {
    w.trace().events.iter().find(|e| pick(&e.what)).unwrap()
}

fn spdu_is(what: &What, name: &str) -> bool {
    matches!(what, What::Spdu { spdu, .. } if spdu == name)
}

/// What the user data of the first `spdu` of the built-in scenario `name`'s run means to the
/// application `app`.
fn first_meaning(name: &str, spdu: &str, app: &str) -> Option<String> {
    let w = ended(name);
    meaning(app, &first(&w, |w| spdu_is(w, spdu)).what)
}

#[test]
fn every_guided_scenario_lasts_several_seconds_at_its_opening_pace() {
    let mut table = String::new();
    for name in BUILTIN {
        let end = ended(name).now();
        let speed = pace(end, &SPEEDS, GUIDED_CAP);
        let real = real_ms(end, speed);
        table.push_str(&format!("{name}: {end} us at {speed}x = {real:.0} ms\n"));
        assert!(real >= LEAST_REAL_MS as f64, "{name}: {real} ms");
        assert!(speed <= GUIDED_CAP, "{name}");
    }
    // `cargo test -- --nocapture` prints each one's real time.
    println!("{table}");
    assert_eq!(
        pace(ended("wrong-password").now(), &SPEEDS, GUIDED_CAP),
        0.02
    );
    assert_eq!(
        pace(ended("file-transfer").now(), &SPEEDS, GUIDED_CAP),
        0.25
    );
}

#[test]
fn a_checkpoint_is_told_as_bytes_made_safe() {
    let w = ended("file-transfer");
    let e = first(&w, |w| matches!(w, What::Checkpoint { serial: 1, .. }));
    assert_eq!(
        sentence(e),
        "Host B confirmed sync point 1: everything up to byte 262,144 is safe."
    );
    // At that time B's MIA also arrives and A's machine records it: the checkpoint is told.
    let i = last_told(w.trace(), e.t, None).unwrap();
    assert_eq!(&w.trace().events[i], e);
}

#[test]
fn every_line_of_every_guided_run_reads_as_a_sentence() {
    for name in BUILTIN {
        let w = ended(name);
        for e in &w.trace().events {
            let s = sentence(e);
            assert!(s.ends_with('.') && s.len() > 20, "{name}: {s:?} for {e:?}");
            assert!(s.starts_with(char::is_uppercase), "{name}: {s:?}");
        }
    }
    let w = ended("banking-login");
    let cn = first(&w, |w| spdu_is(w, "CN"));
    assert_eq!(
        sentence(cn),
        "Host A asks host B for a session connection (CN, CONNECT); it arrives at 60.015 ms."
    );
    let state = first(
        &w,
        |w| matches!(w, What::State { to, .. } if to.starts_with("STA02A")),
    );
    assert_eq!(
        sentence(state),
        "Host A's session machine is now in state STA02A (wait for the AC SPDU)."
    );
}

#[test]
fn the_key_moments_of_the_guided_runs_say_what_comes_next() {
    let moments = |name: &str| -> Vec<String> {
        let w = ended(name);
        let recovery = builtin(name).unwrap().sessions[0].recovery;
        w.trace()
            .events
            .iter()
            .filter_map(|e| moment(e, recovery))
            .collect()
    };
    let transfer = moments("file-transfer");
    assert_eq!(transfer.len(), 3, "{transfer:#?}");
    assert!(transfer[0].starts_with("The transport connection broke (break at byte 5033164)"));
    assert!(transfer[0].contains("Next: host A reconnects and resumes the transfer"));
    assert!(transfer[1].starts_with("Host A resumed the transfer on a new connection"));
    assert!(transfer[2].starts_with("Host A asked for an orderly release (FN)"));
    let restart = moments("file-transfer-restart");
    assert!(restart[0].contains("with recovery off, sends the whole file again"));
    assert!(restart[1].starts_with("The transfer started again from byte 0"));
    let refused = moments("wrong-password");
    assert_eq!(refused.len(), 1);
    assert!(refused[0].starts_with("Host B refused the session connection (RF)"));
    let killed = moments("kill-session");
    assert_eq!(killed.len(), 1, "{killed:#?}");
    assert!(killed[0].starts_with("Host A's user aborted the session (AB)"));
    let idle = moments("idle-timeout");
    assert!(
        idle[0].starts_with("Host B's user aborted the session (AB)"),
        "{idle:#?}"
    );
    for name in ["banking-login", "half-duplex-chat", "rpc"] {
        let release = moments(name);
        assert_eq!(release.len(), 1, "{name}");
        assert!(release[0].contains("Next: host B answers DN"), "{name}");
    }
}

#[test]
fn the_user_data_the_applications_send_is_read_back() {
    let w = ended("banking-login");
    let cn = first(&w, |w| spdu_is(w, "CN"));
    let said = meaning("banking login", &cn.what).unwrap();
    assert!(said.contains("user name \"alice\""), "{said}");
    assert!(
        said.contains("A digest was sent, not the password"),
        "{said}"
    );
    assert!(!said.contains("correct horse"), "{said}");
    let requests: Vec<String> = w
        .trace()
        .events
        .iter()
        .filter(|e| spdu_is(&e.what, "DT"))
        .filter_map(|e| meaning("banking login", &e.what))
        .collect();
    assert_eq!(requests[0], "A request to the bank: \"GET /balance\".");
    assert_eq!(requests[1], "The bank's answer: \"200 balance 1,234.56\".");
    let ac = first(&w, |w| spdu_is(w, "AC"));
    assert_eq!(
        meaning("banking login", &ac.what),
        None,
        "AC carries no user data"
    );

    assert_eq!(
        first_meaning("wrong-password", "RF", "banking login").as_deref(),
        Some("Why the bank refused: \"authentication failed\".")
    );
    assert_eq!(
        first_meaning("half-duplex-chat", "DT", "half-duplex conversation").as_deref(),
        Some("A line of the conversation: \"A: Hello B, are you there?\".")
    );

    let w = ended("rpc");
    // The first DT each host sends: the first call, and its result.
    let first_dt_from = |host: Host| {
        let from_host = |w: &What| matches!(w, What::Spdu { from, .. } if *from == host);
        let dt = first(&w, |w| spdu_is(w, "DT") && from_host(w));
        meaning("remote procedure calls", &dt.what)
    };
    assert_eq!(
        first_dt_from(Host::A).as_deref(),
        Some("A remote procedure call (call 1): the procedure \"add\" with the arguments 1, 10.")
    );
    assert_eq!(
        first_dt_from(Host::B).as_deref(),
        Some("The result of call 1: 11.")
    );

    assert_eq!(
        first_meaning("file-transfer", "DT", "file transfer").as_deref(),
        Some("16,384 octets of the file's content (made up from the run's seed, not text).")
    );
}

#[test]
fn a_conversation_is_titled_by_the_mode_it_runs_in() {
    use crate::sim::apps::DialogMode;
    assert_eq!(
        app_title("half-duplex conversation", DialogMode::FullDuplex),
        "full-duplex conversation"
    );
    assert_eq!(
        app_title("half-duplex conversation", DialogMode::HalfDuplex),
        "half-duplex conversation"
    );
    assert_eq!(
        app_title("file transfer", DialogMode::FullDuplex),
        "file transfer"
    );
}

#[test]
fn the_presentation_layer_is_shown_before_the_application() {
    let w = ended("banking-login");
    let cn = first(&w, |w| spdu_is(w, "CN"));
    let said = presentation(&cn.what).unwrap();
    assert!(
        said.starts_with(
            "CP PPDU (P-CONNECT request), proposing context 1: abstract syntax 2.999.8327.1 \
             (the playground's messages) in transfer syntax 2.1.1 (BER). Its user data: "
        ),
        "{said}"
    );
    let ac = first(&w, |w| spdu_is(w, "AC"));
    assert_eq!(
        presentation(&ac.what).as_deref(),
        Some("CPA PPDU (P-CONNECT response, accepting), accepting context 1 in BER. No user data.")
    );
    let w = ended("file-transfer");
    let dt = first(&w, |w| spdu_is(w, "DT"));
    assert_eq!(
        presentation(&dt.what).as_deref(),
        Some(
            "User-data PPDU (P-DATA): fully encoded data, one value of 16,384 octets in context \
             1, abstract syntax 2.999.8327.1 (the playground's messages) in transfer syntax \
             2.1.1 (BER)."
        )
    );
    let w = ended("kill-session");
    let ab = first(&w, |w| spdu_is(w, "AB"));
    assert!(
        presentation(&ab.what)
            .is_some_and(|s| s.starts_with("ARU PPDU (P-U-ABORT). Its user data: 27 octets")),
        "{:?}",
        presentation(&ab.what)
    );
    let mip = first(&w, |w| spdu_is(w, "MIP"));
    assert_eq!(presentation(&mip.what), None, "MIP carries no user data");
}
