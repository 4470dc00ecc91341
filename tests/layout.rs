//! The inspector's field layout against real SPDUs: for every SPDU that the built-in scenarios
//! send, the SPDU's own fields and its parameter units cover its octets exactly, in order,
//! and nothing is cut short (the encoder and the layout agree on X.225 8.2-8.3).

use osi_session::protocol::layout::layout;
use osi_session::sim::{builtin, What, World, BUILTIN};

#[test]
fn every_sent_spdu_is_covered_field_by_field() {
    let mut checked = 0;
    for name in BUILTIN {
        let mut world = World::new(&builtin(name).unwrap());
        world.run_to_end(u64::MAX);
        for e in &world.trace().events {
            let What::Spdu { spdu, octets, .. } = &e.what else {
                continue;
            };
            let (bytes, hex) = (&octets.bytes, octets.to_string());
            let fields = layout(bytes);
            let mut next = 0;
            for f in fields.iter().filter(|f| f.depth <= 1) {
                assert_eq!(f.octets.start, next, "{name} {spdu} {hex}: {fields:#?}");
                assert!(!f.name.contains("cut short"), "{name} {spdu} {hex}: {f:?}");
                next = f.octets.end;
            }
            assert_eq!(next, bytes.len(), "{name} {spdu} {hex}: {fields:#?}");
            // A PGI's PIs lie inside it.
            for (i, f) in fields.iter().enumerate().filter(|(_, f)| f.depth == 2) {
                let parent = fields[..i].iter().rev().find(|p| p.depth == 1).unwrap();
                assert!(
                    parent.octets.start < f.octets.start && f.octets.end <= parent.octets.end,
                    "{name} {spdu}: {f:?} outside {parent:?}"
                );
            }
            checked += 1;
        }
    }
    assert!(checked > 100, "only {checked} SPDUs checked");
}
