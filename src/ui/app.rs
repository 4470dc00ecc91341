//! The app shell: header, then the workspace of three panels.

use yew::prelude::*;

use super::header::Header;
use super::inspector_panel::InspectorPanel;
use super::sessions_panel::SessionsPanel;
use super::timeline_panel::TimelinePanel;

/// The whole playground.
#[function_component(App)]
pub fn app() -> Html {
    html! {
        <div class="app">
            <Header />
            <main class="workspace">
                <SessionsPanel />
                <TimelinePanel />
                <InspectorPanel />
            </main>
        </div>
    }
}
