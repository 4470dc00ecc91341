//! A deterministic pcap writer, so any session exchange opens in Wireshark.
//!
//! Each session connection becomes its own TCP connection between the initiator 10.0.0.1
//! (port 49152 + connection index, modulo 16384) and the responder 10.0.0.2 port 102 (ISO-TSAP).
//! Each TSDU goes as RFC 1006 TPKT + X.224 class 0 COTP DT + TSDU: the transport service the
//! session protocol of ITU-T X.225 clause 6 runs on. No clock is read: the caller passes times.
//!
//! Connection ids are lenient, so no input panics: [`PcapWriter::tsdu`] on an unknown or closed
//! connection opens it first (a handshake at the same time); closing or aborting a connection
//! that is not open, or opening one that is, does nothing. Re-opening a closed connection reuses
//! its port with new initial sequence numbers (Wireshark notes "TCP port numbers reused").

use super::sorted::SortedMap;

/// Most TCP payload in one segment: IPv4 total length 65535 - 20 (IP) - 20 (TCP).
const MAX_SEGMENT: usize = 65_495;
/// Most TSDU bytes in one TPKT: 65535 - 4 (TPKT header) - 3 (COTP DT header).
const MAX_TPKT_DATA: usize = 65_535 - 4 - 3;
/// Advertised TCP window (no window scaling).
const WINDOW: u16 = 65_535;
const TSAP_PORT: u16 = 102;
const CLIENT_PORT_BASE: u16 = 49_152;
const MAC_INITIATOR: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x01];
const MAC_RESPONDER: [u8; 6] = [0x02, 0x00, 0x00, 0x00, 0x00, 0x02];
const IP_INITIATOR: [u8; 4] = [10, 0, 0, 1];
const IP_RESPONDER: [u8; 4] = [10, 0, 0, 2];
const FIN: u8 = 0x01;
const SYN: u8 = 0x02;
const RST: u8 = 0x04;
const PSH: u8 = 0x08;
const ACK: u8 = 0x10;

/// One direction of a TCP connection.
#[derive(Clone, Copy, Debug)]
struct Side {
    /// Sequence number of the next byte this side sends.
    next_seq: u32,
    /// Bytes sent that the peer has not acknowledged yet.
    unacked: usize,
}

/// The TCP connection standing for one session connection.
#[derive(Clone, Copy, Debug)]
struct Conn {
    open: bool,
    port: u16,
    initiator: Side,
    responder: Side,
}

/// Builds a classic little-endian pcap (link type 1, Ethernet) in memory.
///
/// Same calls, same bytes: connections live in a sorted map and nothing reads a clock.
#[derive(Clone, Debug)]
pub struct PcapWriter {
    buf: Vec<u8>,
    conns: SortedMap<u32, Conn>,
    ip_id: u16,
}

impl Default for PcapWriter {
    fn default() -> Self {
        Self::new()
    }
}

impl PcapWriter {
    /// A writer holding only the pcap global header (v2.4, snaplen 262144, Ethernet).
    pub fn new() -> Self {
        let mut buf = Vec::with_capacity(4096);
        buf.extend_from_slice(&0xa1b2_c3d4_u32.to_le_bytes()); // magic: microsecond times
        buf.extend_from_slice(&[2, 0, 4, 0]); // version 2.4
        buf.extend_from_slice(&[0; 8]); // thiszone, sigfigs
        buf.extend_from_slice(&262_144_u32.to_le_bytes()); // snaplen
        buf.extend_from_slice(&1_u32.to_le_bytes()); // LINKTYPE_ETHERNET
        let (conns, ip_id) = (SortedMap::new(), 0);
        Self { buf, conns, ip_id }
    }

