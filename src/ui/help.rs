//! The keyboard help, opened with "?".

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

/// The list of shortcuts, as a dialog.
pub fn help(p: &HelpProps) -> Html {
    html! {
        <div class="help" role="dialog" aria-modal="false" aria-labelledby="help-title">
            <h2 id="help-title">{ "Keyboard shortcuts" }</h2>
            <dl>
                { for KEYS.iter().map(|(k, what)| html! {
                    <><dt><kbd>{ *k }</kbd></dt><dd>{ *what }</dd></>
                }) }
            </dl>
            <button type="button" onclick={ p.on_close.reform(|_| ()) }>{ "Close" }</button>
        </div>
    }
}
