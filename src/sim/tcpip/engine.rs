//! The engine of one session on the TCP/IP stack: its TCP connection on the world's link, the
//! applications on top, and the faults. The world hands it events with an [`Io`] (the clock,
//! the link, the trace, the capture) and schedules the events it asks for in [`Io::later`].

use std::collections::BTreeSet;

use super::app::AppOut;
use super::tcp::{Segment, Tcp, TcpState};
use super::App;
use crate::protocol::pcap::PcapWriter;
use crate::sim::rng::Rng;
use crate::sim::scenario::{ActionKind, SessionSpec};
use crate::sim::scheduler::{ms_to_us, Micros};
use crate::sim::trace::{Host, Outcome, Summary, Trace, What};
use crate::sim::transport::{Connection, Link};

/// How long TCP waits before sending a lost segment again (RFC 6298's one-second floor is
/// relaxed to the 200 ms most stacks use, as the OSI stack's transport does).
const RTO_US: Micros = crate::sim::world::RETRANSMISSION_TIMEOUT_US;
mod wire;

/// Host A's first ephemeral port (RFC 6335 6: 49152 to 65535); connection `n` uses the n-th.
const CLIENT_PORT_BASE: u16 = 49_152;

/// Something due for a session on the TCP/IP stack.
#[derive(Clone, Debug)]
pub enum Ev {
    /// Segment `id` arrives at `to` on connection `conn`.
    Deliver {
        /// The connection.
        conn: u32,
        /// The receiving host.
        to: Host,
        /// The segment.
        seg: Segment,
    },
    /// An application's timer on this host.
    Tick(Host),
    /// This host's direction can take another segment.
    Writable(Host),
    /// Time to connect again after a break.
    Reconnect,
    /// A random break of connection `conn` (the link's `break_per_million`).
    RandomBreak(u32),
}

/// What the world lends the engine for one event.
pub struct Io<'a> {
    /// The time now.
    pub now: Micros,
    /// The session's index.
    pub session: u32,
    /// The link.
    pub link: &'a Link,
    /// The run's trace.
    pub trace: &'a mut Trace,
    /// The session's figures.
    pub summary: &'a mut Summary,
    /// The world's transport connections (the engine adds its own; their ids are unique).
    pub conns: &'a mut Vec<Connection>,
    /// The capture, when one is kept.
    pub capture: Option<&'a mut PcapWriter>,
    /// The world's draws for random faults.
    pub faults: &'a mut Rng,
    /// The run's next message number (the `id` of `spdu` events).
    pub ids: &'a mut u64,
    /// Events to schedule, at their times.
    pub later: Vec<(Micros, Ev)>,
}

impl Io<'_> {
    fn push(&mut self, what: What) -> Option<usize> {
        self.trace.push(self.now, self.session, what)
    }
}

/// The connection now in use.
#[derive(Clone, Debug)]
struct Live {
    conn: u32,
    tcp: Tcp,
    port: u16,
}

/// One session on the TCP/IP stack.
#[derive(Clone, Debug)]
pub struct Engine {
    spec: SessionSpec,
    rng: Rng,
    app: App,
    live: Option<Live>,
    attempts: u32,
    /// The next segment is held back this long, for this reason.
    hold: Option<(Micros, String)>,
    refuse_until: Micros,
    break_at: BTreeSet<u64>,
    /// A `Writable` event is scheduled for this host.
    armed: [bool; 2],
    /// This host closes (FIN) once its queue is sent.
    closing: [bool; 2],
    over: bool,
}

fn ix(h: Host) -> usize {
    usize::from(h == Host::B)
}

impl Engine {
    /// A session of `spec`, with its own random numbers.
    pub fn new(spec: &SessionSpec, mut rng: Rng) -> Engine {
        let app = App::new(spec, &mut rng);
        Engine {
            spec: spec.clone(),
            rng,
            app,
            live: None,
            attempts: 0,
            hold: None,
            refuse_until: 0,
            break_at: BTreeSet::new(),
            armed: [false; 2],
            closing: [false; 2],
            over: false,
        }
    }

