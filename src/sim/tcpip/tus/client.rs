//! The uploading client on host A: create, send, and after a break ask and go on (tus), or
//! send everything again (a plain PUT).

use bytes::Bytes;

use super::{file_octets, resumed, Upload, HOST, TUS};
use crate::sim::scheduler::Micros;
use crate::sim::tcpip::app::{AppOut, Piece};
use crate::sim::tcpip::http::{Head, Part};
use crate::sim::trace::{Host, Outcome, What};

impl Upload {
    /// A new connection is up at host A: what to ask first.
    pub(super) fn client_connected(&mut self, out: &mut AppOut) {
        if !self.resumable {
            if self.high > 0 {
                out.trace.push(What::Restart {
                    why: "recovery is off: a plain PUT has no offset to go on from, so the \
                          whole file goes again from byte 0"
                        .into(),
                    resend: self.high,
                });
            }
            return self.send_body(0);
        }
        let head = match self.url.clone() {
            None => {
                out.note(Host::A, "creating the upload (tus creation: POST)");
                let head = Head::request("POST", "/files")
                    .field("Host", HOST)
                    .field("Tus-Resumable", TUS)
                    .field("Upload-Length", self.size.to_string())
                    .field("Content-Length", "0");
                self.request(head, "POST");
                return;
            }
            Some(url) => Head::request("HEAD", &url),
        };
        out.note(Host::A, "asking the server how many octets it holds (HEAD)");
        let head = head.field("Host", HOST).field("Tus-Resumable", TUS);
        self.request(head, "HEAD");
    }

    /// The next piece of the body being sent: its head with the first octets, then the rest
    /// a chunk at a time.
    pub(super) fn next_body_piece(&mut self) -> Option<Piece> {
        let (from, method) = self.sending?;
        let head = self.pending_head.take();
        let n = self.chunk.min(self.size - from);
        let mut octets = head.as_ref().map_or(Bytes::new(), Head::to_bytes).to_vec();
        let header_len = octets.len();
        let body = file_octets(self.seed, from, n as usize);
        let resent = self.high.min(from + n).saturating_sub(from);
        if from + n > self.high {
            let new = (self.high - from) as usize;
            self.tx_digest.update(&body[new..]);
            self.high = from + n;
        }
        octets.extend_from_slice(&body);
        self.sending = (from + n < self.size).then_some((from + n, method));
        let label = head.map_or_else(|| format!("{method} …"), |h| h.label());
        Some(Piece {
            label,
            octets: Bytes::from(octets),
            header_len,
            starts: header_len > 0,
            resent,
        })
    }

    /// A part of a response arrives at the client.
    pub(super) fn client_part(&mut self, part: Part, now: Micros, out: &mut AppOut) {
        let Part::Head(h) = part else {
            return;
        };
        let Some(method) = self.awaiting.take() else {
            out.note(
                Host::A,
                format!("a response nobody asked for: {}", h.label()),
            );
            return;
        };
        let offset = h.get("Upload-Offset").and_then(|v| v.parse::<u64>().ok());
        match (method, h.status, offset) {
            ("POST", 201, _) => {
                let url = h.get("Location").unwrap_or("/files").to_string();
                out.note(Host::A, format!("upload created at {url}"));
                self.url = Some(url);
                self.send_body(0);
            }
            ("HEAD", 200 | 204, Some(k)) if k <= self.high => {
                let (what, point) = resumed(now, k, self.high - k);
                out.trace.push(what);
                out.resume = Some(point);
                if k == self.size {
                    self.done(out);
                } else {
                    self.send_body(k);
                }
            }
            ("PATCH", 204, Some(k)) if k == self.size => self.done(out),
            ("PATCH", 204, Some(k)) if k < self.size => self.send_body(k),
            ("PUT", 200 | 201 | 204, _) => self.done(out),
            (_, status, _) => {
                out.note(
                    Host::A,
                    format!("{method} answered {status}: the upload cannot go on"),
                );
                self.out.ending = Some(Outcome::Lost);
                out.close.push(Host::A);
            }
        }
    }

    fn done(&mut self, out: &mut AppOut) {
        out.note(
            Host::A,
            format!("upload complete: the server holds all {} octets", self.size),
        );
        self.out.ending = Some(Outcome::Released);
        out.close.push(Host::A);
    }
}
