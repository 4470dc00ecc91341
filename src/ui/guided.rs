//! The guided scenarios: the built-in ones, one click away, each with what to watch for.

use yew::prelude::*;

use super::model::Msg;
use crate::sim::{builtin, BUILTIN};

/// Properties of the list.
#[derive(Properties, PartialEq, Clone)]
pub struct GuidedProps {
    /// Where messages go.
    pub send: Callback<Msg>,
}

/// The built-in scenarios as buttons with their descriptions.
#[function_component(Guided)]
pub fn guided(p: &GuidedProps) -> Html {
    html! {
        <details class="guided">
            <summary>{ "Guided scenarios" }</summary>
            <ul>
                { for BUILTIN.iter().filter_map(|name| builtin(name)).map(|s| {
                    let load = {
                        let s = s.clone();
                        p.send.reform(move |_| Msg::Load(s.clone()))
                    };
                    html! {
                        <li>
                            <button type="button" onclick={ load }>{ s.name.clone() }</button>
                            <p>{ s.description.clone() }</p>
                        </li>
                    }
                }) }
            </ul>
        </details>
    }
}
