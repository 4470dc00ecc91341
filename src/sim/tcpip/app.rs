//! What the applications on the TCP/IP stack and the engine under them say to each other:
//! the applications see a byte stream that opens, carries octets, closes or is lost; they
//! answer with [`Piece`]s to send and an [`AppOut`] of notes, timers and the outcome.

use bytes::Bytes;
use std::collections::VecDeque;

use crate::sim::scheduler::Micros;
use crate::sim::trace::{Host, Outcome, ResumePoint, Summary, What};

/// Octets an application hands to TCP in one write: one segment on the wire.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Piece {
    /// The short label a timeline shows ("POST /login", "SESSION MESSAGE", "CALL xid 1").
    pub label: String,
    /// The octets.
    pub octets: Bytes,
    /// Of them, the application protocol's own (a head, a record mark, a header); the rest is
    /// the user's data.
    pub header_len: usize,
    /// True when it begins a message (a request, a response, an NBSS or RPC message); false
    /// for the rest of a long body.
    pub starts: bool,
    /// Of the user's data, octets sent before (an upload going again over lost ground).
    pub resent: u64,
}

impl Piece {
    /// A whole message: `header_len` octets of protocol, then user data.
    pub fn message(label: impl Into<String>, octets: Bytes, header_len: usize) -> Piece {
        Piece {
            label: label.into(),
            octets,
            header_len,
            starts: true,
            resent: 0,
        }
    }
}

/// What an application asks of the engine besides pieces to send.
#[derive(Debug, Default)]
pub struct AppOut {
    /// Trace lines, in order.
    pub trace: Vec<What>,
    /// Wake the application on this host at this time.
    pub tick_at: Vec<(Host, Micros)>,
    /// This host closes its side (FIN) once what it queued is sent.
    pub close: Vec<Host>,
    /// Host A opens a new connection (when it has none) for what it wants to send.
    pub connect: bool,
    /// The session is over.
    pub outcome: Option<Outcome>,
    /// Of the payload sent, octets sent before.
    pub payload_resent: u64,
    /// A resumed upload: where from.
    pub resume: Option<ResumePoint>,
}

impl AppOut {
    /// A line of application narration.
    pub fn note(&mut self, host: Host, text: impl Into<String>) {
        self.trace.push(What::App {
            host,
            text: text.into(),
        });
    }
}

/// The two sides of one application over a TCP connection. Host A always opens it.
pub trait StreamApp {
    /// The server's well-known TCP port (RFC 6335's registry): 80, 139, 111.
    fn port(&self) -> u16;
    /// TCP is open at `host` (a new connection each time).
    fn connected(&mut self, host: Host, now: Micros, out: &mut AppOut);
    /// Octets arrived at `host`, in order.
    fn received(&mut self, host: Host, now: Micros, data: Bytes, out: &mut AppOut);
    /// The peer of `host` closed its side (FIN). The engine closes `host`'s side after.
    fn peer_closed(&mut self, host: Host, now: Micros, out: &mut AppOut);
    /// The connection is gone without an orderly close (a break or a reset): what was queued
    /// or in flight is lost.
    fn lost(&mut self, host: Host, now: Micros, out: &mut AppOut);
    /// The connection is closed in order at `host` (its FIN and the peer's are acknowledged):
    /// by default, host A's side closed ends the session as the application decided.
    fn closed(&mut self, host: Host, _now: Micros, out: &mut AppOut) {
        if host == Host::A {
            out.outcome = self.outbox().ending.take();
        }
    }
    /// A timer the application set.
    fn tick(&mut self, host: Host, now: Micros, out: &mut AppOut);
    /// The next octets `host` has to send, if any; called while TCP can take them. By
    /// default, the next piece `host` has queued.
    fn poll(&mut self, host: Host) -> Option<Piece> {
        self.outbox().pop(host)
    }
    /// True while host A wants a connection (to reconnect after a break): by default, until
    /// the application has decided how the session ends.
    fn wants_connection(&mut self) -> bool {
        self.outbox().ending.is_none()
    }
    /// The application's [`Outbox`], which the default methods read.
    fn outbox(&mut self) -> &mut Outbox;
    /// For an upload: octets of the file sent so far.
    fn progress(&self) -> Option<u64> {
        None
    }
    /// For an upload: octets sent that the server may not hold (lost if the link breaks now).
    fn at_risk(&self) -> Option<u64> {
        None
    }
    /// Fills in the figures only the application knows, when the session ends.
    fn finish(&self, _outcome: &Outcome, _summary: &mut Summary) {}
}

/// What an application has for the engine: a queue of pieces for each host, and how the
/// session ends once host A's side is closed.
#[derive(Clone, Debug, Default)]
pub struct Outbox {
    queues: [VecDeque<Piece>; 2],
    /// How the session ends, once the application has decided; host A's side closing ends
    /// it so.
    pub ending: Option<Outcome>,
}

impl Outbox {
    /// Queues a piece from `host`.
    pub fn push(&mut self, host: Host, piece: Piece) {
        self.queues[usize::from(host == Host::B)].push_back(piece);
    }

    /// The next piece from `host`.
    pub fn pop(&mut self, host: Host) -> Option<Piece> {
        self.queues[usize::from(host == Host::B)].pop_front()
    }

    /// Forgets everything queued (the connection is gone).
    pub fn clear(&mut self) {
        self.queues.iter_mut().for_each(VecDeque::clear);
    }
}
