//! What the browser tests share: mounting the playground in a fresh element, waiting for
//! yew, and finding controls by their accessible names, as a user would.
#![allow(dead_code)]

use osi_session::ui::App;
use std::time::Duration;
use wasm_bindgen::JsCast;
use web_sys::{Element, HtmlElement};

/// Mounts the playground in a fresh `<div>`, with no run in the URL fragment.
pub async fn mount() -> Element {
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
    yew::Renderer::<App>::with_root(root.clone()).render();
    wait(0).await;
    root
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

/// Waits (up to `ms`) until `selector`'s text contains `needle`.
pub async fn until(root: &Element, selector: &str, needle: &str, ms: u64) -> String {
    let mut waited = 0;
    loop {
        let t = text(root, selector);
        if t.contains(needle) || waited >= ms {
            return t;
        }
        wait(50).await;
        waited += 50;
    }
}
