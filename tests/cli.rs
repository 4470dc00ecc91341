#![cfg(not(target_arch = "wasm32"))]
//! `session-sim` as a user runs it: list, run in every format, compare, and bad input that
//! exits with status 2 and one line on standard error.

use std::path::PathBuf;
use std::process::{Command, Output};

mod common;

use common::session_sim as sim;

fn stdout(o: &Output) -> String {
    String::from_utf8(o.stdout.clone()).expect("UTF-8 output")
}

/// A path in the temporary directory, unique to this test process and `name`.
fn temp(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("session-sim-{}-{name}", std::process::id()))
}

/// Runs with `args`, expects status 2 and one line on stderr containing `want`.
fn bad(args: &[&str], want: &str) {
    let o = sim(args);
    assert_eq!(o.status.code(), Some(2), "{args:?}");
    assert!(o.stdout.is_empty(), "{args:?}");
    let err = String::from_utf8(o.stderr).expect("UTF-8");
    assert_eq!(err.lines().count(), 1, "{args:?}: {err}");
    assert!(err.starts_with("session-sim: error: "), "{args:?}: {err}");
    assert!(err.contains(want), "{args:?}: {err:?} should say {want:?}");
}

#[test]
fn list_names_every_built_in_scenario() {
    let o = sim(&["list"]);
    assert!(o.status.success());
    let out = stdout(&o);
    for name in osi_session::sim::BUILTIN {
        assert!(
            out.lines().any(|l| l.starts_with(&format!("{name} "))),
            "{name}"
        );
    }
    assert!(out.contains("An 8 MiB file with a minor sync point every 256 KiB breaks at 60%."));
}

#[test]
fn help_prints_the_usage() {
    for args in [&["--help"][..], &["help"], &["run", "-h"]] {
        let o = sim(args);
        assert!(o.status.success(), "{args:?}");
        assert!(stdout(&o).contains("session-sim run SCENARIO"), "{args:?}");
    }
}

