#![cfg(not(target_arch = "wasm32"))]
//! The page diagram of runs on the TCP/IP stack: TCP's handshakes, closes and resets are
//! moments of the story as the OSI stack's are, and the application messages' labels read as
//! Wireshark writes them.

use osi_session::sim::tcpip::Stack;
use osi_session::sim::timeline::page::{self, Geo, Page, View, Window, MARGIN};
use osi_session::sim::timeline::{El, Node};
use osi_session::sim::{builtin, What, World, BUILTIN};

fn run(name: &str) -> World {
    let mut s = builtin(name).expect("a built-in scenario");
    s.sessions.iter_mut().for_each(|x| x.stack = Stack::Tcpip);
    let mut world = World::new(&s);
    world.run_to_end(3_600_000_000);
    world
}

fn view(zoom: f64) -> View {
    View {
        zoom,
        window: Window {
            top: 0.0,
            height: 100_000.0,
            margin: MARGIN,
        },
        inspected: None,
        focused: None,
        now: 0,
        geo: Geo::WIDE,
        span: None,
    }
}

fn arrows(p: &Page) -> Vec<&El> {
    p.arrows
        .iter()
        .filter_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
        .collect()
}

/// An arrow's visible label, if it has one.
fn label_of(g: &El) -> Option<String> {
    g.all()
        .into_iter()
        .find(|e| e.tag == "text" && e.attr("class").is_none())
        .map(|t| t.words())
}

/// The class a TCP segment's arrow is marked with, if it is a moment.
fn tcp_moment(spdu: &str) -> Option<&'static str> {
    let bits: Vec<&str> = spdu.split(", ").collect();
    if bits.contains(&"RST") {
        Some("rst")
    } else if bits.contains(&"FIN") {
        Some("fin")
    } else if spdu == "SYN" {
        Some("syn")
    } else if spdu == "SYN, ACK" {
        Some("syn-ack")
    } else {
        None
    }
}

#[test]
fn tcp_handshakes_closes_and_resets_are_never_grouped_away() {
    let mut kinds = std::collections::BTreeSet::new();
    for name in BUILTIN {
        let world = run(name);
        let want: Vec<(String, &str)> = world
            .trace()
            .events
            .iter()
            .filter(|e| e.session == 0)
            .filter_map(|e| match &e.what {
                What::Spdu { spdu, .. } => tcp_moment(spdu).map(|c| (spdu.clone(), c)),
                _ => None,
            })
            .collect();
        assert!(
            want.iter().any(|(s, _)| s == "SYN"),
            "{name} opens with SYN"
        );
        for zoom in [0.25, 1.0] {
            let p = page::layout(world.trace(), 0, &view(zoom)).expect("events");
            let moments: Vec<&El> = arrows(&p)
                .into_iter()
                .filter(|g| g.has_class("moment"))
                .collect();
            assert_eq!(moments.len(), want.len(), "{name} at zoom {zoom}");
            for (g, (spdu, class)) in moments.into_iter().zip(&want) {
                assert!(!g.has_class("many"), "{name}: {spdu}");
                assert!(g.has_class(class), "{name}: {spdu} is marked {class}");
                assert_eq!(label_of(g).as_deref(), Some(spdu.as_str()), "{name}");
                assert!(g.all().iter().any(|e| e.has_class("mark")), "{spdu}");
                kinds.insert(*class);
            }
        }
    }
    // The built-in runs between them open, close and reset connections.
    assert_eq!(
        kinds.into_iter().collect::<Vec<_>>(),
        ["fin", "rst", "syn", "syn-ack"]
    );
}

