//! "What happened": the last event of the run at the Time shown, in plain words, under the
//! time controls; at a key moment playing stopped at, what happened and what comes next.
//! Updated at every step, pause and tick; read out by screen readers only while time stands
//! still (while playing it would speak over itself twenty times a second).

use yew::prelude::*;

use super::model::{Msg, Playground};
use super::props::ms;
use crate::sim::narration::{last_told, sentence};

/// The sentence for the Time shown: the key moment stopped at, else the last event told.
fn told(m: &Playground) -> Option<String> {
    if let Some(moment) = &m.moment {
        return Some(moment.clone());
    }
    let world = m.world.borrow();
    let now = world.now();
    let trace = world.trace();
    let i = last_told(trace, now, None)?;
    let e = &trace.events[i];
    let who = if m.scenario.sessions.len() > 1 {
        format!("session {}, ", e.session)
    } else {
        String::new()
    };
    Some(format!(
        "At {}, {who}{}",
        ms(e.t),
        lower_first(&sentence(e))
    ))
}

/// `s` with its first letter in lower case, after "At 1.000 ms, " ("Host A" becomes "host
/// A"). The sentences begin in ASCII: no Unicode case tables in the shipped wasm.
fn lower_first(s: &str) -> String {
    let mut out = s.to_string();
    if let Some(first) = out.get_mut(..1) {
        first.make_ascii_lowercase();
    }
    out
}

/// The line, and the "Pause at key moments" choice; `hidden` with no run.
pub fn what_happened(m: &Playground, send: &Callback<Msg>, hidden: bool) -> Html {
    let text = told(m);
    let at_moment = m.moment.is_some();
    let on_pause = send.reform(|e: Event| {
        let on = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .checked();
        Msg::PauseAtMoments(on)
    });
    html! {
        <div class={ classes!("story", at_moment.then_some("at-moment")) } {hidden}>
            <label class="check pause-moments" title="Stops the clock at a break, a resume, a refusal, an abort and a release, and says what happened; Play goes on">
                <input type="checkbox" checked={ m.pause_at_moments } onchange={ on_pause } />
                { "Pause at key moments" }
            </label>
            // Always there (empty before the run), so that a screen reader knows the region
            // before it first speaks.
            <p class="what-happened" role="status" aria-live={ m.playing.then_some("off") }>
                if let Some(text) = text {
                    <strong>{ if at_moment { "Paused at a key moment: " } else { "What happened: " } }</strong>
                    { text }
                }
            </p>
        </div>
    }
}
