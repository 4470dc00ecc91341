//! Synchronization (X.225 7.11 to 7.14): minor points confirmed up to a serial number, major
//! points that block the sender, a wrong serial number ending the session, and resynchronize
//! purging data in transit.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::{
    ResyncType, SerialNumber, TokenPosition, TokenSet, TokenSetting,
};
use osi_session::protocol::machine::{
    AbortCause, Indication, PeerError, Record, Request, State, SyncError, UsageError,
};
use osi_session::protocol::pair::{Pair, Side};

fn sn(n: u32) -> SerialNumber {
    SerialNumber::new(n).unwrap()
}

fn dt(p: &mut Pair, s: &'static str) {
    p.request(Side::A, Request::Data(Bytes::from_static(s.as_bytes())))
        .unwrap();
}

#[test]
fn minor_points_are_numbered_from_the_initial_serial_and_confirmed_cumulatively() {
    let mut p = Pair::half_duplex();
    for _ in 0..3 {
        dt(&mut p, "chunk");
        p.request(Side::A, Request::MinorSync { confirm: true })
            .unwrap();
    }
    p.run();
    let serials: Vec<u32> = p
        .take_indications(Side::B)
        .into_iter()
        .filter_map(|i| match i {
            Indication::MinorSync {
                serial,
                confirm_required: true,
            } => Some(serial.get()),
            _ => None,
        })
        .collect();
    assert_eq!(serials, [1, 2, 3]);
    // B confirms 2: A knows 1 and 2 are safe; 3 is not.
    p.request(Side::B, Request::MinorSyncConfirm(sn(2)))
        .unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::MinorSyncConfirmed(sn(2))]
    );
    assert_eq!(p.a.serials().last_confirmed(), Some(sn(2)));
    assert_eq!((p.a.serials().va, p.a.serials().vm), (3, 4));
    // The sender cannot confirm its own points, and B cannot confirm one never sent.
    assert!(p
        .request(Side::A, Request::MinorSyncConfirm(sn(3)))
        .is_err());
    assert!(matches!(
        p.request(Side::B, Request::MinorSyncConfirm(sn(9))),
        Err(UsageError::Sync(_))
    ));
}

#[test]
fn minor_sync_needs_its_token() {
    let mut p = Pair::half_duplex();
    assert_eq!(
        p.request(Side::B, Request::MinorSync { confirm: true }),
        Err(UsageError::TokenNotHeld {
            request: "S-SYNC-MINOR request",
            tokens: TokenSet::MINOR_SYNC | TokenSet::DATA
        })
    );
}

#[test]
fn a_major_sync_blocks_the_sender_until_confirmed() {
    let mut p = Pair::half_duplex();
    dt(&mut p, "unit 1");
    p.request(Side::A, Request::MajorSync).unwrap();
    assert_eq!(p.a.state(), State::AwaitMajorAck);
    let blocked = p.request(Side::A, Request::Data(Bytes::from_static(b"x")));
    assert!(matches!(
        blocked,
        Err(UsageError::WrongState {
            state: State::AwaitMajorAck,
            ..
        })
    ));
    assert!(
        p.request(Side::A, Request::Release { user_data: None })
            .is_err(),
        "no FN while a major sync is outstanding"
    );
    p.run();
    assert_eq!(p.b.state(), State::AwaitMajorResponse);
    p.request(Side::B, Request::MajorSyncConfirm).unwrap();
    p.run();
    assert_eq!(p.a.state(), State::DataTransfer);
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::MajorSyncConfirmed(sn(1))]
    );
    let s = p.a.serials();
    assert_eq!((s.va, s.vm, s.vr), (2, 2, 2));
    assert_eq!(p.a.serials(), p.b.serials());
    dt(&mut p, "unit 2");
}

#[test]
fn a_sync_point_with_the_wrong_serial_number_ends_in_a_provider_abort() {
    let mut p = Pair::half_duplex();
    p.request(Side::B, Request::PleaseTokens(TokenSet::DATA))
        .unwrap();
    // A MIP claiming serial 7 when V(M) is 1: GT + MIP(7).
    p.inject(
        Side::B,
        Bytes::from_static(&[0x01, 0x00, 0x31, 0x03, 0x2a, 0x01, b'7']),
    );
    let ind = p.take_indications(Side::B);
    let [Indication::ProviderAbort(cause)] = &ind[..] else {
        panic!("a provider abort, got {ind:?}")
    };
    let wrong_serial = PeerError::Serial {
        spdu: "MIP",
        error: SyncError::WrongSerial {
            expected: 1,
            got: 7,
        },
    };
    assert_eq!(cause, &AbortCause::ProtocolError(wrong_serial));
    assert_eq!(
        cause.to_string(),
        "protocol error: MIP: a sync point must carry V(M) = 1, this one carries 7"
    );
    assert_eq!(p.b.state(), State::Idle);
}

