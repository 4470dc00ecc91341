//! Activity management (X.225 7.16 to 7.20), and the resume of an activity on a new session
//! connection after the transport is lost: from the last confirmed sync point, not from 0.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::{ActivityReason, SerialNumber, TokenSet};
use osi_session::protocol::machine::{Config, Indication, PeerError, Request, State, UsageError};
use osi_session::protocol::pair::{Pair, Side};

fn sn(n: u32) -> SerialNumber {
    SerialNumber::new(n).unwrap()
}

fn start(p: &mut Pair, id: &'static [u8]) {
    p.request(
        Side::A,
        Request::ActivityStart {
            id: Bytes::from_static(id),
        },
    )
    .unwrap();
}

fn chunk(p: &mut Pair, i: u8) {
    p.request(Side::A, Request::Data(Bytes::from(vec![i; 8])))
        .unwrap();
    p.request(Side::A, Request::MinorSync { confirm: true })
        .unwrap();
}

#[test]
fn data_needs_an_activity_when_activity_management_is_selected() {
    let mut p = Pair::established();
    let err = p
        .request(Side::A, Request::Data(Bytes::from_static(b"x")))
        .unwrap_err();
    assert!(matches!(err, UsageError::Activity { .. }), "{err}");
    start(&mut p, b"file1");
    p.request(Side::A, Request::Data(Bytes::from_static(b"x")))
        .unwrap();
    assert!(
        p.request(Side::A, Request::Release { user_data: None })
            .is_err(),
        "no release inside an activity"
    );
}

#[test]
fn activity_end_is_a_major_sync_that_closes_the_activity() {
    let mut p = Pair::in_activity();
    chunk(&mut p, 1);
    p.request(Side::A, Request::ActivityEnd).unwrap();
    assert_eq!(p.a.state(), State::AwaitActivityEndAck);
    p.run();
    assert_eq!(p.b.state(), State::AwaitActivityEndResponse);
    p.request(Side::B, Request::ActivityEndConfirm).unwrap();
    p.run();
    assert_eq!(
        p.wire_log()[2..],
        ["A:AS", "A:DT", "A:MIP", "A:AE", "B:AEA"]
    );
    assert!(p
        .take_indications(Side::A)
        .contains(&Indication::ActivityEndConfirmed(sn(2))));
    assert_eq!((p.a.activity(), p.b.activity()), (None, None));
    p.request(Side::A, Request::Release { user_data: None })
        .unwrap();
}

#[test]
fn interrupt_and_discard_purge_and_end_the_activity() {
    let mut p = Pair::in_activity();
    p.request(
        Side::A,
        Request::ActivityInterrupt(ActivityReason::UNABLE_TO_CONTINUE),
    )
    .unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::B),
        [Indication::ActivityInterrupted(
            ActivityReason::UNABLE_TO_CONTINUE
        )]
    );
    p.request(Side::B, Request::ActivityInterruptConfirm)
        .unwrap();
    p.run();
    assert_eq!(
        p.take_indications(Side::A),
        [Indication::ActivityInterruptConfirmed]
    );
    start(&mut p, b"a2");
    p.request(
        Side::A,
        Request::ActivityDiscard(ActivityReason::LOCAL_USER_ERROR),
    )
    .unwrap();
    p.run();
    p.request(Side::B, Request::ActivityDiscardConfirm).unwrap();
    p.run();
    assert_eq!(
        p.wire_log()[2..],
        ["A:AS", "A:AI", "B:AIA", "A:AS", "A:AD", "B:ADA"]
    );
    assert_eq!((p.a.activity(), p.b.activity()), (None, None));
}

