#![cfg(not(target_arch = "wasm32"))]
//! Wireshark as an independent check of the pcap writer: tshark, with its defaults, must decode
//! every SPDU of the verified byte strings of X225.md (their user data a presentation PDU),
//! reassemble a split TSDU, and find nothing malformed.

use bytes::Bytes;
use osi_session::protocol::pcap::PcapWriter;
use osi_session::protocol::presentation::{Pdv, Ppdu, CONTEXT_ID};

mod tshark;

/// Verified session bytes of X225.md ("Wireshark as an independent check"): CN and AC carry a
/// CP-type and a CPA-PPDU of normal mode with nothing else, the others a User-data PPDU
/// ("hello", "bye", "ok" in presentation context 1, as src/protocol/presentation writes it).
const CN: &str = "0d 23 05 0c 13 01 00 16 01 02 17 01 31 1a 01 02 14 02 00 39 33 02 00 01 34 02 00 01 c1 07 31 05 a0 03 80 01 01";
const AC: &str = "0e 1f 05 0c 13 01 00 16 01 02 17 01 31 1a 01 00 14 02 00 39 34 02 00 01 c1 07 31 05 a0 03 80 01 01";
const GT_DT: &str = "01 00 01 00 61 0e 30 0c 02 01 01 a0 07 04 05 68 65 6c 6c 6f";
const GT_MIP: &str = "01 00 31 06 0f 01 00 2a 01 31";
const FN: &str = "09 13 11 01 01 c1 0e 61 0c 30 0a 02 01 01 a0 05 04 03 62 79 65";
const DN: &str = "0a 0f c1 0d 61 0b 30 09 02 01 01 a0 04 04 02 6f 6b";

/// Bytes of a string of space-separated hex octets.
fn hex(s: &str) -> Vec<u8> {
    s.split_whitespace()
        .map(|b| u8::from_str_radix(b, 16).unwrap())
        .collect()
}

/// Connection 0: a whole session; connection 1: one 100,000-byte GT+DT, then a broken transport.
fn capture() -> Vec<u8> {
    let mut w = PcapWriter::new();
    w.open_connection(0, 1_000_000);
    let exchange = [
        (CN, true),
        (AC, false),
        (GT_DT, true),
        (GT_MIP, true),
        (FN, true),
        (DN, false),
    ];
    let mut t = 1_000_000;
    for (spdu, from_initiator) in exchange {
        t += 1_000;
        w.tsdu(0, from_initiator, t, &hex(spdu));
    }
    w.close_connection(0, t + 1_000);
    let big = big_dt();
    w.open_connection(1, 2_000_000);
    w.tsdu(1, true, 2_001_000, &big);
    w.abort_connection(1, 2_002_000);
    w.into_bytes()
}

/// GT + a DT of 100,000 octets of the file in a User-data PPDU: more than a TPKT carries.
fn big_dt() -> Vec<u8> {
    let data: Vec<u8> = (0..100_000u32).map(|i| (i % 251) as u8).collect();
    let mut tsdu = hex("01 00 01 00");
    tsdu.extend_from_slice(&Ppdu::Data(Pdv::new(CONTEXT_ID, Bytes::from(data))).encode());
    tsdu
}

/// Writes the capture to a unique temporary file, or returns `None` when tshark is missing.
fn capture_file() -> Option<std::path::PathBuf> {
    if !tshark::available() {
        return None;
    }
    let name = format!("osi_session_pcap_tshark_{}.pcap", std::process::id());
    let file = std::env::temp_dir().join(name);
    std::fs::write(&file, capture()).expect("write capture");
    Some(file)
}

#[test]
fn tshark_decodes_every_spdu_and_reassembles_the_split_tsdu() {
    let Some(file) = capture_file() else {
        return;
    };
    let checksums = [
        "-o",
        "ip.check_checksum:TRUE",
        "-o",
        "tcp.check_checksum:TRUE",
    ];
    let fields = tshark::fields(
        &file,
        "ses",
        &[
            "frame.number",
            "tcp.stream",
            "ses.type",
            "ses.serial_number",
            "cotp.reassembled.length",
            "pres.presentation_context_identifier",
        ],
    );
    let problems = tshark::bad_frames(&file, &checksums);
    let tcp_flags = tshark::run(
        &file,
        &["-Y", "tcp.analysis.flags && !tcp.analysis.window_update"],
    );
    let all = tshark::run(&file, &["-T", "fields", "-e", "frame.number"]);
    let mut good = checksums.to_vec();
    good.extend([
        "-T",
        "fields",
        "-e",
        "frame.number",
        "-Y",
        r#"ip.checksum.status == "Good" && tcp.checksum.status == "Good""#,
    ]);
    let good = tshark::run(&file, &good);
    std::fs::remove_file(&file).ok();

    // Per SES frame: (tcp.stream, ses.type, ses.serial_number, cotp.reassembled.length,
    // the presentation context of the PPDU's user data).
    let rows: Vec<Vec<&str>> = fields
        .lines()
        .map(|line| line.split('\t').skip(1).collect())
        .collect();
    let big = big_dt().len().to_string();
    let expected: [[&str; 5]; 7] = [
        ["0", "13", "", "", ""],     // CN: CP-type, normal mode
        ["0", "14", "", "", ""],     // AC: CPA-PPDU
        ["0", "1,1", "", "", "1"],   // GT + DT: User-data
        ["0", "1,49", "1", "", ""],  // GT + MIP, serial number 1
        ["0", "9", "", "", "1"],     // FN
        ["0", "10", "", "", "1"],    // DN
        ["1", "1,1", "", &big, "1"], // the split GT + DT, reassembled by COTP
    ];
    assert_eq!(rows, expected, "tshark fields:\n{fields}");
    assert_eq!(problems, "", "malformed or error-level expert info");
    assert_eq!(tcp_flags, "", "TCP analysis flags (the RST raises none)");
    assert!(!all.is_empty());
    assert_eq!(good, all, "every IPv4 and TCP checksum is good");
}
