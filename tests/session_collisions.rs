//! SPDUs crossing in flight (found by review against X.225 7.14.3, 7.18, A.4.3 and ISODE's
//! SPM): each exchange between two conforming machines must end well, whatever crosses.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::{ActivityReason, ResyncType, SerialNumber, TokenSet};
use osi_session::protocol::machine::{AbortCause, ConnectionRef, Indication, Request, State};
use osi_session::protocol::pair::{Pair, Side};

/// S-RESYNCHRONIZE request of `kind`, with no token setting of its own.
fn rs(kind: ResyncType, serial: Option<SerialNumber>) -> Request {
    Request::Resynchronize {
        kind,
        serial,
        tokens: None,
    }
}

fn no_protocol_error(ind: &[Indication]) -> bool {
    !ind.iter()
        .any(|i| matches!(i, Indication::ProviderAbort(AbortCause::ProtocolError(_))))
}

/// After crossing RSs, `answering` confirms the one it took: both sides are back in data
/// transfer and neither found a protocol error (X.225 7.14).
fn confirm_crossing(p: &mut Pair, answering: Side, case: &str) {
    p.request(answering, Request::ResynchronizeConfirm { tokens: None })
        .unwrap();
    p.run();
    assert_eq!(
        (p.a.state(), p.b.state()),
        (State::DataTransfer, State::DataTransfer),
        "{case}"
    );
    assert!(no_protocol_error(&p.take_indications(Side::A)), "{case}");
    assert!(no_protocol_error(&p.take_indications(Side::B)), "{case}");
}

/// Three minor sync points from A (serial numbers 1 to 3), then `a` from A and `b` from B
/// requested at once: two RS that cross (X.225 7.14, A.4.6).
fn crossing(a: &Request, b: &Request) -> Pair {
    let mut p = Pair::half_duplex();
    for _ in 0..3 {
        p.request(Side::A, Request::MinorSync { confirm: false })
            .unwrap();
    }
    p.run();
    p.request(Side::A, a.clone()).unwrap();
    p.request(Side::B, b.clone()).unwrap();
    p.run();
    p
}

#[test]
fn interrupt_or_discard_crossing_a_resynchronize_wins() {
    for discard in [false, true] {
        let mut p = Pair::in_activity();
        let req = if discard {
            Request::ActivityDiscard(ActivityReason::NONE)
        } else {
            Request::ActivityInterrupt(ActivityReason::NONE)
        };
        p.request(Side::A, req).unwrap();
        p.request(Side::B, rs(ResyncType::Abandon, None)).unwrap();
        p.run();
        let confirm = if discard {
            Request::ActivityDiscardConfirm
        } else {
            Request::ActivityInterruptConfirm
        };
        p.request(Side::B, confirm).unwrap();
        p.run();
        assert_eq!(
            (p.a.state(), p.b.state()),
            (State::DataTransfer, State::DataTransfer)
        );
        assert!(no_protocol_error(&p.take_indications(Side::A)));
        assert!(no_protocol_error(&p.take_indications(Side::B)));
    }
}

#[test]
fn a_release_collision_ends_whichever_user_answers_first() {
    let mut p = Pair::release_collision();
    // A answers and its DN reaches B before B's user answers.
    p.accept_release(Side::A).unwrap();
    p.run();
    assert_eq!(p.b.state(), State::AwaitReleaseResponse);
    p.accept_release(Side::B).unwrap();
    p.run();
    assert_eq!((p.a.state(), p.b.state()), (State::Idle, State::Idle));
    assert!(p
        .take_indications(Side::A)
        .contains(&Indication::Released { user_data: None }));
    assert!(p
        .take_indications(Side::B)
        .contains(&Indication::Released { user_data: None }));
}

#[test]
fn after_an_activity_resume_a_restart_may_go_back_to_one() {
    let mut p = Pair::established();
    let sn = |n| SerialNumber::new(n).unwrap();
    p.request(
        Side::A,
        Request::ActivityResume {
            old_connection: ConnectionRef::default(),
            old_id: Bytes::from_static(b"x"),
            serial: sn(5),
            id: Bytes::from_static(b"y"),
        },
    )
    .unwrap();
    p.run();
    assert_eq!((p.a.serials().vm, p.a.serials().vr), (6, 1));
    p.request(
        Side::A,
        Request::Resynchronize {
            kind: ResyncType::Restart,
            serial: Some(sn(3)),
            tokens: None,
        },
    )
    .unwrap();
    p.run();
    assert!(no_protocol_error(&p.take_indications(Side::B)));
}

#[test]
fn an_interrupt_gives_every_token_to_the_side_that_interrupted() {
    let mut p = Pair::in_activity();
    p.request(Side::A, Request::GiveTokens(TokenSet::DATA))
        .unwrap();
    p.run();
    p.request(Side::A, Request::ActivityInterrupt(ActivityReason::NONE))
        .unwrap();
    p.run();
    p.request(Side::B, Request::ActivityInterruptConfirm)
        .unwrap();
    p.run();
    assert_eq!(p.a.tokens(), p.a.available_tokens());
    assert_eq!(p.b.tokens(), TokenSet::EMPTY);
    p.request(Side::A, Request::Release { user_data: None })
        .unwrap();
}

