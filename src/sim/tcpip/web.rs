//! Banking login as the web does it: HTTP/1.1 (RFC 9110, 9112) with a session cookie
//! (RFC 6265). The login request carries a proof of the password, never the password (real
//! sites send the password inside TLS, which this capture leaves out so it can be read); the
//! bank answers `303 See Other` with `Set-Cookie` (a random value, `HttpOnly; Secure;
//! SameSite=Strict`, `Max-Age` the idle timeout), every later request carries `Cookie`, and
//! logout clears it with `Max-Age=0`. A wrong password gets `401` and no cookie. The session
//! lives in the cookie and the bank's table, not in the TCP connection: after a break the next
//! request goes on a new connection with the same cookie, and the login survives.

use bytes::Bytes;

use super::app::{AppOut, Outbox, Piece, StreamApp};
use super::http::{Head, Part, Reader};
use crate::protocol::auth::{prove, Verifier};
use crate::sim::apps::banking::{password_typed, BankingSpec};
use crate::sim::rng::Rng;
use crate::sim::scheduler::{ms_to_us, Micros};
use crate::sim::trace::Host;

/// The user the bank knows.
const USER: &str = "alice";
/// The cookie's name.
const COOKIE: &str = "sid";
/// The bank's host name, for `Host` (RFC 9112 3.2).
const HOST: &str = "bank.example";
/// The most body octets either side keeps of one message.
const MAX_BODY: usize = 64 * 1024;

/// A request the client makes; built when it is sent, so a login sent again has a new nonce.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Req {
    Login,
    /// The n-th request after login.
    Nth(u32),
    Logout,
}

/// The requests after login, in turn.
const REQUESTS: [(&str, &str, &str); 4] = [
    ("GET", "/balance", ""),
    ("POST", "/transfer", "amount=100.00&to=savings"),
    ("GET", "/statement", ""),
    ("GET", "/balance", ""),
];

/// The bank's record of a logged-in session.
#[derive(Clone, Debug)]
struct Login {
    sid: String,
    user: String,
    last_seen: Micros,
}

/// Both sides: the browser on host A, the bank on host B.
#[derive(Clone, Debug)]
pub struct Web {
    spec: BankingSpec,
    rng: Rng,
    out: Outbox,
    up: [bool; 2],
    readers: [Reader; 2],
    /// The browser's cookie and when it expires.
    jar: Option<(String, Micros)>,
    /// The request asked for and not answered, and whether it went on a connection.
    pending: Option<Req>,
    pending_sent: bool,
    /// Requests answered after login.
    answered: u32,
    next_at: Option<Micros>,
    done: bool,
    verifier: Verifier,
    login: Option<Login>,
    /// The message each host is reading: its head and body.
    msg: [Option<(Head, Vec<u8>)>; 2],
    idle: Micros,
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

/// The value of `name` in a form body or cookie string (`a=1&b=2`, `a=1; b=2`).
fn field<'a>(text: &'a str, sep: char, name: &str) -> Option<&'a str> {
    text.split(sep)
        .filter_map(|kv| kv.trim().split_once('='))
        .find(|(k, _)| *k == name)
        .map(|(_, v)| v)
}

fn ix(h: Host) -> usize {
    usize::from(h == Host::B)
}

impl Web {
    /// The browser and the bank of a session of `spec`.
    pub fn new(spec: &BankingSpec, rng: Rng) -> Web {
        let mut verifier = Verifier::new();
        let bank = BankingSpec {
            password_correct: true,
            ..spec.clone()
        };
        verifier.add_user(USER, password_typed(&bank));
        Web {
            spec: spec.clone(),
            rng,
            out: Outbox::default(),
            up: [false; 2],
            readers: Default::default(),
            jar: None,
            pending: None,
            pending_sent: false,
            answered: 0,
            next_at: None,
            done: false,
            verifier,
            login: None,
            msg: [None, None],
            idle: ms_to_us(spec.idle_timeout_ms),
        }
    }

    /// `Max-Age` of the cookie: the idle timeout in seconds, rounded up (RFC 6265 5.2.2).
    fn max_age(&self) -> u64 {
        self.spec.idle_timeout_ms.div_ceil(1000)
    }

    /// Sends request `r` now if connected, else when the next connection is up.
    fn send(&mut self, r: Req, now: Micros, out: &mut AppOut) {
        self.pending = Some(r);
        self.pending_sent = self.up[0];
        if self.up[0] {
            let piece = self.build(r, now, out);
            self.out.push(Host::A, piece);
        } else {
            out.connect = true;
        }
    }

    fn build(&mut self, r: Req, now: Micros, out: &mut AppOut) -> Piece {
        let (method, target, body) = match r {
            Req::Login => {
                let mut nonce = [0u8; 16];
                nonce
                    .iter_mut()
                    .for_each(|b| *b = self.rng.next_u64() as u8);
                let item = prove(USER, password_typed(&self.spec), nonce);
                let tag = &item[item.len() - 32..];
                out.note(
                    Host::A,
                    format!("logging in as {USER}: a proof of the password, never the password"),
                );
                let body = format!("user={USER}&nonce={}&proof={}", hex(&nonce), hex(tag));
                ("POST", "/login", body)
            }
            Req::Nth(n) => {
                let (m, t, b) = REQUESTS[n as usize % REQUESTS.len()];
                (m, t, b.to_string())
            }
            Req::Logout => ("POST", "/logout", String::new()),
        };
        let mut head = Head::request(method, target).field("Host", HOST);
        if let Some((value, expires)) = &self.jar {
            if now < *expires {
                head = head.field("Cookie", format!("{COOKIE}={value}"));
            } else {
                out.note(
                    Host::A,
                    "the browser drops the expired cookie (RFC 6265 5.3)",
                );
                self.jar = None;
            }
        }
        if !body.is_empty() {
            head = head.field("Content-Type", "application/x-www-form-urlencoded");
        }
        head = head.field("Content-Length", body.len().to_string());
        message(&head, body.as_bytes())
    }

