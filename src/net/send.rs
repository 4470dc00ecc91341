//! `session-sim send`: one file over one session, as an activity with a minor sync point
//! every N octets (X.225 7.16, 7.11). When the transport connection breaks, a new one is made
//! and the activity is resumed with AR from the last sync point the receiver confirmed
//! (X.225 7.17, as the simulated world's file transfer does); the session ends with an orderly
//! release (X.225 7.7).

use std::fs::File;
use std::net::{TcpStream, ToSocketAddrs};
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use super::driver::{pump, Capture, CaptureConn, Clock, SharedCapture};
use super::item::{self, FileItem};
use super::link::{self, LinkError};
use super::sender::{Progress, Step};
use crate::protocol::auth;
use crate::protocol::codec::SerialNumber;
use crate::protocol::machine::{Config, Machine, Request, Role};
use crate::protocol::random::{connection_reference, OsRandom, RandomSource};

/// The most sync points sent and not yet confirmed; the sender waits for an MIA beyond them.
/// It bounds what a break makes the sender send again to this many sync intervals (and the
/// receiver's memory of points, [`receive`](super::receive)).
pub const WINDOW: usize = 4;

/// How `send` runs.
#[derive(Clone, Debug)]
pub struct SendConfig {
    /// Where `serve` listens (host:port).
    pub to: String,
    /// The file to send.
    pub file: PathBuf,
    /// The name the receiver is to give it.
    pub name: String,
    /// A minor sync point every this many octets.
    pub sync_every: u64,
    /// Resume after a break (AR); otherwise start again from octet 0 (AS).
    pub recovery: bool,
    /// How long to wait for the peer (connect, a confirmation, a TPKT's rest).
    pub timeout: Duration,
    /// The user and password to prove in CN.
    pub credentials: Option<(String, String)>,
    /// Where to write the capture.
    pub pcap: Option<PathBuf>,
    /// Connections in a row that may fail without a new sync point confirmed.
    pub attempts: u32,
}

/// What a successful `send` did.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SendReport {
    /// The file's size in octets.
    pub octets: u64,
    /// Its SHA-256.
    pub digest: [u8; 32],
    /// How many ARs continued the activity.
    pub resumes: u32,
    /// Transport connections made.
    pub connections: u32,
    /// Octets of the file sent in all (DT user data).
    pub sent: u64,
    /// Of them, octets sent more than once.
    pub sent_again: u64,
}

/// How one transport connection ended.
#[derive(Debug)]
pub(super) enum Ending {
    /// The session was released: done.
    Released,
    /// The connection broke (or never came up); another may be tried.
    Broken(String),
    /// The receiver refused or aborted, or something cannot be retried.
    Fatal(String),
}

/// The largest sync interval count a session can number: serial numbers end at 999,999
/// (X.225 8.3.42).
pub fn check_sync_every(size: u64, every: u64) -> Result<(), String> {
    if every == 0 {
        return Err("--sync-every must be at least 1".into());
    }
    if size / every >= u64::from(SerialNumber::MAX) - 1 {
        return Err(format!(
            "{size} octets at a sync point every {every} make more than {} sync points, the most \
             serial numbers can count (X.225 8.3.42); use a larger --sync-every",
            SerialNumber::MAX - 1
        ));
    }
    Ok(())
}

/// Sends the file; `Err` says why the transfer failed.
pub fn send_file(cfg: &SendConfig) -> Result<SendReport, String> {
    let mut file = File::open(&cfg.file).map_err(|e| format!("cannot open {:?}: {e}", cfg.file))?;
    let meta = file
        .metadata()
        .map_err(|e| format!("cannot read {:?}: {e}", cfg.file))?;
    if !meta.is_file() {
        return Err(format!("{:?} is not a file", cfg.file));
    }
    let size = meta.len();
    check_sync_every(size, cfg.sync_every)?;
    let mut p = Progress::new(size, cfg.sync_every, cfg.recovery);
    let capture = cfg.pcap.clone().map(Capture::shared);
    let mut failures = 0u32;
    loop {
        let confirmed = p.confirmed;
        match connection(cfg, &mut p, &mut file, capture.as_ref()) {
            Ending::Released => break,
            Ending::Fatal(why) => return Err(why),
            Ending::Broken(why) => {
                // A connection that got a new point confirmed made progress: not a failure.
                failures = if p.confirmed != confirmed {
                    0
                } else {
                    failures + 1
                };
                if failures >= cfg.attempts {
                    return Err(format!(
                        "{failures} connection(s) in a row ended with no new sync point \
                         confirmed; the last: {why}"
                    ));
                }
                std::thread::sleep(Duration::from_millis(20 << failures.min(6)));
            }
        }
    }
    Ok(p.report())
}

