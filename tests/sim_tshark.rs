#![cfg(not(target_arch = "wasm32"))]
//! Wireshark as an independent check of what the simulated machines really sent: for every
//! built-in scenario, the run's own pcap capture must be decoded by tshark, with its default
//! settings, with nothing malformed and no error, with the same SPDUs, in the same order, on
//! the same connections, as the trace's SPDU events, and with the presentation layer (PRES)
//! in every frame whose SPDU carries user data.
//!
//! tshark's blind spots (X225.md, README): it names SPDUs by their SI, so AI/AIA show as
//! AB/AA (SI 25/26) and AE/AEA as MAP/MAA (SI 41/42), and it does not check the order of
//! concatenation. This test checks those itself: every trace name is mapped to the SIs it
//! must go as, with category 2 SPDUs (AI, AIA, AE, AEA, MAP, ...) after a GT and category 1
//! ones (AB, AA, ...) alone; and the SIs read from the trace's own octets must agree.

mod tshark;

use bytes::Bytes;
use osi_session::protocol::codec::{decode_tsdu, DecodeContext};
use osi_session::sim::{builtin, What, World, BUILTIN};

/// The SIs a TSDU of the trace's SPDU `name` carries, as tshark prints them in `ses.type`
/// (X225.md's table): a category 2 SPDU goes after GT (SI 1), as DT does; the others alone.
fn types_of(name: &str) -> &'static str {
    match name {
        "GT" => "1",
        "PT" => "2",
        "EX" => "5",
        "NF" => "8",
        "FN" => "9",
        "DN" => "10",
        "RF" => "12",
        "CN" => "13",
        "AC" => "14",
        "GTC" => "21",
        "GTA" => "22",
        "AB" => "25",
        "AA" => "26",
        "TD" => "33",
        // X.225 6.3.7: PT leads an acknowledgement, GT the others (SpduKind::lead_in).
        "DT" => "1,1",
        "AI" => "1,25",
        "AIA" => "2,26",
        "AR" => "1,29",
        "RA" => "2,34",
        "MAP" | "AE" => "1,41",
        "MAA" | "AEA" => "2,42",
        "AS" => "1,45",
        "MIP" => "1,49",
        "MIA" => "2,50",
        "RS" => "1,53",
        "AD" => "1,57",
        "ADA" => "2,58",
        other => panic!("the trace names an SPDU this test does not know: {other}"),
    }
}

/// The SIs of a TSDU read from its octets: the first SPDU's, and after a category 0 SPDU
/// (GT, PT) with octets left, the next one's (basic concatenation, X.225 6.3.7).
fn types_in(octets: &[u8]) -> String {
    let mut sis = Vec::new();
    let mut at = 0;
    while let Some(&si) = octets.get(at) {
        sis.push(si.to_string());
        let (li, len_octets) = match octets.get(at + 1) {
            Some(0xff) => {
                let b = &octets[at + 2..at + 4];
                (usize::from(u16::from_be_bytes([b[0], b[1]])), 3)
            }
            Some(&n) => (usize::from(n), 1),
            None => break,
        };
        at += 1 + len_octets + li;
        let category_0 = sis.len() == 1 && (si == 1 || si == 2);
        if !category_0 || at >= octets.len() {
            break;
        }
    }
    sis.join(",")
}

/// Every TSDU the trace says went on the wire, as its SPDU line: sent while its transport
/// connection was open (one lost in a break went on the wire too: the capture has it).
fn on_wire(world: &World) -> Vec<&What> {
    let mut closed = std::collections::BTreeSet::new();
    let mut sent = Vec::new();
    for e in &world.trace().events {
        match &e.what {
            What::TransportClosed { conn } | What::Break { conn, .. } => {
                closed.insert(*conn);
            }
            w @ What::Spdu { conn, .. } if *conn != u32::MAX && !closed.contains(conn) => {
                sent.push(w)
            }
            _ => {}
        }
    }
    sent
}

/// (connection, SIs) of every TSDU on the wire.
fn trace_rows(world: &World) -> Vec<(String, String)> {
    on_wire(world)
        .into_iter()
        .filter_map(|w| match w {
            What::Spdu {
                conn, spdu, octets, ..
            } => {
                let types = types_of(spdu);
                assert_eq!(types_in(&octets.bytes), types, "{spdu}: {octets}");
                Some((conn.to_string(), types.to_string()))
            }
            _ => None,
        })
        .collect()
}

/// How many TSDUs on the wire carry session user data: every DT, and the control SPDUs whose
/// user data parameter is there. Each holds a PPDU (src/protocol/presentation), so each is a
/// frame where tshark shows PRES.
fn with_user_data(world: &World) -> usize {
    on_wire(world)
        .into_iter()
        .filter(|w| match w {
            What::Spdu { spdu, octets, .. } => {
                spdu == "DT"
                    || decode_tsdu(&Bytes::from(octets.bytes.clone()), DecodeContext::default())
                        .is_ok_and(|s| s.iter().any(|s| s.user_data().is_some()))
            }
            _ => false,
        })
        .count()
}

#[test]
fn tshark_decodes_every_builtin_runs_capture_as_its_trace_says() {
    if !tshark::available() {
        return;
    }
    for name in BUILTIN {
        let mut world = World::new(&builtin(name).unwrap());
        world.enable_capture();
        world.run_to_end(600_000_000);
        let file = tshark::temp_file(&format!("sim-{name}.pcap"));
        std::fs::write(&file, world.take_capture().unwrap()).unwrap();
        let bad = tshark::bad_frames(&file, &[]);
        let pres = tshark::count(&file, "pres");
        let fields = tshark::fields(&file, "ses", &["tcp.stream", "ses.type"]);
        std::fs::remove_file(&file).ok();
        assert_eq!(
            bad, "",
            "{name}: tshark found malformed or erroneous frames"
        );
        let decoded: Vec<(String, String)> = fields
            .lines()
            .map(|line| {
                let (stream, types) = line.split_once('\t').unwrap_or((line, ""));
                (stream.to_string(), types.to_string())
            })
            .collect();
        let sent = trace_rows(&world);
        assert!(sent.len() >= 2, "{name}: {sent:?}");
        assert_eq!(decoded.len(), sent.len(), "{name}: SPDU count");
        assert_eq!(decoded, sent, "{name}: tshark printed\n{fields}");
        assert_eq!(pres, with_user_data(&world), "{name}: frames with PRES");
    }
}
