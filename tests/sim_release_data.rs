#![cfg(not(target_arch = "wasm32"))]
//! User data on release and abort in the world (X.225 8.3.4, 8.3.5, 8.3.7): the banking
//! logout says goodbye in FN and the bank answers with the session's summary in DN; Kill
//! session's AB carries the user's reason, which the peer reports.

use bytes::Bytes;
use osi_session::protocol::codec::{decode_tsdu, DecodeContext, Spdu};
use osi_session::protocol::presentation::{decode, Carrier};
use osi_session::sim::{builtin, Host, Outcome, Scenario, What, World};

mod common;
use common::sent;

/// The application's user data in the first `spdu` host `from` sent on session 0 (each world
/// here has one session): what the presentation layer's PPDU in the SPDU's user data carries.
fn user_data_of(world: &World, from: Host, spdu: &str) -> Option<Bytes> {
    let octets = sent(world, 0, from, spdu);
    let spdus = decode_tsdu(&Bytes::from(octets.bytes), DecodeContext::default()).unwrap();
    let ppdu = spdus.last().and_then(Spdu::user_data)?;
    let carrier = Carrier::of(spdu).unwrap();
    let ppdu = decode(carrier, ppdu).unwrap();
    ppdu.user_data().map(|p| p.data.clone())
}

fn notes(world: &World) -> Vec<String> {
    world
        .trace()
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::App { host, text } => Some(format!("{host:?}: {text}")),
            What::Abort { host, cause } => Some(format!("{host:?} abort: {cause}")),
            _ => None,
        })
        .collect()
}

#[test]
fn the_banking_logout_says_goodbye_and_the_bank_sums_up() {
    let scenario =
        Scenario::from_json(r#"{"seed": 3, "sessions": [{"app": {"banking": {}}}]}"#).unwrap();
    let mut world = World::new(&scenario);
    world.run_to_end(600_000_000);
    assert_eq!(world.summaries()[0].outcome, Some(Outcome::Released));
    let goodbye = user_data_of(&world, Host::A, "FN").expect("FN carries user data");
    assert_eq!(&goodbye[..], b"goodbye, see you soon");
    let summary = user_data_of(&world, Host::B, "DN").expect("DN carries user data");
    let summary = String::from_utf8_lossy(&summary).to_string();
    assert!(summary.starts_with("goodbye alice: "), "{summary}");
    let n = notes(&world);
    let served = n.iter().filter(|t| t.starts_with("A: request: ")).count();
    let s = if served == 1 { "" } else { "s" };
    assert_eq!(
        summary,
        format!("goodbye alice: {served} request{s} served")
    );
    assert!(
        n.contains(&format!("A: the bank's summary: {summary}")),
        "{n:#?}"
    );
    assert!(
        n.contains(&"B: logout (\"goodbye, see you soon\"): session identifier revoked".into()),
        "{n:#?}"
    );
}

#[test]
fn kill_sessions_ab_carries_the_reason() {
    let mut world = World::new(&builtin("kill-session").unwrap());
    // Past the outcome (set when A aborts) until the AB has reached B.
    world.run_until(2_000_000);
    let reason = user_data_of(&world, Host::A, "AB").expect("AB carries user data");
    assert_eq!(&reason[..], b"the user killed the session");
    let n = notes(&world);
    assert!(
        n.iter()
            .any(|t| t == "B abort: the peer's user aborted (AB): \"the user killed the session\""),
        "{n:#?}"
    );
}
