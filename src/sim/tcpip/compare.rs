//! What each stack did for a session's functions (establishment with authentication, what
//! survives a break, octets sent again, time to finish, how it ended), read from its trace and
//! summary only: `session-sim compare --stacks` prints one line per stack for each.

use super::Stack;
use crate::sim::scenario::{AppSpec, Scenario, SessionSpec};
use crate::sim::text::{grouped, ms, outcome_name};
use crate::sim::trace::{Host, Summary, Trace, What};

/// The labels of the messages that set the session up: from the first one to the first
/// answer from host B that carries application protocol (AC; `303 See Other`; a POSITIVE
/// SESSION RESPONSE; ...), in order.
pub fn establishment(trace: &Trace, session: u32) -> Vec<String> {
    let mut labels = Vec::new();
    for e in trace.events.iter().filter(|e| e.session == session) {
        if let What::Spdu {
            from,
            spdu,
            header_len,
            ..
        } = &e.what
        {
            labels.push(spdu.clone());
            if *from == Host::B && *header_len > 0 {
                break;
            }
        }
    }
    labels
}

/// How the session's user is authenticated, on `stack`.
fn authentication(stack: Stack, app: &AppSpec) -> &'static str {
    match (stack, app) {
        (Stack::Osi, AppSpec::Banking(_)) => {
            "a keyed digest of the password in CN; the session is the session connection"
        }
        (Stack::Tcpip, AppSpec::Banking(_)) => {
            "a proof of the password in POST /login; the session is a cookie (Set-Cookie, \
             then Cookie on every request)"
        }
        _ => "none asked for",
    }
}

/// What survived the session's breaks, read from its events.
fn survived(stack: Stack, spec: &SessionSpec, trace: &Trace, summary: &Summary) -> String {
    if summary.breaks == 0 {
        return "no break".into();
    }
    let mine = || trace.events.iter().filter(|e| e.session == summary.session);
    let resumed = mine().find_map(|e| match &e.what {
        What::Resume { serial, offset, .. } => Some((*serial, *offset)),
        _ => None,
    });
    let restarted = mine().any(|e| matches!(e.what, What::Restart { .. }));
    let lost = summary.outcome == Some(crate::sim::trace::Outcome::Lost);
    match (stack, &spec.app) {
        (_, AppSpec::FileTransfer(_)) if restarted => {
            "the session, not the position: the file went again from byte 0".into()
        }
        (Stack::Osi, AppSpec::FileTransfer(_)) => match resumed {
            Some((serial, offset)) => format!(
                "the activity and the position: resumed (AR) from sync point {serial} at byte \
                 {offset}"
            ),
            None => "nothing".into(),
        },
        (Stack::Tcpip, AppSpec::FileTransfer(_)) => match resumed {
            Some((_, offset)) => format!(
                "the position, kept by the server: HEAD said Upload-Offset {offset}, and PATCH \
                 went on from there on a new TCP connection"
            ),
            None => "nothing".into(),
        },
        (Stack::Osi, _) | (Stack::Tcpip, _) if lost => {
            "nothing: the break ended the session".into()
        }
        (Stack::Tcpip, AppSpec::Banking(_)) => {
            "the login: the browser's cookie, sent on a new TCP connection".into()
        }
        (Stack::Tcpip, AppSpec::Rpc(_)) => "the calls: an unanswered one went again with its \
            xid, and the server's duplicate request cache kept it at most once"
            .into(),
        (Stack::Tcpip, AppSpec::Chat(_)) => "the turn, as far as the chat counted its lines \
            (RESUME): the NetBIOS session itself had to be requested again"
            .into(),
        (Stack::Osi, _) => "the session reconnected".into(),
    }
}

/// The rows of the comparison for one session: (what, how it went).
pub fn functions(
    spec: &SessionSpec,
    session: u32,
    trace: &Trace,
    summary: &Summary,
) -> Vec<(&'static str, String)> {
    let stack = spec.stack;
    let connections = trace
        .events
        .iter()
        .filter(|e| e.session == session)
        .filter_map(|e| match e.what {
            What::Spdu { conn, .. } => Some(conn),
            _ => None,
        })
        .collect::<std::collections::BTreeSet<u32>>()
        .len();
    vec![
        ("established by", establishment(trace, session).join(" | ")),
        ("authenticated by", authentication(stack, &spec.app).into()),
        (
            "what survived the break",
            survived(stack, spec, trace, summary),
        ),
        ("transport connections", connections.to_string()),
        ("octets sent again", grouped(summary.payload_resent)),
        (
            "protocol octets (above the transport)",
            grouped(summary.protocol_bytes),
        ),
        (
            "time to finish",
            summary
                .ended_at
                .map_or("not ended".into(), |t| format!("{} ms", ms(t))),
        ),
        (
            "how it ended",
            summary
                .outcome
                .as_ref()
                .map_or("not ended", outcome_name)
                .to_string(),
        ),
    ]
}

/// `scenario` with the twin of its session `session` added last: the same application
/// settings, start and recovery on the other stack, and a copy of each of the session's
/// actions (breaks, faults, kills) at the same simulated time. Sessions have a transport
/// connection each, so the twin leaves the others' timing as it was. `None` if there is no
/// such session.
pub fn with_twin(scenario: &Scenario, session: u32) -> Option<Scenario> {
    let mut twin = scenario.sessions.get(session as usize)?.clone();
    twin.stack = match twin.stack {
        Stack::Osi => Stack::Tcpip,
        Stack::Tcpip => Stack::Osi,
    };
    let mut out = scenario.clone();
    let index = out.sessions.len() as u32;
    out.sessions.push(twin);
    let copies: Vec<_> = scenario
        .actions
        .iter()
        .filter(|a| a.session == session)
        .map(|a| {
            let mut a = a.clone();
            a.session = index;
            a
        })
        .collect();
    out.actions.extend(copies);
    Some(out)
}
