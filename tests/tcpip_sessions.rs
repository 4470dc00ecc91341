//! Whole sessions on the TCP/IP stack, one behaviour each: what survives a break in each
//! application (the cookie, the upload's offset, an RPC's xid and the server's cache, the
//! chat's line count), what does not (the TCP connection, the NetBIOS session, a plain PUT),
//! and how sessions begin and end (a refused SYN, a wrong password, an idle timeout, a kill).
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::{notes, segments};
use osi_session::sim::apps::banking::{password_typed, BankingSpec};
use osi_session::sim::scenario::{Action, ActionKind, AppSpec};
use osi_session::sim::tcpip::Stack;
use osi_session::sim::{builtin, Host, Outcome, Scenario, What, World};

/// A built-in scenario on the TCP/IP stack, with `actions` instead of its own when given.
fn tcpip(name: &str, actions: Option<Vec<(u64, ActionKind)>>) -> Scenario {
    let mut s = builtin(name).unwrap();
    s.sessions.iter_mut().for_each(|x| x.stack = Stack::Tcpip);
    if let Some(acts) = actions {
        s.actions = acts
            .into_iter()
            .map(|(at_ms, what)| Action {
                at_ms,
                session: 0,
                what,
            })
            .collect();
    }
    s
}

fn run(s: &Scenario) -> World {
    let mut w = World::new(s);
    w.run_to_end(600_000_000);
    w
}

/// Every message start (a segment with application protocol in it): (conn, from, text).
fn messages(w: &World) -> Vec<(u32, Host, String)> {
    segments(w)
        .into_iter()
        .filter(|s| s.header_len > 0)
        .map(|s| {
            (
                s.conn,
                s.from,
                String::from_utf8_lossy(&s.octets).into_owned(),
            )
        })
        .collect()
}

/// Every segment's (conn, from, label).
fn labels(w: &World) -> Vec<(u32, Host, String)> {
    segments(w)
        .into_iter()
        .map(|s| (s.conn, s.from, s.label))
        .collect()
}

fn outcome(w: &World) -> Option<Outcome> {
    w.summary(0).unwrap().outcome.clone()
}

#[test]
fn the_login_survives_a_break_in_its_cookie() {
    let w = run(&tcpip(
        "banking-login",
        Some(vec![(500, ActionKind::Break)]),
    ));
    let m = messages(&w);
    let set = m
        .iter()
        .find(|(_, _, t)| t.starts_with("HTTP/1.1 303"))
        .map(|(_, _, t)| t.clone())
        .unwrap();
    let at = set.find("sid=").unwrap();
    let cookie = format!("Cookie: {}", &set[at..at + 36]);
    let after: Vec<&String> = m
        .iter()
        .filter(|(c, f, _)| *c == 1 && *f == Host::A)
        .map(|(_, _, t)| t)
        .collect();
    assert!(!after.is_empty(), "no request on the new connection");
    assert!(after.iter().all(|t| t.contains(&cookie)), "{after:?}");
    let logins = m
        .iter()
        .filter(|(_, _, t)| t.starts_with("POST /login"))
        .count();
    assert_eq!(logins, 1, "logged in again");
    assert_eq!(outcome(&w), Some(Outcome::Released));
}

#[test]
fn the_password_is_never_on_the_wire() {
    for name in ["banking-login", "wrong-password"] {
        let s = tcpip(name, None);
        let mut w = World::new(&s);
        w.enable_capture();
        w.run_to_end(600_000_000);
        let AppSpec::Banking(b) = &s.sessions[0].app else {
            unreachable!()
        };
        let password = password_typed(b);
        let json = serde_json::to_string(w.trace()).unwrap();
        let capture = w.take_capture().unwrap();
        assert!(!json.contains(password), "{name}: the trace holds it");
        let found = capture
            .windows(password.len())
            .any(|x| x == password.as_bytes());
        assert!(!found, "{name}: the capture holds it");
    }
}

#[test]
fn a_wrong_password_gets_401_and_no_cookie() {
    let w = run(&tcpip("wrong-password", None));
    let m = messages(&w);
    assert!(m.iter().any(|(_, _, t)| t.starts_with("HTTP/1.1 401")));
    assert!(!m.iter().any(|(_, _, t)| t.contains("Set-Cookie")));
    assert_eq!(outcome(&w), Some(Outcome::Refused));
}

