//! Finding Wireshark's `tshark` for the tests that use it as an independent oracle. When it is
//! missing, a test skips loudly, unless `REQUIRE_TSHARK=1` (as `scripts/test` sets) or `CI` is
//! set: then it fails, so a machine without tshark cannot pass those tests silently.

use std::path::Path;

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
