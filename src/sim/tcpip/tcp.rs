//! A TCP connection between host A (the client, active open) and host B (the server, passive
//! open), as RFC 9293 describes it: the three-way handshake (3.5), data with sequence and
//! acknowledgment numbers (3.4), the orderly close with FIN (3.6) and the reset (3.5.2).
//!
//! Sans-IO: the engine hands it user calls (`connect`, `send`, `close`, `reset`) and arriving
//! segments (`receive`); it answers with the segments to put on the wire and what the
//! application above is told. Every change of state goes through [`Tcp::set`], which keeps it
//! for the trace. Retransmission is not modelled here: the simulated link delivers in order or
//! breaks, and a lost segment is repaired by the link's own delay (see the world's `drop_next`).

use bytes::Bytes;
use std::fmt;

use crate::sim::trace::Host;

/// FIN: no more data from the sender (RFC 9293 3.1).
pub const FIN: u8 = 0x01;
/// SYN: synchronize sequence numbers.
pub const SYN: u8 = 0x02;
/// RST: reset the connection.
pub const RST: u8 = 0x04;
/// PSH: push function.
pub const PSH: u8 = 0x08;
/// ACK: the acknowledgment field is significant.
pub const ACK: u8 = 0x10;

/// A connection's state, named as RFC 9293 3.3.2 names them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum TcpState {
    /// No connection.
    Closed,
    /// Waiting for a connection request (the server).
    Listen,
    /// A SYN sent, waiting for the peer's.
    SynSent,
    /// A SYN received and answered, waiting for its acknowledgment.
    SynReceived,
    /// Open: data flows both ways.
    Established,
    /// Our FIN sent.
    FinWait1,
    /// Our FIN acknowledged, waiting for the peer's.
    FinWait2,
    /// The peer's FIN received; we may still send.
    CloseWait,
    /// Both FINs sent, ours not yet acknowledged.
    Closing,
    /// The peer's FIN received and ours sent after it.
    LastAck,
    /// Both FINs acknowledged; waiting out old segments.
    TimeWait,
}

impl fmt::Display for TcpState {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            TcpState::Closed => "CLOSED",
            TcpState::Listen => "LISTEN",
            TcpState::SynSent => "SYN-SENT",
            TcpState::SynReceived => "SYN-RECEIVED",
            TcpState::Established => "ESTABLISHED",
            TcpState::FinWait1 => "FIN-WAIT-1",
            TcpState::FinWait2 => "FIN-WAIT-2",
            TcpState::CloseWait => "CLOSE-WAIT",
            TcpState::Closing => "CLOSING",
            TcpState::LastAck => "LAST-ACK",
            TcpState::TimeWait => "TIME-WAIT",
        })
    }
}

/// One TCP segment: the header fields the model uses and the payload.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Segment {
    /// The control bits (FIN, SYN, RST, PSH, ACK).
    pub flags: u8,
    /// Sequence number of its first octet (of the SYN or FIN when it has one).
    pub seq: u32,
    /// The next sequence number the sender expects, when ACK is set.
    pub ack: u32,
    /// The data.
    pub payload: Bytes,
}

/// The control bits of `flags` as Wireshark writes them: "SYN, ACK", "FIN, ACK", "RST".
pub fn flag_names(flags: u8) -> String {
    let names = [
        (SYN, "SYN"),
        (FIN, "FIN"),
        (RST, "RST"),
        (PSH, "PSH"),
        (ACK, "ACK"),
    ];
    let on: Vec<&str> = names
        .iter()
        .filter(|(bit, _)| flags & bit != 0)
        .map(|(_, name)| *name)
        .collect();
    on.join(", ")
}

/// What an arriving segment means to the application on the receiving host.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Arrival {
    /// The handshake completed at this host.
    Connected,
    /// Data, in order.
    Data(Bytes),
    /// The peer sent FIN: it will send nothing more.
    PeerClosed,
    /// The connection is fully closed.
    Closed,
    /// The peer reset the connection (or refused it).
    Reset,
}

