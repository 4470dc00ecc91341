//! The app shell: header, a message line, then the workspace of three panels.

use yew::prelude::*;

use super::glossary::Glossary;
use super::header::Header;
use super::help::Help;
use super::hooks::{use_clock, use_fragment, use_keys, use_look_ahead};
use super::inspector_panel::InspectorPanel;
use super::model::{End, Msg, Playground};
use super::props::{ms, ModelProps};
use super::sessions_panel::sessions_panel;
use super::timeline_panel::TimelinePanel;
use crate::sim::text::outcome_name;
use crate::sim::What;

/// The latest break, resume, restart or ending, in words, for screen readers.
fn narrate(model: &Playground) -> String {
    let world = model.world.borrow();
    world
        .trace()
        .events
        .iter()
        .rev()
        .find_map(|e| {
            // The time makes each line new, so a second break like the first is read too.
            let s = format!("At {}, session {}", ms(e.t), e.session);
            match &e.what {
                What::Break { cause, .. } => Some(format!("{s}: the transport broke ({cause}).")),
                What::Resume { serial, offset, .. } => Some(format!(
                    "{s} resumed from sync point {serial} at byte {offset}."
                )),
                What::Restart { why, .. } => Some(format!("{s} restarted: {why}.")),
                What::Outcome { outcome } => Some(format!("{s} ended: {}.", outcome_name(outcome))),
                _ => None,
            }
        })
        .unwrap_or_default()
}

/// The whole playground.
#[function_component(App)]
pub fn app() -> Html {
    let model = use_reducer(Playground::default);
    let send = {
        let model = model.dispatcher();
        Callback::from(move |msg: Msg| model.dispatch(msg))
    };
    use_clock(model.playing, send.reform(Msg::Elapsed));
    let looking = matches!(model.end, End::Looking(..));
    use_look_ahead(looking, send.reform(|_| Msg::LookAhead));
    // Paused, the link holds the time too (and always the speed), so a link copied from the
    // address bar opens where the run stands.
    let shared_at = (!model.playing).then(|| model.world.borrow().now());
    use_fragment(model.scenario.clone(), shared_at, model.speed, send.clone());
    use_keys(send.clone());
    let message = model.message.clone().map(|m| {
        html! {
            <div class="message" role="alert">
                <span>{ m }</span>
                <button type="button" onclick={ send.reform(|_| Msg::Dismiss) }>{ "Dismiss" }</button>
            </div>
        }
    });
    let narration = narrate(&model);
    let notice = model.notice.clone().map(|n| {
        html! { <div class="notice" role="status">{ n }</div> }
    });
    html! {
        <div class="app">
            <Header on_help={ send.reform(|_| Msg::ToggleHelp) } on_guide={ send.reform(Msg::Guide) } />
            if model.help {
                <Help on_close={ send.reform(|_| Msg::ToggleHelp) } />
            }
            { for message }
            { for notice }
            <div class="visually-hidden" aria-live="polite" aria-atomic="true">{ narration }</div>
            <main class="workspace">
                { sessions_panel(&ModelProps { model: (*model).clone(), send: send.clone() }) }
                <TimelinePanel model={ (*model).clone() } send={ send.clone() } />
                <InspectorPanel model={ (*model).clone() } send={ send.clone() } />
            </main>
            <Glossary />
        </div>
    }
}
