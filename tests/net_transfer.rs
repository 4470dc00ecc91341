#![cfg(not(target_arch = "wasm32"))]
//! `session-sim serve` and `send` over loopback TCP, through a proxy that cuts the first
//! connection partway: the file arrives whole, resumed from the last confirmed sync point
//! (X.225 7.17) rather than sent again, and sent again in full with --no-recovery.

mod net_support;
mod tshark;

use net_support::{number_before, send, temp_dir, write_file, Proxy, ServeProcess};

const SIZE: usize = 4 << 20;
const EVERY: u64 = 64 << 10;
const CUT: u64 = 3 << 19; // 1.5 MiB from the sender, then the first connection is cut
/// The sender keeps at most 4 sync points unconfirmed (net::send::WINDOW), and one more
/// interval may be under way: what a cut can make it send again.
const AT_RISK: u64 = 5 * EVERY;

struct Run {
    line: String,
    served: String,
    counts: Vec<u64>,
}

fn cut_run(name: &str, stall: bool, extra: &[&str]) -> Run {
    let dir = temp_dir(name);
    let out = dir.join("out");
    std::fs::create_dir(&out).expect("out");
    let file = dir.join("payload.bin");
    let data = write_file(&file, SIZE, 7);
    let serve = ServeProcess::start(&out, &["--idle-timeout", "20"]);
    let proxy = Proxy::start(serve.addr, Some(CUT), stall);
    let every = EVERY.to_string();
    let mut args = vec!["--sync-every", every.as_str()];
    args.extend_from_slice(extra);
    let o = send(&file, proxy.addr, &args);
    let stderr = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(0), "send failed: {stderr}");
    let served = serve.line();
    assert_eq!(
        std::fs::read(out.join("payload.bin")).expect("received"),
        data
    );
    let line = String::from_utf8(o.stdout).expect("UTF-8");
    eprintln!("{line}{served}");
    assert_eq!(line.lines().count(), 1, "{line}");
    Run {
        line,
        served,
        counts: proxy.counts(),
    }
}

#[test]
fn a_cut_connection_is_resumed_from_the_last_confirmed_sync_point() {
    check_resumed(&cut_run("resume", false, &[]));
}

/// The connection stalls instead: neither end sees a close. The sender gives it up after its
/// timeout and resumes on a new one; the server, still holding the old one, hands the
/// transfer over to the AR that names it.
#[test]
fn a_stalled_connection_is_given_up_and_resumed() {
    check_resumed(&cut_run("stall", true, &["--timeout", "2"]));
}

fn check_resumed(run: &Run) {
    let (line, size) = (&run.line, SIZE as u64);
    assert!(
        run.counts.len() >= 2,
        "a second connection: {:?}",
        run.counts
    );
    assert_eq!(run.counts[0], CUT, "the first connection was cut");
    assert_eq!(number_before(line, "resume(s)"), 1, "{line}");
    let again = number_before(line, "octets sent again");
    let all = number_before(line, "in all");
    assert_eq!(all, size + again, "{line}");
    assert!(all < size + AT_RISK, "resumed, not restarted: {line}");
    assert!(line.contains(&format!("{size} octets")), "{line}");
    assert!(
        run.served
            .starts_with("received payload.bin: 4194304 octets"),
        "{}",
        run.served
    );
    assert_eq!(number_before(&run.served, "resume(s)"), 1, "{}", run.served);
    let digest = |l: &str| l.split("sha256 ").nth(1).map(|d| d[..64].to_string());
    assert_eq!(digest(line), digest(&run.served));
}

#[test]
fn without_recovery_everything_is_sent_again() {
    let run = cut_run("restart", false, &["--no-recovery"]);
    let (line, size) = (&run.line, SIZE as u64);
    assert!(
        run.counts.len() >= 2,
        "a second connection: {:?}",
        run.counts
    );
    assert_eq!(number_before(line, "resume(s)"), 0, "{line}");
    let again = number_before(line, "octets sent again");
    let all = number_before(line, "in all");
    assert_eq!(all, size + again, "{line}");
    // All the octets the first connection carried are sent again, headers aside (under 1%).
    assert!(again >= CUT * 99 / 100, "{line}");
    assert!(again >= AT_RISK, "more than a resume would: {line}");
    assert_eq!(number_before(&run.served, "resume(s)"), 0, "{}", run.served);
}

