//! Ending a session (X.225 7.7 to 7.10): orderly release after all data is delivered,
//! negotiated release refused with NF, release collisions, user abort, and the loss of the
//! transport turned into a provider abort.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::{
    DecodeError, DecodeErrorKind, FunctionalUnits, SpduKind, TokenSet,
};
use osi_session::protocol::machine::{
    AbortCause, Config, Incoming, Indication, PeerError, Record, Request, State, UsageError,
};
use osi_session::protocol::pair::{Pair, Side};

fn units(u: FunctionalUnits) -> Config {
    Config {
        functional_units: u,
        ..Config::default()
    }
}

#[test]
fn release_delivers_every_data_unit_before_the_disconnect() {
    let mut p = Pair::duplex();
    for chunk in ["one", "two", "three"] {
        p.request(Side::A, Request::Data(Bytes::from_static(chunk.as_bytes())))
            .unwrap();
    }
    // B's data crosses A's FN: A still delivers it while it waits for DN.
    p.request(Side::B, Request::Data(Bytes::from_static(b"late reply")))
        .unwrap();
    p.request(Side::A, Request::Release { user_data: None })
        .unwrap();
    assert_eq!(p.a.state(), State::AwaitDisconnect);
    p.run();
    assert_eq!(
        p.take_indications(Side::B),
        [
            Indication::Data(Bytes::from_static(b"one")),
            Indication::Data(Bytes::from_static(b"two")),
            Indication::Data(Bytes::from_static(b"three")),
            Indication::Release { user_data: None }
        ]
    );
    p.accept_release(Side::B).unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::A),
        [
            Indication::Data(Bytes::from_static(b"late reply")),
            Indication::Released { user_data: None }
        ]
    );
    assert_eq!(
        p.wire_log()[2..],
        ["A:DT", "A:DT", "A:DT", "B:DT", "A:FN", "B:DN"]
    );
    assert_eq!((p.a.state(), p.b.state()), (State::Idle, State::Idle));
    assert!(!p.connected, "the FN's sender closed the transport");
}

#[test]
fn release_needs_every_token() {
    let mut p = Pair::connected(
        units(FunctionalUnits::HALF_DUPLEX),
        units(FunctionalUnits::HALF_DUPLEX),
    );
    assert_eq!(
        p.request(Side::B, Request::Release { user_data: None }),
        Err(UsageError::TokenNotHeld {
            request: "S-RELEASE request",
            tokens: TokenSet::DATA
        })
    );
}

#[test]
fn negotiated_release_may_be_refused_with_nf() {
    let mut p = Pair::half_duplex();
    p.request(Side::A, Request::Release { user_data: None })
        .unwrap();
    p.run();
    p.request(
        Side::B,
        Request::ReleaseResponse {
            accept: false,
            user_data: None,
        },
    )
    .unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::ReleaseRefused { user_data: None }]
    );
    assert_eq!(
        (p.a.state(), p.b.state()),
        (State::DataTransfer, State::DataTransfer)
    );
    p.request(Side::A, Request::Data(Bytes::from_static(b"still here")))
        .unwrap();
}

#[test]
fn nf_without_negotiated_release_is_refused_by_the_rules() {
    let mut p = Pair::duplex();
    p.request(Side::A, Request::Release { user_data: None })
        .unwrap();
    p.run();
    assert!(matches!(
        p.request(
            Side::B,
            Request::ReleaseResponse {
                accept: false,
                user_data: None
            }
        ),
        Err(UsageError::UnitNotSelected { .. })
    ));
}

#[test]
fn crossing_finish_spdus_both_complete() {
    let mut p = Pair::release_collision();
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::Release { user_data: None }]
    );
    assert_eq!(
        p.take_indications(Side::B),
        [Indication::Release { user_data: None }]
    );
    p.accept_release(Side::A).unwrap();
    p.accept_release(Side::B).unwrap();
    p.run();
    assert!(p
        .take_indications(Side::A)
        .contains(&Indication::Released { user_data: None }));
    assert_eq!((p.a.state(), p.b.state()), (State::Idle, State::Idle));
}

#[test]
fn user_abort_reaches_the_peer_and_the_transport_closes() {
    let mut p = Pair::established();
    p.request(Side::B, Request::Abort { user_data: None })
        .unwrap();
    assert_eq!(p.b.state(), State::AwaitTransportClose);
    p.run();
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::UserAbort { user_data: None }]
    );
    assert_eq!((p.a.state(), p.b.state()), (State::Idle, State::Idle));
    assert!(!p.connected);
    assert!(p.take_indications(Side::B).is_empty());
}

#[test]
fn the_abort_timer_closes_the_transport_when_the_peer_does_not() {
    let mut p = Pair::established();
    p.request(Side::B, Request::Abort { user_data: None })
        .unwrap();
    let deadline = p.b.poll_timeout().expect("TIM runs");
    assert_eq!(deadline, Config::default().close_timeout_us);
    p.advance(deadline - 1);
    assert_eq!(
        p.b.state(),
        State::AwaitTransportClose,
        "a spurious timeout is a no-op"
    );
    p.advance(deadline);
    assert_eq!(p.b.state(), State::Idle);
    assert!(p.records[1].contains(&Record::TimerExpired));
}

