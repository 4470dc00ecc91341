//! The header: the playground's name, a tagline and the "About the session layer" explainer.

use yew::prelude::*;

/// Properties of the header.
#[derive(Properties, PartialEq, Clone)]
pub struct HeaderProps {
    /// Shows the keyboard help.
    pub on_help: Callback<()>,
}

/// The page header with a disclosure button for a short explanation of layer 5.
#[function_component(Header)]
pub fn header(p: &HeaderProps) -> Html {
    let open = use_state(|| false);
    let toggle = {
        let open = open.clone();
        Callback::from(move |_| open.set(!*open))
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
                <section id="about" class="about" aria-label="About the session layer">
                    <p>{ "The session layer (OSI layer 5, ITU-T X.225 / ISO 8327-1) sits above a \
                          transport connection and organises the dialogue on it: who may send \
                          (the data token in half-duplex), where the dialogue can be resumed \
                          (synchronization points with serial numbers), and how it ends (an \
                          orderly release that loses no data, or an abort)." }</p>
                    <p>{ "When the transport breaks, a session can start again on a new \
                          connection and resume its activity from the last confirmed \
                          synchronization point instead of from the start." }</p>
                </section>
            }
        </>
    }
}