#[test]
fn an_activity_resumes_on_a_new_connection_from_the_last_confirmed_point() {
    // First connection: AS, then five chunks each with a minor sync point; B confirms up to 3.
    let mut first = Pair::established();
    let old_connection = first.a.negotiated().unwrap().connection.clone();
    start(&mut first, b"file1");
    for i in 1..=5 {
        chunk(&mut first, i);
    }
    first.run();
    first
        .request(Side::B, Request::MinorSyncConfirm(sn(3)))
        .unwrap();
    first.run();
    assert_eq!(first.a.serials().last_confirmed(), Some(sn(3)));
    // The transport breaks with points 4 and 5 unconfirmed.
    first.break_transport();
    assert_eq!(first.a.state(), State::Idle);

    // Second connection: a new session, then AR from point 3.
    let mut second =
        Pair::connected_with_refs(Config::default(), Config::default(), [0xc; 16], [0xd; 16]);
    assert_ne!(second.a.negotiated().unwrap().connection, old_connection);
    second
        .request(
            Side::A,
            Request::ActivityResume {
                old_connection: old_connection.clone(),
                old_id: Bytes::from_static(b"file1"),
                serial: sn(3),
                id: Bytes::from_static(b"file1"),
            },
        )
        .unwrap();
    second.run();
    assert_eq!(
        second.take_indications(Side::B),
        [Indication::ActivityResumed {
            old_connection,
            old_id: Bytes::from_static(b"file1"),
            serial: sn(3),
            id: Bytes::from_static(b"file1"),
        }]
    );
    // Numbering continues after the checkpoint: the next point is 4 on both sides.
    assert_eq!((second.a.serials().vm, second.b.serials().vm), (4, 4));
    chunk(&mut second, 4);
    second.run();
    assert!(second
        .take_indications(Side::B)
        .contains(&Indication::MinorSync {
            serial: sn(4),
            confirm_required: true
        }));
    assert_eq!(second.wire_log()[2..], ["A:AR", "A:DT", "A:MIP"]);
}

#[test]
fn activity_requests_need_the_major_activity_token() {
    let mut p = Pair::established();
    assert!(matches!(
        p.request(
            Side::B,
            Request::ActivityStart {
                id: Bytes::from_static(b"b")
            }
        ),
        Err(UsageError::TokenNotHeld { .. })
    ));
}

// Received activity SPDUs, as the peer sends them: an empty GT, then the SPDU (X.225 6.3.7).
/// AS (SI 45) with Activity Identifier "act" (PI 41).
const AS: &[u8] = &[0x01, 0x00, 0x2d, 0x05, 0x29, 0x03, b'a', b'c', b't'];
/// AR (SI 29): Linking Information (PGI 33) with Common Reference "cr" (PI 11), old activity
/// "a1" (PI 41) and serial number 10 (PI 42); then the new activity "a2" (PI 41).
const AR: &[u8] = &[
    0x01, 0x00, 0x1d, 0x12, 0x21, 0x0c, 0x0b, 0x02, 0x63, 0x72, 0x29, 0x02, 0x61, 0x31, 0x2a, 0x02,
    0x31, 0x30, 0x29, 0x02, 0x61, 0x32,
];
/// AI (SI 25) with reason 0 (PI 50).
const AI: &[u8] = &[0x01, 0x00, 0x19, 0x03, 0x32, 0x01, 0x00];
/// AD (SI 57) with reason 0x80 (PI 50).
const AD: &[u8] = &[0x01, 0x00, 0x39, 0x03, 0x32, 0x01, 0x80];

/// Injects `tsdu` to `side` and returns the rule of the provider abort it caused.
fn refused(p: &mut Pair, side: Side, tsdu: &[u8]) -> PeerError {
    p.inject(side, Bytes::copy_from_slice(tsdu));
    let rule = p.take_protocol_error(side).expect("a protocol error");
    assert!(
        p.wire_log().contains(&format!("{side:?}:AB")),
        "answered with AB"
    );
    rule
}

/// AI and AD halt an activity, so outside one each is a protocol error naming the SPDU and
/// its clause (X.225 7.18, 7.19).
#[test]
fn ai_or_ad_outside_an_activity_is_a_protocol_error() {
    for (tsdu, spdu, clause) in [(AI, "AI", "7.18"), (AD, "AD", "7.19")] {
        let mut p = Pair::established();
        assert_eq!(
            refused(&mut p, Side::B, tsdu),
            PeerError::NoActivity { spdu, clause }
        );
    }
}