#[test]
fn an_idle_session_is_forgotten_and_a_later_request_gets_401() {
    let w = run(&tcpip("idle-timeout", None));
    let closes: Vec<(u32, Host, String)> = w
        .trace()
        .events
        .iter()
        .filter_map(|e| match &e.what {
            What::Spdu {
                conn, from, spdu, ..
            } if spdu.starts_with("FIN") => Some((*conn, *from, spdu.clone())),
            _ => None,
        })
        .collect();
    assert_eq!(
        closes[0].1,
        Host::B,
        "the bank closes the idle connection first"
    );
    let last = messages(&w).pop().unwrap();
    assert!(
        last.2.starts_with("HTTP/1.1 401") && last.0 == 1,
        "{last:?}"
    );
    assert_eq!(outcome(&w), Some(Outcome::TimedOut));
}

#[test]
fn the_upload_asks_the_server_and_goes_on_from_its_offset() {
    let osi = run(&builtin("file-transfer").unwrap());
    let w = run(&tcpip("file-transfer", None));
    let m = messages(&w);
    let head = m
        .iter()
        .position(|(c, _, t)| *c == 1 && t.starts_with("HEAD "))
        .unwrap();
    let offset = m[head + 1]
        .2
        .split("\r\n")
        .find_map(|l| l.strip_prefix("Upload-Offset: "))
        .unwrap()
        .to_string();
    assert!(m[head + 2].2.starts_with("PATCH "));
    assert!(m[head + 2]
        .2
        .contains(&format!("Upload-Offset: {offset}\r\n")));
    let sum = w.summary(0).unwrap();
    assert_eq!(sum.resume_points[0].offset.to_string(), offset);
    assert_eq!(sum.digest_match, Some(true));
    assert_eq!(sum.payload_delivered, 8 << 20);
    let resent = sum.payload_resent;
    assert!(resent > 0 && resent < osi.summary(0).unwrap().payload_resent);
}

#[test]
fn with_recovery_off_a_plain_put_goes_again_from_zero() {
    let w = run(&tcpip("file-transfer-restart", None));
    let puts: Vec<u32> = messages(&w)
        .iter()
        .filter(|(_, _, t)| t.starts_with("PUT "))
        .map(|(c, _, _)| *c)
        .collect();
    assert_eq!(puts, [0, 1]);
    let resend = w.trace().events.iter().find_map(|e| match e.what {
        What::Restart { resend, .. } => Some(resend),
        _ => None,
    });
    let sum = w.summary(0).unwrap();
    assert_eq!(resend, Some(sum.payload_resent));
    assert_eq!(sum.digest_match, Some(true));
}

#[test]
fn a_call_whose_reply_was_lost_is_answered_from_the_cache() {
    // Call 1 reaches host B at 60 ms; its reply is in flight at 70 ms.
    let w = run(&tcpip("rpc", Some(vec![(70, ActionKind::Break)])));
    let n = notes(&w);
    let executed = n.iter().filter(|t| t.starts_with("executing xid")).count();
    assert_eq!(executed, 4, "{n:#?}");
    assert!(
        n.iter().any(|t| t.contains("duplicate request cache")),
        "{n:#?}"
    );
    let calls: Vec<String> = labels(&w)
        .into_iter()
        .filter(|(_, _, l)| l.starts_with("CALL"))
        .map(|(_, _, l)| l)
        .collect();
    assert_eq!(calls[0], calls[1], "the same xid sent again");
    assert!(n.iter().any(|t| t.ends_with("total 10")));
    assert_eq!(outcome(&w), Some(Outcome::Released));
}

#[test]
fn a_new_netbios_session_is_requested_and_the_chat_resumes_its_count() {
    // B's first line is in flight at 360 ms.
    let w = run(&tcpip(
        "half-duplex-chat",
        Some(vec![(360, ActionKind::Break)]),
    ));
    let l = labels(&w);
    let first_on_1 = l
        .iter()
        .find(|(c, f, x)| *c == 1 && *f == Host::A && x != "ACK");
    assert_eq!(first_on_1.unwrap().2, "SYN");
    let first_message = l
        .iter()
        .find(|(c, f, x)| *c == 1 && *f == Host::A && !x.contains("ACK") && x != "SYN");
    assert_eq!(first_message.unwrap().2, "SESSION REQUEST");
    let resumes = l
        .iter()
        .filter(|(_, _, x)| x.starts_with("RESUME "))
        .count();
    assert_eq!(resumes, 2);
    let said_twice = notes(&w)
        .iter()
        .filter(|t| *t == "says: B: Hello A. Loud and clear.")
        .count();
    assert_eq!(said_twice, 2, "the lost line is said again");
    assert_eq!(outcome(&w), Some(Outcome::Released));
}

