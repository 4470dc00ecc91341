//! The fault menu of a session: break at a chosen byte offset, drop or delay the next TSDU,
//! refuse reconnects for a while.

use yew::prelude::*;

use super::glossary::term;
use super::model::Msg;
use super::props::action;
use crate::sim::scenario::{ActionKind, MAX_MS};
use crate::sim::world::fault_refusal;

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

/// A whole number typed in a field, or why it is not one.
fn number(text: &str) -> Result<u64, String> {
    text.trim()
        .parse()
        .map_err(|_| format!("{text:?} is not a whole number"))
}

/// The fault menu.
#[function_component(FaultMenu)]
pub fn fault_menu(p: &FaultProps) -> Html {
    // What is typed, as typed: the row redraws as time runs, and a field must keep its text.
    let at_byte = use_state(|| p.progress.map_or(0, |(_, size)| size / 2).to_string());
    let delay_ms = use_state(|| "250".to_string());
    let refuse_ms = use_state(|| "1000".to_string());
    let id = p.session;
    let set = |state: &UseStateHandle<String>| {
        let state = state.clone();
        Callback::from(move |e: InputEvent| {
            state.set(
                e.target_unchecked_into::<web_sys::HtmlInputElement>()
                    .value(),
            );
        })
    };
    // A fault button: the typed number made into its action, or why it cannot be set now.
    let fault = |name: &str, does: &str, text: Option<&str>, make: fn(u64) -> ActionKind| {
        let kind = match text.map(number) {
            Some(Ok(n)) => Ok(make(n)),
            Some(Err(e)) => Err(e),
            None => Ok(make(0)),
        };
        let why = match &kind {
            Err(e) => Some(e.clone()),
            Ok(k) => p.why_not.clone().or_else(|| fault_refusal(k, p.progress)),
        };
        let onclick = match kind {
            Ok(k) => p.send.reform(move |_| Msg::Act(id, k.clone())),
            Err(_) => Callback::noop(),
        };
        action(name, why.as_deref(), does, onclick)
    };
    let field = |label: String, state: &UseStateHandle<String>, max: u64| {
        html! {
            <label>{ label }
                <input type="number" min="0" max={ max.to_string() } value={ (**state).clone() } oninput={ set(state) } />
            </label>
        }
    };
    html! {
        <details class="faults">
            <summary>{ "Faults" }</summary>
            if let Some((_, size)) = p.progress {
                <div class="fault">
                    { field(format!("Break at byte (of {size})"), &at_byte, size) }
                    { fault("Break at byte", "The transport breaks when the sender reaches this byte", Some(&at_byte), ActionKind::BreakAtByte) }
                </div>
            }
            <div class="fault">
                { fault("Drop next TSDU", "The next TSDU (the next SPDU or SPDUs the session hands the transport at once) is lost once; the transport sends it again after 200 ms, as TCP repairs a lost segment", None, |_| ActionKind::DropNext) }
                { term("tsdu", "What is a TSDU?") }
            </div>
            <div class="fault">
                { field("Delay (ms)".into(), &delay_ms, MAX_MS) }
                { fault("Delay next TSDU", "The next TSDU waits this long; what follows waits behind it", Some(&delay_ms), ActionKind::DelayNextMs) }
            </div>
            <div class="fault">
                { field("Refuse for (ms)".into(), &refuse_ms, MAX_MS) }
                { fault("Refuse reconnects", "Reconnect attempts are refused for this long", Some(&refuse_ms), ActionKind::RefuseReconnectsMs) }
            </div>
        </details>
    }
}