    /// Opens connection `conn` with SYN, SYN-ACK, ACK. Does nothing if it is already open.
    pub fn open_connection(&mut self, conn: u32, time_us: u64) {
        let previous = self.conns.get(&conn).copied();
        if previous.is_some_and(|c| c.open) {
            return;
        }
        // Deterministic initial sequence numbers; a re-opened connection moves past the old ones.
        let base = previous.map_or(0x1000_0000, |c| c.initiator.next_seq.wrapping_add(1 << 20));
        let isn = base.wrapping_add(conn.wrapping_mul(0x0001_0001));
        let side = |next_seq| Side {
            next_seq,
            unacked: 0,
        };
        let port = CLIENT_PORT_BASE + u16::try_from(conn % 16_384).unwrap_or(0);
        let (initiator, responder) = (side(isn), side(isn.wrapping_add(0x4000_0000)));
        let mut c = Conn {
            open: true,
            port,
            initiator,
            responder,
        };
        self.send(&mut c, true, time_us, SYN, &[]);
        self.send(&mut c, false, time_us, SYN | ACK, &[]);
        self.send(&mut c, true, time_us, ACK, &[]);
        self.conns.insert(conn, c);
    }

    /// Writes one TSDU on `conn` as TPKT + COTP DT units (split when larger than 65528 bytes,
    /// EOT only on the last), in TCP segments of at most 65495 bytes. Opens `conn` if needed.
    pub fn tsdu(&mut self, conn: u32, from_initiator: bool, time_us: u64, tsdu: &[u8]) {
        self.open_connection(conn, time_us);
        let Some(mut c) = self.conns.get(&conn).copied() else {
            return;
        };
        for segment in tpkt_units(tsdu).chunks(MAX_SEGMENT) {
            // Keep the bytes in flight below the window: the receiver acknowledges first.
            if sides(&mut c, from_initiator).0.unacked + segment.len() >= usize::from(WINDOW) {
                self.send(&mut c, !from_initiator, time_us, ACK, &[]);
            }
            self.send(&mut c, from_initiator, time_us, PSH | ACK, segment);
        }
        self.conns.insert(conn, c);
    }

    /// Closes `conn` in order: FIN/ACK from the initiator, FIN/ACK back, final ACK.
    pub fn close_connection(&mut self, conn: u32, time_us: u64) {
        let Some(mut c) = self.conns.get(&conn).copied().filter(|c| c.open) else {
            return;
        };
        self.send(&mut c, true, time_us, FIN | ACK, &[]);
        self.send(&mut c, false, time_us, FIN | ACK, &[]);
        self.send(&mut c, true, time_us, ACK, &[]);
        c.open = false;
        self.conns.insert(conn, c);
    }

    /// Breaks `conn` with an RST/ACK from the initiator (a lost transport connection).
    pub fn abort_connection(&mut self, conn: u32, time_us: u64) {
        let Some(mut c) = self.conns.get(&conn).copied().filter(|c| c.open) else {
            return;
        };
        self.send(&mut c, true, time_us, RST | ACK, &[]);
        c.open = false;
        self.conns.insert(conn, c);
    }

    /// The capture so far: global header and every record.
    pub fn into_bytes(self) -> Vec<u8> {
        self.buf
    }

    /// Appends one TCP segment of `c` as a pcap record and advances `c`'s sequence numbers.
    fn send(&mut self, c: &mut Conn, from_initiator: bool, time_us: u64, flags: u8, data: &[u8]) {
        let data = &data[..data.len().min(MAX_SEGMENT)];
        let (src, dst) = if from_initiator {
            (c.port, TSAP_PORT)
        } else {
            (TSAP_PORT, c.port)
        };
        let (tx, rx) = sides(c, from_initiator);
        let ack = if flags & ACK != 0 { rx.next_seq } else { 0 };
        let mut tcp = [0u8; 20];
        tcp[0..2].copy_from_slice(&src.to_be_bytes());
        tcp[2..4].copy_from_slice(&dst.to_be_bytes());
        tcp[4..8].copy_from_slice(&tx.next_seq.to_be_bytes());
        tcp[8..12].copy_from_slice(&ack.to_be_bytes());
        tcp[12..14].copy_from_slice(&[0x50, flags]); // data offset 5 words, no options
        tcp[14..16].copy_from_slice(&WINDOW.to_be_bytes());
        // SYN and FIN take one sequence number; `data` is at most MAX_SEGMENT, so no truncation.
        let used = data.len() as u32 + u32::from(flags & (SYN | FIN) != 0);
        tx.next_seq = tx.next_seq.wrapping_add(used);
        tx.unacked += data.len();
        if flags & ACK != 0 {
            rx.unacked = 0;
        }
        let frame = frame(from_initiator, self.ip_id, tcp, data);
        self.record(time_us, &frame);
    }

