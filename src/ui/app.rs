//! The app shell: header, a message line, then the workspace of three panels.

use yew::prelude::*;

use super::header::Header;
use super::hooks::use_clock;
use super::inspector_panel::InspectorPanel;
use super::model::{Msg, Playground};
use super::sessions_panel::SessionsPanel;
use super::timeline_panel::TimelinePanel;

/// The whole playground.
#[function_component(App)]
pub fn app() -> Html {
    let model = use_reducer(Playground::default);
    let send = {
        let model = model.dispatcher();
        Callback::from(move |msg: Msg| model.dispatch(msg))
    };
    use_clock(model.playing, send.reform(Msg::Elapsed));
    let message = model.message.clone().map(|m| {
        html! {
            <div class="message" role="alert">
                <span>{ m }</span>
                <button type="button" onclick={ send.reform(|_| Msg::Dismiss) }>{ "Dismiss" }</button>
            </div>
        }
    });
    html! {
        <div class="app">
            <Header />
            { for message }
            <main class="workspace">
                <SessionsPanel model={ (*model).clone() } send={ send.clone() } />
                <TimelinePanel model={ (*model).clone() } send={ send.clone() } />
                <InspectorPanel model={ (*model).clone() } />
            </main>
        </div>
    }
}
