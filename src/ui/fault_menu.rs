//! The fault menu of a session: break at a chosen byte offset, drop or delay the next TSDU,
//! refuse reconnects for a while.

use yew::prelude::*;

use super::model::Msg;
use super::session_row::action;
use crate::sim::scenario::ActionKind;
use crate::sim::world::break_at_refusal;

/// Properties of the menu.
#[derive(Properties, PartialEq, Clone)]
pub struct FaultProps {
    /// The session.
    pub session: u32,
    /// Why the faults cannot be set now (the session has ended), if they cannot.
    pub why_not: Option<String>,
    /// For a transfer: (octets sent, size), which bound the byte offset.
    pub progress: Option<(u64, u64)>,
    /// Where messages go.
    pub send: Callback<Msg>,
}

fn number(e: &Event) -> Option<u64> {
    e.target_unchecked_into::<web_sys::HtmlInputElement>()
        .value()
        .parse()
        .ok()
}

/// The fault menu.
#[function_component(FaultMenu)]
pub fn fault_menu(p: &FaultProps) -> Html {
    let at_byte = use_state(|| p.progress.map_or(0, |(_, size)| size / 2));
    let delay_ms = use_state(|| 250u64);
    let refuse_ms = use_state(|| 1000u64);
    let id = p.session;
    let act = |kind: ActionKind| p.send.reform(move |_| Msg::Act(id, kind.clone()));
    let set = |state: &UseStateHandle<u64>| {
        let state = state.clone();
        Callback::from(move |e: Event| {
            if let Some(n) = number(&e) {
                state.set(n);
            }
        })
    };
    let why = p.why_not.as_deref();
    let at_byte_why = why
        .map(String::from)
        .or_else(|| break_at_refusal(*at_byte, p.progress));
    let field = |label: String, state: &UseStateHandle<u64>, max: u64| {
        html! {
            <label>{ label }
                <input type="number" min="0" max={ max.to_string() } value={ state.to_string() } onchange={ set(state) } />
            </label>
        }
    };
    html! {
        <details class="faults">
            <summary>{ "Faults" }</summary>
            if let Some((_, size)) = p.progress {
                <div class="fault">
                    { field(format!("Break at byte (of {size})"), &at_byte, size) }
                    { action("Break at byte", at_byte_why.as_deref(), "The transport breaks when the sender reaches this byte", act(ActionKind::BreakAtByte(*at_byte))) }
                </div>
            }
            <div class="fault">
                { action("Drop next TSDU", why, "The next TSDU is lost once; the transport sends it again after 200 ms", act(ActionKind::DropNext)) }
            </div>
            <div class="fault">
                { field("Delay (ms)".into(), &delay_ms, 3_600_000) }
                { action("Delay next TSDU", why, "The next TSDU waits this long; what follows waits behind it", act(ActionKind::DelayNextMs(*delay_ms))) }
            </div>
            <div class="fault">
                { field("Refuse for (ms)".into(), &refuse_ms, 3_600_000) }
                { action("Refuse reconnects", why, "Reconnect attempts are refused for this long", act(ActionKind::RefuseReconnectsMs(*refuse_ms))) }
            </div>
        </details>
    }
}
