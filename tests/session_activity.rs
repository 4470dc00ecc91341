//! Activity management (X.225 7.16 to 7.20), and the resume of an activity on a new session
//! connection after the transport is lost: from the last confirmed sync point, not from 0.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::{ActivityReason, SerialNumber};
use osi_session::protocol::machine::{Config, Indication, Request, State, UsageError};
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
