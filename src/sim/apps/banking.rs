//! A banking login session: the client authenticates in CN (a keyed digest, never the
//! password), gets a session identifier (the called reference of AC), performs requests,
//! and logs out with an orderly release. The server refuses a wrong password with RF and
//! ends a session left idle too long. Where this lives today: an HTTP session cookie or
//! bearer token, issued at login, expiring when idle, revoked at logout.

use bytes::Bytes;
use serde::{Deserialize, Serialize};

use super::turns::{half_duplex, say_and_pass, Reply};
use super::{Effects, HostB};
use crate::protocol::auth::{prove, Verifier};
use crate::protocol::codec::{RefuseReason, TokenSet};
use crate::protocol::machine::{Indication, Machine, Request, State};
use crate::sim::scheduler::{ms_to_us, Micros};
use crate::sim::trace::{Host, Outcome};

/// The user the bank knows; the password is the server's secret, not in any scenario.
const USER: &str = "alice";
/// What the client says in FN's user data when it logs out.
const GOODBYE: &str = "goodbye, see you soon";
const PASSWORD: &str = "correct horse battery staple";
/// What the client types when the scenario says the password is wrong.
const WRONG_PASSWORD: &str = "hunter2";

/// The password host A's user types in a session of `spec`: the bank's when
/// `password_correct`, another otherwise. Scenarios never hold a password; this is how one is
/// chosen, and what tests look for where it must never be (traces, captures, exports).
pub fn password_typed(spec: &BankingSpec) -> &'static str {
    if spec.password_correct {
        PASSWORD
    } else {
        WRONG_PASSWORD
    }
}

/// The login session's parameters (a scenario's `banking` object); a field left out takes
/// its [`Default`].
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct BankingSpec {
    /// Whether the client types the right password (scenarios never hold a password; true).
    pub password_correct: bool,
    /// How many requests the client makes after logging in (3).
    pub requests: u32,
    /// The client's pause between requests, milliseconds (300).
    pub think_ms: u64,
    /// Log out at the end (false: walk away and let the idle timeout end it; true).
    pub logout: bool,
    /// The server ends a session idle this long, milliseconds (2000).
    pub idle_timeout_ms: u64,
}

impl Default for BankingSpec {
    fn default() -> Self {
        BankingSpec {
            password_correct: true,
            requests: 3,
            think_ms: 300,
            logout: true,
            idle_timeout_ms: 2_000,
        }
    }
}

const REQUESTS: [&str; 4] = [
    "GET /balance",
    "POST /transfer 100.00 to savings",
    "GET /statement",
    "GET /balance",
];

/// The client, on host A.
#[derive(Clone, Debug, Serialize)]
pub struct BankClient {
    spec: BankingSpec,
    sent: u32,
    waiting: bool,
    next_at: Option<Micros>,
    done: bool,
}

impl BankClient {
    /// A client that will act as `spec` says.
    pub fn new(spec: BankingSpec) -> Self {
        BankClient {
            spec,
            sent: 0,
            waiting: false,
            next_at: None,
            done: false,
        }
    }

    /// The credentials CN carries: a keyed digest of the password, never the password.
    pub fn credentials(&self, calling_ref: [u8; 16], fx: &mut Effects) -> Bytes {
        let password = password_typed(&self.spec);
        // The nonce: the calling reference's octets, reversed (both come from the seeded RNG).
        let mut nonce = calling_ref;
        nonce.reverse();
        fx.note(
            Host::A,
            format!("logging in as {USER} (the password itself never leaves host A)"),
        );
        prove(USER, password, nonce)
    }

    /// An indication for the client.
    pub fn on_indication(
        &mut self,
        m: &mut Machine,
        now: Micros,
        ind: Indication,
        fx: &mut Effects,
    ) {
        match ind {
            Indication::Accepted { negotiated, .. } => {
                let id: String = negotiated
                    .connection
                    .called
                    .iter()
                    .map(|b| format!("{b:02x}"))
                    .collect();
                fx.note(Host::A, format!("logged in; session identifier {id}"));
                self.schedule(now, fx);
            }
            Indication::Refused { data, .. } => {
                fx.note(
                    Host::A,
                    format!("login refused: {}", String::from_utf8_lossy(&data)),
                );
                self.done = true;
                fx.outcome = Some(Outcome::Refused);
            }
            Indication::Data(reply) => {
                fx.note(
                    Host::A,
                    format!("reply: {}", String::from_utf8_lossy(&reply)),
                );
                self.waiting = false;
                if !half_duplex(m) {
                    self.schedule(now, fx);
                }
            }
            Indication::TokensGiven(_) if !self.waiting => self.schedule(now, fx),
            Indication::Released { user_data } => {
                if let Some(summary) = user_data {
                    fx.note(
                        Host::A,
                        format!("the bank's summary: {}", String::from_utf8_lossy(&summary)),
                    );
                }
                self.done = true;
                fx.outcome = Some(Outcome::Released);
            }
            Indication::UserAbort { user_data } => {
                let why = user_data.map_or(String::new(), |d| {
                    format!(": {}", String::from_utf8_lossy(&d))
                });
                fx.note(Host::A, format!("the bank ended the session{why}"));
                self.done = true;
            }
            Indication::ProviderAbort(cause) => {
                fx.note(Host::A, format!("session lost: {cause}"));
                self.done = true;
                fx.outcome = Some(Outcome::Lost);
            }
            _ => {}
        }
    }

    fn schedule(&mut self, now: Micros, fx: &mut Effects) {
        let at = now.saturating_add(ms_to_us(self.spec.think_ms));
        self.next_at = Some(at);
        fx.tick_at = Some(at);
    }

