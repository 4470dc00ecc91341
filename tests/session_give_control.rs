//! Give control (X.225 7.33, 7.34): outside an activity, the holder of every token passes them
//! all with GTC, the peer's SPM answers GTA, and the peer's user is told.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::TokenSet;
use osi_session::protocol::machine::{
    Config, Indication, PeerError, PeerRule, Record, Request, RequestKind, State, UsageError,
};
use osi_session::protocol::pair::{Pair, Side};

/// Activity management with every token: data, minor, major/activity, release.
fn pair() -> Pair {
    let p = Pair::established();
    assert_eq!(p.a.available_tokens(), TokenSet::ALL);
    assert_eq!(p.a.tokens(), TokenSet::ALL);
    p
}

fn refused(p: &mut Pair, side: Side) -> UsageError {
    let (tokens, wire) = (p.machine(side).tokens(), p.wire.len());
    let err = p.request(side, Request::GiveControl).unwrap_err();
    assert_eq!(p.machine(side).tokens(), tokens, "a refusal moves no token");
    assert_eq!(p.wire.len(), wire, "a refusal sends nothing");
    err
}

#[test]
fn control_passes_every_token_and_is_acknowledged() {
    let mut p = pair();
    p.request(Side::A, Request::GiveControl).unwrap();
    assert_eq!(p.a.tokens(), TokenSet::EMPTY);
    p.run();
    assert_eq!(p.wire_log()[2..], ["A:GTC", "B:GTA"]);
    assert_eq!(p.wire[2].tsdu, Bytes::from_static(&[21, 0]));
    assert_eq!(p.wire[3].tsdu, Bytes::from_static(&[22, 0]));
    assert_eq!(
        p.take_indications(Side::B),
        [Indication::ControlGiven(TokenSet::ALL)]
    );
    assert_eq!(p.take_indications(Side::A), []);
    assert!(p.records[0].contains(&Record::ControlTaken));
    assert!(p.records[0].contains(&Record::Tokens {
        from: TokenSet::ALL,
        to: TokenSet::EMPTY
    }));
    assert!(p.records[1].contains(&Record::Tokens {
        from: TokenSet::EMPTY,
        to: TokenSet::ALL
    }));
    assert_eq!(
        (p.a.tokens(), p.b.tokens()),
        (TokenSet::EMPTY, TokenSet::ALL)
    );
    // B now has control: it starts an activity, and A may ask for tokens again.
    p.request(
        Side::B,
        Request::ActivityStart {
            id: Bytes::from_static(b"b1"),
        },
    )
    .unwrap();
    p.request(Side::A, Request::PleaseTokens(TokenSet::DATA))
        .unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::ActivityStarted(Bytes::from_static(b"b1"))]
    );
    assert_eq!(
        p.take_indications(Side::B),
        [Indication::TokensRequested(TokenSet::DATA)]
    );
}

#[test]
fn control_goes_back_and_forth() {
    let mut p = pair();
    p.request(Side::A, Request::GiveControl).unwrap();
    p.run();
    p.request(Side::B, Request::GiveControl).unwrap();
    p.run();
    assert_eq!(
        (p.a.tokens(), p.b.tokens()),
        (TokenSet::ALL, TokenSet::EMPTY)
    );
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::ControlGiven(TokenSet::ALL)]
    );
    assert_eq!(p.wire_log()[2..], ["A:GTC", "B:GTA", "B:GTC", "A:GTA"]);
}

#[test]
fn control_needs_the_activity_management_unit() {
    let mut p = Pair::half_duplex();
    assert_eq!(
        refused(&mut p, Side::A),
        UsageError::UnitNotSelected {
            request: "S-CONTROL-GIVE request",
            unit: "activity management"
        }
    );
}

#[test]
fn control_is_not_given_inside_an_activity() {
    let mut p = Pair::in_activity();
    assert_eq!(
        refused(&mut p, Side::A).to_string(),
        "S-CONTROL-GIVE request: control may only be given outside an activity (X.225 7.33)"
    );
}

#[test]
fn control_needs_every_token() {
    let mut p = pair();
    p.request(Side::A, Request::GiveTokens(TokenSet::DATA))
        .unwrap();
    p.run();
    assert_eq!(
        refused(&mut p, Side::A),
        UsageError::TokenNotHeld {
            request: "S-CONTROL-GIVE request",
            tokens: TokenSet::DATA
        }
    );
    // B holds only the data token: neither side may give control.
    assert!(matches!(
        refused(&mut p, Side::B),
        UsageError::TokenNotHeld { .. }
    ));
}

#[test]
fn control_needs_a_session_in_data_transfer() {
    let mut p = Pair::new(Config::default(), Config::default());
    assert_eq!(
        refused(&mut p, Side::A),
        UsageError::WrongState {
            request: RequestKind::GiveControl,
            state: State::Idle
        }
    );
}

#[test]
fn no_please_tokens_before_the_gta() {
    let mut p = pair();
    p.request(Side::A, Request::GiveControl).unwrap();
    let err = p
        .request(Side::A, Request::PleaseTokens(TokenSet::DATA))
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "S-TOKEN-PLEASE request: control was given and the GTA has not arrived yet (X.225 7.34)"
    );
    p.run();
    p.request(Side::A, Request::PleaseTokens(TokenSet::DATA))
        .unwrap();
}

fn protocol_error(p: &mut Pair, side: Side) -> PeerError {
    p.take_protocol_error(side).expect("a protocol error")
}

#[test]
fn a_gtc_from_a_side_without_every_token_is_a_protocol_error() {
    let mut p = pair();
    // A holds every token; a GTC claiming to give them is a lie.
    p.inject(Side::A, Bytes::from_static(&[21, 0]));
    assert_eq!(
        protocol_error(&mut p, Side::A),
        PeerRule::GtcWithoutTokens.into()
    );
    assert_eq!(p.a.state(), State::Idle);
}

#[test]
fn a_gta_without_a_gtc_is_a_protocol_error() {
    let mut p = pair();
    p.inject(Side::B, Bytes::from_static(&[22, 0]));
    assert_eq!(
        protocol_error(&mut p, Side::B),
        PeerRule::GtaWithoutGtc.into()
    );
}

#[test]
fn a_resynchronize_cannot_cross_a_gtc() {
    let mut p = pair();
    p.request(Side::A, Request::GiveControl).unwrap();
    // GTC is given outside an activity (X.225 7.33), and with activity management selected
    // RS needs one (X.225 7.14, 7.16), so B cannot resynchronize across the GTC: refused,
    // and the GTC completes.
    let err = p
        .request(
            Side::B,
            Request::Resynchronize {
                kind: osi_session::protocol::codec::ResyncType::Abandon,
                serial: None,
                tokens: None,
            },
        )
        .unwrap_err();
    assert!(
        err.to_string().contains("needs an activity in progress"),
        "{err}"
    );
    p.run();
    assert_eq!(
        (p.a.tokens(), p.b.tokens()),
        (TokenSet::EMPTY, TokenSet::ALL)
    );
    assert_eq!(
        (p.a.state(), p.b.state()),
        (State::DataTransfer, State::DataTransfer)
    );
}
