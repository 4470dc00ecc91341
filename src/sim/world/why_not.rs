//! Why an action cannot be taken on a session now, in words: what the playground shows on a
//! disabled button. The protocol machine decides the protocol's rules ([`Machine::check`]);
//! the world adds its own (nothing to break, a byte already sent, a session that has ended).
//!
//! [`Machine::check`]: crate::protocol::machine::Machine::check

use super::World;
use crate::protocol::codec::TokenSet;
use crate::protocol::machine::Request;
use crate::sim::scenario::ActionKind;
use crate::sim::trace::Host;

/// Why a session's buttons are disabled now, each `None` when it can be pressed.
#[derive(Clone, Debug, Default, PartialEq, Eq, serde::Serialize)]
pub struct WhyNot {
    /// "Give token": the holder gives the data token (GT).
    pub give: Option<String>,
    /// "Request token": the other host asks for it (PT).
    pub request: Option<String>,
    /// "Break transfer".
    pub break_now: Option<String>,
    /// "Kill session".
    pub kill: Option<String>,
    /// The faults that wait for the next TSDU or reconnect (drop, delay, refuse).
    pub faults: Option<String>,
    /// "Dialog mode" (to the other mode).
    pub switch: Option<String>,
}

/// Why the fault `kind` cannot be set on a session whose transfer is at `progress` (octets
/// sent, size), by the rules that need no more than that: a break at a byte must lie ahead
/// in the file, a delay or refusal lasts at most an hour (as a scenario's does).
pub fn fault_refusal(kind: &ActionKind, progress: Option<(u64, u64)>) -> Option<String> {
    match (kind, progress) {
        (ActionKind::BreakAtByte(_), None) => Some("only a file transfer counts its bytes".into()),
        (ActionKind::BreakAtByte(b), Some((_, size))) if *b >= size => {
            Some(format!("the file has {size} bytes"))
        }
        (ActionKind::BreakAtByte(b), Some((sent, _))) if *b <= sent => Some(format!(
            "byte {b} has been sent already (the transfer is at byte {sent})"
        )),
        (ActionKind::DelayNextMs(_) | ActionKind::RefuseReconnectsMs(_), _) => kind.too_long(),
        _ => None,
    }
}

const ENDED: &str = "the session has ended";
const NO_HOLDER: &str = "neither host holds the data token now: a GT is carrying it across, or there is no session connection (X.225 7.3)";

impl WhyNot {
    /// Every button of `session` in `world`.
    pub fn of(world: &World, session: u32) -> WhyNot {
        let holder = world.data_token_holder(session);
        // An ended session says so first, whatever became of its tokens.
        let or_no_holder = |kind: Option<ActionKind>| match kind {
            Some(k) => world.why_not(session, &k),
            None => world
                .why_not(session, &ActionKind::Kill)
                .filter(|w| w == ENDED)
                .or_else(|| Some(NO_HOLDER.to_string())),
        };
        let other_mode = world
            .sessions
            .get(session as usize)
            .map(|s| s.spec.dialog.other());
        WhyNot {
            give: or_no_holder(holder.map(ActionKind::GiveToken)),
            request: or_no_holder(holder.map(|h| ActionKind::RequestToken(h.peer()))),
            break_now: world.why_not(session, &ActionKind::Break),
            kill: world.why_not(session, &ActionKind::Kill),
            faults: world.why_not(session, &ActionKind::DropNext),
            switch: other_mode.and_then(|m| world.why_not(session, &ActionKind::SwitchDialog(m))),
        }
    }
}

impl World {
    /// `None` when `kind` can be taken on `session` now; otherwise the rule or fact that
    /// forbids it. Nothing changes.
    pub fn why_not(&self, session: u32, kind: &ActionKind) -> Option<String> {
        let Some(s) = self.sessions.get(session as usize) else {
            return Some(format!("there is no session {session}"));
        };
        if s.summary.outcome.is_some() {
            return Some(ENDED.into());
        }
        let machine = |h: Host| match h {
            Host::A => &s.a,
            Host::B => &s.b,
        };
        let protocol = |h: Host, request: Request| {
            machine(h)
                .check(request)
                .err()
                .map(|e| format!("host {}: {e}", h.name()))
        };
        match kind {
            ActionKind::Break => {
                let up = s.conn.is_some_and(|c| self.conns[c as usize].open);
                (!up).then(|| "no transport connection is up to break now".into())
            }
            ActionKind::BreakAtByte(_)
            | ActionKind::DelayNextMs(_)
            | ActionKind::RefuseReconnectsMs(_) => fault_refusal(kind, s.progress()),
            ActionKind::GiveToken(h) => protocol(*h, Request::GiveTokens(TokenSet::DATA)),
            ActionKind::RequestToken(h) => protocol(*h, Request::PleaseTokens(TokenSet::DATA)),
            ActionKind::SwitchDialog(mode) if *mode == s.spec.dialog => {
                Some(format!("the session is {} already", mode.words()))
            }
            ActionKind::SwitchDialog(_) => s.apps.switch_refusal().map(String::from),
            ActionKind::Kill | ActionKind::DropNext => None,
        }
    }
}