#[test]
fn both_ends_write_a_capture_and_a_refusal_exits_1() {
    let dir = temp_dir("pcap");
    let out = dir.join("out");
    std::fs::create_dir(&out).expect("out");
    let file = dir.join("small.bin");
    let data = write_file(&file, 100_000, 3);
    let serve_pcap = dir.join("serve.pcap");
    let serve_pcap_arg = serve_pcap.to_string_lossy().into_owned();
    let serve = ServeProcess::start(&out, &["--pcap", &serve_pcap_arg]);
    let send_pcap = dir.join("send.pcap");
    let send_pcap_arg = send_pcap.to_string_lossy().into_owned();
    let o = send(
        &file,
        serve.addr,
        &["--pcap", &send_pcap_arg, "--sync-every", "32768"],
    );
    assert_eq!(
        o.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&o.stderr)
    );
    assert!(serve
        .line()
        .starts_with("received small.bin: 100000 octets"));
    assert_eq!(
        std::fs::read(out.join("small.bin")).expect("received"),
        data
    );
    for pcap in [&send_pcap, &serve_pcap] {
        let bytes = std::fs::read(pcap).expect("capture written");
        assert_eq!(bytes[..4], [0xd4, 0xc3, 0xb2, 0xa1], "{pcap:?}");
        // Every octet of the file is in it, in DT SPDUs, plus headers.
        assert!(bytes.len() > data.len(), "{pcap:?}: {} octets", bytes.len());
        if tshark::available() {
            check_with_tshark(pcap);
        }
    }
    // The receiver refuses a name that is a path: RF, exit status 1, the reason on stderr.
    let o = send(&file, serve.addr, &["--name", "../escape.bin"]);
    assert_eq!(o.status.code(), Some(1));
    let err = String::from_utf8_lossy(&o.stderr);
    assert!(
        err.contains("refused") && err.contains("is a path"),
        "{err}"
    );
    assert!(!dir.join("escape.bin").exists());
}

/// Wireshark, with its defaults, reads the run: every SPDU of the session, in order, the
/// presentation layer under each one with user data, nothing malformed. A category 2 SPDU is
/// shown after its category 0 lead-in (`1,49`: GT and MIP); the lead-in (GT, or PT before an
/// acknowledgement, X.225 6.3.7) is left to the codec's own tests. The digest's TD is the one
/// SPDU tshark 4.0 does not take for SES: alone in its TSDU, with a PPDU (0x61) after its
/// parameters where its COTP heuristic wants an SI, it goes to T.125.
fn check_with_tshark(pcap: &std::path::Path) {
    assert_eq!(tshark::bad_frames(pcap, &[]), "", "{pcap:?}");
    let types = tshark::run(pcap, &["-Y", "ses", "-T", "fields", "-e", "ses.type"]);
    let all: Vec<&str> = types
        .lines()
        .map(|t| {
            t.strip_prefix("1,")
                .or_else(|| t.strip_prefix("2,"))
                .unwrap_or(t)
        })
        .collect();
    assert!(
        all.contains(&"49") && all.contains(&"50"),
        "MIP and MIA: {all:?}"
    );
    // MIAs come back whenever they do: the order of the rest is the sender's.
    let mut seen: Vec<&str> = all.into_iter().filter(|t| *t != "50").collect();
    seen.dedup();
    // CN, AC, AS, DT and MIP in turn, (TD), AE, AEA, FN, DN.
    assert_eq!(seen[..4], ["13", "14", "45", "1"], "{pcap:?}: {seen:?}");
    let end = ["41", "42", "9", "10"];
    assert_eq!(seen[seen.len() - 4..], end, "{pcap:?}: {seen:?}");
    assert_eq!(tshark::count(pcap, "t125"), 1, "{pcap:?}: the TD");
    // CN (CP), AC (CPA) and every DT (User-data) have their PPDU read by PRES.
    let bare = tshark::run(
        pcap,
        &["-Y", "ses && !pres", "-T", "fields", "-e", "ses.type"],
    );
    assert!(
        !bare.lines().any(|t| ["13", "14", "1,1"].contains(&t)),
        "{pcap:?}: SPDUs with user data and no PRES: {bare}"
    );
    assert!(tshark::count(pcap, "pres") >= 3, "{pcap:?}");
}

#[test]
fn bad_arguments_exit_2_with_one_line() {
    let sim = env!("CARGO_BIN_EXE_session-sim");
    for args in [
        &["send"][..],
        &["send", "f", "--to"],
        &["send", "f", "--to", "127.0.0.1:1", "--sync-every", "0"],
        &["send", "f", "--to", "127.0.0.1:1", "--bogus"],
        &["send", "f", "g", "--to", "127.0.0.1:1"],
        &["serve", "--listen", "not-an-address", "--out", "."],
        &["serve", "--out", "."],
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--out",
            ".",
            "--idle-timeout",
            "-1",
        ],
        &[
            "serve",
            "--listen",
            "127.0.0.1:0",
            "--out",
            ".",
            "--user",
            "u",
        ],
    ] {
        let o = std::process::Command::new(sim)
            .args(args)
            .env_remove(osi_session::net::cli::PASSWORD_VAR)
            .output()
            .expect("runs");
        assert_eq!(o.status.code(), Some(2), "{args:?}");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    }
    // A file that cannot be read is a failed transfer, not a bad argument.
    let o = std::process::Command::new(sim)
        .args(["send", "/nonexistent/file", "--to", "127.0.0.1:1"])
        .output()
        .expect("runs");
    assert_eq!(o.status.code(), Some(1));
}
