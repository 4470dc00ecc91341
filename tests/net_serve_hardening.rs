#![cfg(not(target_arch = "wasm32"))]
//! A listening server is an attack surface: `serve` keeps serving, and loses nothing it has
//! received, whatever a peer sends or leaves unsent; it never writes outside its output
//! directory, and a file takes its name only once its session is released.

mod net_support;

use bytes::Bytes;
use std::io::Write;
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::sync::mpsc::Receiver;
use std::time::Duration;

use net_support::{names, serve_with, server, temp_dir, wait_closed, write_file, Client, PATIENCE};
use osi_session::net::item::{self, FileItem};
use osi_session::net::send::{send_file, SendConfig};
use osi_session::net::serve::{Outcome, ServeConfig};
use osi_session::protocol::codec::{FunctionalUnits, SerialNumber};
use osi_session::protocol::machine::{Config, ConnectionRef, Indication, Request};

/// Short, so the idle tests end soon; the tests wait for the close itself, never a fixed time.
/// A transfer left silent this long would be closed as well: the one under attack sends a
/// sync point every tenth of it.
const IDLE: Duration = Duration::from_secs(2);

fn send_config(file: &Path, to: std::net::SocketAddr, name: &str) -> SendConfig {
    SendConfig {
        to: to.to_string(),
        file: file.to_path_buf(),
        name: name.into(),
        sync_every: 16 << 10,
        recovery: true,
        timeout: PATIENCE,
        credentials: None,
        pcap: None,
        attempts: 3,
    }
}

fn file_item(name: &str, size: u64) -> Option<Bytes> {
    let item = FileItem {
        name: name.into(),
        size,
    };
    Some(item::encode(&item, None).expect("item"))
}

fn ended(rx: &Receiver<Outcome>) -> String {
    match rx
        .recv_timeout(PATIENCE)
        .expect("the server reports the connection")
    {
        Outcome::Ended { why, .. } => {
            eprintln!("ended: {why}");
            why
        }
        other => panic!("expected an ended connection, got {other:?}"),
    }
}

/// The AB a sender gets when serve aborts its session: serve's reason, as it logs it, in the
/// user data (X.225 8.3.7).
fn abort_saying(why: &str) -> Indication {
    Indication::UserAbort {
        user_data: Some(Bytes::from(why.to_owned())),
    }
}

/// A sync point and its confirmation: the transfer's connection is not idle.
fn keep_alive(c: &mut Client) {
    c.request(Request::MinorSync { confirm: true });
    assert!(matches!(c.next(), Indication::MinorSyncConfirmed(_)));
}

/// Every way of attacking the server, while a transfer is half done: each is turned away,
/// the transfer then completes with its file intact, and only then takes its name.
#[test]
fn attacks_during_a_transfer_cost_it_nothing() {
    let out = temp_dir("attacks");
    let (addr, outcomes) = server(&out, IDLE, None);
    let data: Vec<u8> = (0..100_000u32).map(|i| (i * 7) as u8).collect();
    let mut c = Client::connect(addr, Config::default(), file_item("kept.bin", 100_000));
    assert!(matches!(c.next(), Indication::Accepted { .. }));
    c.request(Request::ActivityStart {
        id: Bytes::from_static(b"file"),
    });
    c.request(Request::Data(Bytes::copy_from_slice(&data[..60_000])));
    c.request(Request::MinorSync { confirm: true });
    assert!(matches!(c.next(), Indication::MinorSyncConfirmed(_)));
    assert_eq!(
        names(&out).len(),
        1,
        "a temporary file only: {:?}",
        names(&out)
    );
    assert!(names(&out)[0].starts_with(".kept.bin.") && names(&out)[0].ends_with(".part"));

    // Garbage: not a TPKT.
    let mut s = TcpStream::connect(addr).expect("connect");
    s.write_all(b"GET / HTTP/1.1\r\nHost: x\r\n\r\n")
        .expect("write");
    wait_closed(s);
    assert!(ended(&outcomes).contains("TPKT version 71"));
    silent_peers(addr, &outcomes, &mut c);
    keep_alive(&mut c);
    forged_spdus(addr, &outcomes);
    keep_alive(&mut c);
    // The transfer goes on, ends, and the file takes its name only at release.
    c.request(Request::Data(Bytes::copy_from_slice(&data[60_000..])));
    let digest: [u8; 32] = <sha2::Sha256 as sha2::Digest>::digest(&data).into();
    c.request(Request::TypedData(item::digest_item(&digest)));
    c.request(Request::ActivityEnd);
    assert!(matches!(c.next(), Indication::ActivityEndConfirmed(_)));
    assert!(!out.join("kept.bin").exists(), "renamed before the release");
    c.request(Request::Release { user_data: None });
    assert_eq!(c.next(), Indication::Released { user_data: None });
    assert_eq!(std::fs::read(out.join("kept.bin")).expect("received"), data);
    assert_eq!(names(&out), ["kept.bin"]);
    assert!(matches!(
        outcomes.recv_timeout(PATIENCE),
        Ok(Outcome::Received(_))
    ));
}

