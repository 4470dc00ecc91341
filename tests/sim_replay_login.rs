#![cfg(not(target_arch = "wasm32"))]
//! Replay protection spans the world: host B's bank keeps one replay window for every
//! session, so a CN whose octets were captured on one session connection and are replayed on
//! a new one is refused with RF, "rejected by the called SS-user" (X.225 7.1.2), and the
//! trace says why. A fresh login on the same new session is accepted.

use bytes::Bytes;
use osi_session::protocol::codec::{decode_tsdu, DecodeContext, RefuseReason, Spdu};
use osi_session::protocol::presentation::{decode, Carrier};
use osi_session::sim::{Host, Outcome, Scenario, What, World};

mod common;
use common::sent;

/// Two logins of alice: the second session starts after the first has logged out.
fn two_logins() -> Scenario {
    Scenario::from_json(
        r#"{"seed": 3, "sessions": [{"app": {"banking": {}}}, {"app": {"banking": {}}, "start_ms": 5000}]}"#,
    )
    .unwrap()
}

fn notes(world: &World, session: u32) -> Vec<String> {
    world
        .trace()
        .events
        .iter()
        .filter(|e| e.session == session)
        .filter_map(|e| match &e.what {
            What::App { host, text } => Some(format!("{host:?}: {text}")),
            _ => None,
        })
        .collect()
}

#[test]
fn a_fresh_second_login_is_accepted() {
    let mut world = World::new(&two_logins());
    world.run_to_end(600_000_000);
    let s = world.summaries();
    assert_eq!(s[0].outcome, Some(Outcome::Released));
    assert_eq!(
        s[1].outcome,
        Some(Outcome::Released),
        "{:#?}",
        notes(&world, 1)
    );
}

#[test]
fn a_cn_replayed_on_a_new_session_is_refused() {
    let mut world = World::new(&two_logins());
    world.run_until(4_000_000);
    assert_eq!(world.summaries()[0].outcome, Some(Outcome::Released));
    // The first session's CN, whole, as captured on the wire.
    let cn = sent(&world, 0, Host::A, "CN");
    assert!(!cn.cut);
    // An attacker puts it on the second session's connection in place of host A's own CN.
    world.replace_next_tsdu(1, Host::A, Bytes::from(cn.bytes.clone()));
    world.run_to_end(600_000_000);

    assert_eq!(world.summaries()[1].outcome, Some(Outcome::Refused));
    assert_eq!(
        sent(&world, 1, Host::A, "CN"),
        cn,
        "the replayed octets went"
    );
    let n = notes(&world, 1);
    assert!(
        n.iter()
            .any(|t| t == "B: login refused: replayed credentials for \"alice\""),
        "{n:#?}"
    );
    let rf = sent(&world, 1, Host::B, "RF");
    let spdus = decode_tsdu(&Bytes::from(rf.bytes), DecodeContext::default()).unwrap();
    let [Spdu::Refuse(refuse)] = &spdus[..] else {
        panic!("RF expected: {spdus:?}");
    };
    assert_eq!(refuse.reason, Some(RefuseReason::REJECTED_BY_USER));
    // The refusal's text, in the CPR-PPDU the presentation layer puts in RF.
    let cpr = decode(Carrier::Refuse, &refuse.reason_user_data).unwrap();
    assert_eq!(
        cpr.user_data().map(|p| &p.data[..]),
        Some(&b"authentication failed"[..])
    );
}
