//! `session-sim` and the scenario's `stack`: `run --stack tcpip` runs every session on the
//! TCP/IP stack, `compare --stacks` prints both stacks' runs, and a bad stack, on the command
//! line or in a scenario file, exits 2 naming it.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use common::session_sim as sim;

fn text(bytes: &[u8]) -> String {
    String::from_utf8(bytes.to_vec()).expect("UTF-8 output")
}

#[test]
fn run_on_tcpip_writes_the_stack_and_http_in_json() {
    let o = sim(&[
        "run",
        "banking-login",
        "--stack",
        "tcpip",
        "--format",
        "json",
    ]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let doc: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(doc["scenario"]["sessions"][0]["stack"], "tcpip");
    let labels: Vec<&str> = doc["trace"]["events"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|e| e["kind"] == "spdu")
        .filter_map(|e| e["spdu"].as_str())
        .collect();
    assert_eq!(
        &labels[..5],
        ["SYN", "SYN, ACK", "ACK", "POST /login", "303 See Other"]
    );
    assert_eq!(labels.last(), Some(&"ACK"));
    // The OSI run leaves the default out of its JSON.
    let osi = text(&sim(&["run", "rpc", "--format", "json"]).stdout);
    assert!(!osi.contains("\"stack\""));
}

#[test]
fn compare_stacks_prints_each_function_for_both() {
    let o = sim(&["compare", "file-transfer", "--stacks"]);
    assert!(o.status.success(), "{}", text(&o.stderr));
    let out = text(&o.stdout);
    for want in [
        "OSI session layer and TCP/IP today",
        "CN | AC",
        "SYN | SYN, ACK | ACK | POST /files | 201 Created",
        "resumed (AR) from sync point",
        "Upload-Offset",
        "octets sent again",
    ] {
        assert!(out.contains(want), "{want:?} missing from\n{out}");
    }
}

#[test]
fn a_bad_stack_exits_2_naming_it() {
    let o = sim(&["run", "rpc", "--stack", "decnet"]);
    assert_eq!(o.status.code(), Some(2));
    assert!(text(&o.stderr).contains("unknown stack \"decnet\"; use osi or tcpip"));
    let file = std::env::temp_dir().join(format!("cli-stack-{}.json", std::process::id()));
    std::fs::write(
        &file,
        r#"{"sessions": [{"app": {"rpc": {}}, "stack": "tcp"}]}"#,
    )
    .unwrap();
    let o = sim(&["run", file.to_str().unwrap()]);
    std::fs::remove_file(&file).ok();
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("sessions[0].stack: unknown variant `tcp`, expected `osi` or `tcpip`"),
        "{err}"
    );
}