    fn schedule(&mut self, at: Micros, out: &mut AppOut) {
        self.next_at = Some(at);
        out.tick_at.push((Host::A, at));
    }

    /// The user's next step after a pause: a request, logout, or walking away.
    fn next_step(&mut self, now: Micros, out: &mut AppOut) {
        if self.answered < self.spec.requests {
            let (m, t, _) = REQUESTS[self.answered as usize % REQUESTS.len()];
            out.note(Host::A, format!("request: {m} {t}"));
            self.send(Req::Nth(self.answered), now, out);
        } else if self.spec.logout {
            out.note(Host::A, "logging out");
            self.send(Req::Logout, now, out);
        } else if self.out.ending.is_none() && self.pending.is_none() && !self.done {
            out.note(
                Host::A,
                "the user walks away without logging out, and comes back later",
            );
            self.done = true;
            let back = now
                .saturating_add(self.idle)
                .saturating_add(ms_to_us(self.spec.think_ms));
            self.schedule(back, out);
        } else if self.done {
            out.note(Host::A, "the user is back: request GET /balance");
            self.send(Req::Nth(0), now, out);
        }
    }
}

/// A head and its body as one piece.
fn message(head: &Head, body: &[u8]) -> Piece {
    let h = head.to_bytes();
    let mut octets = h.to_vec();
    octets.extend_from_slice(body);
    Piece::message(head.label(), Bytes::from(octets), h.len())
}

mod bank;
mod browser;

impl Web {
    /// Gathers the parts of a message arriving at `host`, keeping at most [`MAX_BODY`] octets
    /// of its body: the whole message once it ends.
    fn gather(&mut self, host: Host, part: Part) -> Option<(Head, Vec<u8>)> {
        let msg = &mut self.msg[ix(host)];
        match part {
            Part::Head(h) => *msg = Some((h, Vec::new())),
            Part::Body(b) => {
                if let Some((_, body)) = msg {
                    let room = MAX_BODY.saturating_sub(body.len());
                    body.extend_from_slice(&b[..b.len().min(room)]);
                }
            }
            Part::End => return msg.take(),
        }
        None
    }
}

impl StreamApp for Web {
    fn port(&self) -> u16 {
        80
    }

    fn connected(&mut self, host: Host, now: Micros, out: &mut AppOut) {
        self.up[ix(host)] = true;
        self.readers[ix(host)] = Reader::default();
        self.msg[ix(host)] = None;
        if host == Host::B {
            return;
        }
        match self.pending {
            Some(r) => {
                if std::mem::replace(&mut self.pending_sent, true) {
                    out.note(
                        Host::A,
                        "the unanswered request goes again on the new connection, with the \
                         same cookie",
                    );
                }
                let piece = self.build(r, now, out);
                self.out.push(Host::A, piece);
            }
            None if self.jar.is_none() && self.answered == 0 && !self.done => {
                self.send(Req::Login, now, out)
            }
            None => {}
        }
    }

    fn received(&mut self, host: Host, now: Micros, data: Bytes, out: &mut AppOut) {
        for part in self.readers[ix(host)].push(&data) {
            let Some((head, body)) = self.gather(host, part) else {
                continue;
            };
            match host {
                Host::A => self.response(&head, &body, now, out),
                Host::B => self.answer(&head, &body, now, out),
            }
        }
        if let Some(why) = self.readers[ix(host)].broken() {
            out.note(host, format!("not HTTP/1.1: {why}"));
            out.close.push(host);
        }
    }

    fn peer_closed(&mut self, host: Host, _now: Micros, out: &mut AppOut) {
        self.up[ix(host)] = false;
        if host == Host::A {
            out.note(
                Host::A,
                "the bank closed the idle connection; the browser closes too",
            );
        }
    }

    fn lost(&mut self, host: Host, _now: Micros, out: &mut AppOut) {
        self.up[ix(host)] = false;
        self.out.clear();
        if host == Host::A && self.login.is_some() && self.jar.is_some() {
            out.note(
                Host::A,
                "the TCP connection is lost; the login is not: the browser keeps the cookie",
            );
        }
    }

    fn tick(&mut self, host: Host, now: Micros, out: &mut AppOut) {
        match host {
            Host::A => {
                if self.pending.is_some() || self.next_at.is_none_or(|t| t > now) {
                    return;
                }
                self.next_at = None;
                self.next_step(now, out);
            }
            Host::B => self.bank_tick(now, out),
        }
    }

    fn wants_connection(&mut self) -> bool {
        self.out.ending.is_none() && (self.pending.is_some() || self.next_at.is_some())
    }

    fn outbox(&mut self) -> &mut Outbox {
        &mut self.out
    }

    fn closed(&mut self, host: Host, _now: Micros, out: &mut AppOut) {
        self.up[ix(host)] = false;
        if host == Host::A {
            out.outcome = self.out.ending.take();
        }
    }
}