/// One end of the connection (RFC 9293 3.3.1's send and receive sequence variables).
#[derive(Clone, Copy, Debug)]
struct End {
    state: TcpState,
    /// SND.NXT: the next sequence number to send.
    snd_nxt: u32,
    /// RCV.NXT: the next sequence number expected.
    rcv_nxt: u32,
}

/// The connection: both ends, and the changes of state not yet traced.
#[derive(Clone, Debug)]
pub struct Tcp {
    ends: [End; 2],
    /// (host, from, to) of every change of state, in order, until taken.
    changes: Vec<(Host, TcpState, TcpState)>,
}

fn ix(h: Host) -> usize {
    usize::from(h == Host::B)
}

impl Tcp {
    /// A connection about to open: A closed with initial send sequence number `iss_a`, B
    /// listening with `iss_b` (or closed, refusing, when `listening` is false).
    pub fn new(iss_a: u32, iss_b: u32, listening: bool) -> Tcp {
        let end = |snd_nxt, state| End {
            state,
            snd_nxt,
            rcv_nxt: 0,
        };
        let b = if listening {
            TcpState::Listen
        } else {
            TcpState::Closed
        };
        Tcp {
            ends: [end(iss_a, TcpState::Closed), end(iss_b, b)],
            changes: Vec::new(),
        }
    }

    /// `host`'s state.
    pub fn state(&self, host: Host) -> TcpState {
        self.ends[ix(host)].state
    }

    /// True when `host` may send data (RFC 9293 3.10.2: ESTABLISHED or CLOSE-WAIT).
    pub fn can_send(&self, host: Host) -> bool {
        matches!(
            self.state(host),
            TcpState::Established | TcpState::CloseWait
        )
    }

    /// The changes of state since the last call.
    pub fn take_changes(&mut self) -> Vec<(Host, TcpState, TcpState)> {
        std::mem::take(&mut self.changes)
    }

    /// Every change of state, kept for the trace.
    fn set(&mut self, host: Host, to: TcpState) {
        let from = self.ends[ix(host)].state;
        if from != to {
            self.ends[ix(host)].state = to;
            self.changes.push((host, from, to));
        }
    }

    /// A segment from `host` with these bits and data; advances SND.NXT (SYN and FIN take one
    /// sequence number each, RFC 9293 3.4).
    fn segment(&mut self, host: Host, flags: u8, payload: Bytes) -> Segment {
        let end = &mut self.ends[ix(host)];
        let seq = end.snd_nxt;
        let used = payload.len() as u32 + u32::from(flags & (SYN | FIN) != 0);
        end.snd_nxt = end.snd_nxt.wrapping_add(used);
        let ack = if flags & ACK != 0 { end.rcv_nxt } else { 0 };
        Segment {
            flags,
            seq,
            ack,
            payload,
        }
    }

    /// A's active OPEN: the SYN (RFC 9293 3.5, figure 6 line 2).
    pub fn connect(&mut self) -> Segment {
        self.set(Host::A, TcpState::SynSent);
        self.segment(Host::A, SYN, Bytes::new())
    }

    /// SEND: data from `host`, if its state allows (else `None`).
    pub fn send(&mut self, host: Host, data: Bytes) -> Option<Segment> {
        self.can_send(host)
            .then(|| self.segment(host, PSH | ACK, data))
    }

    /// CLOSE: `host` sends FIN once its data is sent (RFC 9293 3.10.4); `None` if it has no
    /// connection to close.
    pub fn close(&mut self, host: Host) -> Option<Segment> {
        let to = match self.state(host) {
            TcpState::Established => TcpState::FinWait1,
            TcpState::CloseWait => TcpState::LastAck,
            _ => return None,
        };
        self.set(host, to);
        Some(self.segment(host, FIN | ACK, Bytes::new()))
    }

    /// ABORT: `host` sends RST and forgets the connection (RFC 9293 3.10.5).
    pub fn reset(&mut self, host: Host) -> Option<Segment> {
        if matches!(self.state(host), TcpState::Closed | TcpState::Listen) {
            return None;
        }
        self.set(host, TcpState::Closed);
        Some(self.segment(host, RST | ACK, Bytes::new()))
    }

