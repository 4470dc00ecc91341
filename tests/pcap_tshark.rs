#![cfg(not(target_arch = "wasm32"))]
//! Wireshark as an independent check of the pcap writer: tshark must decode every SPDU of the
//! verified byte strings of X225.md, reassemble a split TSDU, and find nothing malformed.

use osi_session::protocol::pcap::PcapWriter;
use std::path::Path;
use std::process::Command;

mod tshark;

/// Verified session bytes of X225.md ("Wireshark as an independent check").
const CN: &str = "0d 23 05 0c 13 01 00 16 01 02 17 01 31 1a 01 02 14 02 00 39 33 02 00 01 34 02 00 01 c1 07 31 05 a0 03 80 01 01";
const AC: &str = "0e 1f 05 0c 13 01 00 16 01 02 17 01 31 1a 01 00 14 02 00 39 34 02 00 01 c1 07 31 05 a0 03 80 01 01";
const GT_DT: &str = "01 00 01 00 40 05 68 65 6c 6c 6f";
const GT_MIP: &str = "01 00 31 06 0f 01 00 2a 01 31";
const FN: &str = "09 0a 11 01 01 c1 05 40 03 62 79 65";
const DN: &str = "0a 06 c1 04 40 02 6f 6b";

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
    let mut big = hex("01 00 01 00");
    big.extend((0..100_000u32).map(|i| (i % 251) as u8));
    w.open_connection(1, 2_000_000);
    w.tsdu(1, true, 2_001_000, &big);
    w.abort_connection(1, 2_002_000);
    w.into_bytes()
}

/// Runs tshark on `file` with the whitespace-separated `options` and, if given, the display
/// filter `filter`; returns its standard output.
fn tshark(file: &Path, options: &str, filter: Option<&str>) -> String {
    let mut cmd = Command::new(tshark::tshark());
    cmd.arg("-r").arg(file).args(options.split_whitespace());
    if let Some(filter) = filter {
        cmd.args(["-Y", filter]);
    }
    let out = cmd.output().expect("tshark runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "tshark {options} failed: {stderr}");
    String::from_utf8(out.stdout).expect("tshark prints UTF-8")
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
    let no_pres = "--disable-protocol pres";
    let checksums = "-o ip.check_checksum:TRUE -o tcp.check_checksum:TRUE";
    let columns = "-T fields -E occurrence=a -E aggregator=, -e frame.number -e tcp.stream \
                   -e ses.type -e ses.serial_number -e cotp.reassembled.length -e data.len";
    let fields = tshark(&file, &format!("{no_pres} {columns}"), Some("ses"));
    let bad = r#"_ws.malformed || _ws.expert.severity >= "error""#;
    let problems = tshark(&file, &format!("{no_pres} {checksums}"), Some(bad));
    let tcp_flags = tshark(
        &file,
        "",
        Some("tcp.analysis.flags && !tcp.analysis.window_update"),
    );
    let all = tshark(&file, "-T fields -e frame.number", None);
    let good = r#"ip.checksum.status == "Good" && tcp.checksum.status == "Good""#;
    let good = tshark(
        &file,
        &format!("{checksums} -T fields -e frame.number"),
        Some(good),
    );
    std::fs::remove_file(&file).ok();

    // Per SES frame: (tcp.stream, ses.type, ses.serial_number, cotp.reassembled.length, data.len).
    let rows: Vec<Vec<&str>> = fields
        .lines()
        .map(|line| line.split('\t').skip(1).collect())
        .collect();
    let expected: [[&str; 5]; 7] = [
        ["0", "13", "", "", "7"],             // CN (user data handed to `data`)
        ["0", "14", "", "", "7"],             // AC
        ["0", "1,1", "", "", "7"],            // GT + DT
        ["0", "1,49", "1", "", ""],           // GT + MIP, serial number 1
        ["0", "9", "", "", "5"],              // FN
        ["0", "10", "", "", "4"],             // DN
        ["1", "1,1", "", "100004", "100000"], // the split GT + DT, reassembled by COTP
    ];
    assert_eq!(rows, expected, "tshark fields:\n{fields}");
    assert_eq!(problems, "", "malformed or error-level expert info");
    assert_eq!(tcp_flags, "", "TCP analysis flags (the RST raises none)");
    assert!(!all.is_empty());
    assert_eq!(good, all, "every IPv4 and TCP checksum is good");
}