    /// Appends one TCP segment the caller numbered itself (the simulated TCP/IP stack's,
    /// whose own model of RFC 9293 keeps the sequence numbers), between 10.0.0.1 port
    /// `s.client_port` and 10.0.0.2 port `s.server_port`. Data past 65495 octets is cut.
    pub fn segment(&mut self, time_us: u64, s: &Segment, data: &[u8]) {
        let data = &data[..data.len().min(MAX_SEGMENT)];
        let (src, dst) = if s.from_initiator {
            (s.client_port, s.server_port)
        } else {
            (s.server_port, s.client_port)
        };
        let mut tcp = [0u8; 20];
        tcp[0..2].copy_from_slice(&src.to_be_bytes());
        tcp[2..4].copy_from_slice(&dst.to_be_bytes());
        tcp[4..8].copy_from_slice(&s.seq.to_be_bytes());
        tcp[8..12].copy_from_slice(&s.ack.to_be_bytes());
        tcp[12..14].copy_from_slice(&[0x50, s.flags]);
        tcp[14..16].copy_from_slice(&WINDOW.to_be_bytes());
        let frame = frame(s.from_initiator, self.ip_id, tcp, data);
        self.record(time_us, &frame);
    }

    /// Appends `frame` as a pcap record at `time_us`.
    fn record(&mut self, time_us: u64, frame: &[u8]) {
        self.ip_id = self.ip_id.wrapping_add(1);
        let secs = u32::try_from(time_us / 1_000_000).unwrap_or(u32::MAX);
        let len = u32::try_from(frame.len()).unwrap_or(u32::MAX);
        self.buf.extend_from_slice(&secs.to_le_bytes());
        self.buf
            .extend_from_slice(&((time_us % 1_000_000) as u32).to_le_bytes());
        self.buf.extend_from_slice(&len.to_le_bytes()); // incl_len
        self.buf.extend_from_slice(&len.to_le_bytes()); // orig_len
        self.buf.extend_from_slice(frame);
    }
}

/// The header of a TCP segment for [`PcapWriter::segment`].
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Segment {
    /// True when 10.0.0.1 (host A) sends it.
    pub from_initiator: bool,
    /// Host A's port.
    pub client_port: u16,
    /// Host B's port (80, 139, 111, ...).
    pub server_port: u16,
    /// The sequence number.
    pub seq: u32,
    /// The acknowledgment number.
    pub ack: u32,
    /// The control bits (FIN 0x01, SYN 0x02, RST 0x04, PSH 0x08, ACK 0x10).
    pub flags: u8,
}

/// (sender, receiver) sides of `c` for a segment in the given direction.
fn sides(c: &mut Conn, from_initiator: bool) -> (&mut Side, &mut Side) {
    if from_initiator {
        (&mut c.initiator, &mut c.responder)
    } else {
        (&mut c.responder, &mut c.initiator)
    }
}

/// An Ethernet frame holding IPv4 + `tcp` (checksum filled in here) + `data`.
fn frame(from_initiator: bool, ip_id: u16, mut tcp: [u8; 20], data: &[u8]) -> Vec<u8> {
    let (src_mac, dst_mac, src_ip, dst_ip) = if from_initiator {
        (MAC_INITIATOR, MAC_RESPONDER, IP_INITIATOR, IP_RESPONDER)
    } else {
        (MAC_RESPONDER, MAC_INITIATOR, IP_RESPONDER, IP_INITIATOR)
    };
    let tcp_len = u16::try_from(20 + data.len()).unwrap_or(u16::MAX - 20);
    let mut pseudo = [0u8; 12];
    pseudo[..4].copy_from_slice(&src_ip);
    pseudo[4..8].copy_from_slice(&dst_ip);
    pseudo[9] = 6;
    pseudo[10..].copy_from_slice(&tcp_len.to_be_bytes());
    let sum = internet_checksum(&[&pseudo, &tcp, data]);
    tcp[16..18].copy_from_slice(&sum.to_be_bytes());
    let mut f = Vec::with_capacity(54 + data.len());
    f.extend_from_slice(&dst_mac);
    f.extend_from_slice(&src_mac);
    f.extend_from_slice(&[0x08, 0x00]); // IPv4
    f.extend_from_slice(&ipv4_header(tcp_len + 20, ip_id, src_ip, dst_ip));
    f.extend_from_slice(&tcp);
    f.extend_from_slice(data);
    f
}