    /// For an upload: (octets of the file sent, its size).
    pub fn progress(&self) -> Option<(u64, u64)> {
        let size = match &self.spec.app {
            crate::sim::scenario::AppSpec::FileTransfer(f) => f.size,
            _ => return None,
        };
        Some((self.app.view().progress()?, size))
    }

    /// The TCP state of each host's end of the connection now.
    pub fn states(&self) -> [TcpState; 2] {
        self.live.as_ref().map_or([TcpState::Closed; 2], |l| {
            [l.tcp.state(Host::A), l.tcp.state(Host::B)]
        })
    }

    /// The session starts: host A connects.
    pub fn start(&mut self, io: &mut Io<'_>) {
        self.connect(io);
        self.pump(io);
    }

    /// A scheduled event.
    pub fn handle(&mut self, io: &mut Io<'_>, ev: Ev) {
        match ev {
            Ev::Deliver { conn, to, seg } => self.deliver(io, conn, to, seg),
            Ev::Tick(host) => {
                let mut out = AppOut::default();
                self.app.get().tick(host, io.now, &mut out);
                self.apply(io, out);
            }
            Ev::Writable(host) => self.armed[ix(host)] = false,
            Ev::Reconnect if !self.over && self.live.is_none() => self.connect(io),
            Ev::Reconnect => {}
            Ev::RandomBreak(conn) => {
                if self.live.as_ref().is_some_and(|l| l.conn == conn) {
                    self.break_link(io, "a random break (link.break_per_million)");
                }
            }
        }
        self.pump(io);
    }

    /// A user action or fault.
    pub fn act(&mut self, io: &mut Io<'_>, kind: &ActionKind) {
        match kind {
            ActionKind::Break => self.break_link(io, "the user broke the transport connection"),
            ActionKind::BreakAtByte(b) => {
                self.break_at.insert(*b);
            }
            ActionKind::Kill => self.kill(io),
            ActionKind::RefuseReconnectsMs(ms) => {
                self.refuse_until = io.now.saturating_add(ms_to_us(*ms));
                io.push(What::App {
                    host: Host::B,
                    text: format!(
                        "host B refuses TCP connections for {ms} ms (SYN answered by RST)"
                    ),
                });
            }
            ActionKind::DelayNextMs(ms) => self.hold(ms_to_us(*ms), format!("delayed {ms} ms")),
            ActionKind::DropNext => self.hold(
                RTO_US,
                format!("lost; TCP sends it again after {} ms", RTO_US / 1000),
            ),
            ActionKind::GiveToken(host) | ActionKind::RequestToken(host) => {
                io.push(What::Refused {
                    host: *host,
                    rule: "TCP/IP has no data token: whose turn it is is the application's own \
                           business"
                        .into(),
                });
            }
            ActionKind::SwitchDialog(_) => {
                io.push(What::Refused {
                    host: Host::A,
                    rule: "TCP is always full-duplex: there is no dialogue mode to switch".into(),
                });
            }
        }
        self.pump(io);
    }

    fn hold(&mut self, extra: Micros, why: String) {
        self.hold = Some(match self.hold.take() {
            Some((before, was)) => (before.saturating_add(extra), format!("{was}, then {why}")),
            None => (extra, why),
        });
    }

    /// The user kills the session: host A resets the connection (RST).
    fn kill(&mut self, io: &mut Io<'_>) {
        if self.over {
            return;
        }
        io.push(What::App {
            host: Host::A,
            text: "the user killed the session: TCP resets the connection (RST)".into(),
        });
        if let Some(seg) = self.live.as_mut().and_then(|l| l.tcp.reset(Host::A)) {
            self.record_states(io);
            self.transmit(io, Host::A, seg, None);
        }
        self.end(io, Outcome::Aborted);
    }

    /// Host A connects again after losing its connection: the attempt is counted.
    fn connect(&mut self, io: &mut Io<'_>) {
        self.attempts += 1;
        if self.attempts > 1 {
            io.push(What::Reconnect {
                attempt: self.attempts - 1,
                refused: io.now < self.refuse_until,
            });
        }
        self.open(io);
    }

