//! What a receiver discards is on record (X.225 7.18.2, A.4.7): after host A sends AI to
//! switch the dialogue mode, the sync point confirmations B sent before it saw the AI arrive
//! and are purged. The trace names each of them, and they arrive but confirm nothing.

use osi_session::sim::svg::{render, SvgOptions};
use osi_session::sim::text::render as text;
use osi_session::sim::{Host, Scenario, What, World};

const SWITCH: &str = r#"{"seed": 1, "link": {"latency_us": 20000, "bandwidth": 10000000},
    "sessions": [{"app": {"file_transfer": {"size": 2000000, "chunk": 16384,
                  "minor_every": 65536, "major_every": 0}}, "dialog": "full-duplex"}],
    "actions": [{"at_ms": 150, "session": 0, "do": {"switch_dialog": "half-duplex"}}]}"#;

#[test]
fn spdus_purged_after_an_interrupt_are_named_in_the_trace() {
    let mut world = World::new(&Scenario::from_json(SWITCH).unwrap());
    world.run_to_end(60_000_000);
    let events = &world.trace().events;
    let sent = |id: u64| {
        events.iter().find_map(|e| match &e.what {
            What::Spdu {
                id: i,
                from,
                spdu,
                serial,
                arrives,
                ..
            } if *i == id => Some((e.t, *from, spdu.clone(), *serial, *arrives)),
            _ => None,
        })
    };
    let ai = events
        .iter()
        .find_map(|e| match &e.what {
            What::Spdu { spdu, arrives, .. } if spdu == "AI" => Some((e.t, arrives.unwrap())),
            _ => None,
        })
        .expect("the switch interrupts the activity");
    let mut purged = Vec::new();
    for e in events {
        if let What::Discarded {
            host,
            id,
            spdu,
            why,
        } = &e.what
        {
            let id = id.expect("a discard names its SPDU");
            let (t, from, name, serial, arrives) = sent(id).expect("the discarded SPDU was sent");
            assert_eq!(
                *host,
                from.peer(),
                "SPDU {id} was discarded by its receiver"
            );
            assert_eq!(&name, spdu);
            assert_eq!(arrives, Some(e.t), "SPDU {id} is discarded when it arrives");
            assert!(why.contains("purged"), "{why}");
            // A discarded it: it was sent by B before B saw the AI, and arrived after A sent it.
            assert_eq!(*host, Host::A);
            assert!(
                t < ai.1 && e.t > ai.0,
                "SPDU {id} sent at {t}, discarded at {}",
                e.t
            );
            purged.push(serial.unwrap());
        }
    }
    assert!(purged.len() >= 2, "purged: {purged:?}");
    assert!(
        purged.windows(2).all(|w| w[0] < w[1]),
        "in order: {purged:?}"
    );
    // A purged confirmation confirms nothing: no checkpoint before the resume has a purged
    // serial number, and the resume starts from the last one confirmed before the AI.
    let (mut last, mut resumed) = (None, false);
    for e in events {
        match e.what {
            What::Checkpoint { serial, .. } => {
                assert!(!purged.contains(&serial), "sync point {serial} was purged");
                last = Some(serial);
            }
            What::Resume { serial, .. } => {
                assert_eq!(Some(serial), last);
                assert!(
                    purged.iter().all(|p| *p > serial),
                    "{purged:?} after {serial}"
                );
                resumed = true;
                break;
            }
            _ => {}
        }
    }
    assert!(resumed, "the transfer resumed");
    // The readable timeline and the diagram say so too.
    let lines = text(world.trace(), &world.summaries());
    assert_eq!(lines.matches("A  discarded MIA #").count(), purged.len());
    let svg = render(world.trace(), 0, &SvgOptions::default());
    assert_eq!(
        svg.matches("class=\"spdu discarded\"").count(),
        purged.len()
    );
    assert!(svg.contains(", discarded by host A"));
}