/// A TPKT of 65,535 octets with nothing behind it, a connection that sends nothing, and a
/// transport connection with no CN (half-open at the session): each waits for the idle
/// timeout, so they run at once, while the transfer `c` keeps its own connection busy with
/// sync points (it would time out too if it sat silent).
fn silent_peers(addr: SocketAddr, outcomes: &Receiver<Outcome>, c: &mut Client) {
    let silent = [
        std::thread::spawn(move || {
            let mut s = TcpStream::connect(addr).expect("connect");
            s.write_all(&[3, 0, 0xff, 0xff]).expect("write");
            wait_closed(s);
        }),
        std::thread::spawn(move || {
            wait_closed(TcpStream::connect(addr).expect("connect"));
        }),
        std::thread::spawn(move || {
            let (idle, _link) = Client::connect_transport_only(addr);
            wait_closed(idle);
        }),
    ];
    while !silent.iter().all(|t| t.is_finished()) {
        keep_alive(c);
        std::thread::sleep(IDLE / 20);
    }
    let mut whys: Vec<String> = (0..3).map(|_| ended(outcomes)).collect();
    whys.sort();
    assert!(
        whys[0].contains("no transport connection: nothing arrived")
            && whys[1].contains("no transport connection: timed out in the middle of a TPKT")
            && whys[2].contains("nothing arrived for 2000 ms"),
        "{whys:?}"
    );
}

/// Octets that are no SPDU, after CN: the machine aborts (AB, protocol error). An AR naming
/// a session connection the server never had: AB.
fn forged_spdus(addr: SocketAddr, outcomes: &Receiver<Outcome>) {
    let mut bad = Client::connect(addr, Config::default(), file_item("x.bin", 1));
    assert!(matches!(bad.next(), Indication::Accepted { .. }));
    bad.raw(&[0xff, 0x00]);
    assert!(matches!(bad.next(), Indication::ProviderAbort(_)));
    assert!(ended(outcomes).contains("protocol error"));
    let mut ar = Client::connect(addr, Config::default(), file_item("kept.bin", 100_000));
    assert!(matches!(ar.next(), Indication::Accepted { .. }));
    let never = ConnectionRef {
        calling: Bytes::from_static(&[1; 16]),
        called: Bytes::from_static(&[2; 16]),
    };
    ar.request(resume_request(&never, 1));
    // The reason goes back to the sender in AB's user data (X.225 8.3.7), as serve logs it.
    let ab = ar.next();
    let why = ended(outcomes);
    assert!(why.contains("never had"), "{why}");
    assert_eq!(ab, abort_saying(&why));
}

#[test]
fn names_that_are_not_plain_are_refused_with_the_reason_in_rf() {
    let root = temp_dir("names");
    let out = root.join("out");
    std::fs::create_dir(&out).expect("out");
    let (addr, _outcomes) = server(&out, IDLE, None);
    let file = root.join("f");
    write_file(&file, 1000, 1);
    for (name, why) in [
        ("../escape", "is a path"),
        ("/tmp/escape", "is a path"),
        ("sub/escape", "is a path"),
        ("..", "starts with a dot"),
        (".hidden", "starts with a dot"),
        ("", "1 to 128"),
        ("tab\there", "'\\t'"),
    ] {
        let e = send_file(&send_config(&file, addr, name)).expect_err(name);
        assert!(e.contains("refused") && e.contains(why), "{name:?}: {e}");
    }
    assert!(names(&out).is_empty(), "{:?}", names(&out));
    assert_eq!(names(&root), ["f", "out"]);
}