#[test]
fn losing_the_transport_is_a_provider_abort_for_both() {
    let mut p = Pair::established();
    p.break_transport();
    for side in [Side::A, Side::B] {
        assert_eq!(
            p.take_indications(side),
            [Indication::ProviderAbort(AbortCause::TransportLost)]
        );
        assert_eq!(p.machine(side).state(), State::Idle);
        assert_eq!(p.machine(side).tokens(), TokenSet::EMPTY);
    }
}

#[test]
fn garbage_from_the_peer_ends_in_a_provider_abort_naming_the_problem() {
    let mut p = Pair::established();
    p.inject(Side::B, Bytes::from_static(&[0x0a, 0x05, 0xc1]));
    let ind = p.take_indications(Side::B);
    let [Indication::ProviderAbort(AbortCause::ProtocolError(rule))] = &ind[..] else {
        panic!("a provider abort, got {ind:?}")
    };
    // DN's LI (offset 1) announces 5 octets where 1 is left (X.225 8.2).
    assert!(
        matches!(
            rule,
            PeerError::Decode(DecodeError {
                offset: 1,
                kind: DecodeErrorKind::Truncated { .. }
            })
        ),
        "{rule:?}"
    );
    assert_eq!(rule.offset(), Some(1));
    assert!(rule.to_string().starts_with("at offset "), "{rule}");
    assert_eq!(p.wire_log().last().unwrap(), "B:AB");
    let ab = &p.wire.last().unwrap().tsdu;
    // AB with Transport Disconnect "released | protocol error" and the octets reflected.
    assert_eq!(&ab[..5], &[0x19, 0x08, 0x11, 0x01, 0x05]);
}

#[test]
fn an_spdu_out_of_place_ends_in_a_provider_abort() {
    let mut p = Pair::established();
    // DN in data transfer: no FN was sent.
    p.inject(Side::A, Bytes::from_static(&[0x0a, 0x00]));
    let not_allowed = PeerError::NotAllowed {
        spdu: Incoming::Spdu(SpduKind::DN),
        state: State::DataTransfer,
    };
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::ProviderAbort(AbortCause::ProtocolError(
            not_allowed.clone()
        ))]
    );
    // The table's rule: DN answers our FN (STA03), or crosses it (STA09, a collision).
    assert_eq!(
        not_allowed.to_string(),
        "DN is not allowed in state STA713 data transfer (X.225 7.7, Annex A: only in STA03, \
         STA09 in a release collision)"
    );
}

/// AA in STA16 (X.225 8.3.8, A.4.7): the peer accepted our AB, so the AB's sender closes the
/// transport at once instead of waiting for the timer TIM. (This machine's own AB always
/// asks to release the transport; a peer may still answer it with AA.)
#[test]
fn an_aa_after_our_ab_closes_the_transport_at_once() {
    let mut p = Pair::established();
    p.request(Side::A, Request::Abort { user_data: None })
        .unwrap();
    assert_eq!(p.a.state(), State::AwaitTransportClose);
    assert!(
        p.connected && p.in_flight(Side::B) == 1,
        "AB still in flight"
    );
    // AA: SI 26, LI 0.
    p.inject(Side::A, Bytes::from_static(&[0x1a, 0x00]));
    assert_eq!(p.a.state(), State::Idle);
    assert_eq!(p.a.poll_timeout(), None, "TIM stopped");
    assert!(!p.connected, "A closed the transport itself");
    assert!(
        p.take_indications(Side::A).is_empty(),
        "no S-U-ABORT confirm"
    );
    // The AB still reached B before the close (TCP's FIN comes after the data).
    assert_eq!(
        p.take_indications(Side::B),
        [Indication::UserAbort { user_data: None }]
    );
}

/// In STA16 the session is over on this side: a TSDU the peer sent meanwhile is dropped
/// unread, and the trace says why (X.225 A.4.7). That holds for one longer than the negotiated
/// TSDU maximum too: the size is a rule of the connected session (8.3.1, PI 21), not a
/// protocol error to answer with a second AB.
#[test]
fn data_arriving_while_the_transport_closes_is_dropped_and_the_trace_says_why() {
    let small = Config {
        tsdu_max: 64,
        ..Config::default()
    };
    let mut p = Pair::connected(small.clone(), small);
    p.request(Side::A, Request::Abort { user_data: None })
        .unwrap();
    let sent = p.wire.len();
    // GT, then DT (SI 1, LI 0) with the user information "hi"; then the same with 100
    // octets, 104 in all.
    let mut long = vec![0x01, 0x00, 0x01, 0x00];
    long.extend_from_slice(&[b'x'; 100]);
    for tsdu in [
        Bytes::from_static(&[0x01, 0x00, 0x01, 0x00, b'h', b'i']),
        long.into(),
    ] {
        p.inject(Side::A, tsdu);
        assert_eq!(
            p.records[0].last(),
            Some(&Record::Discarded {
                spdu: "DT",
                why: "the session is over on this side; the transport is closing"
            })
        );
        assert_eq!(p.a.state(), State::AwaitTransportClose);
        assert!(p.take_indications(Side::A).is_empty());
        assert!(p.protocol_errors.is_empty());
        assert_eq!(p.wire.len(), sent, "nothing sent in answer");
    }
}
