//! The tus server on host B: it creates uploads, appends a PATCH's octets as they arrive when
//! its `Upload-Offset` is the server's own (else `409 Conflict`, tus core 3.2), answers HEAD
//! with the offset it holds, and keeps a PUT only when the whole body is there.

use super::{Receiving, Upload, TUS};
use crate::sim::apps::data::Digest;
use crate::sim::tcpip::app::AppOut;
use crate::sim::tcpip::app::Piece;
use crate::sim::tcpip::http::{Head, Part};
use crate::sim::trace::Host;

impl Upload {
    /// A part of a request arrives at the server.
    pub(super) fn server_part(&mut self, part: Part, out: &mut AppOut) {
        match part {
            Part::Head(h) => self.server_head(h, out),
            Part::Body(b) => match &mut self.receiving {
                Some(Receiving::Patch) => {
                    self.rx_digest.update(&b);
                    self.offset += b.len() as u64;
                }
                Some(Receiving::Put { digest, len }) => {
                    digest.update(&b);
                    *len += b.len() as u64;
                }
                Some(Receiving::Other) | None => {}
            },
            Part::End => self.server_end(out),
        }
    }

    fn server_head(&mut self, h: Head, out: &mut AppOut) {
        let ours = self.created.as_deref() == Some(h.target.as_str());
        let at = h.get("Upload-Offset").and_then(|v| v.parse::<u64>().ok());
        self.receiving = Some(match (h.method.as_deref(), ours) {
            (Some("PATCH"), true) if at == Some(self.offset) => Receiving::Patch,
            (Some("PATCH"), _) => {
                out.note(
                    Host::B,
                    format!(
                        "PATCH at {at:?}, but the server holds {} octets",
                        self.offset
                    ),
                );
                Receiving::Other
            }
            (Some("PUT"), _) => Receiving::Put {
                digest: Box::default(),
                len: 0,
            },
            _ => Receiving::Other,
        });
        self.head_b = Some(h);
    }

    fn respond(&mut self, head: Head) {
        let octets = head.to_bytes();
        let len = octets.len();
        self.out
            .push(Host::B, Piece::message(head.label(), octets, len));
    }

    fn server_end(&mut self, out: &mut AppOut) {
        let (Some(h), receiving) = (self.head_b.take(), self.receiving.take()) else {
            return;
        };
        let ours = self.created.as_deref() == Some(h.target.as_str());
        let reply = match (h.method.as_deref().unwrap_or(""), ours, receiving) {
            ("POST", _, _) if h.target == "/files" => {
                let id: String = (0..8)
                    .map(|_| format!("{:02x}", self.rng.next_u64() as u8))
                    .collect();
                let url = format!("/files/{id}");
                out.note(Host::B, format!("upload {url} created"));
                (self.created, self.offset) = (Some(url.clone()), 0);
                self.rx_digest = Digest::default();
                Head::response(201, "Created")
                    .field("Location", url)
                    .field("Tus-Resumable", TUS)
                    .field("Content-Length", "0")
            }
            ("HEAD", true, _) => Head::response(200, "OK")
                .field("Tus-Resumable", TUS)
                .field("Upload-Offset", self.offset.to_string())
                .field("Upload-Length", self.size.to_string())
                .field("Cache-Control", "no-store"),
            ("PATCH", true, Some(Receiving::Patch)) => Head::response(204, "No Content")
                .field("Tus-Resumable", TUS)
                .field("Upload-Offset", self.offset.to_string()),
            ("PATCH", true, _) => Head::response(409, "Conflict")
                .field("Tus-Resumable", TUS)
                .field("Content-Length", "0"),
            ("PUT", _, Some(Receiving::Put { digest, len })) if len == self.size => {
                out.note(Host::B, format!("PUT complete: {len} octets stored"));
                (self.offset, self.rx_digest) = (len, *digest);
                Head::response(201, "Created").field("Content-Length", "0")
            }
            _ => Head::response(404, "Not Found").field("Content-Length", "0"),
        };
        self.respond(reply);
    }
}
