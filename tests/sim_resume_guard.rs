//! A replayed or guessed Activity Resume is refused: the file receiver accepts an AR only when
//! it names the session connection the activity last ran on and a sync point this side
//! confirmed (X.225 7.18.3: AR carries the old connection's identifier and the serial number
//! to resume from). Anything else ends the session (U-ABORT), so nobody continues someone
//! else's transfer or makes the receiver keep octets it never confirmed.
#![cfg(not(target_arch = "wasm32"))]

use bytes::Bytes;
use osi_session::protocol::codec::SerialNumber;
use osi_session::protocol::machine::{Config, ConnectionRef, Request};
use osi_session::protocol::pair::{Pair, Side};
use osi_session::sim::apps::file_transfer::FileReceiver;
use osi_session::sim::apps::{Cx, Effects};
use osi_session::sim::{Host, What};

/// Hands host B's indications to the receiver and its requests back to B's machine, until
/// nothing moves; returns the receiver's notes.
fn settle(p: &mut Pair, rx: &mut FileReceiver) -> Vec<String> {
    let mut notes = Vec::new();
    loop {
        p.run();
        let indications = p.take_indications(Side::B);
        if indications.is_empty() {
            return notes;
        }
        for ind in indications {
            let mut fx = Effects::default();
            let mut cx = Cx {
                host: Host::B,
                m: p.machine(Side::B),
                now: 0,
                fx: &mut fx,
            };
            rx.on_indication(&mut cx, [7; 16], ind);
            p.collect(Side::B);
            notes.extend(fx.trace.into_iter().filter_map(|w| match w {
                What::App { text, .. } => Some(text),
                _ => None,
            }));
        }
        p.take_indications(Side::A);
    }
}

/// A new connection to the receiver, A having asked with `calling`.
fn connect(rx: &mut FileReceiver, calling: u8) -> Pair {
    let mut p = Pair::new(Config::default(), Config::default());
    p.request(
        Side::A,
        Request::Connect {
            calling_ref: [calling; 16],
            user_data: None,
        },
    )
    .unwrap();
    settle(&mut p, rx);
    assert!(p.machine(Side::A).negotiated().is_some(), "connected");
    p
}

/// The first connection: an activity, 3 × 1,000 octets with a confirmed minor sync point
/// after each (serial numbers 1, 2, 3), then the transport breaks. Returns its identifier.
fn first_connection(rx: &mut FileReceiver) -> ConnectionRef {
    let mut p = connect(rx, 1);
    let connection = p.machine(Side::A).negotiated().unwrap().connection.clone();
    p.request(
        Side::A,
        Request::ActivityStart {
            id: Bytes::from_static(b"file"),
        },
    )
    .unwrap();
    settle(&mut p, rx);
    for _ in 0..3 {
        p.request(Side::A, Request::Data(Bytes::from(vec![42u8; 1000])))
            .unwrap();
        p.request(Side::A, Request::MinorSync { confirm: true })
            .unwrap();
        settle(&mut p, rx);
    }
    assert_eq!(rx.received(), 3000);
    p.break_transport();
    connection
}

/// AR on a new connection (A calling with `calling`), naming `old` and resuming from
/// `serial`; returns the pair and the receiver's notes.
fn resume(
    rx: &mut FileReceiver,
    old: ConnectionRef,
    serial: u32,
    calling: u8,
) -> (Pair, Vec<String>) {
    let mut p = connect(rx, calling);
    p.request(
        Side::A,
        Request::ActivityResume {
            old_connection: old,
            old_id: Bytes::from_static(b"file"),
            serial: SerialNumber::new(serial).unwrap(),
            id: Bytes::from_static(b"file"),
        },
    )
    .unwrap();
    let notes = settle(&mut p, rx);
    (p, notes)
}

/// The receiver refused the AR: it aborted, said `why`, and kept `kept` octets, no more
/// and no fewer, whatever the AR claimed.
fn refused(p: &Pair, notes: &[String], why: &str, rx: &FileReceiver, kept: u64) {
    assert!(aborted_by_b(p), "{:?}", p.wire_log());
    assert!(notes.iter().any(|n| n.contains(why)), "{notes:?}");
    assert_eq!(rx.received(), kept);
}

fn aborted_by_b(p: &Pair) -> bool {
    p.wire_log().iter().any(|s| s == "B:AB")
}

#[test]
fn a_resume_naming_the_old_connection_and_a_confirmed_point_is_accepted() {
    let mut rx = FileReceiver::default();
    let old = first_connection(&mut rx);
    let (p, notes) = resume(&mut rx, old, 2, 2);
    assert!(!aborted_by_b(&p), "{:?}", p.wire_log());
    assert_eq!(rx.received(), 2000, "kept what preceded sync point 2");
    assert!(
        notes
            .iter()
            .any(|n| n.contains("resuming from sync point 2")),
        "{notes:?}"
    );
}

#[test]
fn a_resume_naming_a_guessed_connection_is_refused() {
    let mut rx = FileReceiver::default();
    let old = first_connection(&mut rx);
    let mut guessed = old.clone();
    guessed.called = Bytes::from(vec![0x55; 16]);
    let (p, notes) = resume(&mut rx, guessed, 2, 2);
    refused(&p, &notes, "unknown session connection", &rx, 3000);
}

#[test]
fn a_resume_from_a_point_never_confirmed_is_refused() {
    let mut rx = FileReceiver::default();
    let old = first_connection(&mut rx);
    let (p, notes) = resume(&mut rx, old, 9, 2);
    refused(
        &p,
        &notes,
        "sync point 9, which this side never confirmed",
        &rx,
        3000,
    );
}

#[test]
fn an_old_resume_replayed_after_the_activity_moved_on_is_refused() {
    let mut rx = FileReceiver::default();
    let first = first_connection(&mut rx);
    // The genuine resume on connection 2 (from point 2), which confirms point 3 of its own.
    let (mut p, _) = resume(&mut rx, first.clone(), 2, 2);
    let second = p.machine(Side::A).negotiated().unwrap().connection.clone();
    p.request(Side::A, Request::Data(Bytes::from(vec![1u8; 500])))
        .unwrap();
    p.request(Side::A, Request::MinorSync { confirm: true })
        .unwrap();
    settle(&mut p, &mut rx);
    assert_eq!(rx.received(), 2500);
    p.break_transport();
    // The genuine resume on connection 3, naming connection 2, from point 3.
    let (mut p, _) = resume(&mut rx, second, 3, 3);
    assert!(!aborted_by_b(&p), "{:?}", p.wire_log());
    p.break_transport();
    // A copy of the first AR (naming connection 1), replayed on connection 4: refused, as
    // the activity has run on two connections since.
    let (p, notes) = resume(&mut rx, first, 2, 4);
    refused(&p, &notes, "unknown session connection", &rx, 2500);
}
