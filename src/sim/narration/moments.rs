//! The key moments of a run, where a learner's run pauses: a break, a resume (or a restart
//! from zero), a refusal, an abort and a release; each told in a sentence or two, what just
//! happened and what comes next.

use crate::sim::text::grouped;
use crate::sim::trace::{Outcome, TraceEvent, What};

/// True for a line of the trace that is a key moment: a break, a resume or a restart, a
/// refused connection (RF), an abort (AB sent, or a session lost: the provider's abort that
/// ends it, not one a resume follows), the start of a release (FN).
pub fn is_key_moment(what: &What) -> bool {
    match what {
        What::Break { .. } | What::Resume { .. } | What::Restart { .. } => true,
        What::Spdu { spdu, .. } => matches!(spdu.as_str(), "RF" | "AB" | "FN"),
        What::Outcome { outcome } => *outcome == Outcome::Lost,
        _ => false,
    }
}

/// A key moment ([`is_key_moment`]) in words: what just happened, then "Next: " what comes
/// next. `recovery`: whether the session resumes a transfer after a break (its spec's).
/// `None` for a line that is not a key moment.
pub fn moment(e: &TraceEvent, recovery: bool) -> Option<String> {
    if !is_key_moment(&e.what) {
        return None;
    }
    Some(match &e.what {
        What::Break {
            cause,
            lost,
            at_risk,
            ..
        } => {
            let s = if *lost == 1 { "" } else { "s" };
            let happened = format!(
                "The transport connection broke ({cause}): {lost} SPDU{s} in flight were lost."
            );
            let next = match at_risk {
                Some(n) if recovery => format!(
                    "host A reconnects and resumes the transfer from the last sync point host B \
                     confirmed: only the {} octets sent since then are sent again.",
                    grouped(*n)
                ),
                Some(_) => "host A reconnects and, with recovery off, sends the whole file again \
                            from byte 0."
                    .into(),
                None => "this session has no sync points to resume from: it is lost with its \
                         connection."
                    .into(),
            };
            format!("{happened} Next: {next}")
        }
        What::Resume {
            serial,
            offset,
            resend,
            ..
        } => format!(
            "Host A resumed the transfer on a new connection from sync point {serial}, byte {}: \
             {} octets are sent again, not the whole file. Next: the rest of the file, then an \
             orderly release.",
            grouped(*offset),
            grouped(*resend)
        ),
        What::Restart { why, resend } => format!(
            "The transfer started again from byte 0 ({why}): {} octets are sent again. Next: the \
             whole file once more, then an orderly release.",
            grouped(*resend)
        ),
        What::Spdu { spdu, from, .. } => {
            let (me, peer) = (from.name(), from.peer().name());
            match spdu.as_str() {
                "RF" => format!(
                    "Host {me} refused the session connection (RF): no session exists. Next: \
                     host {peer} is told, and it ends before any data is exchanged."
                ),
                "AB" => format!(
                    "Host {me}'s user aborted the session (AB): it ends at once, and what is in \
                     flight is thrown away. Next: the transport connection closes, and nothing is \
                     resumed: an abort ends the dialogue for good."
                ),
                _ => format!(
                    "Host {me} asked for an orderly release (FN): it has nothing more to send. \
                     Next: host {peer} answers DN, and the session ends with nothing lost."
                ),
            }
        }
        What::Outcome { .. } => "The session is lost: the session provider aborted it (its \
            transport connection was lost, and it could not go on). Next: nothing; the session is \
            over and is not resumed."
            .into(),
        _ => return None,
    })
}
