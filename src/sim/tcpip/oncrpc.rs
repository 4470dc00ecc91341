//! Remote procedure calls as ONC RPC over TCP (RFC 5531): each call and reply is one record
//! of the record marking standard (11: a four-octet mark, last-fragment bit and length), a call
//! names its program, version and procedure (9), a reply carries the call's `xid`. After a
//! break the client sends every unanswered call again on a new connection with the same `xid`;
//! the server's duplicate request cache answers a call it already executed from the cache,
//! without executing it again: at-most-once, which TCP alone does not give.

use bytes::Bytes;
use std::collections::BTreeMap;

use super::app::{AppOut, Outbox, Piece, StreamApp};
use crate::sim::apps::rpc::RpcSpec;
use crate::sim::rng::Rng;
use crate::sim::scheduler::Micros;
use crate::sim::trace::{Host, Outcome};

/// The service's program number, from the range RFC 5531 13.1 leaves to users.
pub const PROGRAM: u32 = 0x2000_0001;
/// Its version.
pub const VERSION: u32 = 1;
/// Procedure 1, ADD: adds its argument to the ledger and returns the new total. It is not
/// idempotent: executing it twice would count twice.
pub const PROC_ADD: u32 = 1;
/// The TCP port: rpcbind's, 111, where Wireshark looks for RPC first.
pub const PORT: u16 = 111;
/// Octets of a call before its arguments: record mark, xid, type, version, program, version,
/// procedure, AUTH_NONE credential and verifier.
pub const CALL_HEADER: usize = 4 + 40;
/// Octets of an accepted reply before its results.
pub const REPLY_HEADER: usize = 4 + 24;

/// A record: the mark (last fragment, RFC 5531 11) and `body`.
fn record(body: &[u8]) -> Vec<u8> {
    let mut out = (0x8000_0000u32 | body.len() as u32).to_be_bytes().to_vec();
    out.extend_from_slice(body);
    out
}

fn words(ws: &[u32]) -> Vec<u8> {
    ws.iter().flat_map(|w| w.to_be_bytes()).collect()
}

/// A CALL of procedure ADD with `amount` (RFC 5531 9: call body, AUTH_NONE).
pub fn call(xid: u32, amount: u32) -> Bytes {
    Bytes::from(record(&words(&[
        xid, 0, 2, PROGRAM, VERSION, PROC_ADD, 0, 0, 0, 0, amount,
    ])))
}

/// A REPLY, MSG_ACCEPTED, with `accept_stat` and, on SUCCESS, `result`.
pub fn reply(xid: u32, accept_stat: u32, result: Option<u32>) -> Bytes {
    let mut ws = vec![xid, 1, 0, 0, 0, accept_stat];
    ws.extend(result);
    Bytes::from(record(&words(&ws)))
}

/// The big-endian word at word index `i` of `b`.
fn word(b: &[u8], i: usize) -> Option<u32> {
    let w = b.get(i * 4..i * 4 + 4)?;
    Some(u32::from_be_bytes([w[0], w[1], w[2], w[3]]))
}

/// Takes the complete records at the start of `buf` (a stream of one direction).
fn records(buf: &mut Vec<u8>) -> Vec<Vec<u8>> {
    let mut out = Vec::new();
    while let Some(mark) = word(buf, 0) {
        let len = (mark & 0x7fff_ffff) as usize;
        if buf.len() < 4 + len {
            break;
        }
        out.push(buf[4..4 + len].to_vec());
        buf.drain(..4 + len);
    }
    out
}

/// Both sides: the caller on host A, the server with its ledger and cache on host B.
#[derive(Clone, Debug)]
pub struct Rpc {
    calls: u32,
    out: Outbox,
    bufs: [Vec<u8>; 2],
    first_xid: u32,
    /// Calls made; the last one unanswered when `waiting`.
    made: u32,
    waiting: bool,
    ledger: u32,
    /// The duplicate request cache: each executed call's reply, by xid.
    cache: BTreeMap<u32, Bytes>,
}

fn ix(h: Host) -> usize {
    usize::from(h == Host::B)
}

impl Rpc {
    /// A caller making `spec.calls` calls; the first xid is random.
    pub fn new(spec: &RpcSpec, mut rng: Rng) -> Rpc {
        Rpc {
            calls: spec.calls,
            out: Outbox::default(),
            bufs: [Vec::new(), Vec::new()],
            first_xid: rng.next_u64() as u32,
            made: 0,
            waiting: false,
            ledger: 0,
            cache: BTreeMap::new(),
        }
    }

    fn xid(&self, n: u32) -> u32 {
        self.first_xid.wrapping_add(n)
    }

    /// Sends call `n` (from 0), the first time or again.
    fn send_call(&mut self, n: u32) {
        let xid = self.xid(n);
        let octets = call(xid, n + 1);
        let piece = Piece::message(format!("CALL xid {xid:08x}"), octets, CALL_HEADER);
        self.out.push(Host::A, piece);
        self.waiting = true;
    }

    fn next_call(&mut self, out: &mut AppOut) {
        if self.made >= self.calls {
            out.note(Host::A, "every call answered; closing the connection");
            self.out.ending = Some(Outcome::Released);
            out.close.push(Host::A);
            return;
        }
        out.note(
            Host::A,
            format!("call {}: ADD({})", self.made + 1, self.made + 1),
        );
        self.made += 1;
        self.send_call(self.made - 1);
    }

