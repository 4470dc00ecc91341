//! The half-duplex conversation over the NetBIOS Session Service (RFC 1002 4.3) on TCP port
//! 139: a SESSION REQUEST naming the called and calling NetBIOS names in first-level encoding
//! (RFC 1001 14.1), a POSITIVE (or NEGATIVE) SESSION RESPONSE, then SESSION MESSAGEs, with
//! SESSION KEEP ALIVE while idle. NBSS has no token: whose turn it is belongs to the chat
//! application, which numbers its lines. A break ends the NetBIOS session; on the new one the
//! two applications tell each other how far they got ("RESUME n") and go on from the lower.

use bytes::Bytes;

use super::app::{AppOut, Outbox, Piece, StreamApp};
use crate::sim::apps::chat::ChatSpec;
use crate::sim::scheduler::{ms_to_us, Micros};
use crate::sim::trace::Host;

/// SESSION MESSAGE (RFC 1002 4.3.1).
pub const MESSAGE: u8 = 0x00;
/// SESSION REQUEST.
pub const REQUEST: u8 = 0x81;
/// POSITIVE SESSION RESPONSE.
pub const POSITIVE: u8 = 0x82;
/// NEGATIVE SESSION RESPONSE.
pub const NEGATIVE: u8 = 0x83;
/// SESSION KEEP ALIVE.
pub const KEEP_ALIVE: u8 = 0x85;
/// NEGATIVE SESSION RESPONSE's error "Called name not present" (RFC 1002 4.3.4).
pub const NOT_PRESENT: u8 = 0x82;
/// Host B's NetBIOS name, and host A's.
pub const CALLED: &str = "BOB";
/// Host A's NetBIOS name.
pub const CALLING: &str = "ALICE";
/// How long host A stays quiet before a SESSION KEEP ALIVE. Real clients wait minutes; the
/// playground's conversations last seconds, so it waits a fifth of one.
pub const KEEP_ALIVE_US: Micros = 200_000;

/// A NetBIOS name in first-level encoding (RFC 1001 14.1): padded with spaces to 15 octets
/// and `suffix`, each half-octet as a letter from 'A', length 32 first, the empty scope last.
pub fn encode_name(name: &str, suffix: u8) -> [u8; 34] {
    let mut raw = [b' '; 16];
    for (r, c) in raw.iter_mut().zip(name.bytes().take(15)) {
        *r = c.to_ascii_uppercase();
    }
    raw[15] = suffix;
    let mut out = [0u8; 34];
    out[0] = 32;
    for (i, b) in raw.iter().enumerate() {
        out[1 + 2 * i] = b'A' + (b >> 4);
        out[2 + 2 * i] = b'A' + (b & 15);
    }
    out
}

/// The name and suffix a first-level encoding holds, or `None` if it is not one.
pub fn decode_name(enc: &[u8]) -> Option<(String, u8)> {
    if enc.len() < 34 || enc[0] != 32 || enc[33] != 0 {
        return None;
    }
    let mut raw = [0u8; 16];
    for (i, r) in raw.iter_mut().enumerate() {
        let (hi, lo) = (
            enc[1 + 2 * i].wrapping_sub(b'A'),
            enc[2 + 2 * i].wrapping_sub(b'A'),
        );
        if hi > 15 || lo > 15 {
            return None;
        }
        *r = hi << 4 | lo;
    }
    let name = String::from_utf8_lossy(&raw[..15]).trim_end().to_string();
    Some((name, raw[15]))
}

/// An NBSS packet: type, flags (the length's extension bit), length, trailer (RFC 1002 4.3.1).
pub fn packet(kind: u8, trailer: &[u8]) -> Bytes {
    let len = trailer.len().min(0x1_ffff);
    let mut out = vec![kind, (len >> 16) as u8 & 1, (len >> 8) as u8, len as u8];
    out.extend_from_slice(&trailer[..len]);
    Bytes::from(out)
}

/// The label a timeline shows for a packet type.
pub fn type_name(kind: u8) -> &'static str {
    match kind {
        MESSAGE => "SESSION MESSAGE",
        REQUEST => "SESSION REQUEST",
        POSITIVE => "POSITIVE SESSION RESPONSE",
        NEGATIVE => "NEGATIVE SESSION RESPONSE",
        KEEP_ALIVE => "SESSION KEEP ALIVE",
        _ => "NBSS (unknown type)",
    }
}

/// Takes the complete packets at the start of `buf`: (type, trailer).
fn packets(buf: &mut Vec<u8>) -> Vec<(u8, Vec<u8>)> {
    let mut out = Vec::new();
    while buf.len() >= 4 {
        let len = usize::from(buf[1] & 1) << 16 | usize::from(buf[2]) << 8 | usize::from(buf[3]);
        if buf.len() < 4 + len {
            break;
        }
        out.push((buf[0], buf[4..4 + len].to_vec()));
        buf.drain(..4 + len);
    }
    out
}

