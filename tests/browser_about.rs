//! Browser tests of "About the session layer": each of the five functions opens the guided
//! run that shows it, mounted in real Chromium by `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

mod browser;

use browser::{button, mount, settle, text};
use osi_session::sim::builtin;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

/// Every button of the explanation and the built-in scenario it must open.
const WATCH: &[(&str, &str)] = &[
    ("Watch establishment", "banking-login"),
    ("Watch maintenance", "file-transfer"),
    ("Watch a release", "banking-login"),
    ("Watch a kill", "kill-session"),
    ("Watch dialog control", "half-duplex-chat"),
    ("Watch synchronization", "file-transfer"),
];

#[wasm_bindgen_test]
async fn about_names_the_five_functions_and_tcp_ip() {
    let root = mount().await;
    button(&root, "About the session layer").click();
    settle().await;
    let list = root.query_selector_all("#about h3").unwrap();
    let names: Vec<String> = (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.text_content().unwrap_or_default())
        .collect();
    assert_eq!(
        names,
        [
            "Establishment and authentication",
            "Maintenance",
            "Orderly termination",
            "Dialog control",
            "Synchronization"
        ]
    );
    let about = text(&root, "#about");
    for word in ["synchronization point", "RPC", "NetBIOS", "cookies"] {
        assert!(about.contains(word), "{word:?} missing from {about:?}");
    }
}

#[wasm_bindgen_test]
async fn each_function_opens_its_guided_run_and_the_explanation_folds() {
    let root = mount().await;
    for &(label, name) in WATCH {
        let about = button(&root, "About the session layer");
        about.click();
        settle().await;
        button(&root, label).click();
        settle().await;
        let want = builtin(name).unwrap();
        let watch = text(&root, ".timeline .watch");
        assert_eq!(
            watch,
            format!("What to watch for: {}", want.description),
            "{label}"
        );
        // Opened as the guided list opens it: slow enough to watch.
        assert_eq!(text(&root, ".speed output"), "0.25x", "{label}");
        assert_eq!(
            about.get_attribute("aria-expanded").as_deref(),
            Some("false"),
            "{label}: the explanation folds so that the run is in view"
        );
        assert!(root.query_selector("#about").unwrap().is_none(), "{label}");
    }
}
