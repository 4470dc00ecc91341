//! The engine of one session on the TCP/IP stack: its TCP connection on the world's link, the
//! applications on top, and the faults. The world hands it events with an [`Io`] (the clock,
//! the link, the trace, the capture) and schedules the events it asks for in [`Io::later`].

use std::collections::BTreeSet;

use super::app::{AppOut, Piece};
use super::tcp::{flag_names, Arrival, Segment, Tcp, TcpState, ACK};
use super::App;
use crate::protocol::pcap::{self, PcapWriter};
use crate::sim::rng::Rng;
use crate::sim::scenario::{ActionKind, SessionSpec};
use crate::sim::scheduler::{ms_to_us, Micros};
use crate::sim::trace::{Host, Octets, Outcome, Summary, Trace, What, TRACE_DATA_MAX};
use crate::sim::transport::{Connection, Link};

/// How long TCP waits before sending a lost segment again (RFC 6298's one-second floor is
/// relaxed to the 200 ms most stacks use, as the OSI stack's transport does).
const RTO_US: Micros = crate::sim::world::RETRANSMISSION_TIMEOUT_US;
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

    /// Traces the TCP states changed since the last call, and the connection's being up or
    /// closed as host A sees it.
    fn record_states(&mut self, io: &mut Io<'_>) {
        let Some(live) = self.live.as_mut() else {
            return;
        };
        let conn = live.conn;
        for (host, from, to) in live.tcp.take_changes() {
            io.push(What::State {
                host,
                from: from.to_string(),
                to: to.to_string(),
            });
            match (host, to) {
                (Host::A, TcpState::Established) => {
                    io.push(What::TransportUp { conn });
                }
                (Host::A, TcpState::TimeWait) => {
                    io.push(What::TransportClosed { conn });
                }
                _ => {}
            }
        }
    }

    /// Puts a segment on the wire: the trace, the capture, the link's timing, its arrival.
    fn transmit(&mut self, io: &mut Io<'_>, from: Host, seg: Segment, piece: Option<&Piece>) {
        let Some(live) = self.live.as_ref() else {
            return;
        };
        let (conn, port) = (live.conn, live.port);
        let label = piece.map_or_else(|| flag_names(seg.flags), |p| p.label.clone());
        let header_len = piece.map_or(0, |p| p.header_len);
        let id = *io.ids;
        *io.ids += 1;
        io.summary.protocol_bytes += header_len as u64;
        let (now, session) = (io.now, io.session);
        let index = io.trace.push_with(now, session, || What::Spdu {
            id,
            conn,
            from,
            spdu: label.clone(),
            serial: None,
            len: seg.payload.len(),
            header_len,
            octets: Octets::first(&seg.payload, header_len + TRACE_DATA_MAX),
            arrives: None,
        });
        if !io.conns.get(conn as usize).is_some_and(|c| c.open) {
            return;
        }
        let (extra, why) = self.hold.take().unwrap_or_default();
        if extra > 0 {
            io.push(What::Fault {
                cause: format!("segment {id} ({label}) {why}"),
            });
        }
        let c = &mut io.conns[conn as usize];
        let arrival = c.send(io.link, now, from, seg.payload.len(), extra, index);
        if let Some(cap) = io.capture.as_deref_mut() {
            cap.segment(now, &capture_header(conn, port, from, &seg), &seg.payload);
        }
        let p = io.link.break_per_million;
        if p > 0 && io.faults.below(1_000_000) < u64::from(p) {
            io.later.push((now, Ev::RandomBreak(conn)));
        }
        if let Some(What::Spdu { arrives, .. }) = index
            .and_then(|i| io.trace.events.get_mut(i))
            .map(|e| &mut e.what)
        {
            *arrives = Some(arrival);
        }
        let to = from.peer();
        io.later.push((arrival, Ev::Deliver { conn, to, seg }));
    }

    /// A segment arrives.
    fn deliver(&mut self, io: &mut Io<'_>, conn: u32, to: Host, seg: Segment) {
        let Some(live) = self.live.as_mut().filter(|l| l.conn == conn) else {
            return;
        };
        match io.conns.get_mut(conn as usize) {
            Some(c) if c.open => c.arrived(to),
            _ => return,
        }
        let (replies, told) = live.tcp.receive(to, &seg);
        self.record_states(io);
        for r in replies {
            self.transmit(io, to, r, None);
        }
        for arrival in told {
            let mut out = AppOut::default();
            let app = self.app.get();
            match arrival {
                Arrival::Connected => app.connected(to, io.now, &mut out),
                Arrival::Data(data) => app.received(to, io.now, data, &mut out),
                Arrival::PeerClosed => {
                    app.peer_closed(to, io.now, &mut out);
                    self.closing[ix(to)] = true;
                }
                Arrival::Closed => app.closed(to, io.now, &mut out),
                Arrival::Reset => {
                    app.lost(to, io.now, &mut out);
                    if let Some(c) = io.conns.get_mut(conn as usize) {
                        c.open = false;
                    }
                    self.apply(io, out);
                    self.live = None;
                    self.after_loss(io);
                    return;
                }
            }
            self.apply(io, out);
        }
    }

    /// The link breaks: the connection and what is in flight are lost.
    pub fn break_link(&mut self, io: &mut Io<'_>, cause: &str) {
        let Some(mut live) = self.live.take() else {
            return;
        };
        let Some(c) = io.conns.get_mut(live.conn as usize).filter(|c| c.open) else {
            return;
        };
        let lost = c.break_now();
        // The capture ends the connection with a reset from host A, as the OSI capture does,
        // so that Wireshark sees it end; the trace shows the break itself, not a segment.
        if let Some(rst) = live.tcp.reset(Host::A) {
            if let Some(cap) = io.capture.as_deref_mut() {
                cap.segment(
                    io.now,
                    &capture_header(live.conn, live.port, Host::A, &rst),
                    &[],
                );
            }
        }
        live.tcp.lose();
        for i in lost.iter().flatten() {
            if let Some(What::Spdu { arrives, .. }) =
                io.trace.events.get_mut(*i).map(|e| &mut e.what)
            {
                *arrives = None;
            }
        }
        io.push(What::Break {
            conn: live.conn,
            cause: cause.to_string(),
            lost: lost.len() as u32,
            at_risk: self.app.view().at_risk(),
        });
        io.summary.breaks += 1;
        self.live = Some(live);
        self.record_states(io);
        self.live = None;
        for host in [Host::A, Host::B] {
            let mut out = AppOut::default();
            self.app.get().lost(host, io.now, &mut out);
            self.apply(io, out);
        }
        self.after_loss(io);
    }

    /// The connection is gone: connect again after the session's delay, while host A's
    /// application wants to and attempts are left.
    fn after_loss(&mut self, io: &mut Io<'_>) {
        self.hold = None;
        if self.over {
            return;
        }
        if !self.app.view().wants_connection() {
            // The application had ended (it was closing): its end stands, FIN or not.
            let mut out = AppOut::default();
            self.app.get().closed(Host::A, io.now, &mut out);
            self.apply(io, out);
            self.end(io, Outcome::Lost);
            return;
        }
        if self.attempts > self.spec.max_reconnects {
            let text = format!("giving up after {} reconnects", self.spec.max_reconnects);
            io.push(What::App {
                host: Host::A,
                text,
            });
            self.end(io, Outcome::Lost);
            return;
        }
        let delay = ms_to_us(self.spec.reconnect_delay_ms);
        io.push(What::App {
            host: Host::A,
            text: format!(
                "connecting again (a new TCP connection) in {} ms",
                delay / 1000
            ),
        });
        io.later.push((io.now.saturating_add(delay), Ev::Reconnect));
    }

    /// Applies what an application asked for.
    fn apply(&mut self, io: &mut Io<'_>, out: AppOut) {
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

    fn end(&mut self, io: &mut Io<'_>, outcome: Outcome) {
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

/// The capture's header of `seg` on connection `conn` to port `port`.
fn capture_header(conn: u32, port: u16, from: Host, seg: &Segment) -> pcap::Segment {
    pcap::Segment {
        from_initiator: from == Host::A,
        client_port: CLIENT_PORT_BASE + (conn % 16_384) as u16,
        server_port: port,
        seq: seg.seq,
        ack: if seg.flags & ACK != 0 { seg.ack } else { 0 },
        flags: seg.flags,
    }
}