/// Both participants and the NetBIOS sessions between them.
#[derive(Clone, Debug)]
pub struct Chat {
    lines: u32,
    think: Micros,
    out: Outbox,
    bufs: [Vec<u8>; 2],
    /// The NetBIOS session is up at this host.
    session: [bool; 2],
    /// Lines each host has said or heard: the next line's number.
    count: [u32; 2],
    /// Host A waits for B's RESUME before anyone speaks.
    resyncing: bool,
    /// When each host will speak its next line.
    speak_at: [Option<Micros>; 2],
    /// When host A last sent anything.
    last_sent_a: Micros,
    /// When host A's keep-alive timer is due.
    keep_alive_due: Option<Micros>,
}

fn ix(h: Host) -> usize {
    usize::from(h == Host::B)
}

/// Whose line number `n` is: A says the even ones.
fn speaker(n: u32) -> Host {
    if n.is_multiple_of(2) {
        Host::A
    } else {
        Host::B
    }
}

mod talk;

impl Chat {
    /// A conversation of `spec.lines` lines.
    pub fn new(spec: &ChatSpec) -> Chat {
        Chat {
            lines: spec.lines,
            think: ms_to_us(spec.think_ms),
            out: Outbox::default(),
            bufs: [Vec::new(), Vec::new()],
            session: [false; 2],
            count: [0; 2],
            resyncing: false,
            speak_at: [None; 2],
            last_sent_a: 0,
            keep_alive_due: None,
        }
    }

    fn send(&mut self, host: Host, kind: u8, trailer: &[u8], label: Option<String>) {
        let octets = packet(kind, trailer);
        let header = if kind == MESSAGE { 4 } else { octets.len() };
        let label = label.unwrap_or_else(|| type_name(kind).to_string());
        self.out.push(host, Piece::message(label, octets, header));
    }
}

impl StreamApp for Chat {
    fn port(&self) -> u16 {
        139
    }

    fn connected(&mut self, host: Host, _now: Micros, out: &mut AppOut) {
        self.bufs[ix(host)].clear();
        if host == Host::B {
            return;
        }
        out.note(
            Host::A,
            format!("NetBIOS: SESSION REQUEST to {CALLED}<20> from {CALLING}<00>"),
        );
        let mut names = encode_name(CALLED, 0x20).to_vec();
        names.extend_from_slice(&encode_name(CALLING, 0x00));
        self.send(Host::A, REQUEST, &names, None);
    }

    fn received(&mut self, host: Host, now: Micros, data: Bytes, out: &mut AppOut) {
        let buf = &mut self.bufs[ix(host)];
        buf.extend_from_slice(&data);
        for (kind, trailer) in packets(buf) {
            self.packet_in(host, kind, &trailer, now, out);
        }
    }

    fn peer_closed(&mut self, host: Host, _now: Micros, _out: &mut AppOut) {
        self.session[ix(host)] = false;
    }

    fn lost(&mut self, host: Host, _now: Micros, out: &mut AppOut) {
        self.bufs[ix(host)].clear();
        self.out.clear();
        if self.session[ix(host)] && host == Host::A {
            out.note(
                Host::A,
                "the NetBIOS session ends with its TCP connection: a new SESSION REQUEST is \
                 needed",
            );
        }
        self.session[ix(host)] = false;
        self.speak_at[ix(host)] = None;
        if host == Host::A {
            self.keep_alive_due = None;
        }
    }

    fn tick(&mut self, host: Host, now: Micros, out: &mut AppOut) {
        self.on_tick(host, now, out);
    }

    fn outbox(&mut self) -> &mut Outbox {
        &mut self.out
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_first_level_encoded_as_rfc_1001_says() {
        // RFC 1001 14.1's example: "FRED" is EGFCEFEE followed by CACA... ("FRED" + spaces).
        let e = encode_name("FRED", 0x20);
        assert_eq!(&e[1..9], b"EGFCEFEE");
        assert_eq!(&e[9..33], &b"CACACACACACACACACACACACA"[..]);
        assert_eq!(decode_name(&e), Some(("FRED".into(), 0x20)));
        assert_eq!(decode_name(&e[..10]), None);
        let mut bad = e;
        bad[5] = b'z';
        assert_eq!(decode_name(&bad), None);
    }

    #[test]
    fn packets_are_split_from_the_stream_whole() {
        let mut stream = packet(MESSAGE, b"hello").to_vec();
        stream.extend_from_slice(&packet(KEEP_ALIVE, b""));
        stream.extend_from_slice(&[0x00, 0x00]);
        let got = packets(&mut stream);
        assert_eq!(got, [(MESSAGE, b"hello".to_vec()), (KEEP_ALIVE, vec![])]);
        assert_eq!(stream, [0, 0]);
    }
}
