//! The keyboard help, opened with "?".

use wasm_bindgen::JsCast;
use yew::prelude::*;

/// Properties of the help.
#[derive(Properties, PartialEq, Clone)]
pub struct HelpProps {
    /// Closes it.
    pub on_close: Callback<()>,
}

const KEYS: [(&str, &str); 8] = [
    (
        "Space",
        "Play or pause (a focused button takes Space itself)",
    ),
    ("→", "Step to the next event"),
    ("←", "Step back"),
    ("+ / -", "Faster / slower"),
    ("b", "Break the selected session's transport"),
    ("k", "Kill the selected session"),
    ("?", "Show or hide this help"),
    ("Escape", "Close this help or a message"),
];

/// The list of shortcuts, as a dialog that leaves the page usable (the shortcuts work while it
/// is open). Opened, it takes the keyboard's focus (on its Close button), so a screen reader
/// says it opened; closed, the focus goes back where it was.
#[function_component(Help)]
pub fn help(p: &HelpProps) -> Html {
    let close = use_node_ref();
    let dialog = use_node_ref();
    {
        let (close, dialog) = (close.clone(), dialog.clone());
        use_effect_with((), move |_| {
            let document = web_sys::window().and_then(|w| w.document());
            let before = document.as_ref().and_then(|d| d.active_element());
            let dialog = dialog.cast::<web_sys::Element>();
            if let Some(b) = close.cast::<web_sys::HtmlElement>() {
                let _ = b.focus();
            }
            move || {
                // Back to where the focus was, unless it has moved on to something else
                // than the dialog (or the page's body, once the dialog has gone).
                let active = document.as_ref().and_then(|d| d.active_element());
                let in_dialog =
                    dialog.is_some_and(|d| d.contains(active.as_ref().map(|a| a.as_ref())));
                let fell = in_dialog || super::arrow_focus::focus_fell();
                if let Some(el) = before.filter(|el| fell && el.is_connected()) {
                    let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
                }
            }
        });
    }
    html! {
        <div class="help" ref={ dialog } role="dialog" aria-modal="false" aria-labelledby="help-title">
            <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
            <dl>
                { for KEYS.iter().map(|(k, what)| html! {
                    <><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></>
                }) }
            </dl>
            <button type="button" ref={ close } onclick={ p.on_close.reform(|_| ()) }>{ "Close" }</button>
        </div>
    }
}
