//! The guided scenarios: the built-in ones, one click away, each with a plain title, its
//! name (as `session-sim run NAME` takes it) and what to watch for.

use yew::prelude::*;

use super::model::Msg;
use crate::sim::{builtin, BUILTIN};

/// Properties of the list.
#[derive(Properties, PartialEq, Clone)]
pub struct GuidedProps {
    /// Where messages go.
    pub send: Callback<Msg>,
    /// How many guided scenarios have been opened (`Playground::guided`): when it changes,
    /// the list folds away, so that the sessions under it come up into view (the timeline
    /// panel says what to watch for).
    #[prop_or_default]
    pub chosen: u32,
}

/// A built-in scenario's title, in plain words.
fn title(name: &str) -> &str {
    match name {
        "file-transfer" => "File transfer: break and resume",
        "file-transfer-restart" => "File transfer: break and restart",
        "banking-login" => "Banking login and logout",
        "wrong-password" => "Banking login: wrong password",
        "idle-timeout" => "Banking login: idle timeout",
        "half-duplex-chat" => "Half-duplex conversation",
        "kill-session" => "Kill a session",
        "rpc" => "Remote procedure calls",
        other => other,
    }
}

/// The built-in scenarios as buttons with their descriptions (open at first; it folds away).
#[function_component(Guided)]
pub fn guided(p: &GuidedProps) -> Html {
    let details = use_node_ref();
    {
        let details = details.clone();
        use_effect_with(p.chosen, move |chosen| {
            if *chosen > 0 {
                if let Some(d) = details.cast::<web_sys::Element>() {
                    let _ = d.remove_attribute("open");
                }
            }
        });
    }
    html! {
        <details class="guided" open=true ref={ details }>
            <summary>{ "Guided scenarios" }</summary>
            <ul>
                { for BUILTIN.iter().filter_map(|name| builtin(name)).map(|s| {
                    let load = {
                        let s = s.clone();
                        p.send.reform(move |_| Msg::Guide(s.clone()))
                    };
                    html! {
                        <li>
                            <button type="button" onclick={ load }>{ title(&s.name) }</button>
                            { " " }<code>{ s.name.clone() }</code>
                            <p>{ s.description.clone() }</p>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}
