//! Finding Wireshark's `tshark` for the tests that use it as an independent oracle. When it is
//! missing, a test skips loudly, unless `REQUIRE_TSHARK=1` (as `scripts/test` sets) or `CI` is
//! set: then it fails, so a machine without tshark cannot pass those tests silently. Also how
//! they run it ([`run`], [`bad_frames`], [`fields`], [`count`]) and where they write their captures ([`temp_file`]).

// Each test file that includes this uses only some of it.
#![allow(dead_code)]

use std::path::{Path, PathBuf};
use std::process::Command;

/// Where Debian's package puts it; `TSHARK=PATH` names another.
const DEFAULT_TSHARK: &str = "/usr/bin/tshark";

/// The tshark to run.
pub fn tshark() -> String {
    std::env::var("TSHARK").unwrap_or_else(|_| DEFAULT_TSHARK.to_string())
}

/// True when a missing tshark must fail the test: `REQUIRE_TSHARK` set to anything but
/// `0` or nothing, or `CI` set.
fn required() -> bool {
    let require = std::env::var("REQUIRE_TSHARK").unwrap_or_default();
    !matches!(require.as_str(), "" | "0") || std::env::var_os("CI").is_some()
}

/// True if tshark is there; when it is not, panics if it is required, else says loudly on
/// standard error that the Wireshark oracle did not run, and returns false.
pub fn available() -> bool {
    let tshark = tshark();
    if Path::new(&tshark).exists() {
        return true;
    }
    assert!(
        !required(),
        "{tshark} is missing, and REQUIRE_TSHARK=1 or CI is set: install tshark \
         (apt-get install tshark, or scripts/setup)"
    );
    eprintln!("\n************************************************************");
    eprintln!("SKIPPED: {tshark} not found; the Wireshark oracle did not run.");
    eprintln!("(Set REQUIRE_TSHARK=1 to make this a failure.)");
    eprintln!("************************************************************\n");
    false
}

/// tshark's output for the capture `file` with `args`, with Wireshark's default settings
/// (every protocol on: the session user data is a presentation PDU, and PRES reads it);
/// fails the test if tshark fails.
pub fn run(file: &Path, args: &[&str]) -> String {
    let out = Command::new(tshark())
        .arg("-r")
        .arg(file)
        .args(args)
        .output()
        .expect("tshark runs");
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "tshark {args:?} failed: {stderr}");
    String::from_utf8(out.stdout).expect("tshark prints UTF-8")
}

/// The display filter of what must never be there: a malformed frame, or an expert item of
/// error severity.
pub const BAD: &str = r#"_ws.malformed || _ws.expert.severity >= "error""#;

/// The frames of `file` that match [`BAD`] (with `options` before the filter), as tshark
/// prints them: empty when there are none.
pub fn bad_frames(file: &Path, options: &[&str]) -> String {
    let mut args = options.to_vec();
    args.extend(["-Y", BAD]);
    run(file, &args)
}

/// The values of `fields` in each frame of `file` that matches `filter`, one line a frame,
/// tab between fields, every occurrence of a field joined with commas.
pub fn fields(file: &Path, filter: &str, fields: &[&str]) -> String {
    let mut args = vec![
        "-Y",
        filter,
        "-T",
        "fields",
        "-E",
        "occurrence=a",
        "-E",
        "aggregator=,",
    ];
    for f in fields {
        args.extend(["-e", f]);
    }
    run(file, &args)
}

/// How many frames of `file` match the display filter `filter`.
pub fn count(file: &Path, filter: &str) -> usize {
    run(file, &["-Y", filter, "-T", "fields", "-e", "frame.number"])
        .lines()
        .count()
}

/// A file of this test process's own in the temporary folder.
pub fn temp_file(name: &str) -> PathBuf {
    std::env::temp_dir().join(format!("osi-session-{}-{name}", std::process::id()))
}
