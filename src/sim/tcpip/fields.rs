//! Where each field of a TCP/IP segment's payload lies, octet by octet, for the inspector's
//! linked hex view (as `protocol::layout` does for a TSDU): an HTTP message's start line, each
//! header field and its body (RFC 9112 2.1); an NBSS packet's type, flags, length and names
//! (RFC 1002 4.3.1); an ONC RPC record's mark and each word of its call or reply (RFC 5531
//! 9, 11). Octets cut short (the trace keeps the head and 64 octets of data) are named up to
//! where they end; bytes that are not the protocol are one field saying so. Never panics.

use std::ops::Range;

use super::nbss::{decode_name, type_name, NEGATIVE, REQUEST};
use crate::protocol::layout::Field;
use crate::sim::scenario::AppSpec;

/// The application protocol a session's segments carry on the TCP/IP stack.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Proto {
    /// HTTP/1.1 (banking, the upload).
    Http,
    /// The NetBIOS Session Service (the conversation).
    Nbss,
    /// ONC RPC over TCP (the calls).
    OncRpc,
}

impl Proto {
    /// The protocol of `app` on the TCP/IP stack.
    pub fn of(app: &AppSpec) -> Proto {
        match app {
            AppSpec::Banking(_) | AppSpec::FileTransfer(_) => Proto::Http,
            AppSpec::Chat(_) => Proto::Nbss,
            AppSpec::Rpc(_) => Proto::OncRpc,
        }
    }
}

/// The fields of `payload` (a segment's payload, or its first octets) in protocol `proto`.
/// A segment that continues a body (it has no protocol octets) is one field of data.
pub fn fields(proto: Proto, payload: &[u8], header_len: usize) -> Vec<Field> {
    if payload.is_empty() {
        return Vec::new();
    }
    if header_len == 0 {
        return vec![field(0..payload.len(), "data, continued", 0, payload.len())];
    }
    match proto {
        Proto::Http => http(payload),
        Proto::Nbss => nbss(payload),
        Proto::OncRpc => rpc(payload),
    }
}

/// A field at `octets`, cut to the `len` octets there are (and saying so).
fn field(octets: Range<usize>, name: impl Into<String>, depth: u8, len: usize) -> Field {
    let mut name = name.into();
    let end = octets.end.min(len);
    if end < octets.end {
        name.push_str(" (cut)");
    }
    Field {
        octets: octets.start.min(end)..end,
        name,
        depth,
    }
}

fn http(p: &[u8]) -> Vec<Field> {
    let mut out = Vec::new();
    let mut at = 0;
    while at < p.len() {
        let end = p[at..]
            .windows(2)
            .position(|w| w == b"\r\n")
            .map_or(p.len(), |i| at + i + 2);
        let line = String::from_utf8_lossy(&p[at..end]);
        let text = line.trim_end();
        let (name, depth) = match (at, text.is_empty()) {
            (0, _) if text.starts_with("HTTP/") => (format!("status line: {text}"), 0),
            (0, _) => (format!("request line: {text}"), 0),
            (_, true) => ("end of the head (an empty line)".to_string(), 0),
            (_, false) => (format!("header field {}", short(text)), 1),
        };
        out.push(field(at..end, name, depth, p.len()));
        at = end;
        if text.is_empty() {
            break;
        }
    }
    if at < p.len() {
        out.push(field(
            at..p.len(),
            format!("body ({} octets shown)", p.len() - at),
            0,
            p.len(),
        ));
    }
    out
}

/// At most 60 characters of `s`.
fn short(s: &str) -> String {
    match s.char_indices().nth(60) {
        Some((i, _)) => format!("{}…", &s[..i]),
        None => s.to_string(),
    }
}

fn nbss(p: &[u8]) -> Vec<Field> {
    let len = p.len();
    let kind = p[0];
    let length = p
        .get(1..4)
        .map(|b| usize::from(b[0] & 1) << 16 | usize::from(b[1]) << 8 | usize::from(b[2]));
    let mut out = vec![
        field(
            0..1,
            format!("type 0x{kind:02x}: {}", type_name(kind)),
            0,
            len,
        ),
        field(1..2, "flags (bit 0: length extension)", 0, len),
        field(2..4, format!("length {}", length.unwrap_or(0)), 0, len),
    ];
    let name = |at: usize, what: &str| match p.get(at..at + 34).and_then(decode_name) {
        Some((n, suffix)) => format!("{what} name {n}<{suffix:02x}>, first-level encoded"),
        None => format!("{what} name (not a first-level encoding)"),
    };
    match kind {
        REQUEST => {
            out.push(field(4..38, name(4, "called"), 1, len));
            out.push(field(38..72, name(38, "calling"), 1, len));
        }
        NEGATIVE => {
            let code = p.get(4).copied().unwrap_or(0);
            out.push(field(4..5, format!("error code 0x{code:02x}"), 1, len));
        }
        _ if len > 4 => out.push(field(4..len, "user data", 0, len)),
        _ => {}
    }
    out.retain(|f| !f.octets.is_empty());
    out
}