/// The TPKT stream carrying `tsdu`: `03 00 len` + COTP DT `02 f0 EOT|00` + up to 65528 bytes each.
fn tpkt_units(tsdu: &[u8]) -> Vec<u8> {
    let units = tsdu.len().div_ceil(MAX_TPKT_DATA).max(1);
    let mut out = Vec::with_capacity(tsdu.len() + units * 7);
    for i in 0..units {
        let start = i * MAX_TPKT_DATA;
        let chunk = &tsdu[start..(start + MAX_TPKT_DATA).min(tsdu.len())];
        let len = u16::try_from(chunk.len() + 7).unwrap_or(u16::MAX);
        let eot = if i + 1 == units { 0x80 } else { 0x00 };
        out.extend_from_slice(&[0x03, 0x00]);
        out.extend_from_slice(&len.to_be_bytes());
        out.extend_from_slice(&[0x02, 0xf0, eot]);
        out.extend_from_slice(chunk);
    }
    out
}

/// A fixed IPv4 header (DF, TTL 64, TCP) with its checksum.
fn ipv4_header(total_len: u16, id: u16, src: [u8; 4], dst: [u8; 4]) -> [u8; 20] {
    let mut h = [0u8; 20];
    h[0] = 0x45;
    h[2..4].copy_from_slice(&total_len.to_be_bytes());
    h[4..6].copy_from_slice(&id.to_be_bytes());
    h[6] = 0x40; // don't fragment
    h[8] = 64;
    h[9] = 6;
    h[12..16].copy_from_slice(&src);
    h[16..20].copy_from_slice(&dst);
    let sum = internet_checksum(&[&h]);
    h[10..12].copy_from_slice(&sum.to_be_bytes());
    h
}