#[test]
fn resynchronize_restart_purges_data_in_transit_and_returns_to_the_point() {
    let mut p = Pair::half_duplex();
    p.request(Side::A, Request::MinorSync { confirm: true })
        .unwrap();
    p.request(Side::A, Request::MinorSync { confirm: true })
        .unwrap();
    p.run();
    p.take_indications(Side::B);
    // A gives B the data token; B sends data, and A resynchronizes before it arrives.
    p.request(Side::A, Request::GiveTokens(TokenSet::DATA))
        .unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::B),
        [Indication::TokensGiven(TokenSet::DATA)]
    );
    p.request(Side::B, Request::Data(Bytes::from_static(b"in transit")))
        .unwrap();
    p.request(
        Side::A,
        Request::Resynchronize {
            kind: ResyncType::Restart,
            serial: Some(sn(1)),
            tokens: None,
        },
    )
    .unwrap();
    assert_eq!(p.a.state(), State::AwaitResyncAck);
    p.run();
    assert!(p.records[0]
        .iter()
        .any(|r| matches!(r, Record::Discarded { spdu: "DT", .. })));
    assert!(p
        .take_indications(Side::A)
        .iter()
        .all(|i| !matches!(i, Indication::Data(_))));
    assert_eq!(
        p.take_indications(Side::B),
        [Indication::Resynchronize {
            kind: ResyncType::Restart,
            serial: sn(1),
            // Where the tokens were when A sent RS: only the data token was B's.
            tokens: TokenSetting {
                data: TokenPosition::Responder,
                minor_sync: TokenPosition::Initiator,
                major_activity: TokenPosition::Initiator,
                release: TokenPosition::Initiator,
            }
        }]
    );
    p.request(Side::B, Request::ResynchronizeConfirm { tokens: None })
        .unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::ResynchronizeConfirmed(sn(1))]
    );
    assert_eq!((p.a.serials().vm, p.b.serials().vm), (1, 1));
    assert_eq!(
        (p.a.state(), p.b.state()),
        (State::DataTransfer, State::DataTransfer)
    );
    // The token setting of RS put the data token back where it was when RS was sent: B.
    assert!(p.b.tokens().contains(TokenSet::DATA));
}

#[test]
fn a_restart_before_vr_is_refused() {
    let mut p = Pair::half_duplex();
    p.request(Side::A, Request::MajorSync).unwrap();
    p.run();
    p.request(Side::B, Request::MajorSyncConfirm).unwrap();
    p.run();
    let err = p
        .request(
            Side::A,
            Request::Resynchronize {
                kind: ResyncType::Restart,
                serial: Some(sn(1)),
                tokens: None,
            },
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "a restart must go to V(R) = 2 <= sn <= V(M) = 2, not 1"
    );
}

#[test]
fn crossing_resynchronize_requests_resolve_to_the_initiators() {
    let mut p = Pair::half_duplex();
    let rs = |n| Request::Resynchronize {
        kind: ResyncType::Set,
        serial: Some(sn(n)),
        tokens: None,
    };
    p.request(Side::A, rs(10)).unwrap();
    p.request(Side::B, rs(20)).unwrap();
    p.run();
    p.request(Side::B, Request::ResynchronizeConfirm { tokens: None })
        .unwrap();
    p.run();
    assert_eq!((p.a.serials().vm, p.b.serials().vm), (10, 10));
    assert_eq!(
        (p.a.state(), p.b.state()),
        (State::DataTransfer, State::DataTransfer)
    );
}

/// A MIP needs the minor synchronize and data tokens on the sender's side (X.225 7.11); a
/// receiver holding another token (here the release token) takes it as usual.
#[test]
fn a_mip_reaches_a_side_holding_only_the_release_token() {
    let mut p = Pair::half_duplex();
    p.request(Side::A, Request::GiveTokens(TokenSet::RELEASE))
        .unwrap();
    p.run();
    assert_eq!(p.b.tokens(), TokenSet::RELEASE);
    p.request(Side::A, Request::MinorSync { confirm: true })
        .unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::B),
        [
            Indication::TokensGiven(TokenSet::RELEASE),
            Indication::MinorSync {
                serial: sn(1),
                confirm_required: true
            }
        ]
    );
    assert_eq!(p.b.state(), State::DataTransfer);
}

