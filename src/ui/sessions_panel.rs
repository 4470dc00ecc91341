//! The sessions panel: guided scenarios, the "Start session" form, and the sessions with
//! their states, progress and actions.

use yew::prelude::*;

use super::guided::Guided;
use super::model::Msg;
use super::props::ModelProps;
use super::session_row::SessionRow;
use super::start_form::StartForm;

/// Lists the sessions between the two simulated hosts.
pub fn sessions_panel(p: &ModelProps) -> Html {
    let views = p.model.world.borrow().views();
    html! {
        <section class="panel sessions" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{ "Sessions" }</h2>
            <StartForm on_start={ p.send.reform(Msg::Start) } />
            <Guided send={ p.send.clone() } chosen={ p.model.guided } />
            if views.is_empty() {
                <p class="empty">{ "No sessions yet." }</p>
            } else {
                <ul class="session-list" aria-label="Sessions">
                    { for views.into_iter().map(|v| html! {
                        <SessionRow
                            focus={ if v.session == 0 { p.model.guided } else { 0 } }
                            selected={ p.model.selected == Some(v.session) }
                            view={ v }
                            send={ p.send.clone() } />
                    }) }
                </ul>
            }
        </section>
    }
}
