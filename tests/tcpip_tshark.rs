//! Wireshark as an independent check of the TCP/IP stack's captures: for every built-in
//! scenario run on it, tshark decodes the capture with nothing malformed and no error, and
//! finds the HTTP requests and responses, NBSS packets and ONC RPC calls and replies the trace
//! says were sent, in order. The banking capture sets a cookie and then sends it; the upload's
//! has a second TCP connection with a HEAD and an Upload-Offset after the break.
#![cfg(not(target_arch = "wasm32"))]

mod common;
mod tshark;

use osi_session::sim::tcpip::Stack;
use osi_session::sim::{builtin, World, BUILTIN};

/// A built-in scenario run on the TCP/IP stack, with its capture written to a file of the
/// test's own (`test`: tests run at once in one process).
fn captured(name: &str, test: &str) -> (World, std::path::PathBuf) {
    let mut s = builtin(name).unwrap();
    s.sessions.iter_mut().for_each(|x| x.stack = Stack::Tcpip);
    let mut world = World::new(&s);
    world.enable_capture();
    world.run_to_end(600_000_000);
    let file = tshark::temp_file(&format!("tcpip-{test}-{name}.pcap"));
    std::fs::write(&file, world.take_capture().unwrap()).unwrap();
    (world, file)
}

/// The message starts of the trace whose whole message went on the wire, in order, as rows
/// tshark prints: an HTTP request "METHOD target", a response its code, an NBSS packet its
/// type, an RPC message "xid,type".
fn trace_rows(world: &World) -> Vec<String> {
    let segs = common::segments(world);
    let mut rows = Vec::new();
    for (i, seg) in segs.iter().enumerate() {
        let (conn, from, len, header_len, octets) =
            (seg.conn, seg.from, seg.len, seg.header_len, &seg.octets);
        if header_len == 0 {
            continue;
        }
        let text = String::from_utf8_lossy(octets);
        let row = match octets.first() {
            Some(b'H') if text.starts_with("HTTP/1.1 ") => text[9..12].to_string(),
            Some(b'A'..=b'Z') => {
                // A request: whole only if its body's octets all went.
                let want = text
                    .split("\r\n")
                    .find_map(|l| l.strip_prefix("Content-Length: "))
                    .and_then(|n| n.parse::<usize>().ok())
                    .unwrap_or(0);
                let sent: usize = len - header_len
                    + segs[i + 1..]
                        .iter()
                        .filter(|s| s.conn == conn && s.from == from)
                        .take_while(|s| s.header_len == 0)
                        .map(|s| s.len)
                        .sum::<usize>();
                if sent < want {
                    continue;
                }
                text.split(' ').take(2).collect::<Vec<_>>().join(" ")
            }
            Some(0x80) => {
                let xid = u32::from_be_bytes([octets[4], octets[5], octets[6], octets[7]]);
                format!("0x{xid:08x},{}", octets[11])
            }
            Some(t) => format!("0x{t:02x}"),
            None => continue,
        };
        rows.push(row);
    }
    rows
}

/// The same rows from tshark's decoding of the capture.
fn decoded_rows(file: &std::path::Path) -> Vec<String> {
    let out = tshark::run(
        file,
        &[
            "-o",
            "rpc.dissect_unknown_programs:TRUE",
            "-Y",
            "http || nbss || rpc",
            "-T",
            "fields",
            "-E",
            "occurrence=f",
            "-e",
            "http.request.method",
            "-e",
            "http.request.uri",
            "-e",
            "http.response.code",
            "-e",
            "nbss.type",
            "-e",
            "rpc.xid",
            "-e",
            "rpc.msgtyp",
        ],
    );
    out.lines()
        .map(|line| {
            let f: Vec<&str> = line.split('\t').collect();
            let get = |i: usize| f.get(i).copied().unwrap_or("");
            match (get(0), get(2), get(3), get(4)) {
                (m, _, _, _) if !m.is_empty() => format!("{m} {}", get(1)),
                (_, code, _, _) if !code.is_empty() => code.to_string(),
                (_, _, t, _) if !t.is_empty() => t.to_string(),
                (_, _, _, xid) => format!("{xid},{}", get(5)),
            }
        })
        .collect()
}

#[test]
fn tshark_decodes_every_tcpip_capture_as_its_trace_says() {
    if !tshark::available() {
        return;
    }
    for name in BUILTIN {
        let (world, file) = captured(name, "all");
        let bad = tshark::bad_frames(&file, &["-o", "rpc.dissect_unknown_programs:TRUE"]);
        let decoded = decoded_rows(&file);
        std::fs::remove_file(&file).ok();
        assert_eq!(
            bad, "",
            "{name}: tshark found malformed or erroneous frames"
        );
        let sent = trace_rows(&world);
        assert!(sent.len() >= 2, "{name}: {sent:?}");
        assert_eq!(decoded, sent, "{name}");
    }
}

#[test]
fn the_banking_capture_sets_a_cookie_then_sends_it() {
    if !tshark::available() {
        return;
    }
    let (_, file) = captured("banking-login", "cookie");
    let out = tshark::run(
        &file,
        &[
            "-Y",
            "http",
            "-T",
            "fields",
            "-e",
            "http.set_cookie",
            "-e",
            "http.cookie",
        ],
    );
    std::fs::remove_file(&file).ok();
    let set = out
        .lines()
        .find_map(|l| l.split('\t').next().filter(|c| c.starts_with("sid=")))
        .expect("a Set-Cookie");
    let value = set.split(';').next().unwrap();
    assert!(
        set.contains("HttpOnly") && set.contains("SameSite=Strict"),
        "{set}"
    );
    let after = out.split(set).nth(1).unwrap_or("");
    assert!(after.contains(value), "no Cookie {value} after it:\n{out}");
}

#[test]
fn the_upload_capture_resumes_with_head_on_a_second_connection() {
    if !tshark::available() {
        return;
    }
    let (_, file) = captured("file-transfer", "head");
    let streams = tshark::run(&file, &["-T", "fields", "-e", "tcp.stream"]);
    let heads = tshark::run(
        &file,
        &[
            "-Y",
            r#"http.request.method == "HEAD""#,
            "-T",
            "fields",
            "-e",
            "tcp.stream",
        ],
    );
    let offsets = tshark::run(
        &file,
        &[
            "-Y",
            r#"tcp.stream == 1 && http.response && http contains "Upload-Offset""#,
        ],
    );
    std::fs::remove_file(&file).ok();
    assert!(streams.lines().any(|s| s == "1"), "one TCP connection only");
    assert_eq!(heads.trim(), "1", "HEAD on the second connection");
    assert!(!offsets.is_empty(), "no Upload-Offset after the break");
}
