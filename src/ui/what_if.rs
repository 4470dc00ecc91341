//! "What if": acting on the picture. From an SPDU inspected on the timeline, the run can be
//! broken while that SPDU is in flight: time goes back to when it was sent, and the session's
//! transport connection drops at the next whole millisecond, as "Break transfer" pressed then
//! would drop it. That is a new branch of the run: every session and action scheduled after
//! then, the scenario's own as well as the user's, is dropped, and the page says so.

use yew::prelude::*;

use super::model::{input_ms, Msg};
use super::props::action;

/// What the inspector knows of the SPDU it shows, for "What if".
pub struct InFlight<'a> {
    /// Its trace event.
    pub event: usize,
    /// When it was sent, microseconds.
    pub sent: u64,
    /// When it arrives, if it does.
    pub arrives: Option<u64>,
    /// Why the session's connection could not be broken when the SPDU was sent, if it could
    /// not (`World::why_not` of a break, in the run as it was then; a break between then and
    /// the next millisecond would have lost the SPDU, so the answer holds until then).
    pub why_not_then: Option<&'a str>,
}

/// Why the connection cannot be broken while `s` is in flight, if it cannot.
fn refusal(s: &InFlight) -> Option<String> {
    // The break is an input made when the SPDU was sent ([`input_ms`]); it goes before
    // anything else due then (the scheduler ranks inputs first), so an SPDU that arrives at
    // that very time is lost too.
    let takes_effect = input_ms(s.sent) * 1000;
    match s.arrives {
        None => Some("it was lost in a break already".into()),
        Some(a) if a < takes_effect => Some(
            "it arrives before the next whole millisecond, when a break would take effect".into(),
        ),
        Some(_) => s.why_not_then.map(String::from),
    }
}

/// The "What if" part of the inspector, for an SPDU.
pub fn what_if(s: &InFlight, send: &Callback<Msg>) -> Html {
    let why_not = refusal(s);
    let event = s.event;
    html! {
        <div class="what-if" role="group" aria-labelledby="what-if-title">
            <h3 id="what-if-title">{ "What if" }</h3>
            { action(
                "Break the connection while this is in flight",
                why_not.as_deref(),
                "Goes back to when this SPDU was sent and breaks the transport connection at the \
                 next millisecond: the SPDU is lost, and the session recovers as the rules let it \
                 (a new branch of the run: what was scheduled after then is dropped)",
                send.reform(move |_| Msg::BreakInFlight(event)),
            ) }
        </div>
    }
}
