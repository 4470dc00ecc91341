//! A switch of the dialogue mode for an application that keeps its own place across it (a
//! chat, RPC calls). A session cannot change its functional units once connected (X.225
//! 7.1.7: they are fixed at establishment), so host A releases in order (FN/DN, X.225 7.7)
//! and connects again in the new mode, where the application goes on from where it was.

use serde::Serialize;

use super::{Cx, SWITCHING};
use crate::sim::trace::Outcome;

/// Where a switch of the dialogue mode stands on host A.
#[derive(Clone, Copy, Debug, Default, Serialize)]
pub struct Switch {
    /// Host A's user asked for the other mode: release, then connect again in it.
    asked: bool,
    /// Released for a switch, and connecting again in the new mode: a switch is under way
    /// until the new connection is accepted.
    reconnecting: bool,
}

impl Switch {
    /// Host A's user asks for the other mode.
    pub fn ask(&mut self) {
        self.asked = true;
    }

    /// True from the user's asking until the session is released.
    pub fn is_asked(self) -> bool {
        self.asked
    }

    /// Why the mode cannot be switched now: a switch is under way, or `over` (nothing is
    /// left to switch), if the application says so.
    pub fn refusal(self, over: Option<&'static str>) -> Option<&'static str> {
        if self.asked || self.reconnecting {
            Some(SWITCHING)
        } else {
            over
        }
    }

    /// The session is released (S-RELEASE, X.225 7.7): if for a switch, connect again at once
    /// in the new mode; otherwise the session is over.
    pub fn released(&mut self, cx: &mut Cx<'_>) {
        if self.asked {
            self.asked = false;
            self.reconnecting = true;
            cx.fx.reconnect_in_new_mode(cx.host);
        } else {
            cx.end(Outcome::Released);
        }
    }

    /// The new connection is up: the switch is done.
    pub fn accepted(&mut self) {
        self.reconnecting = false;
    }
}
