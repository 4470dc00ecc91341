//! The bank's side: it checks a login's proof (the same keyed digest the OSI stack's CN
//! carries, src/protocol/auth.rs), issues a random session cookie, answers requests that carry
//! a live one, and forgets a session left idle: a later request gets `401` (RFC 9110 15.5.2).

use super::{field, hex, message, unhex, Login, Web, COOKIE, USER};
use crate::sim::scheduler::Micros;
use crate::sim::tcpip::app::AppOut;
use crate::sim::tcpip::http::Head;
use crate::sim::trace::Host;

/// `Set-Cookie`'s attributes (RFC 6265 4.1; SameSite from RFC 6265bis).
const ATTRIBUTES: &str = "Path=/; HttpOnly; Secure; SameSite=Strict";

impl Web {
    /// The login's proof, checked: the user's name, or why not.
    fn check_login(&mut self, body: &[u8]) -> Result<String, String> {
        let form = String::from_utf8_lossy(body);
        let user = field(&form, '&', "user").unwrap_or("");
        let nonce = field(&form, '&', "nonce").and_then(unhex);
        let proof = field(&form, '&', "proof").and_then(unhex);
        let (Some(nonce), Some(proof)) = (nonce, proof) else {
            return Err("the form has no nonce or proof".into());
        };
        let user = &user.as_bytes()[..user.len().min(255)];
        let mut item = b"AUTH1".to_vec();
        item.push(user.len() as u8);
        item.extend_from_slice(user);
        item.extend_from_slice(&nonce);
        item.extend_from_slice(&proof);
        self.verifier.check(Some(&item)).map_err(|e| e.to_string())
    }

    fn cookie_line(&self, sid: &str) -> String {
        format!("{COOKIE}={sid}; Max-Age={}; {ATTRIBUTES}", self.max_age())
    }

    fn unauthorized(&mut self) {
        // RFC 9110 15.5.2: a 401 carries a challenge; a login form has no registered scheme,
        // so the bank names its own, as sites that use forms do.
        let head = Head::response(401, "Unauthorized")
            .field("WWW-Authenticate", "Form realm=\"bank\"")
            .field("Content-Length", "0");
        self.out.push(Host::B, message(&head, b""));
    }

    /// Answers a whole request.
    pub(super) fn answer(&mut self, head: &Head, body: &[u8], now: Micros, out: &mut AppOut) {
        let route = (head.method.as_deref().unwrap_or(""), head.target.as_str());
        if route == ("POST", "/login") {
            return self.log_in(body, now, out);
        }
        let sid = head.get("Cookie").and_then(|c| field(c, ';', COOKIE));
        let live = self
            .login
            .as_ref()
            .is_some_and(|l| Some(l.sid.as_str()) == sid && now < l.last_seen + self.idle);
        if !live {
            out.note(Host::B, "no live session cookie: 401");
            return self.unauthorized();
        }
        let Some(login) = self.login.as_mut() else {
            return;
        };
        login.last_seen = now;
        let sid = login.sid.clone();
        out.tick_at.push((Host::B, now.saturating_add(self.idle)));
        let text = match route {
            ("POST", "/logout") => {
                out.note(Host::B, format!("logout: session {sid} revoked"));
                self.login = None;
                let head = Head::response(204, "No Content")
                    .field("Set-Cookie", format!("{COOKIE}=; Max-Age=0; {ATTRIBUTES}"));
                self.out.push(Host::B, message(&head, b""));
                return;
            }
            ("GET", "/balance") => "balance 1,234.56",
            ("GET", "/statement") => "statement: 3 transactions",
            ("POST", "/transfer") => "transfer done",
            _ => "unknown request",
        };
        // The cookie is set again with each answer: its Max-Age runs from the last request,
        // as the bank's idle timeout does.
        let head = Head::response(200, "OK")
            .field("Content-Type", "text/plain")
            .field("Set-Cookie", self.cookie_line(&sid))
            .field("Content-Length", text.len().to_string());
        self.out.push(Host::B, message(&head, text.as_bytes()));
    }

    fn log_in(&mut self, body: &[u8], now: Micros, out: &mut AppOut) {
        match self.check_login(body) {
            Ok(user) => {
                let mut raw = [0u8; 16];
                raw.iter_mut().for_each(|b| *b = self.rng.next_u64() as u8);
                let sid = hex(&raw);
                out.note(
                    Host::B,
                    format!("credentials of {user} verified; new session {sid}"),
                );
                self.login = Some(Login {
                    sid: sid.clone(),
                    user,
                    last_seen: now,
                });
                out.tick_at.push((Host::B, now.saturating_add(self.idle)));
                let head = Head::response(303, "See Other")
                    .field("Location", "/account")
                    .field("Set-Cookie", self.cookie_line(&sid))
                    .field("Content-Length", "0");
                self.out.push(Host::B, message(&head, b""));
            }
            Err(why) => {
                out.note(Host::B, format!("login of {USER} refused: {why}"));
                self.unauthorized();
            }
        }
    }

    /// The bank's idle timer: a session idle this long is forgotten, and its idle connection
    /// closed (as servers close idle keep-alive connections).
    pub(super) fn bank_tick(&mut self, now: Micros, out: &mut AppOut) {
        let Some(login) = &self.login else {
            return;
        };
        if now < login.last_seen.saturating_add(self.idle) {
            return;
        }
        out.note(
            Host::B,
            format!(
                "{}'s session {} idle for {} ms: forgotten, and the idle connection closed",
                login.user,
                login.sid,
                self.idle / 1000
            ),
        );
        self.login = None;
        if self.up[1] {
            out.close.push(Host::B);
        }
    }
}