#[test]
fn a_cn_with_bad_credentials_or_parameters_is_refused() {
    let out = temp_dir("credentials");
    let (addr, _outcomes) = server(&out, IDLE, Some(("alice", "s3cret")));
    let file = out
        .join("..")
        .join(format!("cred-{}.bin", std::process::id()));
    let data = write_file(&file, 50_000, 5);
    let mut cfg = send_config(&file, addr, "cred.bin");
    let e = send_file(&cfg).expect_err("no credentials");
    assert!(e.contains("authentication failed"), "{e}");
    cfg.credentials = Some(("alice".into(), "guess".into()));
    let e = send_file(&cfg).expect_err("wrong password");
    assert!(e.contains("authentication failed"), "{e}");
    cfg.credentials = Some(("mallory".into(), "s3cret".into()));
    assert!(send_file(&cfg).is_err(), "unknown user");
    // A file larger than the server takes (1 MiB in these tests) is refused before it is sent.
    let mut c = Client::connect(addr, Config::default(), file_item("huge.bin", 1 << 40));
    match c.next() {
        Indication::Refused { data, .. } => {
            assert!(String::from_utf8_lossy(&data).contains("larger than the 1048576"))
        }
        other => panic!("{other:?}"),
    }
    // Without activity management a file cannot be sent as an activity: RF says so.
    let config = Config {
        functional_units: Config::default().functional_units - FunctionalUnits::ACTIVITY_MANAGEMENT,
        ..Config::default()
    };
    let mut c = Client::connect(addr, config, file_item("x.bin", 1));
    match c.next() {
        Indication::Refused { data, .. } => {
            assert!(String::from_utf8_lossy(&data).contains("activity management"))
        }
        other => panic!("{other:?}"),
    }
    assert!(names(&out).is_empty());
    cfg.credentials = Some(("alice".into(), "s3cret".into()));
    let report = send_file(&cfg).expect("the right password");
    assert_eq!(report.octets, 50_000);
    assert_eq!(std::fs::read(out.join("cred.bin")).expect("received"), data);
    let _ = std::fs::remove_file(file);
}

#[test]
fn a_hundred_senders_at_once() {
    let root = temp_dir("hundred");
    let out = root.join("out");
    std::fs::create_dir(&out).expect("out");
    let (addr, _outcomes) = server(&out, Duration::from_secs(30), None);
    let senders: Vec<_> = (0..100u64)
        .map(|i| {
            let file = root.join(format!("in-{i}"));
            let data = write_file(&file, 20_000 + 997 * i as usize, i + 11);
            let cfg = send_config(&file, addr, &format!("file-{i}.bin"));
            (data, std::thread::spawn(move || send_file(&cfg)))
        })
        .collect();
    for (i, (data, handle)) in senders.into_iter().enumerate() {
        let report = handle.join().expect("no panic").expect("sent");
        assert_eq!(report.connections, 1, "sender {i}");
        let got = std::fs::read(out.join(format!("file-{i}.bin"))).expect("received");
        assert!(got == data, "file {i} differs");
    }
    assert_eq!(names(&out).len(), 100);
}

fn resume_request(old: &ConnectionRef, serial: u32) -> Request {
    Request::ActivityResume {
        old_connection: old.clone(),
        old_id: Bytes::from_static(b"file"),
        serial: SerialNumber::new(serial).expect("serial"),
        id: Bytes::from_static(b"file"),
    }
}

/// An AR naming a real interrupted transfer, but from a point never confirmed or for another
/// file, is aborted, and the transfer stays for the sender that can resume it.
#[test]
fn a_guessed_resume_does_not_cost_the_real_sender_its_transfer() {
    let out = temp_dir("guessed");
    let (addr, outcomes) = server(&out, Duration::from_secs(30), None);
    let data: Vec<u8> = (0..50_000u32).map(|i| (i * 13 + 1) as u8).collect();
    let mut a = Client::connect(addr, Config::default(), file_item("real.bin", 50_000));
    let Indication::Accepted { negotiated, .. } = a.next() else {
        panic!("not accepted")
    };
    let old = negotiated.connection;
    a.request(Request::ActivityStart {
        id: Bytes::from_static(b"file"),
    });
    a.request(Request::Data(Bytes::copy_from_slice(&data[..20_000])));
    a.request(Request::MinorSync { confirm: true });
    assert_eq!(
        a.next(),
        Indication::MinorSyncConfirmed(SerialNumber::new(1).expect("1"))
    );
    a.request(Request::Data(Bytes::copy_from_slice(&data[20_000..30_000])));
    a.close();
    ended(&outcomes);
    for (name, serial, why) in [
        ("real.bin", 7, "never confirmed"),
        ("other.bin", 1, "another file"),
    ] {
        let mut forger = Client::connect(addr, Config::default(), file_item(name, 50_000));
        assert!(matches!(forger.next(), Indication::Accepted { .. }));
        forger.request(resume_request(&old, serial));
        let ab = forger.next();
        let logged = ended(&outcomes);
        assert!(logged.contains(why), "{logged}");
        assert_eq!(ab, abort_saying(&logged));
    }
    let mut c = Client::connect(addr, Config::default(), file_item("real.bin", 50_000));
    assert!(matches!(c.next(), Indication::Accepted { .. }));
    c.request(resume_request(&old, 1));
    c.request(Request::Data(Bytes::copy_from_slice(&data[20_000..])));
    let digest: [u8; 32] = <sha2::Sha256 as sha2::Digest>::digest(&data).into();
    c.request(Request::TypedData(item::digest_item(&digest)));
    c.request(Request::ActivityEnd);
    assert!(matches!(c.next(), Indication::ActivityEndConfirmed(_)));
    c.request(Request::Release { user_data: None });
    assert_eq!(c.next(), Indication::Released { user_data: None });
    match outcomes.recv_timeout(PATIENCE).expect("reported") {
        Outcome::Received(r) => assert_eq!((r.resumes, r.received_again), (1, 10_000)),
        other => panic!("{other:?}"),
    }
    assert_eq!(std::fs::read(out.join("real.bin")).expect("received"), data);
}