    /// The link broke: both ends lose the connection with no segment (each learns it from
    /// its own timeout or the next reset; the model tells both at once).
    pub fn lose(&mut self) {
        for host in [Host::A, Host::B] {
            self.set(host, TcpState::Closed);
        }
    }

    /// A segment arrives at `to` (RFC 9293 3.10.7, SEGMENT ARRIVES, for the states this model
    /// reaches): the segments `to` answers with, and what its application is told.
    pub fn receive(&mut self, to: Host, seg: &Segment) -> (Vec<Segment>, Vec<Arrival>) {
        let (mut replies, mut told) = (Vec::new(), Vec::new());
        let state = self.state(to);
        if seg.flags & RST != 0 {
            if !matches!(state, TcpState::Closed | TcpState::Listen) {
                self.set(to, TcpState::Closed);
                told.push(Arrival::Reset);
            }
            return (replies, told);
        }
        match state {
            TcpState::Closed => {
                // Nobody listens: a SYN is answered with RST (3.10.7.1).
                if seg.flags & SYN != 0 {
                    let end = &mut self.ends[ix(to)];
                    end.rcv_nxt = seg.seq.wrapping_add(1);
                    end.snd_nxt = 0;
                    replies.push(self.segment(to, RST | ACK, Bytes::new()));
                }
            }
            TcpState::Listen if seg.flags & SYN != 0 => {
                self.ends[ix(to)].rcv_nxt = seg.seq.wrapping_add(1);
                self.set(to, TcpState::SynReceived);
                replies.push(self.segment(to, SYN | ACK, Bytes::new()));
            }
            TcpState::SynSent if seg.flags & (SYN | ACK) == SYN | ACK => {
                self.ends[ix(to)].rcv_nxt = seg.seq.wrapping_add(1);
                self.set(to, TcpState::Established);
                replies.push(self.segment(to, ACK, Bytes::new()));
                told.push(Arrival::Connected);
            }
            TcpState::SynReceived if seg.flags & ACK != 0 => {
                self.set(to, TcpState::Established);
                told.push(Arrival::Connected);
                self.data_and_fin(to, seg, &mut replies, &mut told);
            }
            TcpState::Established
            | TcpState::FinWait1
            | TcpState::FinWait2
            | TcpState::CloseWait
            | TcpState::Closing
            | TcpState::LastAck
            | TcpState::TimeWait => self.data_and_fin(to, seg, &mut replies, &mut told),
            TcpState::Listen | TcpState::SynSent | TcpState::SynReceived => {}
        }
        (replies, told)
    }