/// RFC 1071 checksum over the concatenation of `parts` (each but the last of even length).
fn internet_checksum(parts: &[&[u8]]) -> u16 {
    let mut sum: u64 = 0;
    for part in parts {
        for pair in part.chunks(2) {
            sum += u64::from(u16::from_be_bytes([pair[0], *pair.get(1).unwrap_or(&0)]));
        }
    }
    while sum > 0xffff {
        sum = (sum & 0xffff) + (sum >> 16);
    }
    !(sum as u16)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (from initiator, TCP flags, seq, ack, payload) of every record after the global header.
    type Segment = (bool, u8, u32, u32, Vec<u8>);

    fn segments(pcap: &[u8]) -> Vec<Segment> {
        let (mut at, mut out) = (24, Vec::new());
        while at + 16 <= pcap.len() {
            let len = u32::from_le_bytes(pcap[at + 8..at + 12].try_into().unwrap()) as usize;
            let tcp = &pcap[at + 16 + 34..at + 16 + len];
            let be = |i: usize| u32::from_be_bytes(tcp[i..i + 4].try_into().unwrap());
            out.push((
                tcp[..2] != [0, 102],
                tcp[13],
                be(4),
                be(8),
                tcp[20..].to_vec(),
            ));
            at += 16 + len;
        }
        out
    }

    #[test]
    fn global_header() {
        let header = PcapWriter::new().into_bytes();
        assert_eq!(header[..4], [0xd4, 0xc3, 0xb2, 0xa1]); // a1b2c3d4, little-endian
        assert_eq!(header[4..16], [2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0]);
        assert_eq!(header[16..], [0, 0, 4, 0, 1, 0, 0, 0]); // snaplen 262144, Ethernet
    }

    #[test]
    fn known_ipv4_checksum() {
        // The classic example header 192.168.0.1 -> 192.168.0.199 (UDP), checksum b861.
        let h = [
            0x45, 0x00, 0x00, 0x73, 0x00, 0x00, 0x40, 0x00, 0x40, 0x11, 0x00, 0x00, 0xc0, 0xa8,
            0x00, 0x01, 0xc0, 0xa8, 0x00, 0xc7,
        ];
        assert_eq!(internet_checksum(&[&h]), 0xb861);
        let ours = ipv4_header(60, 7, IP_INITIATOR, IP_RESPONDER);
        assert_eq!(internet_checksum(&[&ours]), 0, "verifies to zero");
    }

    #[test]
    fn sequence_numbers_advance_by_payload_length() {
        let mut w = PcapWriter::new();
        w.tsdu(3, true, 10, &[1; 10]); // 17 bytes with TPKT + COTP DT
        w.tsdu(3, false, 20, &[2; 5]); // 12
        w.tsdu(3, true, 30, &[3; 1]); // 8
        w.close_connection(3, 40);
        let s = segments(&w.into_bytes());
        assert_eq!((s[0].1, s[1].1, s[1].3), (SYN, SYN | ACK, s[0].2 + 1));
        let (i, r) = (s[0].2 + 1, s[1].2 + 1); // first data byte of each side
        let relative = |s: &Segment| {
            let (own, peer) = if s.0 { (i, r) } else { (r, i) };
            (s.0, s.1, s.2 - own, s.3 - peer, s.4.len())
        };
        let got: Vec<_> = s[2..].iter().map(relative).collect();
        let (t, f) = (true, false);
        let expected = [
            (t, ACK, 0, 0, 0),
            (t, PSH | ACK, 0, 0, 17),
            (f, PSH | ACK, 0, 17, 12),
            (t, PSH | ACK, 17, 12, 8),
            (t, FIN | ACK, 25, 12, 0),
            (f, FIN | ACK, 12, 26, 0),
            (t, ACK, 26, 13, 0),
        ];
        assert_eq!(got, expected);
    }

    #[test]
    fn big_tsdu_is_split_into_tpkt_units() {
        let mut w = PcapWriter::new();
        w.tsdu(0, true, 0, &vec![0x5a; 200_000]);
        w.abort_connection(0, 1);
        let segs = segments(&w.into_bytes());
        assert_eq!(segs.last().unwrap().1, RST | ACK);
        let data: Vec<_> = segs.iter().filter(|s| s.1 == PSH | ACK).collect();
        assert!(data.iter().all(|s| s.4.len() <= MAX_SEGMENT));
        for pair in data.windows(2) {
            assert_eq!(pair[1].2, pair[0].2 + pair[0].4.len() as u32);
        }
        let stream: Vec<u8> = data.iter().flat_map(|s| s.4.clone()).collect();
        let (mut at, mut eots, mut tsdu_bytes) = (0, Vec::new(), 0);
        while at < stream.len() {
            let len = usize::from(u16::from_be_bytes([stream[at + 2], stream[at + 3]]));
            assert_eq!(
                stream[at..at + 6],
                [3, 0, stream[at + 2], stream[at + 3], 2, 0xf0]
            );
            eots.push(stream[at + 6]);
            tsdu_bytes += len - 7;
            at += len;
        }
        assert_eq!((at, tsdu_bytes), (stream.len(), 200_000));
        assert_eq!(eots, [0x00, 0x00, 0x00, 0x80]);
    }

    #[test]
    fn empty_tsdu_and_unknown_ids_do_not_panic_and_output_is_deterministic() {
        let run = || {
            let mut w = PcapWriter::default();
            w.close_connection(9, 0); // not open: nothing
            w.abort_connection(u32::MAX, 0); // not open: nothing
            w.tsdu(u32::MAX, false, u64::MAX, &[]); // handshake + one empty DT
            w.close_connection(u32::MAX, u64::MAX);
            w.tsdu(u32::MAX, true, u64::MAX, &[1]); // re-opens
            w.into_bytes()
        };
        let bytes = run();
        assert_eq!(bytes, run());
        let s = segments(&bytes);
        assert_eq!(s[3].4, [0x03, 0x00, 0x00, 0x07, 0x02, 0xf0, 0x80]);
        assert_eq!(s.len(), 3 + 1 + 3 + 3 + 1);
    }
}
