//! Every serial-number rule at its edges (X.225 7.11 to 7.14, A.4.2), as a request and as a
//! received SPDU: V(A) <= sn < V(M) for a minor confirmation, sn = V(M) for a received sync
//! point, sn = V(M) - 1 for a major confirmation, V(R) <= sn <= V(M) for a restart, 999 999
//! as the last serial number. A case one past each edge must fail; the edge itself must not.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::{ResyncType, SerialNumber};
use osi_session::protocol::machine::{Request, SerialState, SyncError, UsageError};
use osi_session::protocol::pair::{Pair, Side};

fn sn(n: u32) -> SerialNumber {
    SerialNumber::new(n).unwrap()
}

/// A connected pair in an activity (V(A) = V(M) = V(R) = 1) after A sent `points` minor
/// sync points, each delivered: V(M) = points + 1 on both sides.
fn after_points(points: u32) -> Pair {
    let mut p = Pair::in_activity();
    for _ in 0..points {
        p.request(Side::A, Request::MinorSync { confirm: true })
            .unwrap();
    }
    p.run();
    p.take_indications(Side::B);
    p
}

/// Injects `tsdu` at `side` and says whether it was taken without a protocol error.
fn taken(p: &mut Pair, side: Side, tsdu: Vec<u8>) -> bool {
    p.inject(side, Bytes::from(tsdu));
    p.take_protocol_error(side).is_none()
}

/// A PI 42 of the decimal digits of `n`.
fn serial_pi(n: u32) -> Vec<u8> {
    let digits = n.to_string().into_bytes();
    let mut pi = vec![0x2a, digits.len() as u8];
    pi.extend(digits);
    pi
}

/// A category 2 SPDU after an empty category 0 one: `lead` 1 (GT) or 2 (PT).
fn cat2(lead: u8, si: u8, params: Vec<u8>) -> Vec<u8> {
    let mut tsdu = vec![lead, 0x00, si, params.len() as u8];
    tsdu.extend(params);
    tsdu
}

#[test]
fn minor_confirmation_as_request_is_bounded_by_va_and_vm() {
    let mut p = after_points(3); // B: V(A) = 1, V(M) = 4
    let not_outstanding = |n| {
        Err(UsageError::Sync(SyncError::NotOutstanding {
            sn: n,
            va: 1,
            vm: 4,
        }))
    };
    assert_eq!(
        p.request(Side::B, Request::MinorSyncConfirm(sn(4))),
        not_outstanding(4)
    );
    assert_eq!(
        p.request(Side::B, Request::MinorSyncConfirm(sn(0))),
        not_outstanding(0)
    );
    assert_eq!(p.request(Side::B, Request::MinorSyncConfirm(sn(1))), Ok(()));
    assert_eq!(p.b.serials().va, 2);
    assert!(p
        .request(Side::B, Request::MinorSyncConfirm(sn(1)))
        .is_err());
    assert_eq!(p.request(Side::B, Request::MinorSyncConfirm(sn(3))), Ok(()));
    assert_eq!((p.b.serials().va, p.b.serials().vm), (4, 4));
    p.run();
    assert_eq!((p.a.serials().va, p.a.serials().vm), (4, 4));
}

#[test]
fn minor_confirmation_as_received_spdu_is_bounded_by_va_and_vm() {
    // A: V(A) = 1, V(M) = 4. An MIA for exactly V(M) confirms a point never sent.
    for (n, ok) in [(4, false), (5, false), (0, false), (1, true), (3, true)] {
        let mut p = after_points(3);
        let mia = cat2(2, 0x32, serial_pi(n));
        assert_eq!(taken(&mut p, Side::A, mia), ok, "MIA {n}");
        if ok {
            assert_eq!(p.a.serials().va, n + 1, "MIA {n} confirms up to {n}");
        }
    }
}

#[test]
fn a_received_sync_point_must_carry_exactly_vm() {
    // B: V(M) = 3.
    for (n, ok) in [(2, false), (3, true), (4, false)] {
        let mut p = after_points(2);
        let mip = cat2(1, 0x31, serial_pi(n));
        assert_eq!(taken(&mut p, Side::B, mip), ok, "MIP {n}");
        let map = cat2(1, 0x29, [vec![0x0f, 0x01, 0x01], serial_pi(n)].concat());
        let mut p = after_points(2);
        assert_eq!(taken(&mut p, Side::B, map), ok, "MAP {n}");
    }
}

#[test]
fn a_major_confirmation_must_carry_vm_minus_one() {
    // A sends MAP 3: A's V(M) = 4, and MAA must carry 3.
    for (n, ok) in [(2, false), (3, true), (4, false)] {
        let mut p = after_points(2);
        p.request(Side::A, Request::MajorSync).unwrap();
        let maa = cat2(2, 0x2a, serial_pi(n));
        assert_eq!(taken(&mut p, Side::A, maa), ok, "MAA {n}");
        if ok {
            let s = p.a.serials();
            assert_eq!((s.va, s.vm, s.vr), (4, 4, 4));
        }
    }
}

#[test]
fn a_restart_goes_to_vr_through_vm() {
    // After AS V(R) = 1; two points: V(M) = 3.
    let restart = |n| Request::Resynchronize {
        kind: ResyncType::Restart,
        serial: Some(sn(n)),
        tokens: None,
    };
    for (n, ok) in [(0, false), (1, true), (3, true), (4, false)] {
        let mut p = after_points(2);
        let result = p.request(Side::A, restart(n));
        assert_eq!(result.is_ok(), ok, "request restart {n}: {result:?}");
        let mut p = after_points(2);
        let rs = cat2(1, 0x35, [vec![0x1b, 0x01, 0x00], serial_pi(n)].concat());
        assert_eq!(taken(&mut p, Side::B, rs), ok, "received restart {n}");
    }
}

#[test]
fn serial_numbers_stop_at_999999_both_ways() {
    let mut s = SerialState::new(sn(999_998));
    assert_eq!(s.send_point(), Ok(sn(999_998)));
    assert_eq!(s.vm, 999_999);
    assert_eq!(s.send_point(), Err(SyncError::Exhausted));
    let mut r = SerialState::new(sn(999_998));
    assert_eq!(r.receive_point(sn(999_998)), Ok(()));
    assert_eq!(r.receive_point(sn(999_999)), Err(SyncError::Exhausted));
    assert_eq!(r.vm, 999_999, "a refused point changes nothing");
    let mut a = SerialState::new(sn(1));
    assert_eq!(a.resume_activity(sn(999_998)), Ok(()));
    assert_eq!((a.va, a.vm), (999_999, 999_999));
    assert_eq!(a.resume_activity(sn(999_999)), Err(SyncError::Exhausted));
}
