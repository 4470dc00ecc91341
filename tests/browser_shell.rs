//! Browser tests of the app shell, mounted in real Chromium by `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

use osi_session::ui::App;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;
use web_sys::{Element, HtmlElement};

wasm_bindgen_test_configure!(run_in_browser);

/// Mounts the playground in a fresh `<div>` and lets yew render.
async fn mount() -> Element {
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
    settle().await;
    root
}

/// Lets yew run its scheduled renders.
async fn settle() {
    yew::platform::time::sleep(std::time::Duration::ZERO).await;
}

/// The button whose text is `name` (its accessible name), as a user would find it.
fn button(root: &Element, name: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|n| n.dyn_into::<HtmlElement>().unwrap())
        .find(|b| b.text_content().unwrap_or_default().trim() == name)
        .unwrap_or_else(|| panic!("no button named {name:?}"))
}

fn text_of(root: &Element, selector: &str) -> Option<String> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.text_content().unwrap_or_default())
}

#[wasm_bindgen_test]
async fn shell_names_the_playground_and_its_three_panels() {
    let root = mount().await;
    assert_eq!(
        text_of(&root, "h1").as_deref(),
        Some("OSI Session Layer Playground")
    );
    let headings: Vec<String> = {
        let list = root.query_selector_all("main h2").unwrap();
        (0..list.length())
            .filter_map(|i| list.item(i))
            .map(|n| n.text_content().unwrap_or_default())
            .collect()
    };
    assert_eq!(headings, ["Sessions", "Timeline", "Inspector"]);
}

#[wasm_bindgen_test]
async fn about_button_opens_and_closes_the_explanation() {
    let root = mount().await;
    let about = button(&root, "About the session layer");
    assert_eq!(
        about.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(text_of(&root, "#about").is_none());

    about.click();
    settle().await;
    assert_eq!(
        about.get_attribute("aria-expanded").as_deref(),
        Some("true")
    );
    let text = text_of(&root, "#about").expect("the explanation is shown after the click");
    assert!(text.contains("synchronization point"), "{text}");

    about.click();
    settle().await;
    assert_eq!(
        about.get_attribute("aria-expanded").as_deref(),
        Some("false")
    );
    assert!(text_of(&root, "#about").is_none());
}
