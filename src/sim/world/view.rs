//! What the playground shows of each session: its machines' states and tokens in the
//! standard's words, its progress, its outcome, and why each of its buttons is disabled.

use super::{WhyNot, World};
use crate::protocol::codec::TokenSet;
use crate::protocol::machine::{api_token_names, SerialState, State};
use crate::sim::apps::DialogMode;
use crate::sim::tcpip::Stack;
use crate::sim::trace::{Host, Outcome};

/// What the playground shows of one session.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SessionView {
    /// Its index.
    pub session: u32,
    /// The application's name.
    pub app: &'static str,
    /// The dialogue mode asked for.
    pub dialog: DialogMode,
    /// Whether a break is recovered by a resume.
    pub recovery: bool,
    /// The stack it runs on (left out of the JSON for the OSI stack).
    #[serde(skip_serializing_if = "Stack::is_osi")]
    pub stack: Stack,
    /// The state of host A's and host B's machines.
    pub state: [State; 2],
    /// The tokens host A and host B hold, in words.
    pub tokens: [String; 2],
    /// V(M), V(A), V(R) and Vsc of host A's and host B's machines.
    pub serials: [SerialState; 2],
    /// True when the session has a data token.
    pub half_duplex: bool,
    /// For a transfer: (octets sent, size).
    pub progress: Option<(u64, u64)>,
    /// How it ended, if it has.
    pub outcome: Option<Outcome>,
    /// Breaks so far.
    pub breaks: u32,
    /// Who holds the data token now, if either does.
    pub data_token: Option<Host>,
    /// Why each of its buttons is disabled now.
    pub why_not: WhyNot,
}

impl World {
    /// What the playground shows of each session now.
    pub fn views(&self) -> Vec<SessionView> {
        (0..self.sessions.len() as u32)
            .filter_map(|i| self.view(i))
            .collect()
    }

    /// What the playground shows of `session` now, if there is one.
    pub fn view(&self, session: u32) -> Option<SessionView> {
        let s = self.sessions.get(session as usize)?;
        Some(SessionView {
            session,
            app: s.spec.app.name(),
            dialog: s.spec.dialog,
            recovery: s.spec.recovery,
            state: [s.a.state(), s.b.state()],
            tokens: [api_token_names(s.a.tokens()), api_token_names(s.b.tokens())],
            serials: [s.a.serials(), s.b.serials()],
            half_duplex: s.a.available_tokens().contains(TokenSet::DATA)
                || s.b.available_tokens().contains(TokenSet::DATA),
            stack: s.spec.stack,
            progress: s.progress(),
            outcome: s.summary.outcome.clone(),
            breaks: s.summary.breaks,
            data_token: self.data_token_holder(session),
            why_not: WhyNot::of(self, session),
        })
    }

    /// The application's name of `session` ("file transfer"), if there is one.
    pub fn app_name(&self, session: u32) -> Option<&'static str> {
        self.sessions
            .get(session as usize)
            .map(|s| s.spec.app.name())
    }

    /// How many sessions the world has.
    pub fn session_count(&self) -> usize {
        self.sessions.len()
    }

    /// Who holds the data token of `session` now, if either does (X.225 7.3: in half-duplex
    /// exactly one side holds it, except while a GT carries it across or while there is no
    /// session connection).
    pub fn data_token_holder(&self, session: u32) -> Option<Host> {
        let s = self.sessions.get(session as usize)?;
        if s.a.tokens().contains(TokenSet::DATA) {
            Some(Host::A)
        } else if s.b.tokens().contains(TokenSet::DATA) {
            Some(Host::B)
        } else {
            None
        }
    }
}