#[test]
fn a_refused_syn_is_reset_and_tried_again() {
    // The break at 70 ms; host B refuses until 370 ms, so the reconnect at 270 ms is reset.
    let w = run(&tcpip(
        "rpc",
        Some(vec![
            (70, ActionKind::Break),
            (70, ActionKind::RefuseReconnectsMs(300)),
        ]),
    ));
    let on_1: Vec<String> = labels(&w)
        .into_iter()
        .filter(|(c, _, _)| *c == 1)
        .map(|(_, _, l)| l)
        .collect();
    assert_eq!(on_1, ["SYN", "RST, ACK"]);
    assert!(labels(&w)
        .iter()
        .any(|(c, _, l)| *c == 2 && l == "SYN, ACK"));
    assert_eq!(outcome(&w), Some(Outcome::Released));
}

#[test]
fn a_kill_resets_the_connection_and_tokens_do_not_exist() {
    let w = run(&tcpip(
        "kill-session",
        Some(vec![
            (100, ActionKind::GiveToken(Host::A)),
            (400, ActionKind::Kill),
        ]),
    ));
    let refused =
        w.trace().events.iter().any(
            |e| matches!(&e.what, What::Refused { rule, .. } if rule.contains("no data token")),
        );
    assert!(refused);
    let last = w.trace().events.iter().rev().find_map(|e| match &e.what {
        What::Spdu { spdu, from, .. } => Some((spdu.clone(), *from)),
        _ => None,
    });
    assert_eq!(last, Some(("RST, ACK".into(), Host::A)));
    assert_eq!(outcome(&w), Some(Outcome::Aborted));
    assert!(!w
        .trace()
        .events
        .iter()
        .any(|e| matches!(e.what, What::Reconnect { .. })));
}

#[test]
fn a_banking_spec_drives_the_web_login() {
    // The scenario's banking parameters are the browser's: no requests, straight to logout.
    let mut s = tcpip("banking-login", None);
    s.sessions[0].app = AppSpec::Banking(BankingSpec {
        requests: 0,
        ..match &s.sessions[0].app {
            AppSpec::Banking(b) => b.clone(),
            _ => unreachable!(),
        }
    });
    let w = run(&s);
    let requests: Vec<String> = messages(&w)
        .iter()
        .filter(|(_, f, _)| *f == Host::A)
        .map(|(_, _, t)| t.split(" HTTP").next().unwrap().to_string())
        .collect();
    assert_eq!(requests, ["POST /login", "POST /logout"]);
}

#[test]
fn a_view_shows_the_stack_and_the_upload_s_progress() {
    let mut w = World::new(&tcpip("file-transfer", None));
    w.run_until(300_000);
    let v = w.view(0).unwrap();
    assert_eq!(v.stack, Stack::Tcpip);
    let (sent, size) = v.progress.unwrap();
    assert!(sent > 0 && sent < size, "{sent} of {size}");
    let json = serde_json::to_string(&v).unwrap();
    assert!(json.contains(r#""stack":"tcpip""#), "{json}");
    let mut osi = World::new(&builtin("file-transfer").unwrap());
    osi.run_until(300_000);
    let json = serde_json::to_string(&osi.view(0).unwrap()).unwrap();
    assert!(!json.contains("stack"), "{json}");
}

#[test]
fn every_segment_of_every_builtin_has_its_fields_named() {
    use osi_session::sim::tcpip::fields::{fields, Proto};
    for name in osi_session::sim::BUILTIN {
        let s = tcpip(name, None);
        let proto = Proto::of(&s.sessions[0].app);
        let w = run(&s);
        for e in &w.trace().events {
            let What::Spdu {
                header_len, octets, ..
            } = &e.what
            else {
                continue;
            };
            let f = fields(proto, &octets.bytes, *header_len);
            let covered: usize = f.iter().map(|f| f.octets.len()).sum();
            assert_eq!(covered, octets.bytes.len(), "{name}: {f:?}");
            assert!(f.iter().all(|f| !f.name.contains("not a")), "{name}: {f:?}");
        }
    }
}
