//! The sessions panel: guided scenarios, the "Start session" form, and the sessions with
//! their states, progress and actions.

use yew::prelude::*;

use super::guided::Guided;
use super::model::Msg;
use super::props::ModelProps;
use super::session_row::SessionRow;
use super::start_form::StartForm;
use crate::sim::scenario::ActionKind;
use crate::sim::What;

/// Why the latest switch of `session`'s dialogue mode in the run was refused when its time
/// came, if it was: the rule the trace gives for it then (the rules may have changed between
/// the choice and the next whole millisecond, when it takes effect).
fn switch_refused(p: &ModelProps, session: u32) -> Option<String> {
    let at = p
        .model
        .scenario
        .actions
        .iter()
        .rev()
        .find(|a| a.session == session && matches!(a.what, ActionKind::SwitchDialog(_)))?
        .at_ms
        * 1000;
    let world = p.model.world.borrow();
    let events = &world.trace().events;
    // The trace is in time order: to the action's time at once, whatever came after it.
    let from = events.partition_point(|e| e.t < at);
    events[from..]
        .iter()
        .take_while(|e| e.t == at)
        .filter(|e| e.session == session)
        .find_map(|e| match &e.what {
            What::Refused { rule, .. } => Some(rule.clone()),
            _ => None,
        })
}

/// Lists the sessions between the two simulated hosts.
pub fn sessions_panel(p: &ModelProps) -> Html {
    let views = p.model.world.borrow().views();
    html! {
        <section class="panel sessions" aria-labelledby="sessions-title">
            <h2 id="sessions-title">{ "Sessions" }</h2>
            <StartForm on_start={ p.send.reform(Msg::Start) } />
            // Open on a page with no session, and folded once one starts (from the form or a
            // link) or a guided scenario is chosen, so that the session comes up under the
            // form (found by a review: a session started from the form came up 1,500 px down,
            // under the open list). It folds by being drawn again, closed
            // (a new element, keyed by the counts of guided scenarios chosen and of sessions,
            // so that a list opened again folds too), here
            // and not in the list's own component: this panel is drawn before its sessions'
            // rows, so the list has folded when the row takes the focus. Folded later, it
            // would leave the row far down the page as it took the focus, and the browser
            // would scroll the time controls out of view to show it.
            <details class="guided" key={ format!("{}-{}", p.model.guided, p.model.scenario.sessions.len()) } open={ p.model.guided == 0 && views.is_empty() }>
                <summary>{ "Guided scenarios" }</summary>
                <Guided send={ p.send.clone() } />
            </details>
            if views.is_empty() {
                <p class="empty">{ "No sessions yet." }</p>
            } else {
                <ul class="session-list" aria-label="Sessions">
                    { for views.into_iter().map(|v| html! {
                        <SessionRow
                            switch_refused={ switch_refused(p, v.session) }
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
