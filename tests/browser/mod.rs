//! What the browser tests share: mounting the playground in a fresh element, waiting for
//! yew, and finding controls by their accessible names, as a user would.
#![allow(dead_code)]

use osi_session::ui::App;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

thread_local! {
    /// The playground the previous test mounted, and its element.
    static MOUNTED: std::cell::RefCell<Option<(yew::AppHandle<App>, Element)>> =
        const { std::cell::RefCell::new(None) };
}

/// Mounts the playground in a fresh `<div>`, with no run in the URL fragment. The previous
/// test's playground is destroyed first, so its clock, key listener and run stop and cannot
/// slow this test down or answer its keys.
pub async fn mount() -> Element {
    if let Some((app, old)) = MOUNTED.with(|m| m.borrow_mut().take()) {
        app.destroy();
        old.remove();
    }
    let window = web_sys::window().unwrap();
    // A run left in the URL fragment by an earlier test would be loaded: start clean.
    let path = window.location().pathname().unwrap();
    window
        .history()
        .unwrap()
        .replace_state_with_url(&wasm_bindgen::JsValue::NULL, "", Some(&path))
        .unwrap();
    let document = window.document().unwrap();
    let root = document.create_element("div").unwrap();
    document.body().unwrap().append_child(&root).unwrap();
    let app = yew::Renderer::<App>::with_root(root.clone()).render();
    MOUNTED.with(|m| *m.borrow_mut() = Some((app, root.clone())));
    settle().await;
    root
}

/// Lets yew finish the work it has: every message handled and every render done. One turn of
/// the event loop (`wait(0)`) is not always enough: yew's scheduler yields to the browser
/// every 16 ms, and under load the rest can come a turn or more later (in 9 of 20 runs here,
/// with a build beside them, an inspector clicked open was not drawn after one turn).
pub async fn settle() {
    yew::scheduler::flush().await;
}

/// Lets yew run for `ms` milliseconds.
pub async fn wait(ms: u64) {
    yew::platform::time::sleep(Duration::from_millis(ms)).await;
}

/// The buttons whose text is `name`.
pub fn buttons(root: &Element, name: &str) -> Vec<HtmlElement> {
    let list = root.query_selector_all("button").unwrap();
    (0..list.length())
        .filter_map(|i| list.item(i))
        .map(|n| n.dyn_into::<HtmlElement>().unwrap())
        .filter(|b| b.text_content().unwrap_or_default().trim() == name)
        .collect()
}

/// The first button named `name`.
pub fn button(root: &Element, name: &str) -> HtmlElement {
    buttons(root, name)
        .into_iter()
        .next()
        .unwrap_or_else(|| panic!("no button named {name:?}"))
}

/// The text of the first element matching `selector` (empty if none).
pub fn text(root: &Element, selector: &str) -> String {
    root.query_selector(selector)
        .unwrap()
        .and_then(|e| e.text_content())
        .unwrap_or_default()
}

/// How long a test waits for something before it fails: generous, since the machine may be
/// busy (a slow machine makes a test slower, never wrong).
pub const PATIENCE_MS: u64 = 20_000;

/// Waits (up to `ms`, at least [`PATIENCE_MS`]) until `selector`'s text contains `needle`,
/// and returns it; fails the test, saying what it saw, if it never does.
pub async fn until(root: &Element, selector: &str, needle: &str, ms: u64) -> String {
    let limit = ms.max(PATIENCE_MS);
    let mut waited = 0;
    loop {
        let t = text(root, selector);
        if t.contains(needle) {
            return t;
        }
        assert!(
            waited < limit,
            "waited {limit} ms for {selector:?} to contain {needle:?}; it reads {t:?}"
        );
        wait(50).await;
        waited += 50;
    }
}

/// Waits until a button named `name` is there, and returns it; fails the test if it never is.
pub async fn until_button(root: &Element, name: &str) -> HtmlElement {
    let mut waited = 0;
    loop {
        if let Some(b) = buttons(root, name).into_iter().next() {
            return b;
        }
        assert!(
            waited < PATIENCE_MS,
            "waited {PATIENCE_MS} ms for a button named {name:?}"
        );
        wait(50).await;
        waited += 50;
    }
}
