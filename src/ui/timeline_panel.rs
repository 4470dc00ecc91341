//! The timeline area: the sequence diagram of the selected session.

use yew::prelude::*;

/// Shows the selected session's exchange between host A (initiator) and host B (responder).
#[function_component(TimelinePanel)]
pub fn timeline_panel() -> Html {
    html! {
        <section class="panel timeline" aria-labelledby="timeline-title">
            <h2 id="timeline-title">{ "Timeline" }</h2>
            <p class="empty">{ "Select a session to see its timeline." }</p>
        </section>
    }
}
