//! `session-sim serve`: accepts session connections over RFC 1006 and receives one file on
//! each. One thread per connection, each with its own [`Machine`]; a connection that sends
//! nothing for the idle timeout, or octets that are not the protocol, is closed without
//! disturbing the others or what they received.

use bytes::Bytes;
use std::net::{Shutdown, SocketAddr, TcpListener, TcpStream};
use std::path::PathBuf;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;

use super::driver::{pump, Capture, CaptureConn, Clock, SharedCapture};
use super::link::{self, LinkError, LinkReader, LinkWriter};
use super::receive::Receiver;
use super::store::Shared;
use super::transfer::Received;
use crate::protocol::auth::Verifier;
use crate::protocol::machine::{Config, Machine, Role};

/// How `serve` runs.
#[derive(Clone, Debug)]
pub struct ServeConfig {
    /// The address to listen on.
    pub listen: SocketAddr,
    /// The directory received files go to.
    pub out: PathBuf,
    /// A connection silent this long is closed (and a TPKT cut short waits no longer).
    pub idle_timeout: Duration,
    /// The user and password CN must prove (the [`auth`](crate::protocol::auth) item).
    pub credentials: Option<(String, String)>,
    /// Where to write the capture.
    pub pcap: Option<PathBuf>,
    /// The most connections served at once; more are closed at once.
    pub max_connections: usize,
    /// The largest file accepted (CN announces the size): a bound on what one peer can make
    /// the server write.
    pub max_size: u64,
}

/// How one connection ended.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Outcome {
    /// A file was received and released.
    Received(Received),
    /// The connection ended without a file: why.
    Ended {
        /// The peer's address.
        peer: SocketAddr,
        /// Why.
        why: String,
    },
}

/// A bound server.
#[derive(Debug)]
pub struct Server {
    listener: TcpListener,
    config: ServeConfig,
    shared: Arc<Shared>,
    capture: Option<SharedCapture>,
    active: Arc<AtomicUsize>,
}

impl Server {
    /// Binds the listening socket; the output directory must exist.
    pub fn bind(config: ServeConfig) -> std::io::Result<Server> {
        if !config.out.is_dir() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::NotFound,
                format!("{} is not a directory", config.out.display()),
            ));
        }
        let listener = TcpListener::bind(config.listen)?;
        let verifier = config.credentials.as_ref().map(|(user, password)| {
            let mut v = Verifier::new();
            v.add_user(user, password);
            v
        });
        let shared = Arc::new(Shared::new(
            config.out.clone(),
            verifier,
            config.max_size,
            config.idle_timeout,
        ));
        let capture = config.pcap.clone().map(Capture::shared);
        Ok(Server {
            listener,
            config,
            shared,
            capture,
            active: Arc::new(AtomicUsize::new(0)),
        })
    }

    /// The address it listens on (the port the system chose for port 0).
    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    /// Serves until the process ends; `report` hears how each connection ended.
    pub fn run(self, report: impl Fn(Outcome) + Send + Sync + 'static) {
        let report = Arc::new(report);
        for stream in self.listener.incoming() {
            let Ok(stream) = stream else {
                // Out of file descriptors, say: give the connections a moment to end
                // rather than spin on the failing accept.
                std::thread::sleep(Duration::from_millis(10));
                continue;
            };
            let peer = stream
                .peer_addr()
                .unwrap_or_else(|_| SocketAddr::from(([0, 0, 0, 0], 0)));
            let Some(slot) = Slot::take(&self.active, self.config.max_connections) else {
                report(Outcome::Ended {
                    peer,
                    why: "too many connections; closed at once".into(),
                });
                continue;
            };
            let (shared, capture) = (self.shared.clone(), self.capture.clone());
            let (report, idle) = (report.clone(), self.config.idle_timeout);
            // If the thread cannot start, the closure and its slot are dropped.
            let _ = std::thread::Builder::new()
                .name(format!("serve {peer}"))
                .spawn(move || {
                    let keep = stream.try_clone().ok();
                    let outcome = serve_one(stream, peer, &shared, capture.as_ref(), idle);
                    drop(slot);
                    // Reported before the peer sees the close: whoever waits for the close
                    // then finds the outcome reported.
                    report(outcome);
                    if let Some(s) = keep {
                        let _ = s.shutdown(Shutdown::Both);
                    }
                });
        }
    }
}