    /// Host A opens a new TCP connection: a SYN (B answers RST while it refuses).
    fn open(&mut self, io: &mut Io<'_>) {
        let refused = io.now < self.refuse_until;
        let conn = io.conns.len() as u32;
        io.conns.push(Connection::new(conn, io.session));
        // Initial sequence numbers: random, as RFC 9293 3.4.1 asks, from the seeded draws.
        let (iss_a, iss_b) = (self.rng.next_u64() as u32, self.rng.next_u64() as u32);
        let mut tcp = Tcp::new(iss_a, iss_b, !refused);
        let syn = tcp.connect();
        let port = self.app.get().port();
        self.live = Some(Live { conn, tcp, port });
        self.closing = [false; 2];
        self.record_states(io);
        self.transmit(io, Host::A, syn, None);
    }

    /// Applies what an application asked for.
    pub(super) fn apply(&mut self, io: &mut Io<'_>, out: AppOut) {
        for w in out.trace {
            io.push(w);
        }
        io.summary.payload_resent += out.payload_resent;
        if let Some(r) = out.resume {
            io.summary.resume_points.push(r);
        }
        for (host, at) in out.tick_at {
            io.later.push((at, Ev::Tick(host)));
        }
        for host in out.close {
            self.closing[ix(host)] = true;
        }
        let open = self.live.as_ref().is_some_and(|l| {
            matches!(
                l.tcp.state(Host::A),
                TcpState::SynSent | TcpState::Established
            )
        });
        if out.connect && !open && !self.over {
            io.push(What::App {
                host: Host::A,
                text: "a new TCP connection for the next request".into(),
            });
            self.open(io);
        }
        if let Some(outcome) = out.outcome {
            self.end(io, outcome);
        }
    }

    pub(super) fn end(&mut self, io: &mut Io<'_>, outcome: Outcome) {
        if self.over || io.summary.outcome.is_some() {
            return;
        }
        self.over = true;
        io.summary.outcome = Some(outcome.clone());
        io.summary.ended_at = Some(io.now);
        self.app.view().finish(&outcome, io.summary);
        io.push(What::Outcome { outcome });
    }

    /// Sends what the applications have queued while TCP and the link can take it, then the
    /// FIN of a host that is closing.
    fn pump(&mut self, io: &mut Io<'_>) {
        for host in [Host::A, Host::B] {
            self.pump_host(io, host);
        }
    }

    fn pump_host(&mut self, io: &mut Io<'_>, host: Host) {
        loop {
            let Some(live) = self.live.as_ref() else {
                return;
            };
            if !live.tcp.can_send(host) {
                return;
            }
            let Some(c) = io.conns.get(live.conn as usize).filter(|c| c.open) else {
                return;
            };
            let at = c.writable_at(io.link, host);
            if at > io.now {
                if !self.armed[ix(host)] {
                    self.armed[ix(host)] = true;
                    io.later.push((at, Ev::Writable(host)));
                }
                return;
            }
            let Some(piece) = self.app.get().poll(host) else {
                break;
            };
            let Some(seg) = self
                .live
                .as_mut()
                .and_then(|l| l.tcp.send(host, piece.octets.clone()))
            else {
                return;
            };
            io.summary.payload_sent += (piece.octets.len() - piece.header_len) as u64;
            io.summary.payload_resent += piece.resent;
            self.transmit(io, host, seg, Some(&piece));
            if self.break_due(io) {
                return;
            }
        }
        if self.closing[ix(host)] {
            self.closing[ix(host)] = false;
            if let Some(fin) = self.live.as_mut().and_then(|l| l.tcp.close(host)) {
                self.record_states(io);
                self.transmit(io, host, fin, None);
            }
        }
    }

    /// Breaks the link if the upload has passed a `break_at_byte` offset.
    fn break_due(&mut self, io: &mut Io<'_>) -> bool {
        let sent = self.app.view().progress().unwrap_or(0);
        match self.break_at.first().copied() {
            Some(at) if sent >= at => {
                self.break_at.remove(&at);
                self.break_link(io, &format!("break at byte {at}"));
                true
            }
            _ => false,
        }
    }
}
