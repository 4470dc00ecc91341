//! File transfer as a resumable upload, the tus 1.0 protocol (tus.io/protocols/resumable-
//! upload, core protocol and the creation extension) over HTTP/1.1: `POST` creates the upload
//! (`Upload-Length`, answered `201 Created` with its `Location`), `PATCH` sends octets from
//! `Upload-Offset`; the server keeps every octet that reaches it. After a break, `HEAD` asks
//! how many it holds and `PATCH` goes on from there: only what was lost in flight is sent
//! again. With recovery off the client does what a plain upload does: one `PUT` of the whole
//! file, sent again from byte zero after a break (the server drops a partial `PUT`).

use bytes::Bytes;

use super::app::{AppOut, Outbox, Piece, StreamApp};
use super::http::{Head, Reader};
use crate::sim::apps::data::{fill, Digest};
use crate::sim::apps::file_transfer::FileTransferSpec;
use crate::sim::rng::Rng;
use crate::sim::scheduler::Micros;
use crate::sim::trace::{Host, Outcome, ResumePoint, Summary, What};

/// The protocol version every tus request and response names (tus core, Tus-Resumable).
const TUS: &str = "1.0.0";
const HOST: &str = "files.example";

/// What the server is reading the body of.
#[derive(Clone, Debug)]
enum Receiving {
    /// A PATCH: octets go straight into the upload.
    Patch,
    /// A PUT: octets go into a new copy, kept only when the whole body is there.
    Put { digest: Box<Digest>, len: u64 },
    /// A request with nothing to keep.
    Other,
}

/// Both sides: the uploading client on host A, the tus server on host B.
#[derive(Clone, Debug)]
pub struct Upload {
    size: u64,
    chunk: u64,
    seed: u64,
    resumable: bool,
    rng: Rng,
    out: Outbox,
    up: [bool; 2],
    readers: [Reader; 2],
    /// The upload's URL, once created.
    url: Option<String>,
    /// The body being sent: the next offset and the end.
    sending: Option<(u64, &'static str)>,
    /// The most octets of the file ever sent, and the sender's digest of them in order.
    high: u64,
    tx_digest: Digest,
    /// The head of the body about to be sent, to go in its first piece.
    pending_head: Option<Head>,
    /// The request waiting for its response.
    awaiting: Option<&'static str>,
    // The server.
    created: Option<String>,
    offset: u64,
    rx_digest: Digest,
    receiving: Option<Receiving>,
    head_b: Option<Head>,
}

fn ix(h: Host) -> usize {
    usize::from(h == Host::B)
}

impl Upload {
    /// A client uploading the file `spec` describes (resumable when `recovery`).
    pub fn new(spec: &FileTransferSpec, recovery: bool, mut rng: Rng) -> Upload {
        let seed = rng.next_u64();
        Upload {
            size: spec.size,
            chunk: u64::from(spec.chunk.max(1)),
            seed,
            resumable: recovery,
            rng,
            out: Outbox::default(),
            up: [false; 2],
            readers: Default::default(),
            url: None,
            sending: None,
            high: 0,
            tx_digest: Digest::default(),
            pending_head: None,
            awaiting: None,
            created: None,
            offset: 0,
            rx_digest: Digest::default(),
            receiving: None,
            head_b: None,
        }
    }

    fn request(&mut self, head: Head, method: &'static str) {
        let octets = head.to_bytes();
        let len = octets.len();
        self.out
            .push(Host::A, Piece::message(head.label(), octets, len));
        self.awaiting = Some(method);
    }

