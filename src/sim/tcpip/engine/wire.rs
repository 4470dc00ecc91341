//! The connection on the wire: putting segments on the link (trace, capture, timing), their
//! arrival, the states they change, and the link breaking under them.

use super::{ix, Engine, Ev, Io, CLIENT_PORT_BASE};
use crate::protocol::pcap;
use crate::sim::scheduler::ms_to_us;
use crate::sim::tcpip::app::{AppOut, Piece};
use crate::sim::tcpip::tcp::{flag_names, Arrival, Segment, TcpState, ACK};
use crate::sim::trace::{Host, Octets, Outcome, What, TRACE_DATA_MAX};

impl Engine {
    /// Traces the TCP states changed since the last call, and the connection's being up or
    /// closed as host A sees it.
    pub(super) fn record_states(&mut self, io: &mut Io<'_>) {
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
    pub(super) fn transmit(
        &mut self,
        io: &mut Io<'_>,
        from: Host,
        seg: Segment,
        piece: Option<&Piece>,
    ) {
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
    pub(super) fn deliver(&mut self, io: &mut Io<'_>, conn: u32, to: Host, seg: Segment) {
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
    pub(super) fn after_loss(&mut self, io: &mut Io<'_>) {
        self.hold = None;
        if self.over {
            return;
        }
        if !self.app.get().wants_connection() {
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