    /// The client's pause is over: the next request, or logout.
    pub fn on_tick(&mut self, m: &mut Machine, now: Micros, fx: &mut Effects) {
        if self.done
            || self.waiting
            || self.next_at.is_none_or(|t| t > now)
            || m.state() != State::DataTransfer
        {
            return;
        }
        if half_duplex(m) && !m.tokens().contains(TokenSet::DATA) {
            return;
        }
        self.next_at = None;
        if self.sent < self.spec.requests {
            let r = REQUESTS[self.sent as usize % REQUESTS.len()];
            self.sent += 1;
            fx.note(Host::A, format!("request: {r}"));
            self.waiting = say_and_pass(Host::A, m, now, Bytes::from_static(r.as_bytes()), fx);
        } else if self.spec.logout {
            fx.note(Host::A, format!("logging out: {GOODBYE}"));
            // The goodbye goes in FN's user data (S-RELEASE, X.225 8.3.4).
            let user_data = Some(Bytes::from_static(GOODBYE.as_bytes()));
            fx.request(Host::A, m, now, Request::Release { user_data });
        } else {
            fx.note(Host::A, "the user walks away without logging out");
        }
    }
}

/// Host B's bank as a whole: the users it knows and the credentials it has accepted. One for
/// the whole world, shared by every session's [`BankServer`]: its replay window spans
/// sessions, so a CN captured on one session connection and replayed on another is refused
/// (X.225 7.1.2: RF, "rejected by the called SS-user"). Deterministic: the window is a sorted
/// set and a queue, in the order logins arrive.
#[derive(Clone, Debug)]
pub struct Bank {
    verifier: Verifier,
}

impl Default for Bank {
    fn default() -> Self {
        Bank::new()
    }
}

impl Bank {
    /// The bank, knowing one user, having accepted no login yet.
    pub fn new() -> Self {
        let mut verifier = Verifier::new();
        verifier.add_user(USER, PASSWORD);
        Bank { verifier }
    }
}

/// The bank's side of one session, on host B.
#[derive(Clone, Debug, Serialize)]
pub struct BankServer {
    idle_timeout: Micros,
    idle_since: Micros,
    user: Option<String>,
    /// Requests answered on this session, for the summary in DN.
    served: u32,
    reply: Reply,
}

impl BankServer {
    /// The bank's side of a session of `spec`.
    pub fn new(spec: &BankingSpec) -> Self {
        BankServer {
            idle_timeout: ms_to_us(spec.idle_timeout_ms),
            idle_since: 0,
            user: None,
            served: 0,
            reply: Reply::default(),
        }
    }

    /// An indication for the bank; a CN's credentials are checked by `host.bank`, the world's.
    pub fn on_indication(
        &mut self,
        m: &mut Machine,
        now: Micros,
        host: HostB<'_>,
        ind: Indication,
        fx: &mut Effects,
    ) {
        let called_ref = host.called;
        match ind {
            Indication::Connect { user_data, .. } => {
                match host.bank.verifier.check(user_data.as_deref()) {
                    Ok(user) => {
                        fx.note(Host::B, format!("credentials of {user} verified"));
                        self.user = Some(user);
                        fx.accept(Host::B, m, now, called_ref);
                        self.touch(now, fx);
                    }
                    Err(e) => {
                        fx.note(Host::B, format!("login refused: {e}"));
                        fx.request(
                            Host::B,
                            m,
                            now,
                            Request::Refuse {
                                reason: RefuseReason::REJECTED_BY_USER,
                                data: Bytes::from_static(b"authentication failed"),
                            },
                        );
                    }
                }
            }
            Indication::Data(request) => {
                self.touch(now, fx);
                self.served += 1;
                let reply = match &request[..] {
                    b"GET /balance" => "200 balance 1,234.56",
                    b"GET /statement" => "200 statement: 3 transactions",
                    r if r.starts_with(b"POST /transfer") => "200 transfer done",
                    _ => "400 unknown request",
                };
                self.reply
                    .send(Host::B, m, now, Bytes::from_static(reply.as_bytes()), fx);
            }
            Indication::TokensGiven(_) => self.reply.flush(Host::B, m, now, fx),
            Indication::Release { user_data } => {
                let said = user_data.map_or(String::new(), |d| {
                    format!(" (\"{}\")", String::from_utf8_lossy(&d))
                });
                fx.note(Host::B, format!("logout{said}: session identifier revoked"));
                // The session's summary goes back in DN's user data (X.225 8.3.5).
                let summary = self.summary();
                fx.accept_release(Host::B, m, now, Some(Bytes::from(summary)));
            }
            _ => {}
        }
    }

    /// What DN tells the client at logout: who, and how many requests were served.
    fn summary(&self) -> String {
        let who = self.user.as_deref().unwrap_or("unknown user");
        let s = if self.served == 1 { "" } else { "s" };
        format!("goodbye {who}: {} request{s} served", self.served)
    }

    fn touch(&mut self, now: Micros, fx: &mut Effects) {
        self.idle_since = now;
        fx.tick_at = Some(now.saturating_add(self.idle_timeout));
    }

    /// Ends a session idle for longer than the timeout.
    pub fn on_tick(&mut self, m: &mut Machine, now: Micros, fx: &mut Effects) {
        if m.state().is_connected() && now >= self.idle_since.saturating_add(self.idle_timeout) {
            fx.note(
                Host::B,
                format!(
                    "idle for {} ms: ending the session",
                    self.idle_timeout / 1000
                ),
            );
            // The reason goes in AB's user data (S-U-ABORT, X.225 8.3.7).
            let user_data = super::abort_reason(m, "idle timeout");
            fx.request(Host::B, m, now, Request::Abort { user_data });
            fx.outcome = Some(Outcome::TimedOut);
        }
    }
}