#[test]
fn a_restart_crossing_the_major_confirmation_is_answered() {
    let mut p = Pair::half_duplex();
    p.request(Side::A, Request::MajorSync).unwrap();
    p.run();
    // B confirms (V(R) becomes 2 at B) while A, not having seen it, restarts to V(R) = 0.
    p.request(Side::B, Request::MajorSyncConfirm).unwrap();
    p.request(
        Side::A,
        Request::Resynchronize {
            kind: ResyncType::Restart,
            serial: None,
            tokens: None,
        },
    )
    .unwrap();
    p.run();
    assert!(no_protocol_error(&p.take_indications(Side::B)));
    p.request(Side::B, Request::ResynchronizeConfirm { tokens: None })
        .unwrap();
    p.run();
    assert_eq!(
        (p.a.state(), p.b.state()),
        (State::DataTransfer, State::DataTransfer)
    );
    assert_eq!(p.a.serials().vm, p.b.serials().vm);
}

#[test]
fn crossing_resynchronizes_follow_the_precedence_of_x225() {
    let sn = |n| Some(SerialNumber::new(n).unwrap());
    // (A's RS, B's RS, who answers): abandon beats set beats restart; between restarts the
    // lower serial number; otherwise the initiator (A).
    let cases = [
        (
            rs(ResyncType::Restart, sn(1)),
            rs(ResyncType::Abandon, None),
            Side::A,
        ),
        (
            rs(ResyncType::Set, sn(7)),
            rs(ResyncType::Restart, sn(1)),
            Side::B,
        ),
        (
            rs(ResyncType::Restart, sn(2)),
            rs(ResyncType::Restart, sn(1)),
            Side::A,
        ),
        (
            rs(ResyncType::Set, sn(5)),
            rs(ResyncType::Set, sn(9)),
            Side::B,
        ),
    ];
    for (a, b, answering) in cases {
        let mut p = crossing(&a, &b);
        assert_eq!(
            p.machine(answering).state(),
            State::AwaitResyncResponse,
            "{a:?} vs {b:?}"
        );
        confirm_crossing(&mut p, answering, &format!("{a:?} vs {b:?}"));
        assert_eq!(p.a.serials().vm, p.b.serials().vm);
    }
}

/// With activity management, an RS crossing the peer's AS named a point before the V(R) the
/// AS set (found by the conformance oracle): resynchronize needs an activity in progress
/// then, as ISODE's SPM requires (X.225 7.14, 7.16).
#[test]
fn resynchronize_outside_an_activity_is_refused_with_activity_management() {
    let mut p = Pair::established();
    let restart = Request::Resynchronize {
        kind: ResyncType::Restart,
        serial: None,
        tokens: None,
    };
    let err = p.request(Side::B, restart.clone()).unwrap_err();
    assert!(
        err.to_string().contains("needs an activity in progress"),
        "{err}"
    );
    p.request(Side::A, Request::ActivityStart { id: "a".into() })
        .unwrap();
    p.run();
    p.request(Side::B, restart).unwrap();
    p.run();
    assert!(no_protocol_error(&p.take_indications(Side::A)));
}

/// An RS crossing an FN (found by the conformance oracle): the RS's sender purges the FN
/// while it waits for RA (X.225 7.14), so the FN's sender answers the RS and the release is
/// dropped on both sides; neither accuses the other.
#[test]
fn a_resynchronize_crossing_a_release_drops_the_release() {
    let mut p = Pair::half_duplex();
    p.request(Side::A, Request::Release { user_data: None })
        .unwrap();
    p.request(Side::B, rs(ResyncType::Abandon, None)).unwrap();
    p.run();
    assert_eq!(p.a.state(), State::AwaitResyncResponse);
    p.request(Side::A, Request::ResynchronizeConfirm { tokens: None })
        .unwrap();
    p.run();
    assert!(no_protocol_error(&p.take_indications(Side::A)));
    assert!(no_protocol_error(&p.take_indications(Side::B)));
    assert_eq!(
        (p.a.state(), p.b.state()),
        (State::DataTransfer, State::DataTransfer)
    );
}

/// Between two crossing RSs of the same kind the initiator's is answered (X.225 7.14.3), and
/// the serial numbers decide only between two restarts to different points: a set to a higher
/// point than the peer's, or a restart to the same point, still wins on the initiator's side.
#[test]
fn crossing_resynchronizes_of_one_kind_go_to_the_initiator_unless_restarts_differ() {
    let sn = |n| Some(SerialNumber::new(n).unwrap());
    let cases = [
        (rs(ResyncType::Set, sn(9)), rs(ResyncType::Set, sn(5))),
        (
            rs(ResyncType::Restart, sn(2)),
            rs(ResyncType::Restart, sn(2)),
        ),
        (rs(ResyncType::Abandon, None), rs(ResyncType::Abandon, None)),
    ];
    for (a, b) in cases {
        let mut p = crossing(&a, &b);
        assert_eq!(
            (p.a.state(), p.b.state()),
            (State::AwaitResyncAck, State::AwaitResyncResponse),
            "{a:?} vs {b:?}: B answers A's RS"
        );
        confirm_crossing(&mut p, Side::B, &format!("{a:?} vs {b:?}"));
        assert_eq!(p.wire_log().last().unwrap(), "B:RA");
    }
}
