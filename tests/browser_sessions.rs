//! Browser tests of the sessions panel and the timeline: real clicks in real Chromium.
#![cfg(target_arch = "wasm32")]

mod browser;

use browser::{button, mount, settle, text, until, until_button, wait};
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

#[wasm_bindgen_test]
async fn start_session_adds_a_running_transfer_and_kill_ends_it() {
    let root = mount().await;
    assert!(text(&root, ".sessions").contains("No sessions yet."));
    button(&root, "Start session").click();
    let status = until(&root, ".session .status", "STA713", 2_000).await;
    assert!(status.contains("STA713 data transfer"), "{status}");
    assert!(text(&root, ".session-name").contains("Session 0: file transfer"));
    let progress = root
        .query_selector(".session progress")
        .unwrap()
        .expect("a progress bar");
    assert!(progress
        .get_attribute("aria-label")
        .unwrap()
        .contains("session 0"));
    // The diagram names the session.
    let svg = root
        .query_selector(".diagram svg[aria-label^=\"Timeline of session\"]")
        .unwrap()
        .expect("the timeline diagram");
    assert_eq!(
        svg.get_attribute("aria-label").as_deref(),
        Some("Timeline of session 0: file transfer")
    );

    button(&root, "Kill session").click();
    let status = until(&root, ".session .status", "ended", 2_000).await;
    assert_eq!(status, "ended: aborted");
    // Disabled with aria-disabled: they can still take the focus, and say why.
    let document = web_sys::window().unwrap().document().unwrap();
    for name in ["Kill session", "Break transfer"] {
        let b = button(&root, name);
        assert_eq!(
            b.get_attribute("aria-disabled").as_deref(),
            Some("true"),
            "{name}"
        );
        assert!(
            b.get_attribute("title").unwrap().starts_with("Not now: "),
            "{name}"
        );
        b.focus().unwrap();
        assert_eq!(document.active_element(), Some(b.clone().into()), "{name}");
    }
}

#[wasm_bindgen_test]
async fn the_timeline_as_a_table_lists_the_exchange() {
    let root = mount().await;
    button(&root, "Start session").click();
    until(&root, ".session .status", "STA713", 2_000).await;
    until_button(&root, "Pause").await.click();
    button(&root, "Timeline as table").click();
    settle().await;
    let table = text(&root, ".timeline-table");
    assert!(
        table.contains("CN") && table.contains("AC") && table.contains("AS"),
        "{table}"
    );
    // Inspecting the CN shows its decoded fields.
    button(&root, "CN").click();
    settle().await;
    let inspector = text(&root, ".inspector");
    assert!(inspector.contains("Connect"), "{inspector}");
    assert!(inspector.contains("0d "), "the octets in hex: {inspector}");
}

#[wasm_bindgen_test]
async fn speed_reads_plainly_and_step_advances_time() {
    let root = mount().await;
    assert_eq!(text(&root, ".speed output"), "1x");
    button(&root, "Start session").click();
    until_button(&root, "Pause").await.click();
    settle().await;
    let before = text(&root, ".clock");
    button(&root, "Step").click();
    settle().await;
    button(&root, "Step").click();
    settle().await;
    assert_ne!(text(&root, ".clock"), before);
}

#[wasm_bindgen_test]
async fn give_token_hands_the_data_token_over_and_the_sender_asks_for_it_back() {
    let root = mount().await;
    button(&root, "Start session").click();
    // Until A holds the data token: B reaches STA713 first (when it sends AC), and A only
    // once AC arrives, which a slowly paced run leaves a while in transit.
    until(&root, ".session .tokens", "Data token: host A", 5_000).await;
    until_button(&root, "Pause").await.click();
    settle().await;
    let tokens = text(&root, ".session .tokens");
    assert!(tokens.starts_with("Data token: host A"), "{tokens}");
    button(&root, "Give token").click();
    settle().await;
    // Step until the GT arrives at B.
    for _ in 0..200 {
        if text(&root, ".session .tokens").starts_with("Data token: host B") {
            break;
        }
        button(&root, "Step").click();
        settle().await;
    }
    assert!(text(&root, ".session .tokens").starts_with("Data token: host B"));
    // The sender asks (PT) and B gives it back (GT).
    until_button(&root, "Play").await.click();
    let tokens = until(&root, ".session .tokens", "Data token: host A", 3_000).await;
    assert!(tokens.starts_with("Data token: host A"), "{tokens}");
    until_button(&root, "Pause").await.click();
    button(&root, "Timeline as table").click();
    settle().await;
    let table = text(&root, ".timeline-table");
    assert!(table.contains("PT"), "{table}");
}