/// Octets from a xorshift generator.
fn random_octets(seed: u64, n: usize) -> Vec<u8> {
    let mut x = seed.wrapping_mul(0x9e37_79b9_7f4a_7c15) | 1;
    (0..n)
        .map(|_| {
            x ^= x << 13;
            x ^= x >> 7;
            x ^= x << 17;
            (x >> 24) as u8
        })
        .collect()
}

/// Random octets at every layer (raw, in a TPKT, in a DT after CR, as SPDUs after CN and AC)
/// from 64 peers at once: each connection is closed, none takes the server down, and a real
/// transfer follows.
#[test]
fn random_octets_at_every_layer_never_stop_the_server() {
    let out = temp_dir("random");
    let (addr, outcomes) = server(&out, Duration::from_secs(1), None);
    let peers: Vec<_> = (0..64u64)
        .map(|i| {
            std::thread::spawn(move || {
                let junk = random_octets(i, 1 + (i as usize * 37) % 300);
                match i % 4 {
                    0 => {
                        let mut s = TcpStream::connect(addr).expect("connect");
                        let _ = s.write_all(&junk);
                        wait_closed(s);
                    }
                    1 => {
                        let mut s = TcpStream::connect(addr).expect("connect");
                        let len = u16::try_from(junk.len() + 4).expect("short");
                        let mut tpkt = vec![3, 0];
                        tpkt.extend(len.to_be_bytes());
                        tpkt.extend(&junk);
                        let _ = s.write_all(&tpkt);
                        wait_closed(s);
                    }
                    2 => {
                        let (raw, (_r, mut w)) = Client::connect_transport_only(addr);
                        let _ = w.send_tsdu(&junk);
                        wait_closed(raw);
                    }
                    _ => {
                        let mut c = Client::connect(addr, Config::default(), file_item("r.bin", 9));
                        assert!(matches!(c.next(), Indication::Accepted { .. }));
                        c.raw(&junk);
                        let _ = c.next(); // an abort, or the transport's loss
                    }
                }
            })
        })
        .collect();
    for p in peers {
        p.join().expect("the peer's thread");
    }
    for _ in 0..64 {
        ended(&outcomes);
    }
    let file = out
        .join("..")
        .join(format!("random-{}.bin", std::process::id()));
    let data = write_file(&file, 70_000, 9);
    send_file(&send_config(&file, addr, "after.bin")).expect("served after all that");
    assert_eq!(
        std::fs::read(out.join("after.bin")).expect("received"),
        data
    );
    let _ = std::fs::remove_file(file);
}

/// Beyond --max-connections a connection is closed at once; the places come back as the
/// connections end.
#[test]
fn connections_beyond_the_limit_are_closed_at_once() {
    let out = temp_dir("limit");
    let (addr, outcomes) = serve_with(ServeConfig {
        listen: "127.0.0.1:0".parse().expect("address"),
        out: out.clone(),
        idle_timeout: PATIENCE,
        credentials: None,
        pcap: None,
        max_connections: 2,
        max_size: 1 << 20,
    });
    let held: Vec<_> = (0..2)
        .map(|_| Client::connect(addr, Config::default(), file_item("h.bin", 1)))
        .collect();
    let extra = TcpStream::connect(addr).expect("connect");
    assert_eq!(wait_closed(extra), b"");
    assert!(ended(&outcomes).contains("too many connections"));
    for mut c in held {
        assert!(matches!(c.next(), Indication::Accepted { .. }));
        c.close();
        ended(&outcomes);
    }
    let file = out
        .join("..")
        .join(format!("limit-{}.bin", std::process::id()));
    write_file(&file, 1000, 2);
    send_file(&send_config(&file, addr, "after.bin")).expect("a place again");
    let _ = std::fs::remove_file(file);
}