    /// Starts sending the file from `from`: a PATCH (tus) or a PUT of the whole file.
    fn send_body(&mut self, from: u64) {
        let (method, target) = match (&self.url, self.resumable) {
            (Some(url), true) => ("PATCH", url.clone()),
            _ => ("PUT", "/files/upload.bin".to_string()),
        };
        let mut head = Head::request(method, &target).field("Host", HOST);
        if method == "PATCH" {
            head = head
                .field("Tus-Resumable", TUS)
                .field("Upload-Offset", from.to_string())
                .field("Content-Type", "application/offset+octet-stream");
        } else {
            head = head.field("Content-Type", "application/octet-stream");
        }
        head = head.field("Content-Length", (self.size - from).to_string());
        self.sending = Some((from, method));
        self.awaiting = Some(method);
        self.pending_head = Some(head);
    }
}

mod client;
mod server;

impl StreamApp for Upload {
    fn port(&self) -> u16 {
        80
    }

    fn connected(&mut self, host: Host, _now: Micros, out: &mut AppOut) {
        self.up[ix(host)] = true;
        self.readers[ix(host)] = Reader::default();
        match host {
            Host::A => self.client_connected(out),
            Host::B => {
                self.receiving = None;
                self.head_b = None;
            }
        }
    }

    fn received(&mut self, host: Host, now: Micros, data: Bytes, out: &mut AppOut) {
        for part in self.readers[ix(host)].push(&data) {
            match host {
                Host::A => self.client_part(part, now, out),
                Host::B => self.server_part(part, out),
            }
        }
        if let Some(why) = self.readers[ix(host)].broken() {
            out.note(host, format!("not HTTP/1.1: {why}"));
            out.close.push(host);
        }
    }

    fn peer_closed(&mut self, host: Host, _now: Micros, _out: &mut AppOut) {
        self.up[ix(host)] = false;
    }

    fn lost(&mut self, host: Host, _now: Micros, out: &mut AppOut) {
        self.up[ix(host)] = false;
        self.out.clear();
        match host {
            Host::A => {
                self.sending = None;
                self.awaiting = None;
                self.pending_head = None;
            }
            Host::B => {
                if matches!(self.receiving, Some(Receiving::Put { .. })) {
                    out.note(Host::B, "the partial PUT is thrown away");
                }
                if matches!(self.receiving, Some(Receiving::Patch)) {
                    out.note(
                        Host::B,
                        format!("the server keeps the {} octets that arrived", self.offset),
                    );
                }
                self.receiving = None;
                self.head_b = None;
            }
        }
    }

    fn tick(&mut self, _host: Host, _now: Micros, _out: &mut AppOut) {}

    fn poll(&mut self, host: Host) -> Option<Piece> {
        if let Some(p) = self.out.pop(host) {
            return Some(p);
        }
        if host == Host::A {
            return self.next_body_piece();
        }
        None
    }

    fn outbox(&mut self) -> &mut Outbox {
        &mut self.out
    }

    fn progress(&self) -> Option<u64> {
        Some(self.high)
    }

    fn at_risk(&self) -> Option<u64> {
        Some(self.high.saturating_sub(self.offset))
    }

    fn finish(&self, outcome: &Outcome, summary: &mut Summary) {
        summary.payload_delivered = self.offset;
        if *outcome == Outcome::Released {
            let whole = self.high == self.size && self.offset == self.size;
            summary.digest_match = Some(whole && self.tx_digest.value() == self.rx_digest.value());
        }
    }
}

/// A resume as the trace records it: tus has no sync point, so `serial` is 0 and the offset
/// is the server's `Upload-Offset`.
fn resumed(t: Micros, offset: u64, resend: u64) -> (What, ResumePoint) {
    let why = format!(
        "HEAD: the server holds {offset} octets (Upload-Offset); PATCH goes on from there, and \
         the {resend} octets lost in flight are sent again"
    );
    (
        What::Resume {
            serial: 0,
            offset,
            why,
            resend,
        },
        ResumePoint {
            t,
            serial: 0,
            offset,
        },
    )
}

/// The file's octets `[from, from + len)`.
fn file_octets(seed: u64, from: u64, len: usize) -> Vec<u8> {
    let mut buf = vec![0u8; len];
    fill(seed, from, &mut buf);
    buf
}
