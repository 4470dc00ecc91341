//! What both ends share: the clock the machine is given, the capture, and the loop that
//! drains the machine's outputs onto the link (the run-loop contract of [`Machine`]: after
//! each input, drain `poll_output` until it returns `None`).

use std::path::PathBuf;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Instant, SystemTime, UNIX_EPOCH};

use super::link::{LinkError, LinkWriter};
use crate::protocol::machine::{
    Indication, Machine, Output, Request, TransportRequest, UsageError,
};
use crate::protocol::pcap::PcapWriter;
use crate::protocol::presentation::service;

/// Microseconds since the link began: the time the machine is given (it reads no clock).
#[derive(Clone, Copy, Debug)]
pub struct Clock(Instant);

impl Default for Clock {
    fn default() -> Self {
        Clock(Instant::now())
    }
}

impl Clock {
    /// Now, in microseconds since this clock was made.
    pub fn now(&self) -> u64 {
        u64::try_from(self.0.elapsed().as_micros()).unwrap_or(u64::MAX)
    }
}

/// A capture file being written: every TSDU sent and received, as
/// [`PcapWriter`] writes them (TPKT + COTP DT on TCP port 102, one TCP connection per
/// transport connection, wall-clock times). The CR and CC of each connection are not in it:
/// the writer opens each connection with the TCP handshake alone.
#[derive(Debug)]
pub struct Capture {
    path: PathBuf,
    writer: PcapWriter,
    next_conn: u32,
}

/// A capture several connections write to.
pub type SharedCapture = Arc<Mutex<Capture>>;

impl Capture {
    /// A capture to be saved at `path`.
    pub fn shared(path: PathBuf) -> SharedCapture {
        Arc::new(Mutex::new(Capture {
            path,
            writer: PcapWriter::new(),
            next_conn: 0,
        }))
    }
}

/// One connection's view of a capture (or of none).
#[derive(Clone, Debug)]
pub struct CaptureConn {
    cap: Option<SharedCapture>,
    conn: u32,
    /// This end sent CN (the initiator's side of the capture).
    initiator: bool,
}

fn wall_us() -> u64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| u64::try_from(d.as_micros()).unwrap_or(u64::MAX))
}

impl CaptureConn {
    /// A new connection in `cap` (nothing is written when `cap` is `None`).
    pub fn open(cap: Option<&SharedCapture>, initiator: bool) -> Self {
        let conn = cap.map_or(0, |c| {
            let mut c = c.lock().unwrap_or_else(PoisonError::into_inner);
            c.next_conn += 1;
            c.next_conn - 1
        });
        CaptureConn {
            cap: cap.cloned(),
            conn,
            initiator,
        }
    }

    fn with(&self, f: impl FnOnce(&mut PcapWriter, u32, u64)) {
        if let Some(cap) = &self.cap {
            let mut c = cap.lock().unwrap_or_else(PoisonError::into_inner);
            f(&mut c.writer, self.conn, wall_us());
        }
    }

    /// A TSDU this end sent (`sent`) or received.
    pub fn tsdu(&self, sent: bool, tsdu: &[u8]) {
        let from_initiator = sent == self.initiator;
        self.with(|w, conn, t| w.tsdu(conn, from_initiator, t, tsdu));
    }

    /// The connection ended, in order or broken; the capture so far is saved.
    pub fn end(&self, orderly: bool) -> std::io::Result<()> {
        self.with(|w, conn, t| {
            if orderly {
                w.close_connection(conn, t)
            } else {
                w.abort_connection(conn, t)
            }
        });
        match &self.cap {
            Some(cap) => {
                let c = cap.lock().unwrap_or_else(PoisonError::into_inner);
                std::fs::write(&c.path, c.writer.clone().into_bytes())
            }
            None => Ok(()),
        }
    }
}

/// What draining the machine's outputs found.
#[derive(Debug, Default)]
pub struct Pumped {
    /// The indications and confirmations for the user, in order.
    pub indications: Vec<Indication>,
    /// The machine asked for the transport connection to be closed (T-DISCONNECT request).
    pub disconnect: bool,
}

/// Drains the machine's outputs: TSDUs go out on the link (and into the capture), a
/// T-CONNECT request is confirmed at once (the link is up before the S-CONNECT request is
/// made), indications are returned. `Err` when the link failed while sending.
pub fn pump(
    m: &mut Machine,
    clock: &Clock,
    link: &mut LinkWriter,
    cap: &CaptureConn,
) -> Result<Pumped, LinkError> {
    let mut out = Pumped::default();
    while let Some(o) = m.poll_output() {
        match o {
            Output::Transmit { tsdu, .. } => {
                cap.tsdu(true, &tsdu);
                link.send_tsdu(&tsdu)?;
            }
            Output::Indication(i) => out.indications.push(present(m, clock, i)),
            Output::Transport(TransportRequest::Connect) => m.handle_transport(clock.now(), true),
            Output::Transport(TransportRequest::Disconnect) => out.disconnect = true,
            Output::Record(_) => {}
        }
    }
    Ok(out)
}

/// A request of the user to its machine, through the presentation layer: its user data goes
/// in the PPDU its SPDU carries (X.226 clause 7, [`service::request`]).
pub fn request(m: &mut Machine, now: u64, r: Request) -> Result<(), UsageError> {
    let version = m.negotiated().map(|n| n.version);
    m.handle_request(now, service::request(r, version))
}

/// An indication as the user sees it: its user data out of its PPDU. When that is not the
/// PPDU its SPDU carries, this side aborts with an ARP-PPDU in AB (X.226 P-P-ABORT, drained
/// by the caller's loop) and the user is told of a provider abort that says why.
fn present(m: &mut Machine, clock: &Clock, ind: Indication) -> Indication {
    match service::indication(ind.clone()) {
        Ok(ind) => ind,
        Err(e) => {
            let _ = m.handle_request(clock.now(), service::provider_abort());
            service::unreadable(&ind, &e)
        }
    }
}