#[test]
fn application_messages_name_their_arrows_not_acks_or_continuations() {
    for (name, wanted) in [
        ("banking-login", &["POST /login", "303 See Other"][..]),
        (
            "file-transfer",
            &["POST /files", "201 Created", "HEAD /files"][..],
        ),
        ("half-duplex-chat", &["SESSION REQUEST"][..]),
        ("rpc", &["CALL xid"][..]),
    ] {
        let world = run(name);
        let p = page::layout(world.trace(), 0, &view(1.0)).expect("events");
        let labels: Vec<String> = arrows(&p).iter().filter_map(|g| label_of(g)).collect();
        for want in wanted {
            assert!(
                labels.iter().any(|l| l.starts_with(want)),
                "{name}: no label begins {want:?} in {labels:?}"
            );
        }
        for l in &labels {
            // A bare ACK or a message's continuation never names a group holding more, and
            // every label fits between the lifelines (310 px at about 6.5 px a character).
            assert!(!l.starts_with("ACK and"), "{name}: {l:?}");
            assert!(l.chars().count() <= 46, "{name}: {l:?} is too long");
        }
        // Arrows holding only ACKs and continuations are drawn as data.
        for g in arrows(&p) {
            if let Some(l) = label_of(g) {
                if l == "ACK" {
                    assert!(g.has_class("data"), "{name}: {l}");
                }
            }
        }
    }
}

/// The y of each arrow's start in `p` (by its first SPDU's trace index).
fn arrow_starts(p: &Page) -> Vec<(usize, f64)> {
    arrows(p)
        .into_iter()
        .filter_map(|g| {
            let i = g.attr("data-first")?.parse().ok()?;
            let line = g.all().into_iter().find(|e| e.tag == "line")?;
            Some((i, line.attr("y1")?.parse().ok()?))
        })
        .collect()
}

#[test]
fn a_twin_on_the_other_stack_is_drawn_on_the_same_time_axis() {
    let s = builtin("file-transfer").unwrap();
    let both = osi_session::sim::tcpip::compare::with_twin(&s, 0).expect("session 0");
    assert_eq!(both.sessions.len(), 2);
    assert_eq!(both.sessions[1].stack, Stack::Tcpip);
    assert_eq!(both.sessions[1].start_ms, s.sessions[0].start_ms);
    // The same break, at the same byte, on the twin.
    let twin_actions: Vec<_> = both.actions.iter().filter(|a| a.session == 1).collect();
    assert_eq!(twin_actions.len(), s.actions.len());
    assert!(twin_actions
        .iter()
        .zip(&s.actions)
        .all(|(t, a)| t.what == a.what && t.at_ms == a.at_ms));
    assert!(osi_session::sim::tcpip::compare::with_twin(&s, 1).is_none());
    let mut world = World::new(&both);
    world.run_to_end(3_600_000_000);
    // The OSI session ran as it does alone: the twin has its own transport connection.
    let mut alone = World::new(&s);
    alone.run_to_end(3_600_000_000);
    assert_eq!(world.summary(0), alone.summary(0));

    let trace = world.trace();
    let spans: Vec<(u64, u64)> = (0..2)
        .map(|i| page::span(trace, i, world.now()).expect("events"))
        .collect();
    assert_ne!(
        spans[0].1, spans[1].1,
        "the stacks finish at different times"
    );
    let shared = (spans[0].0.min(spans[1].0), spans[0].1.max(spans[1].1));
    let px_per_us = 600.0 / (shared.1 - shared.0) as f64;
    for (session, span) in [(0, Some(shared)), (1, Some(shared)), (0, None), (1, None)] {
        let v = View { span, ..view(1.0) };
        let p = page::layout(trace, session, &v).expect("events");
        let starts = arrow_starts(&p);
        assert!(starts.len() > 10, "session {session}");
        let on_shared_axis = starts.iter().all(|(i, y)| {
            let t = trace.events[*i].t;
            (y - (page::TOP + (t - shared.0) as f64 * px_per_us)).abs() < 0.06
        });
        // With the shared span every arrow sits at its time on the one axis; with its own,
        // the session that finishes first is stretched to the whole height.
        let shorter = spans[session as usize].1 < shared.1;
        assert_eq!(
            on_shared_axis,
            span.is_some() || !shorter,
            "session {session}, {span:?}"
        );
    }
}
