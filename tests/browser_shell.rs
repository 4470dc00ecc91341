//! Browser tests of the app shell, mounted in real Chromium by `wasm-pack test --headless --chrome`.
#![cfg(target_arch = "wasm32")]

mod browser;

use browser::{button, mount, settle};
use wasm_bindgen_test::*;
use web_sys::Element;

wasm_bindgen_test_configure!(run_in_browser);

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
