//! The fault menu of a session: break at a chosen byte offset, drop or delay the next TSDU,
//! refuse reconnects for a while.

use yew::prelude::*;

use super::model::Msg;
use crate::sim::scenario::ActionKind;

/// Properties of the menu.
#[derive(Properties, PartialEq, Clone)]
pub struct FaultProps {
    /// The session.
    pub session: u32,
    /// False once the session has ended.
    pub live: bool,
    /// For a transfer: the file's size, which bounds the byte offset.
    pub size: Option<u64>,
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
    let at_byte = use_state(|| p.size.map_or(0, |s| s / 2));
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
    let why = if p.live { "" } else { "The session has ended" };
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
            if let Some(size) = p.size {
                <div class="fault">
                    { field(format!("Break at byte (of {size})"), &at_byte, size) }
                    <button type="button" disabled={ !p.live } title={ why } onclick={ act(ActionKind::BreakAtByte(*at_byte)) }>
                        { "Break at byte" }
                    </button>
                </div>
            }
            <div class="fault">
                <button type="button" disabled={ !p.live } title={ why } onclick={ act(ActionKind::DropNext) }>
                    { "Drop next TSDU" }
                </button>
            </div>
            <div class="fault">
                { field("Delay (ms)".into(), &delay_ms, 3_600_000) }
                <button type="button" disabled={ !p.live } title={ why } onclick={ act(ActionKind::DelayNextMs(*delay_ms)) }>
                    { "Delay next TSDU" }
                </button>
            </div>
            <div class="fault">
                { field("Refuse for (ms)".into(), &refuse_ms, 3_600_000) }
                <button type="button" disabled={ !p.live } title={ why } onclick={ act(ActionKind::RefuseReconnectsMs(*refuse_ms)) }>
                    { "Refuse reconnects" }
                </button>
            </div>
        </details>
    }
}