#[wasm_bindgen_test]
async fn playing_stops_once_nothing_is_left_to_happen() {
    let root = mount().await;
    button(&root, "Start session").click();
    until(&root, ".session .status", "STA713", 2_000).await;
    assert_eq!(text(&root, ".time-controls button"), "Pause");
    button(&root, "Kill session").click();
    until(&root, ".session .status", "ended", 2_000).await;
    // The abort's last SPDU and timers run out; then the clock stops by itself.
    let first = until(&root, ".time-controls button", "Play", 5_000).await;
    assert_eq!(first, "Play");
    let clock = text(&root, ".clock");
    wait(200).await;
    assert_eq!(text(&root, ".clock"), clock, "the clock stood still");
}

/// Moves the "Time" slider to `value` (milliseconds), as dragging it does.
fn scrub_to(root: &web_sys::Element, value: &str) {
    use wasm_bindgen::JsCast;
    let slider: web_sys::HtmlInputElement = root
        .query_selector(".scrubber input")
        .unwrap()
        .expect("the Time slider")
        .dyn_into()
        .unwrap();
    slider.set_value(value);
    let input = web_sys::window()
        .unwrap()
        .document()
        .unwrap()
        .create_event("Event")
        .unwrap();
    input.init_event_with_bubbles("input", true);
    slider.dispatch_event(&input).unwrap();
}

#[wasm_bindgen_test]
async fn step_back_and_the_time_slider_go_back_and_forth_exactly() {
    let root = mount().await;
    button(&root, "Start session").click();
    until(&root, ".session .status", "STA713", 2_000).await;
    wait(300).await;
    until_button(&root, "Pause").await.click();
    button(&root, "Timeline as table").click();
    settle().await;
    let (clock, table) = (text(&root, ".clock"), text(&root, ".timeline-table"));
    let ms = clock
        .trim_start_matches("t = ")
        .trim_end_matches(" ms")
        .to_string();
    // Back to the last event's time (an earlier clock, the same rows), then to the one
    // before it (its rows gone).
    button(&root, "Step back").click();
    settle().await;
    assert_ne!(text(&root, ".clock"), clock);
    assert_eq!(text(&root, ".timeline-table"), table);
    button(&root, "Step back").click();
    settle().await;
    assert_ne!(text(&root, ".timeline-table"), table);
    // To the start, and forward again to where it was: the same run, row for row.
    scrub_to(&root, "0");
    settle().await;
    assert_eq!(text(&root, ".clock"), "t = 0.000 ms");
    scrub_to(&root, &ms);
    settle().await;
    assert_eq!(text(&root, ".clock"), clock);
    assert_eq!(text(&root, ".timeline-table"), table);
}

/// Only a transfer resumes after a break, so only a transfer offers "Resume after a break".
#[wasm_bindgen_test]
async fn the_recovery_choice_is_offered_for_a_file_transfer_only() {
    use wasm_bindgen::JsCast;
    let root = mount().await;
    let offered =
        |root: &web_sys::Element| text(root, "form.start-form").contains("Resume after a break");
    assert!(offered(&root), "a file transfer offers it");
    let app: web_sys::HtmlSelectElement = root
        .query_selector("form.start-form select")
        .unwrap()
        .expect("the Application select")
        .dyn_into()
        .unwrap();
    for (value, shown) in [
        ("rpc", false),
        ("banking", false),
        ("chat", false),
        ("file", true),
    ] {
        app.set_value(value);
        app.dispatch_event(&web_sys::Event::new("change").unwrap())
            .unwrap();
        settle().await;
        assert_eq!(offered(&root), shown, "{value}");
    }
}
