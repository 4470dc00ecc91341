//! The browser's side: it reads the bank's responses, keeps the cookie as RFC 6265 5.3 says
//! (stored from `Set-Cookie`, dropped at `Max-Age`, deleted by `Max-Age=0`) and decides the
//! user's next step.

use super::{field, Req, Web, COOKIE};
use crate::sim::scheduler::{ms_to_us, Micros};
use crate::sim::tcpip::app::AppOut;
use crate::sim::tcpip::http::Head;
use crate::sim::trace::{Host, Outcome};

impl Web {
    /// Stores or deletes the cookie a response sets (RFC 6265 5.2, 5.3).
    fn store_cookie(&mut self, head: &Head, now: Micros, out: &mut AppOut) {
        let Some(line) = head.get("Set-Cookie") else {
            return;
        };
        let value = field(line, ';', COOKIE).unwrap_or("");
        let max_age: u64 = field(line, ';', "Max-Age")
            .and_then(|v| v.parse().ok())
            .unwrap_or(0);
        if value.is_empty() || max_age == 0 {
            if self.jar.take().is_some() {
                out.note(Host::A, "the browser deletes the cookie (Max-Age=0)");
            }
            return;
        }
        let first = self.jar.is_none();
        self.jar = Some((value.to_string(), now.saturating_add(max_age * 1_000_000)));
        if first {
            out.note(
                Host::A,
                format!(
                    "the browser keeps cookie {COOKIE}={value} for {max_age} s (HttpOnly: no \
                     script reads it; Secure: only over HTTPS; SameSite=Strict: not sent by \
                     other sites)"
                ),
            );
        }
    }

    /// A whole response: what the user's request came to.
    pub(super) fn response(&mut self, head: &Head, body: &[u8], now: Micros, out: &mut AppOut) {
        let Some(req) = self.pending.take() else {
            out.note(
                Host::A,
                format!("a response nobody asked for: {}", head.label()),
            );
            return;
        };
        self.store_cookie(head, now, out);
        let think = now.saturating_add(ms_to_us(self.spec.think_ms));
        let ending = match (req, head.status) {
            (Req::Login, 303) => {
                out.note(Host::A, "logged in: 303 See Other, with a session cookie");
                self.schedule(think, out);
                None
            }
            (Req::Login, 401) => {
                out.note(Host::A, "login refused: 401 Unauthorized, and no cookie");
                Some(Outcome::Refused)
            }
            (Req::Nth(_), 200) => {
                let text = String::from_utf8_lossy(body);
                out.note(Host::A, format!("reply: {text}"));
                self.answered += 1;
                self.schedule(think, out);
                None
            }
            (Req::Logout, 204) => {
                out.note(Host::A, "logged out; the browser closes the connection");
                Some(Outcome::Released)
            }
            (Req::Logout, 401) => {
                // The logout's answer was lost and the logout went again: the bank had
                // already revoked the session, which is all the user asked for.
                out.note(
                    Host::A,
                    "401 to a logout sent again: the session was already revoked",
                );
                self.jar = None;
                Some(Outcome::Released)
            }
            (_, 401) => {
                out.note(
                    Host::A,
                    "401 Unauthorized: the bank has forgotten the session (idle timeout)",
                );
                Some(Outcome::TimedOut)
            }
            (_, status) => {
                out.note(Host::A, format!("unexpected status {status}"));
                Some(Outcome::Lost)
            }
        };
        if let Some(o) = ending {
            self.out.ending = Some(o);
            self.next_at = None;
            out.close.push(Host::A);
        }
    }
}
