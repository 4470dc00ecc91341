//! HTTP/1.1 messages on a TCP byte stream (RFC 9112): writing a request or response head, and
//! reading messages back from the stream as it arrives, with `httparse` for the head and
//! `Content-Length` (RFC 9112 6.3, rule 6) for the body. A body may arrive over many segments:
//! the reader hands it on piece by piece, so an 8 MiB upload is never held whole.

use bytes::{Bytes, BytesMut};

/// The most octets a head may have before the reader gives up on the stream.
const MAX_HEAD: usize = 16 * 1024;
/// The most header fields a head may have.
const MAX_FIELDS: usize = 32;

/// A request line or status line and its header fields.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Head {
    /// The request's method, or `None` for a response.
    pub method: Option<String>,
    /// The request target, or the response's reason phrase.
    pub target: String,
    /// The response's status code (0 for a request).
    pub status: u16,
    /// The header fields, in order.
    pub fields: Vec<(String, String)>,
}

impl Head {
    /// A request head: `METHOD target HTTP/1.1` (RFC 9112 3).
    pub fn request(method: &str, target: &str) -> Head {
        Head {
            method: Some(method.into()),
            target: target.into(),
            status: 0,
            fields: Vec::new(),
        }
    }

    /// A response head: `HTTP/1.1 status reason` (RFC 9112 4).
    pub fn response(status: u16, reason: &str) -> Head {
        Head {
            method: None,
            target: reason.into(),
            status,
            fields: Vec::new(),
        }
    }

    /// Adds a header field.
    pub fn field(mut self, name: &str, value: impl Into<String>) -> Head {
        self.fields.push((name.into(), value.into()));
        self
    }

    /// The first value of field `name` (case-insensitive, RFC 9110 5.1).
    pub fn get(&self, name: &str) -> Option<&str> {
        self.fields
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body's length: `Content-Length`, or 0 without one.
    pub fn content_length(&self) -> Option<u64> {
        self.get("Content-Length")
            .map_or(Some(0), |v| v.parse().ok())
    }

    /// The short label a timeline shows: "POST /login" or "303 See Other".
    pub fn label(&self) -> String {
        match &self.method {
            Some(m) => format!("{m} {}", self.target),
            None => format!("{} {}", self.status, self.target),
        }
    }

    /// The head's octets, ending with the empty line.
    pub fn to_bytes(&self) -> Bytes {
        let mut s = match &self.method {
            Some(m) => format!("{m} {} HTTP/1.1\r\n", self.target),
            None => format!("HTTP/1.1 {} {}\r\n", self.status, self.target),
        };
        for (n, v) in &self.fields {
            s.push_str(n);
            s.push_str(": ");
            s.push_str(v);
            s.push_str("\r\n");
        }
        s.push_str("\r\n");
        Bytes::from(s)
    }
}

/// What the reader found in the stream.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Part {
    /// A message's head.
    Head(Head),
    /// Octets of the current message's body.
    Body(Bytes),
    /// The current message is complete.
    End,
}

/// Reads HTTP/1.1 messages of one direction of one connection.
#[derive(Clone, Debug, Default)]
pub struct Reader {
    buf: BytesMut,
    /// Body octets still to come of the current message.
    body_left: u64,
    /// True while inside a message's body.
    in_body: bool,
    /// Set once the stream is not HTTP: nothing more is read.
    broken: Option<String>,
}

impl Reader {
    /// Why the stream could not be read, if it could not.
    pub fn broken(&self) -> Option<&str> {
        self.broken.as_deref()
    }

    /// Takes `data` and returns every part now complete. A stream that is not HTTP/1.1 stops
    /// the reader (see [`Reader::broken`]); it never panics.
    pub fn push(&mut self, data: &[u8]) -> Vec<Part> {
        let mut parts = Vec::new();
        if self.broken.is_some() {
            return parts;
        }
        self.buf.extend_from_slice(data);
        loop {
            if self.in_body {
                let take = self.body_left.min(self.buf.len() as u64) as usize;
                if take > 0 {
                    parts.push(Part::Body(self.buf.split_to(take).freeze()));
                    self.body_left -= take as u64;
                }
                if self.body_left > 0 {
                    return parts;
                }
                self.in_body = false;
                parts.push(Part::End);
            }
            match self.head() {
                Ok(Some(head)) => {
                    self.body_left = head.content_length().unwrap_or(0);
                    self.in_body = true;
                    parts.push(Part::Head(head));
                }
                Ok(None) => return parts,
                Err(why) => {
                    self.broken = Some(why);
                    return parts;
                }
            }
        }
    }