fn rpc(p: &[u8]) -> Vec<Field> {
    let len = p.len();
    let word = |i: usize| {
        p.get(i..i + 4)
            .map(|b| u32::from_be_bytes([b[0], b[1], b[2], b[3]]))
    };
    let mark = word(0).unwrap_or(0);
    let mut out = vec![field(
        0..4,
        format!(
            "record mark: {} fragment, {} octets",
            if mark >> 31 == 1 {
                "last"
            } else {
                "not the last"
            },
            mark & 0x7fff_ffff
        ),
        0,
        len,
    )];
    let w = |i: usize| word(4 + 4 * i).unwrap_or(0);
    let mut names = vec![format!("xid 0x{:08x}", w(0))];
    let call = w(1) == 0;
    names.push(format!(
        "message type {} ({})",
        w(1),
        if call { "CALL" } else { "REPLY" }
    ));
    if call {
        names.push(format!("RPC version {}", w(2)));
        names.push(format!("program 0x{:08x}", w(3)));
        names.push(format!("program version {}", w(4)));
        names.push(format!("procedure {}", w(5)));
        names.extend(["credential flavor (0: AUTH_NONE)", "credential length"].map(String::from));
        names.extend(["verifier flavor (0: AUTH_NONE)", "verifier length"].map(String::from));
    } else {
        names.push(format!("reply status {} (0: MSG_ACCEPTED)", w(2)));
        names.extend(["verifier flavor (0: AUTH_NONE)", "verifier length"].map(String::from));
        names.push(format!("accept status {} (0: SUCCESS)", w(5)));
    }
    let mut at = 4;
    for name in names {
        out.push(field(at..at + 4, name, 1, len));
        at += 4;
    }
    if at < len {
        let what = if call { "arguments" } else { "results" };
        out.push(field(at..len, what, 0, len));
    }
    out.retain(|f| !f.octets.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::sim::tcpip::{nbss, oncrpc};

    /// Every field lies inside the payload, and they follow each other without overlap.
    fn tiles(fields: &[Field], len: usize) {
        let mut at = 0;
        for f in fields {
            assert!(f.octets.start >= at && f.octets.end <= len, "{f:?}");
            at = f.octets.end;
        }
    }

    #[test]
    fn an_http_head_is_its_lines_then_the_body() {
        let m = b"HTTP/1.1 303 See Other\r\nSet-Cookie: sid=ab\r\nContent-Length: 2\r\n\r\nhi";
        let f = fields(Proto::Http, m, m.len() - 2);
        let names: Vec<&str> = f.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names[0], "status line: HTTP/1.1 303 See Other");
        assert_eq!(names[1], "header field Set-Cookie: sid=ab");
        assert_eq!(names[3], "end of the head (an empty line)");
        assert_eq!(f[4].octets, m.len() - 2..m.len());
        tiles(&f, m.len());
    }

    #[test]
    fn nbss_and_rpc_name_their_fields_even_cut_short() {
        let mut req = nbss::encode_name("BOB", 0x20).to_vec();
        req.extend_from_slice(&nbss::encode_name("ALICE", 0));
        let p = nbss::packet(REQUEST, &req);
        let f = fields(Proto::Nbss, &p, p.len());
        assert_eq!(f[3].name, "called name BOB<20>, first-level encoded");
        assert_eq!(f[4].name, "calling name ALICE<00>, first-level encoded");
        tiles(&f, p.len());
        let c = oncrpc::call(7, 3);
        let f = fields(Proto::OncRpc, &c, oncrpc::CALL_HEADER);
        assert_eq!(f[0].name, "record mark: last fragment, 44 octets");
        assert_eq!(f[4].name, "program 0x20000001");
        assert_eq!(f.last().unwrap().name, "arguments");
        tiles(&f, c.len());
        for cut in 0..c.len() {
            tiles(&fields(Proto::OncRpc, &c[..cut], oncrpc::CALL_HEADER), cut);
            tiles(
                &fields(Proto::Nbss, &p[..cut.min(p.len())], 4),
                cut.min(p.len()),
            );
            tiles(&fields(Proto::Http, &c[..cut], 1), cut);
        }
    }
}
