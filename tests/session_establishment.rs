//! Establishment (X.225 7.1): negotiation of functional units, version, TSDU sizes, initial
//! serial number and token positions; refusal with a reason.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::{
    FunctionalUnits, RefuseReason, SerialNumber, TokenPosition, TokenSet, TokenSetting, Version,
};
use osi_session::protocol::machine::{Config, Indication, Request, RequestKind, State, UsageError};
use osi_session::protocol::pair::{Pair, Side};

fn half_duplex() -> Config {
    Config::default()
}

fn duplex() -> Config {
    Config {
        functional_units: (Config::default().functional_units - FunctionalUnits::HALF_DUPLEX)
            | FunctionalUnits::DUPLEX,
        ..Config::default()
    }
}

#[test]
fn connect_and_accept_reach_data_transfer_with_the_negotiated_session() {
    let mut p = Pair::connecting(
        Config {
            tsdu_max: 4096,
            initial_serial: SerialNumber::new(40).unwrap(),
            ..half_duplex()
        },
        Config {
            tsdu_max: 1024,
            ..half_duplex()
        },
        Some(Bytes::from_static(b"hello")),
    );
    assert_eq!(p.b.state(), State::AwaitConnectResponse);
    let [Indication::Connect {
        proposal,
        user_data,
    }] = &p.take_indications(Side::B)[..]
    else {
        panic!("B gets an S-CONNECT indication")
    };
    assert_eq!(user_data.as_deref(), Some(&b"hello"[..]));
    assert!(proposal
        .functional_units
        .contains(FunctionalUnits::HALF_DUPLEX));
    assert_eq!(proposal.version, 2);

    p.request(
        Side::B,
        Request::Accept {
            called_ref: [2; 16],
            user_data: None,
        },
    )
    .unwrap();
    p.run();
    assert_eq!(p.wire_log(), ["A:CN", "B:AC"]);
    assert_eq!(
        (p.a.state(), p.b.state()),
        (State::DataTransfer, State::DataTransfer)
    );
    let na = p.a.negotiated().unwrap().clone();
    let nb = p.b.negotiated().unwrap().clone();
    // TSDU sizes: the smaller in each direction.
    assert_eq!((na.tsdu_max_send, nb.tsdu_max_receive), (1024, 1024));
    assert_eq!(na.initial_serial.get(), 40);
    assert_eq!(p.a.serials().vm, 40);
    assert_eq!(na.connection, nb.connection);
    assert_eq!(&na.connection.called[..], &[2; 16]);
    // Every token starts with the initiator (the default token setting).
    assert_eq!(p.a.tokens(), na.available_tokens);
    assert_eq!(p.b.tokens(), TokenSet::EMPTY);
}

#[test]
fn duplex_is_selected_when_both_sides_want_it_and_has_no_data_token() {
    let p = Pair::connected(duplex(), duplex());
    let n = p.a.negotiated().unwrap();
    assert!(n.functional_units.contains(FunctionalUnits::DUPLEX));
    assert!(!n.functional_units.contains(FunctionalUnits::HALF_DUPLEX));
    assert!(!n.available_tokens.contains(TokenSet::DATA));
}

#[test]
fn responder_places_the_tokens_left_to_its_choice() {
    let a = Config {
        token_setting: TokenSetting {
            data: TokenPosition::ResponderChoice,
            ..TokenSetting::default()
        },
        ..half_duplex()
    };
    let b = Config {
        token_setting: TokenSetting {
            data: TokenPosition::Responder,
            ..TokenSetting::default()
        },
        ..half_duplex()
    };
    let p = Pair::connected(a, b);
    assert!(p.b.tokens().contains(TokenSet::DATA));
    assert!(!p.a.tokens().contains(TokenSet::DATA));
}

#[test]
fn refusal_carries_its_reason_to_the_initiator() {
    let mut p = Pair::connecting(half_duplex(), half_duplex(), None);
    p.request(
        Side::B,
        Request::Refuse {
            reason: RefuseReason::REJECTED_BY_USER,
            data: Bytes::from_static(b"authentication failed"),
        },
    )
    .unwrap();
    p.run();
    assert_eq!(p.wire_log(), ["A:CN", "B:RF"]);
    let refused: Vec<_> = p.take_indications(Side::A);
    assert_eq!(
        refused,
        [Indication::Refused {
            reason: RefuseReason::REJECTED_BY_USER,
            data: Bytes::from_static(b"authentication failed"),
        }]
    );
    assert_eq!((p.a.state(), p.b.state()), (State::Idle, State::Idle));
    assert!(!p.connected);
}

#[test]
fn no_common_version_is_refused_by_the_protocol_machine() {
    let mut p = Pair::connecting(
        Config {
            versions: Version::V1,
            ..half_duplex()
        },
        Config {
            versions: Version::V2,
            ..half_duplex()
        },
        None,
    );
    assert_eq!(p.wire_log(), ["A:CN", "B:RF"]);
    assert!(matches!(
        &p.take_indications(Side::A)[..],
        [Indication::Refused {
            reason: RefuseReason::VERSION_UNSUPPORTED,
            ..
        }]
    ));
    assert!(
        p.take_indications(Side::B).is_empty(),
        "B's user never saw the CN"
    );
}

#[test]
fn no_common_dialogue_mode_is_refused() {
    let mut p = Pair::connecting(duplex(), half_duplex(), None);
    assert!(matches!(
        &p.take_indications(Side::A)[..],
        [Indication::Refused {
            reason: RefuseReason::NO_REASON,
            ..
        }]
    ));
}

#[test]
fn a_second_connect_is_refused_by_the_rules_and_changes_nothing() {
    let mut p = Pair::established();
    let before = p.a.clone();
    let err = p
        .request(
            Side::A,
            Request::Connect {
                calling_ref: [1; 16],
                user_data: None,
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        UsageError::WrongState {
            request: RequestKind::Connect,
            state: State::DataTransfer
        }
    );
    assert_eq!(
        err.to_string(),
        "S-CONNECT request is not allowed in state STA713 data transfer \
         (X.225 7.1, Annex A: only in STA01 on the initiator's side)"
    );
    assert_eq!(p.a.state(), before.state());
    assert_eq!(p.in_flight(Side::B), 0);
}

#[test]
fn only_the_initiator_connects() {
    let mut p = Pair::new(half_duplex(), half_duplex());
    let connect = Request::Connect {
        calling_ref: [2; 16],
        user_data: None,
    };
    let err = p.request(Side::B, connect).unwrap_err();
    assert_eq!(
        err.to_string(),
        "S-CONNECT request is not allowed in state STA01 idle, no transport connection \
         (X.225 7.1, Annex A: only in STA01 on the initiator's side)"
    );
    assert!(p.wire.is_empty() && !p.connected);
}