    /// The data, the acknowledgment of our FIN and the peer's FIN of a segment on a
    /// synchronized connection (3.10.7.4, steps five to eight).
    fn data_and_fin(
        &mut self,
        to: Host,
        seg: &Segment,
        replies: &mut Vec<Segment>,
        told: &mut Vec<Arrival>,
    ) {
        let end = self.ends[ix(to)];
        let our_fin_acked = seg.flags & ACK != 0 && seg.ack == end.snd_nxt;
        if !seg.payload.is_empty()
            && seg.seq == end.rcv_nxt
            && matches!(
                end.state,
                TcpState::Established | TcpState::FinWait1 | TcpState::FinWait2
            )
        {
            self.ends[ix(to)].rcv_nxt = end.rcv_nxt.wrapping_add(seg.payload.len() as u32);
            told.push(Arrival::Data(seg.payload.clone()));
        }
        match (self.state(to), our_fin_acked) {
            (TcpState::FinWait1, true) => self.set(to, TcpState::FinWait2),
            (TcpState::Closing, true) => self.set(to, TcpState::TimeWait),
            (TcpState::LastAck, true) => {
                self.set(to, TcpState::Closed);
                told.push(Arrival::Closed);
            }
            _ => {}
        }
        if seg.flags & FIN == 0 {
            return;
        }
        self.ends[ix(to)].rcv_nxt = self.ends[ix(to)].rcv_nxt.wrapping_add(1);
        let next = match self.state(to) {
            TcpState::Established => Some(TcpState::CloseWait),
            TcpState::FinWait1 => Some(TcpState::Closing),
            TcpState::FinWait2 => Some(TcpState::TimeWait),
            _ => None,
        };
        if let Some(next) = next {
            self.set(to, next);
            if next == TcpState::CloseWait {
                told.push(Arrival::PeerClosed);
            } else {
                replies.push(self.segment(to, ACK, Bytes::new()));
                if next == TcpState::TimeWait {
                    told.push(Arrival::Closed);
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A connection through its handshake.
    fn established() -> Tcp {
        let mut t = Tcp::new(100, 500, true);
        let syn = t.connect();
        let (r, _) = t.receive(Host::B, &syn);
        let (r, told) = t.receive(Host::A, &r[0]);
        assert_eq!(told, [Arrival::Connected]);
        let (none, told) = t.receive(Host::B, &r[0]);
        assert!(none.is_empty());
        assert_eq!(told, [Arrival::Connected]);
        t
    }

    #[test]
    fn the_handshake_is_syn_syn_ack_ack() {
        let mut t = Tcp::new(100, 500, true);
        let syn = t.connect();
        assert_eq!((syn.flags, syn.seq), (SYN, 100));
        let (r, _) = t.receive(Host::B, &syn);
        assert_eq!((r[0].flags, r[0].seq, r[0].ack), (SYN | ACK, 500, 101));
        let (r, _) = t.receive(Host::A, &r[0]);
        assert_eq!((r[0].flags, r[0].seq, r[0].ack), (ACK, 101, 501));
        let names: Vec<String> = t
            .take_changes()
            .iter()
            .map(|(h, f, to)| format!("{} {f}->{to}", h.name()))
            .collect();
        assert_eq!(
            names,
            [
                "A CLOSED->SYN-SENT",
                "B LISTEN->SYN-RECEIVED",
                "A SYN-SENT->ESTABLISHED"
            ]
        );
        assert_eq!(flag_names(SYN | ACK), "SYN, ACK");
    }

    #[test]
    fn data_then_an_orderly_close_from_either_side() {
        let mut t = established();
        let d = t.send(Host::A, Bytes::from_static(b"hello")).unwrap();
        let (_, told) = t.receive(Host::B, &d);
        assert_eq!(told, [Arrival::Data(Bytes::from_static(b"hello"))]);
        let fin = t.close(Host::A).unwrap();
        let (r, told) = t.receive(Host::B, &fin);
        assert!(r.is_empty());
        assert_eq!(told, [Arrival::PeerClosed]);
        assert_eq!(t.state(Host::B), TcpState::CloseWait);
        let fin_b = t.close(Host::B).unwrap();
        let (r, told) = t.receive(Host::A, &fin_b);
        assert_eq!(told, [Arrival::Closed]);
        assert_eq!(t.state(Host::A), TcpState::TimeWait);
        let (_, told) = t.receive(Host::B, &r[0]);
        assert_eq!(told, [Arrival::Closed]);
        assert_eq!(t.state(Host::B), TcpState::Closed);
    }

    #[test]
    fn a_reset_closes_and_a_refused_syn_is_reset() {
        let mut t = established();
        let rst = t.reset(Host::A).unwrap();
        assert_eq!(rst.flags, RST | ACK);
        let (_, told) = t.receive(Host::B, &rst);
        assert_eq!(told, [Arrival::Reset]);
        assert!(t.send(Host::B, Bytes::from_static(b"x")).is_none());
        let mut refused = Tcp::new(1, 2, false);
        let syn = refused.connect();
        let (r, _) = refused.receive(Host::B, &syn);
        assert_eq!((r[0].flags, r[0].ack), (RST | ACK, 2));
        let (_, told) = refused.receive(Host::A, &r[0]);
        assert_eq!(told, [Arrival::Reset]);
    }

    #[test]
    fn out_of_order_or_late_segments_are_dropped_not_a_panic() {
        let mut t = established();
        let odd = Segment {
            flags: PSH | ACK | FIN | SYN,
            seq: 7,
            ack: 9,
            payload: Bytes::from_static(b"junk"),
        };
        let _ = t.receive(Host::B, &odd);
        t.lose();
        let _ = t.receive(Host::A, &odd);
        assert_eq!(t.state(Host::A), TcpState::Closed);
    }
}