/// GT, then MAP with serial number 1 (SI 41; PI 42 "1"): a major sync point as a peer sends
/// it (X.225 8.3.20; without activity management no Sync Type Item is needed).
const MAP_1: &[u8] = &[0x01, 0x00, 0x29, 0x03, 0x2a, 0x01, b'1'];

/// A MAP's sender holds the major/activity, minor synchronize and data tokens (X.225 7.12):
/// a MAP received by a side holding the minor token is a protocol error; one received by a
/// side holding only the release token, which a major sync point does not need, is taken.
#[test]
fn a_map_is_checked_against_the_tokens_it_needs_and_no_others() {
    let mut p = Pair::half_duplex();
    p.request(Side::A, Request::GiveTokens(TokenSet::MINOR_SYNC))
        .unwrap();
    p.run();
    p.inject(Side::B, Bytes::from_static(MAP_1));
    assert_eq!(
        p.take_protocol_error(Side::B),
        Some(osi_session::protocol::machine::PeerRule::MapWithoutTokens.into())
    );

    let mut p = Pair::half_duplex();
    p.request(Side::A, Request::GiveTokens(TokenSet::RELEASE))
        .unwrap();
    p.run();
    p.take_indications(Side::B);
    p.inject(Side::B, Bytes::from_static(MAP_1));
    assert_eq!(p.take_indications(Side::B), [Indication::MajorSync(sn(1))]);
    assert_eq!(p.b.state(), State::AwaitMajorResponse);
}

/// A side that gave away only the release token still sends a major sync point: MAP needs
/// the major/activity, minor synchronize and data tokens (X.225 7.12), as the receiver checks.
/// Found by cargo mutants: the request had asked for every token, the release token too.
#[test]
fn a_side_without_the_release_token_sends_a_major_sync_point() {
    let mut p = Pair::half_duplex();
    p.request(Side::A, Request::GiveTokens(TokenSet::RELEASE))
        .unwrap();
    p.run();
    p.take_indications(Side::B);
    p.request(Side::A, Request::MajorSync).unwrap();
    p.run();
    assert_eq!(p.take_indications(Side::B), [Indication::MajorSync(sn(1))]);
    assert_eq!(p.a.state(), State::AwaitMajorAck);
}

/// After our RS (STA05A) what the peer sent before it saw the RS is purged until the RA, and
/// the trace says why (X.225 7.14).
#[test]
fn data_purged_after_our_resynchronize_is_recorded_with_the_reason() {
    let mut p = Pair::half_duplex();
    let abandon = Request::Resynchronize {
        kind: ResyncType::Abandon,
        serial: None,
        tokens: None,
    };
    p.request(Side::A, abandon).unwrap();
    assert_eq!(p.a.state(), State::AwaitResyncAck);
    // GT, then DT (SI 1, LI 0) with the user information "hi".
    p.inject(
        Side::A,
        Bytes::from_static(&[0x01, 0x00, 0x01, 0x00, b'h', b'i']),
    );
    assert_eq!(
        p.records[0].last(),
        Some(&Record::Discarded {
            spdu: "DT",
            why: "purged: it was sent before the peer saw our resynchronize, interrupt or discard"
        })
    );
    assert_eq!(p.a.state(), State::AwaitResyncAck);
    assert!(p.take_indications(Side::A).is_empty());
}

/// A request refused by the table names the states its row accepts (X.225 Annex A): S-
/// RESYNCHRONIZE in STA03, after our FN, is allowed only in STA713 and the states of a major
/// sync point or activity end.
#[test]
fn a_resynchronize_while_releasing_is_refused_naming_the_states_that_take_it() {
    let mut p = Pair::half_duplex();
    p.request(Side::A, Request::Release { user_data: None })
        .unwrap();
    let err = p
        .request(
            Side::A,
            Request::Resynchronize {
                kind: ResyncType::Abandon,
                serial: None,
                tokens: None,
            },
        )
        .unwrap_err();
    assert_eq!(
        err.to_string(),
        "S-RESYNCHRONIZE request is not allowed in state STA03 wait for the DN SPDU \
         (X.225 7.14, Annex A: only in STA713, STA04A, STA10A, STA04B, STA10B)"
    );
    assert_eq!(p.a.state(), State::AwaitDisconnect);
}