    /// A call arrives at the server: executed once, answered from the cache after.
    fn serve(&mut self, body: &[u8], out: &mut AppOut) {
        let Some(xid) = word(body, 0) else {
            return;
        };
        let fields: Vec<Option<u32>> = (1..6).map(|i| word(body, i)).collect();
        let accept = match fields[..] {
            [Some(0), Some(2), Some(PROGRAM), Some(VERSION), Some(PROC_ADD)] => 0,
            [Some(0), Some(2), Some(PROGRAM), Some(VERSION), Some(_)] => 3, // PROC_UNAVAIL
            [Some(0), Some(2), Some(PROGRAM), Some(_), Some(_)] => 2,       // PROG_MISMATCH
            [Some(0), Some(2), Some(_), Some(_), Some(_)] => 1,             // PROG_UNAVAIL
            _ => return out.note(Host::B, "not an ONC RPC call: ignored"),
        };
        let label = format!("REPLY xid {xid:08x}");
        if let Some(cached) = self.cache.get(&xid) {
            out.note(
                Host::B,
                format!(
                    "xid {xid:08x} was already executed: answered from the duplicate request \
                     cache, not executed again"
                ),
            );
            let piece = Piece::message(label, cached.clone(), REPLY_HEADER);
            return self.out.push(Host::B, piece);
        }
        let octets = match (accept, word(body, 10)) {
            (0, Some(amount)) => {
                self.ledger = self.ledger.wrapping_add(amount);
                out.note(
                    Host::B,
                    format!(
                        "executing xid {xid:08x}: ADD({amount}), total {}",
                        self.ledger
                    ),
                );
                reply(xid, 0, Some(self.ledger))
            }
            (0, None) => reply(xid, 4, None), // GARBAGE_ARGS
            (stat, _) => reply(xid, stat, None),
        };
        self.cache.insert(xid, octets.clone());
        let header = REPLY_HEADER.min(octets.len());
        self.out
            .push(Host::B, Piece::message(label, octets, header));
    }

    /// A reply arrives at the client.
    fn answered(&mut self, body: &[u8], out: &mut AppOut) {
        let expected = self.xid(self.made.saturating_sub(1));
        match (word(body, 0), word(body, 1), word(body, 6)) {
            (Some(xid), Some(1), result) if self.waiting && xid == expected => {
                self.waiting = false;
                let total = result.map_or("no result".into(), |r| format!("total {r}"));
                out.note(Host::A, format!("reply to xid {xid:08x}: {total}"));
                self.next_call(out);
            }
            (Some(xid), _, _) => out.note(
                Host::A,
                format!("a reply to xid {xid:08x}, which is not awaited"),
            ),
            _ => out.note(Host::A, "not an ONC RPC reply: ignored"),
        }
    }
}

impl StreamApp for Rpc {
    fn port(&self) -> u16 {
        PORT
    }

    fn connected(&mut self, host: Host, _now: Micros, out: &mut AppOut) {
        self.bufs[ix(host)].clear();
        if host == Host::B {
            return;
        }
        if self.waiting {
            let xid = self.xid(self.made - 1);
            out.note(
                Host::A,
                format!("call xid {xid:08x} had no reply: sent again with the same xid"),
            );
            self.send_call(self.made - 1);
        } else if self.made == 0 {
            self.next_call(out);
        }
    }

    fn received(&mut self, host: Host, _now: Micros, data: Bytes, out: &mut AppOut) {
        let buf = &mut self.bufs[ix(host)];
        buf.extend_from_slice(&data);
        for body in records(buf) {
            match host {
                Host::A => self.answered(&body, out),
                Host::B => self.serve(&body, out),
            }
        }
    }

    fn peer_closed(&mut self, _host: Host, _now: Micros, _out: &mut AppOut) {}

    fn lost(&mut self, host: Host, _now: Micros, _out: &mut AppOut) {
        self.bufs[ix(host)].clear();
        self.out.clear();
    }

    fn tick(&mut self, _host: Host, _now: Micros, _out: &mut AppOut) {}

    fn outbox(&mut self) -> &mut Outbox {
        &mut self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_call_is_a_marked_record_of_rfc_5531_words() {
        let c = call(0x0102_0304, 7);
        assert_eq!(c.len(), CALL_HEADER + 4);
        assert_eq!(&c[..4], &[0x80, 0, 0, 44]);
        assert_eq!(&c[4..8], &[1, 2, 3, 4]);
        let r = reply(9, 0, Some(5));
        assert_eq!(r.len(), REPLY_HEADER + 4);
        let mut stream = c.to_vec();
        stream.extend_from_slice(&r[..10]);
        let got = records(&mut stream);
        assert_eq!(got.len(), 1);
        assert_eq!(stream.len(), 10);
    }

    #[test]
    fn the_cache_answers_a_repeated_call_without_executing_it() {
        let mut rpc = Rpc::new(&RpcSpec { calls: 1 }, Rng::new(1));
        let mut out = AppOut::default();
        let body = &call(5, 10)[4..];
        rpc.serve(body, &mut out);
        rpc.serve(body, &mut out);
        assert_eq!(rpc.ledger, 10);
        let a = rpc.out.pop(Host::B).unwrap();
        let b = rpc.out.pop(Host::B).unwrap();
        assert_eq!(a.octets, b.octets);
        // Garbage never panics.
        rpc.serve(&[1, 2, 3], &mut out);
        rpc.serve(&words(&[1, 0, 2, PROGRAM, 9, 1]), &mut out);
        assert_eq!(word(&rpc.out.pop(Host::B).unwrap().octets, 6), Some(2));
    }
}