#[test]
fn run_prints_a_text_timeline_and_the_summary() {
    let o = sim(&["run", "file-transfer"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.contains("    40.000 ms  #0  transport connection 0 up\n"),
        "{out}"
    );
    assert!(out.contains("  #0  A -> B  CN        len 71       arrives 60.008 ms\n"));
    assert!(out.contains("*** break: conn 0, "));
    assert!(out.contains("(lost)"));
    assert!(out.contains("resume from sync point 17 at byte 4456448 ("));
    assert!(out.contains("outcome            released at "));
    assert!(out.contains("digest match       yes"));
}

#[test]
fn run_prints_json_with_the_scenario_the_trace_and_the_summaries() {
    let o = sim(&["run", "file-transfer", "--format", "json", "--seed", "7"]);
    assert!(o.status.success());
    let v: serde_json::Value = serde_json::from_slice(&o.stdout).expect("JSON");
    assert_eq!(v["scenario"]["name"], "file-transfer");
    assert_eq!(v["scenario"]["seed"], 7);
    assert_eq!(v["summaries"][0]["outcome"], "released");
    assert_eq!(v["summaries"][0]["digest_match"], true);
    let events = v["trace"]["events"].as_array().expect("events");
    assert_eq!(events[0]["kind"], "state");
    assert!(events
        .iter()
        .any(|e| e["kind"] == "spdu" && e["spdu"] == "AR"));
    // The same run read back as the library's types.
    let trace: osi_session::sim::Trace =
        serde_json::from_value(v["trace"].clone()).expect("a Trace");
    assert_eq!(trace.events.len(), events.len());
}

#[test]
fn run_draws_an_svg_and_writes_it_to_a_file() {
    let path = temp("ft.svg");
    let p = path.to_str().expect("a UTF-8 temp path");
    let o = sim(&["run", "file-transfer", "--format=svg", "--out", p]);
    assert!(o.status.success(), "{o:?}");
    assert!(o.stdout.is_empty());
    let svg = std::fs::read_to_string(&path).expect("the SVG");
    std::fs::remove_file(&path).ok();
    assert!(svg.starts_with("<svg "));
    assert!(svg.contains(r#"aria-label="Timeline of session 0: file transfer""#));
    assert!(svg.trim_end().ends_with("</svg>"));
    // On standard output, the same octets.
    let o = sim(&["run", "file-transfer", "--format", "svg", "--session", "0"]);
    assert_eq!(stdout(&o), svg);
}

#[test]
fn run_writes_a_pcap_capture() {
    let path = temp("ft.pcap");
    let p = path.to_str().expect("a UTF-8 temp path");
    let o = sim(&["run", "banking-login", "--format", "pcap", "--out", p]);
    assert!(o.status.success(), "{o:?}");
    let pcap = std::fs::read(&path).expect("the capture");
    std::fs::remove_file(&path).ok();
    assert_eq!(pcap[..4], [0xd4, 0xc3, 0xb2, 0xa1]);
    assert!(pcap.len() > 24);
    bad(&["run", "banking-login", "--format", "pcap"], "--out");
}

/// The number in the timeline's last line about the trace limit, "(N more events were not
/// kept: the trace holds at most L)", and L.
fn dropped(out: &str) -> Option<(u64, u64)> {
    let line = out
        .lines()
        .find(|l| l.contains(" more events were not kept"))?;
    let n = line.strip_prefix('(')?.split(' ').next()?.parse().ok()?;
    let limit = line.strip_suffix(')')?.rsplit(' ').next()?.parse().ok()?;
    Some((n, limit))
}

/// Without `--trace-limit`, a run keeps at most the default number of events and says how
/// many it dropped: as many as a run keeping one event drops, less the difference.
#[test]
fn a_long_run_keeps_the_default_number_of_events_and_counts_the_rest() {
    use osi_session::sim::trace::DEFAULT_TRACE_LIMIT;
    let help = stdout(&sim(&["--help"]));
    assert!(
        help.contains(&format!("(default {DEFAULT_TRACE_LIMIT};")),
        "{help}"
    );
    // Session 0 sends a file one octet a DT: about 1,001,000 events. Session 1, whose
    // timeline is printed, makes one call.
    let path = temp("long.json");
    std::fs::write(
        &path,
        r#"{"sessions": [
            {"app": {"file_transfer": {"size": 1001000, "chunk": 1, "minor_every": 65536}}},
            {"app": {"rpc": {"calls": 1}}}]}"#,
    )
    .unwrap();
    let p = path.to_str().unwrap();
    let spawn = |extra: &[&str]| {
        Command::new(env!("CARGO_BIN_EXE_session-sim"))
            .args(["run", p, "--session", "1"])
            .args(extra)
            .stdout(std::process::Stdio::piped())
            .spawn()
            .expect("session-sim runs")
    };
    // Both at once: each takes a while in a debug build.
    let (default, one) = (spawn(&[]), spawn(&["--trace-limit", "1"]));
    let (default, one) = (default.wait_with_output(), one.wait_with_output());
    std::fs::remove_file(&path).ok();
    let (default, one) = (default.unwrap(), one.unwrap());
    assert!(default.status.success() && one.status.success());
    let (n, limit) = dropped(&stdout(&default)).expect("the default run says what it dropped");
    let (all_but_one, _) = dropped(&stdout(&one)).expect("the run keeping one event too");
    assert_eq!(limit, DEFAULT_TRACE_LIMIT as u64);
    assert!(n > 0);
    assert_eq!(n + limit, all_but_one + 1, "both runs have as many events");
    assert!(stdout(&default).contains("outcome            released at "));
}

#[test]
fn run_reads_a_scenario_file() {
    let path = temp("rpc.json");
    let json = serde_json::to_string(&osi_session::sim::builtin("rpc")).expect("JSON");
    std::fs::write(&path, json).expect("written");
    let o = sim(&["run", path.to_str().expect("UTF-8")]);
    std::fs::remove_file(&path).ok();
    assert!(o.status.success(), "{o:?}");
    assert!(stdout(&o).contains("session 0: remote procedure calls"));
}

#[test]
fn compare_prints_recovery_on_and_off_side_by_side() {
    let o = sim(&["compare", "file-transfer"]);
    assert!(o.status.success());
    let out = stdout(&o);
    assert!(
        out.contains("recovery on") && out.contains("recovery off"),
        "{out}"
    );
    let row = |label: &str| -> Vec<String> {
        let line = out
            .lines()
            .find(|l| l.trim_start().starts_with(label))
            .unwrap_or_else(|| panic!("no {label:?} row in\n{out}"));
        line[label.len() + 2..]
            .split_whitespace()
            .map(String::from)
            .collect()
    };
    assert_eq!(row("outcome"), ["released", "released"]);
    assert_eq!(row("digest match"), ["yes", "yes"]);
    let resent: Vec<u64> = row("bytes sent again")
        .iter()
        .map(|n| n.replace(',', "").parse().expect("a number"))
        .collect();
    assert!(resent[0] * 5 < resent[1], "{out}");
    let time: Vec<f64> = row("completion time (ms)")
        .iter()
        .map(|n| n.parse().expect("a number"))
        .collect();
    assert!(time[0] < time[1], "{out}");
    assert_eq!(row("protocol overhead").len(), 2);
}

#[test]
fn bad_input_exits_2_with_one_line() {
    bad(
        &["run", "no-such-scenario"],
        "file-transfer, file-transfer-restart",
    );
    bad(
        &["run", "/no/such/dir/scenario.json"],
        "cannot read /no/such/dir/scenario.json",
    );
    let path = temp("empty.json");
    std::fs::write(&path, r#"{"sessions": []}"#).expect("written");
    let p = path.to_str().expect("UTF-8").to_string();
    bad(&["run", &p], "sessions: needs at least one session");
    std::fs::write(&path, "{ not json").expect("written");
    bad(&["compare", &p], "line 1 column");
    std::fs::remove_file(&path).ok();
    bad(
        &["run", "file-transfer", "--fast"],
        "unknown option \"--fast\"",
    );
    bad(
        &["run", "file-transfer", "--seed", "abc"],
        "--seed wants a whole number",
    );
    bad(&["run", "file-transfer", "--seed"], "--seed needs a value");
    bad(
        &["run", "file-transfer", "--seed", "-1"],
        "--seed wants a whole number",
    );
    bad(
        &["run", "file-transfer", "--format", "xml"],
        "unknown format \"xml\"",
    );
    bad(&["run", "file-transfer", "--session", "3"], "no session 3");
    bad(&["run", "file-transfer", "rpc"], "one SCENARIO");
    bad(&["run"], "run needs a SCENARIO");
    bad(
        &["compare", "rpc", "--format", "json"],
        "unknown option \"--format\"",
    );
    bad(&["frobnicate"], "unknown command");
    bad(&[], "no command");
}

#[test]
fn an_exported_run_runs_again_and_an_edited_one_is_refused() {
    let first = sim(&["run", "banking-login", "--format", "json"]);
    assert!(first.status.success());
    let path = temp("exported.json");
    std::fs::write(&path, &first.stdout).unwrap();
    let again = sim(&["run", path.to_str().unwrap(), "--format", "json"]);
    assert!(again.status.success());
    assert_eq!(stdout(&again), stdout(&first), "the replay differs");
    // One event's time edited by hand: the replay no longer matches it.
    let mut doc: serde_json::Value = serde_json::from_slice(&first.stdout).unwrap();
    doc["trace"]["events"][5]["t"] = serde_json::json!(7);
    std::fs::write(&path, doc.to_string()).unwrap();
    bad(
        &["run", path.to_str().unwrap()],
        "trace.events[5]: does not match a replay of the scenario",
    );
    std::fs::remove_file(&path).ok();
}