    /// Parses a head at the start of the buffer, taking its octets, if it is all there.
    fn head(&mut self) -> Result<Option<Head>, String> {
        if self.buf.is_empty() {
            return Ok(None);
        }
        let mut fields = [httparse::EMPTY_HEADER; MAX_FIELDS];
        let response = self.buf.starts_with(b"HTTP/");
        let (len, mut head) = if response {
            let mut r = httparse::Response::new(&mut fields);
            match r.parse(&self.buf).map_err(|e| e.to_string())? {
                httparse::Status::Partial => return self.partial(),
                httparse::Status::Complete(n) => {
                    let head = Head::response(r.code.unwrap_or(0), r.reason.unwrap_or(""));
                    (n, with_fields(head, r.headers))
                }
            }
        } else {
            let mut r = httparse::Request::new(&mut fields);
            match r.parse(&self.buf).map_err(|e| e.to_string())? {
                httparse::Status::Partial => return self.partial(),
                httparse::Status::Complete(n) => {
                    let head = Head::request(r.method.unwrap_or(""), r.path.unwrap_or(""));
                    (n, with_fields(head, r.headers))
                }
            }
        };
        if head.content_length().is_none() {
            return Err("Content-Length is not a number".into());
        }
        let _ = self.buf.split_to(len);
        head.fields.shrink_to_fit();
        Ok(Some(head))
    }

    fn partial(&self) -> Result<Option<Head>, String> {
        if self.buf.len() > MAX_HEAD {
            return Err(format!("a head longer than {MAX_HEAD} octets"));
        }
        Ok(None)
    }
}

fn with_fields(mut head: Head, fields: &[httparse::Header<'_>]) -> Head {
    for f in fields {
        let value = String::from_utf8_lossy(f.value).into_owned();
        head.fields.push((f.name.to_string(), value));
    }
    head
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_message_split_anywhere_reads_the_same() {
        let head = Head::request("PATCH", "/files/1")
            .field("Upload-Offset", "0")
            .field("Content-Length", "5");
        let mut wire = head.to_bytes().to_vec();
        wire.extend_from_slice(b"hello");
        wire.extend_from_slice(&Head::response(204, "No Content").to_bytes());
        for cut in 0..wire.len() {
            let mut r = Reader::default();
            let mut parts = r.push(&wire[..cut]);
            parts.extend(r.push(&wire[cut..]));
            let body: Vec<u8> = parts
                .iter()
                .filter_map(|p| match p {
                    Part::Body(b) => Some(b.to_vec()),
                    _ => None,
                })
                .flatten()
                .collect();
            assert_eq!(body, b"hello", "cut at {cut}");
            let heads: Vec<String> = parts
                .iter()
                .filter_map(|p| match p {
                    Part::Head(h) => Some(h.label()),
                    _ => None,
                })
                .collect();
            assert_eq!(heads, ["PATCH /files/1", "204 No Content"], "cut at {cut}");
            assert_eq!(parts.iter().filter(|p| **p == Part::End).count(), 2);
        }
    }

    #[test]
    fn a_stream_that_is_not_http_stops_the_reader() {
        let mut r = Reader::default();
        assert!(r.push(b"\x00\x01 not http\r\n\r\n").is_empty());
        assert!(r.broken().is_some());
        let mut r = Reader::default();
        r.push(b"GET / HTTP/1.1\r\nContent-Length: x\r\n\r\n");
        assert_eq!(r.broken(), Some("Content-Length is not a number"));
        let mut r = Reader::default();
        r.push(&vec![b'a'; MAX_HEAD + 10]);
        assert!(r.broken().is_some());
    }
}
