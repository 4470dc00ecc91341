//! Browser tests of the TCP/IP stack's controls: the Sessions form's "Stack" select and the
//! "Compare with TCP/IP today" button, found by their accessible names.
#![cfg(target_arch = "wasm32")]

mod browser;

use browser::{button, mount, settle, until, until_button, wait, PATIENCE_MS};
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlSelectElement};

wasm_bindgen_test_configure!(run_in_browser);

/// The select of the start form labelled `name`.
fn select(root: &Element, name: &str) -> HtmlSelectElement {
    let labels = root.query_selector_all(".start-form label").unwrap();
    (0..labels.length())
        .filter_map(|i| labels.item(i))
        .map(|n| n.dyn_into::<Element>().unwrap())
        .find(|l| {
            l.first_child()
                .and_then(|t| t.text_content())
                .is_some_and(|t| t.trim() == name)
        })
        .and_then(|l| l.query_selector("select").unwrap())
        .unwrap_or_else(|| panic!("no select labelled {name:?}"))
        .dyn_into()
        .unwrap()
}

/// Chooses the option `value` of `s`, as a user does.
fn choose(s: &HtmlSelectElement, value: &str) {
    s.set_value(value);
    let e = web_sys::Event::new_with_event_init_dict("change", &{
        let init = web_sys::EventInit::new();
        init.set_bubbles(true);
        init
    })
    .unwrap();
    s.dispatch_event(&e).unwrap();
}

/// The accessible names of the arrows of the timeline labelled `label`, once it is drawn.
async fn arrows_of(root: &Element, label: &str) -> Vec<String> {
    let mut waited = 0;
    loop {
        let svg = root
            .query_selector(&format!("svg[aria-label=\"{label}\"]"))
            .unwrap();
        if let Some(svg) = svg {
            let gs = svg.query_selector_all("g.spdu").unwrap();
            let names: Vec<String> = (0..gs.length())
                .filter_map(|i| gs.item(i))
                .filter_map(|n| n.dyn_into::<Element>().ok()?.get_attribute("aria-label"))
                .collect();
            if !names.is_empty() {
                return names;
            }
        }
        assert!(waited < PATIENCE_MS, "no timeline labelled {label:?}");
        wait(50).await;
        waited += 50;
    }
}

#[wasm_bindgen_test]
async fn the_stack_select_starts_a_banking_login_on_tcp_ip() {
    let root = mount().await;
    let stack = select(&root, "Stack");
    let options: Vec<String> = (0..stack.length())
        .filter_map(|i| stack.item(i))
        .map(|o| o.text_content().unwrap_or_default())
        .collect();
    assert_eq!(options, ["OSI session layer", "TCP/IP today"]);
    choose(&stack, "tcpip");
    choose(&select(&root, "Application"), "banking");
    settle().await;
    button(&root, "Start session").click();
    let names = arrows_of(&root, "Timeline of session 0: banking login").await;
    assert!(names[0].starts_with("SYN from A"), "{names:?}");
    // The inspector names the HTTP request's fields over its octets.
    button(&root, "Timeline as table").click();
    let post = until_button(&root, "POST /login").await;
    until_button(&root, "Pause").await.click();
    settle().await;
    post.click();
    settle().await;
    let inspector = browser::text(&root, ".inspector");
    for want in [
        "request line: POST /login HTTP/1.1",
        "header field",
        "HTTP/1.1",
        "50 4f 53 54 ",
    ] {
        assert!(inspector.contains(want), "{want:?} in {inspector:?}");
    }
    assert!(!inspector.contains("does not decode"), "{inspector}");
    // The row offers the comparison the other way round.
    until_button(&root, "Compare with the OSI session layer").await;
    assert!(browser::buttons(&root, "Compare with TCP/IP today").is_empty());
}

#[wasm_bindgen_test]
async fn compare_shows_both_stacks_on_one_axis_with_their_summary() {
    let root = mount().await;
    button(&root, "Start session").click();
    until(&root, ".session .status", "STA713", 2_000).await;
    button(&root, "Compare with TCP/IP today").click();
    settle().await;
    let osi = arrows_of(&root, "Timeline of session 0: file transfer").await;
    let tcp = arrows_of(&root, "Timeline of session 1: file transfer").await;
    assert!(osi[0].starts_with("CN from A"), "{osi:?}");
    assert!(tcp[0].starts_with("SYN from A"), "{tcp:?}");
    let runs = root
        .query_selector_all(".compare-run svg.timeline")
        .unwrap();
    assert_eq!(runs.length(), 2);
    let table = until(&root, ".compare-table", "established by", 2_000).await;
    for want in [
        "Session 0: OSI session layer",
        "Session 1: TCP/IP today",
        "octets sent again",
        "how it ended",
    ] {
        assert!(table.contains(want), "{want:?} in {table:?}");
    }
    // The twin is a session of the run: its row is there, with the way back.
    until_button(&root, "Compare with the OSI session layer").await;
    // The table of events still shows; then one session alone closes the comparison.
    button(&root, "Timeline as table").click();
    until(&root, ".timeline-table", "CN", 2_000).await;
    assert!(root.query_selector(".compare").unwrap().is_none());
    button(&root, "Timeline as table").click();
    settle().await;
    button(&root, "Show session 0 alone").click();
    settle().await;
    assert!(root.query_selector(".compare").unwrap().is_none());
    assert_eq!(
        root.query_selector_all("svg.timeline").unwrap().length(),
        1,
        "one timeline"
    );
}

#[wasm_bindgen_test]
async fn a_guided_run_on_tcp_ip_says_what_to_watch_for_and_opens_with_syn() {
    let root = mount().await;
    button(&root, "File transfer: break and resume on TCP/IP today").click();
    let watch = until(&root, ".watch", "HEAD", 2_000).await;
    assert!(watch.starts_with("What to watch for: "), "{watch}");
    assert!(watch.contains("Upload-Offset"), "{watch}");
    let names = arrows_of(&root, "Timeline of session 0: file transfer").await;
    assert!(names[0].starts_with("SYN from A"), "{names:?}");
    until_button(&root, "Compare with the OSI session layer").await;
}
