//! The inspector: the decoded fields and bytes of one SPDU.

use yew::prelude::*;

/// Shows the SPDU selected on the timeline.
#[function_component(InspectorPanel)]
pub fn inspector_panel() -> Html {
    html! {
        <section class="panel inspector" aria-labelledby="inspector-title">
            <h2 id="inspector-title">{ "Inspector" }</h2>
            <p class="empty">{ "Select an arrow on the timeline to see its SPDU." }</p>
        </section>
    }
}