/// Only the holder of the major/activity token sends AS, AR, AI, AD (X.225 7.16 to 7.19): the
/// side holding it that receives one was sent it by a peer without the token.
#[test]
fn activity_spdus_from_the_side_without_the_token_are_protocol_errors() {
    for (tsdu, spdu) in [(AS, "AS"), (AR, "AR")] {
        let mut p = Pair::established();
        assert_eq!(
            refused(&mut p, Side::A, tsdu),
            PeerError::WithoutActivityToken(spdu)
        );
    }
    for (tsdu, spdu) in [(AI, "AI"), (AD, "AD")] {
        let mut p = Pair::in_activity();
        assert_eq!(
            refused(&mut p, Side::A, tsdu),
            PeerError::WithoutActivityToken(spdu)
        );
    }
}

/// Without the activity management functional unit, AS is a protocol error (X.225 7.1.1).
#[test]
fn as_without_activity_management_is_a_protocol_error() {
    let mut p = Pair::half_duplex();
    assert_eq!(
        refused(&mut p, Side::B, AS),
        PeerError::UnitNotSelected {
            spdu: "AS",
            unit: "activity management"
        }
    );
}

/// AS and AR begin an activity, so inside one each is a protocol error (X.225 7.16, 7.17).
#[test]
fn as_or_ar_inside_an_activity_is_a_protocol_error() {
    for (tsdu, spdu, clause) in [(AS, "AS", "7.16"), (AR, "AR", "7.17")] {
        let mut p = Pair::in_activity();
        assert_eq!(
            refused(&mut p, Side::B, tsdu),
            PeerError::InActivity { spdu, clause }
        );
    }
}

/// S-ACTIVITY-START and -RESUME need no activity in progress; -INTERRUPT, -DISCARD and -END
/// need one (X.225 7.16 to 7.20). A refused request sends nothing.
#[test]
fn activity_requests_are_refused_inside_or_outside_an_activity() {
    let mut p = Pair::in_activity();
    let sent = p.wire.len();
    let err = p
        .request(
            Side::A,
            Request::ActivityStart {
                id: Bytes::from_static(b"a2"),
            },
        )
        .unwrap_err();
    assert_eq!(
        err,
        UsageError::Activity {
            request: "S-ACTIVITY-START request",
            rule: "an activity is already in progress (X.225 7.16)",
        }
    );
    assert_eq!(p.a.activity().map(|id| &id[..]), Some(&b"a1"[..]));
    assert_eq!(p.wire.len(), sent);

    let mut p = Pair::established();
    for request in [
        Request::ActivityInterrupt(ActivityReason::UNABLE_TO_CONTINUE),
        Request::ActivityDiscard(ActivityReason::LOCAL_USER_ERROR),
        Request::ActivityEnd,
    ] {
        let err = p.request(Side::A, request).unwrap_err();
        assert!(
            matches!(
                err,
                UsageError::Activity {
                    rule: "no activity is in progress (X.225 7.16)",
                    ..
                }
            ),
            "{err}"
        );
    }
    assert_eq!(p.a.state(), State::DataTransfer);
    assert_eq!(p.wire.len(), 2, "only CN and AC");
}

/// S-ACTIVITY-END needs the data, minor synchronize and major/activity tokens (X.225 7.20):
/// with the major token alone, or without the minor one, it is refused.
#[test]
fn activity_end_needs_the_data_and_minor_tokens_too() {
    for given in [TokenSet::MINOR_SYNC, TokenSet::DATA] {
        let mut p = Pair::in_activity();
        p.request(Side::A, Request::GiveTokens(given)).unwrap();
        p.run();
        assert_eq!(p.b.tokens(), given);
        assert_eq!(
            p.request(Side::A, Request::ActivityEnd),
            Err(UsageError::TokenNotHeld {
                request: "S-ACTIVITY-END request",
                tokens: given,
            })
        );
        assert_eq!(p.a.state(), State::DataTransfer);
    }
}
