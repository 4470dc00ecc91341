//! The header: the playground's name, a tagline and the "About the session layer" explainer.

use yew::prelude::*;

use super::about::About;
use super::hooks::use_toggle;
use crate::sim::Scenario;

/// Properties of the header.
#[derive(Properties, PartialEq, Clone)]
pub struct HeaderProps {
    /// Shows the keyboard help.
    pub on_help: Callback<()>,
    /// Opens a guided scenario (from the explanation's buttons).
    pub on_guide: Callback<Scenario>,
}

/// The page header with a disclosure button for the explanation of layer 5, which folds
/// again once it has opened a guided run, so that the run is in view.
#[function_component(Header)]
pub fn header(p: &HeaderProps) -> Html {
    let (open, toggle) = use_toggle();
    let watch = {
        let (open, on_guide) = (open.clone(), p.on_guide.clone());
        Callback::from(move |s: Scenario| {
            open.set(false);
            on_guide.emit(s);
        })
    };
    html! {
        <>
            <header class="app-header">
                <h1>{ "OSI Session Layer Playground" }</h1>
                <p class="tagline">{ "Start, break and resume X.225 sessions between two hosts." }</p>
                <button type="button" aria-expanded={ open.to_string() } aria-controls="about"
                    onclick={ toggle }>
                    { "About the session layer" }
                </button>
                <button type="button" aria-keyshortcuts="?" onclick={ p.on_help.reform(|_| ()) }>
                    { "Keyboard shortcuts (?)" }
                </button>
            </header>
            if *open {
                <About on_watch={ watch } />
            }
        </>
    }
}
