//! The sessions panel: the sessions of the world and their states.

use yew::prelude::*;

/// Lists the sessions between the two simulated hosts.
#[function_component(SessionsPanel)]
pub fn sessions_panel() -> Html {
    html! {
        <section class="panel sessions" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{ "Sessions" }</h2>
            <p class="empty">{ "No sessions yet." }</p>
        </section>
    }
}