/// The events of one connection's reading thread.
pub(super) enum Event {
    Tsdu(Vec<u8>),
    Closed(String),
}

/// One transport connection: connect, CN, AS or AR, data, and (if all goes well) AE and
/// release.
fn connection(
    cfg: &SendConfig,
    p: &mut Progress,
    file: &mut File,
    capture: Option<&SharedCapture>,
) -> Ending {
    p.connecting();
    let stream = match open(&cfg.to, cfg.timeout) {
        Ok(s) => s,
        Err(why) => return Ending::Broken(why),
    };
    let (mut reader, mut writer) = match link::connect(stream, cfg.timeout, 1) {
        Ok(halves) => halves,
        Err(e) => return Ending::Broken(format!("no transport connection: {e}")),
    };
    let (tx, rx) = mpsc::channel();
    let reading = std::thread::spawn(move || loop {
        match reader.recv_tsdu() {
            Ok(t) => {
                if tx.send(Event::Tsdu(t)).is_err() {
                    return;
                }
            }
            Err(LinkError::Idle) => {}
            Err(e) => {
                let _ = tx.send(Event::Closed(e.to_string()));
                return;
            }
        }
    });
    let cap = CaptureConn::open(capture, true);
    let clock = Clock::default();
    let mut m = Machine::new(Role::Initiator, Config::default());
    let ending = match connect_request(cfg, p.size) {
        Ok(r) => match super::driver::request(&mut m, clock.now(), r) {
            Ok(()) => run(cfg, p, file, &mut m, &clock, &mut writer, &cap, &rx),
            Err(e) => Ending::Fatal(format!("CN: {e}")),
        },
        Err(why) => Ending::Fatal(why),
    };
    writer.close();
    let _ = reading.join();
    if let Err(e) = cap.end(matches!(ending, Ending::Released)) {
        eprintln!("session-sim: cannot write the capture: {e}");
    }
    ending
}

/// The first address of `to` that accepts a TCP connection.
fn open(to: &str, timeout: Duration) -> Result<TcpStream, String> {
    let addrs = to
        .to_socket_addrs()
        .map_err(|e| format!("cannot resolve {to}: {e}"))?;
    let mut last = format!("{to} has no address");
    for addr in addrs {
        match TcpStream::connect_timeout(&addr, timeout) {
            Ok(s) => return Ok(s),
            Err(e) => last = format!("cannot connect to {addr}: {e}"),
        }
    }
    Err(last)
}

/// S-CONNECT request: the file item and, when asked for, the credentials (a fresh nonce).
fn connect_request(cfg: &SendConfig, size: u64) -> Result<Request, String> {
    let mut random = OsRandom;
    let proof = match &cfg.credentials {
        Some((user, password)) => {
            let mut nonce = [0u8; 16];
            random
                .fill(&mut nonce)
                .map_err(|e| format!("no random source: {e}"))?;
            Some(auth::prove(user, password, nonce))
        }
        None => None,
    };
    let file = FileItem {
        name: cfg.name.clone(),
        size,
    };
    Ok(Request::Connect {
        calling_ref: connection_reference(&mut random)
            .map_err(|e| format!("no random source: {e}"))?,
        user_data: Some(item::encode(&file, proof.as_deref())?),
    })
}

/// The connection's loop: events in, data out, until it ends.
#[allow(clippy::too_many_arguments)]
fn run(
    cfg: &SendConfig,
    p: &mut Progress,
    file: &mut File,
    m: &mut Machine,
    clock: &Clock,
    writer: &mut link::LinkWriter,
    cap: &CaptureConn,
    rx: &mpsc::Receiver<Event>,
) -> Ending {
    loop {
        loop {
            let pumped = match pump(m, clock, writer, cap) {
                Ok(p) => p,
                Err(e) => return Ending::Broken(format!("sending failed: {e}")),
            };
            let quiet = pumped.indications.is_empty();
            for ind in pumped.indications {
                if let Some(end) = p.on_indication(m, clock.now(), ind) {
                    return end;
                }
            }
            if quiet {
                break;
            }
        }
        let event = if p.waiting() {
            match rx.recv_timeout(cfg.timeout) {
                Ok(e) => Some(e),
                Err(_) => {
                    return Ending::Broken(format!(
                        "nothing from the receiver for {} ms",
                        cfg.timeout.as_millis()
                    ))
                }
            }
        } else {
            rx.try_recv().ok()
        };
        match event {
            Some(Event::Tsdu(t)) => {
                cap.tsdu(false, &t);
                m.handle_tsdu(clock.now(), t.into());
            }
            Some(Event::Closed(why)) => return Ending::Broken(format!("transport: {why}")),
            None => match p.step(m, clock.now(), file) {
                Step::Sent => {}
                Step::Failed(why) => return Ending::Fatal(why),
            },
        }
    }
}