/// One of the `max_connections` places, given back when dropped: when its connection ends,
/// and also if the connection's thread panics or never starts.
struct Slot(Arc<AtomicUsize>);

impl Slot {
    /// A place, if one is free.
    fn take(active: &Arc<AtomicUsize>, max: usize) -> Option<Slot> {
        let taken = active.fetch_add(1, Ordering::SeqCst);
        let slot = Slot(active.clone());
        (taken < max).then_some(slot)
    }
}

impl Drop for Slot {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::SeqCst);
    }
}

/// One connection, from CR to the end of its session; the caller closes it.
fn serve_one(
    stream: TcpStream,
    peer: SocketAddr,
    shared: &Shared,
    capture: Option<&SharedCapture>,
    idle: Duration,
) -> Outcome {
    let ended = |why: String| Outcome::Ended { peer, why };
    let src_ref = peer.port().max(1);
    let socket = stream.try_clone().ok();
    let (mut reader, mut writer) = match link::accept(stream, idle, src_ref) {
        Ok(halves) => halves,
        Err(e) => return ended(format!("no transport connection: {e}")),
    };
    let cap = CaptureConn::open(capture, false);
    let mut rx = Receiver::new(shared, socket);
    let why = session(&mut reader, &mut writer, &cap, &mut rx, idle);
    let received = rx.received.take();
    let why = rx.why.take().unwrap_or(why);
    rx.finish();
    if let Err(e) = cap.end(received.is_some()) {
        eprintln!("session-sim: cannot write the capture: {e}");
    }
    match received {
        Some(r) => Outcome::Received(r),
        None => ended(why),
    }
}

/// Runs the responder's machine on the link until the transport closes; returns why it ended.
fn session(
    reader: &mut LinkReader,
    writer: &mut LinkWriter,
    cap: &CaptureConn,
    rx: &mut Receiver,
    idle: Duration,
) -> String {
    let clock = Clock::default();
    // The most this side reassembles, announced in AC (PI 21, X.225 7.1.1).
    let config = Config {
        tsdu_max: u16::try_from(link::MAX_TSDU).unwrap_or(u16::MAX),
        ..Config::default()
    };
    let mut m = Machine::new(Role::Responder, config);
    m.handle_transport(clock.now(), true);
    let idle_us = u64::try_from(idle.as_micros()).unwrap_or(u64::MAX);
    let mut heard = clock.now();
    loop {
        loop {
            let pumped = match pump(&mut m, &clock, writer, cap) {
                Ok(p) => p,
                Err(e) => return format!("sending failed: {e}"),
            };
            let quiet = pumped.indications.is_empty();
            for ind in pumped.indications {
                rx.on_indication(&mut m, clock.now(), ind);
            }
            if pumped.disconnect {
                return "the session ended".into();
            }
            if quiet {
                break;
            }
        }
        let now = clock.now();
        let until = m.poll_timeout().map_or(u64::MAX, |t| t.saturating_sub(now));
        let wait = until.min(heard.saturating_add(idle_us).saturating_sub(now));
        let _ = reader.set_timeout(Duration::from_micros(wait));
        match reader.recv_tsdu() {
            Ok(tsdu) => {
                cap.tsdu(false, &tsdu);
                heard = clock.now();
                m.handle_tsdu(heard, Bytes::from(tsdu));
            }
            Err(LinkError::Idle) => {
                let now = clock.now();
                if m.poll_timeout().is_some_and(|t| t <= now) {
                    m.handle_timeout(now);
                } else if now.saturating_sub(heard) >= idle_us {
                    return format!("nothing arrived for {} ms; closed", idle.as_millis());
                }
            }
            Err(e) => {
                m.handle_transport(clock.now(), false);
                let _ = pump(&mut m, &clock, writer, cap);
                return format!("transport: {e}");
            }
        }
    }
}
