//! Establishment (X.225 7.1): negotiation of functional units, version, TSDU sizes, initial
//! serial number and token positions; refusal with a reason.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::{
    decode_tsdu, Connect, ConnectAcceptItem, DecodeContext, FunctionalUnits, ProtocolOptions,
    RefuseReason, SerialNumber, Spdu, TokenPosition, TokenSet, TokenSetting, TsduMaxSize, Version,
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

    p.accept(Side::B, [2; 16]).unwrap();
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

/// The TSDU Maximum Size (PI 21) a CN or AC carries, if it carries one.
fn tsdu_sizes(tsdu: &Bytes) -> Option<TsduMaxSize> {
    match decode_tsdu(tsdu, DecodeContext::default()).unwrap().pop() {
        Some(Spdu::Connect(cn)) => cn.connect_accept.and_then(|i| i.tsdu_max_size),
        Some(Spdu::Accept(ac)) => ac.connect_accept.and_then(|i| i.tsdu_max_size),
        other => panic!("CN or AC, got {other:?}"),
    }
}

fn sizes(initiator_to_responder: u16, responder_to_initiator: u16) -> TsduMaxSize {
    TsduMaxSize {
        initiator_to_responder,
        responder_to_initiator,
    }
}

/// CN proposes a TSDU maximum size (PI 21 in the Connect/Accept Item, X.225 8.3.1) when this
/// side has a limit, the same in both directions, and leaves PI 21 out when it has none.
#[test]
fn cn_carries_the_tsdu_maximum_size_only_when_there_is_a_limit() {
    let a = Config {
        tsdu_max: 512,
        ..half_duplex()
    };
    let b = Config {
        tsdu_max: 1024,
        ..half_duplex()
    };
    let mut p = Pair::connecting(a, b, None);
    let cn = p.wire[0].clone();
    assert_eq!(cn.spdu, "CN");
    assert_eq!(tsdu_sizes(&cn.tsdu), Some(sizes(512, 512)));
    // PI 21, LI 4: 512 (0x0200) initiator-to-responder, then responder-to-initiator.
    assert!(cn
        .tsdu
        .windows(6)
        .any(|w| w == [0x15, 0x04, 0x02, 0x00, 0x02, 0x00]));
    let [Indication::Connect { proposal, .. }] = &p.take_indications(Side::B)[..] else {
        panic!("B gets an S-CONNECT indication")
    };
    // B's limit is larger: A's 512 holds both ways (7.1.1).
    assert_eq!(
        (proposal.tsdu_max_send, proposal.tsdu_max_receive),
        (512, 512)
    );

    let p = Pair::connecting(half_duplex(), half_duplex(), None);
    assert_eq!(tsdu_sizes(&p.wire[0].tsdu), None, "no limit: no PI 21");
}

/// AC carries the TSDU maximum sizes selected (PI 21, X.225 8.3.2) when either direction has
/// a limit, with 0 for the direction that has none, and leaves PI 21 out when neither has.
#[test]
fn ac_carries_the_tsdu_maximum_sizes_when_either_direction_has_a_limit() {
    for proposed in [None, Some(sizes(512, 0)), Some(sizes(0, 512))] {
        // B (no limit of its own) answers a CN proposing `proposed`.
        let mut p = Pair::new(half_duplex(), half_duplex());
        p.b.handle_transport(0, true);
        let cn = Spdu::Connect(Connect {
            connection_id: None,
            connect_accept: Some(ConnectAcceptItem {
                protocol_options: Some(ProtocolOptions::EMPTY),
                tsdu_max_size: proposed,
                version: Some(Version::V2),
                initial_serial_number: None,
                token_setting: None,
            }),
            functional_units: Some(FunctionalUnits::HALF_DUPLEX),
            calling_selector: None,
            called_selector: None,
            user_data: None,
        });
        let cn = osi_session::protocol::codec::encode_tsdu(&[cn]).unwrap();
        p.inject(Side::B, Bytes::from(cn));
        assert_eq!(p.b.state(), State::AwaitConnectResponse);
        p.accept(Side::B, [2; 16]).unwrap();
        let ac = p.wire.last().unwrap();
        assert_eq!(ac.spdu, "AC");
        assert_eq!(tsdu_sizes(&ac.tsdu), proposed, "CN proposed {proposed:?}");
        let n = p.b.negotiated().unwrap();
        let both = proposed.unwrap_or_default();
        assert_eq!(
            (n.tsdu_max_receive, n.tsdu_max_send),
            (both.initiator_to_responder, both.responder_to_initiator)
        );
    }
}

/// Every change of the Annex A state is recorded once, where it happens, and only a change:
/// the records of an establishment chain from STA01 to STA713 on both sides (X.225 A.4), each
/// from the state the one before went to.
#[test]
fn each_state_change_is_recorded_once_and_the_records_chain() {
    use osi_session::protocol::machine::Record;
    let p = Pair::established();
    for (side, machine) in [(0, &p.a), (1, &p.b)] {
        let changes: Vec<_> = p.records[side]
            .iter()
            .filter_map(|r| match r {
                Record::State { from, to } => Some((*from, *to)),
                _ => None,
            })
            .collect();
        assert!(changes.len() >= 2, "side {side}: {changes:?}");
        assert_eq!(changes[0].0, State::Idle);
        assert_eq!(changes.last().unwrap().1, machine.state());
        assert_eq!(machine.state(), State::DataTransfer);
        for (i, (from, to)) in changes.iter().enumerate() {
            assert_ne!(from, to, "side {side}: a record without a change");
            if i > 0 {
                assert_eq!(*from, changes[i - 1].1, "side {side}: {changes:?}");
            }
        }
    }
}
