//! Time control: Play or Pause, Step, Step back, the Speed, and the Time scrubber.

use yew::prelude::*;

use super::model::{End, Msg, SPEEDS};
use super::props::{action, ms, ms_number, ModelProps, NO_RUN};

/// A speed as the control says it: "0.25x", "1x", "16x".
pub(super) fn speed_words(s: f64) -> String {
    // Hundredths, in integers: no float formatting in the shipped wasm.
    let hundredths = (s * 100.0).round() as u64;
    match hundredths % 100 {
        0 => format!("{}x", hundredths / 100),
        h if h % 10 == 0 => format!("{}.{}x", hundredths / 100, h / 10),
        h => format!("{}.{h:02}x", hundredths / 100),
    }
}

/// The controls of simulated time.
pub fn time_controls(p: &ModelProps) -> Html {
    let m = &p.model;
    let now = m.world.borrow().now();
    // With no session there is nothing to play: the clock would not move.
    let no_run = !m.has_run();
    // The whole run, known by running a copy of it to its end; a run too long for that
    // reaches as far as it has been played.
    let end = m.end.at().unwrap_or(0).max(m.horizon).max(now);
    let on_time = p.send.reform(|e: InputEvent| {
        let ms: f64 = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .value_as_number();
        Msg::Scrub(if ms.is_finite() {
            (ms * 1000.0) as u64
        } else {
            0
        })
    });
    let index = SPEEDS.iter().position(|s| *s == m.speed).unwrap_or(2);
    let on_speed = p.send.reform(|e: InputEvent| {
        let i: usize = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .value()
            .parse()
            .unwrap_or(2);
        Msg::Speed(SPEEDS[i.min(SPEEDS.len() - 1)])
    });
    html! {
        <div class="time-controls" role="group" aria-label="Time controls">
            // Disabled as a session's actions are (`action`): still focusable, saying why.
            if m.playing {
                <button type="button" onclick={ p.send.reform(|_| Msg::Pause) }>{ "Pause" }</button>
            } else {
                { action("Play", no_run.then_some(NO_RUN), "Simulated time runs at the Speed chosen (Space)",
                    p.send.reform(|_| Msg::Play)) }
            }
            { action("Step back", (now == 0).then_some("at the start of the run"), "Back to the event before (←)",
                p.send.reform(|_| Msg::StepBack)) }
            { action("Step", no_run.then_some(NO_RUN), "On to the next event (→)",
                p.send.reform(|_| Msg::Step)) }
            <label class="speed">{ "Speed" }
                <input type="range" min="0" max={ (SPEEDS.len() - 1).to_string() } step="1"
                    value={ index.to_string() } aria-valuetext={ speed_words(m.speed) } oninput={ on_speed } />
                <output>{ speed_words(m.speed) }</output>
            </label>
            <label class="scrubber">{ "Time" }
                <input type="range" min="0" max={ ms_number(end) } step="any"
                    value={ ms_number(now) } aria-valuetext={ ms(now) } oninput={ on_time } />
            </label>
            <span class="clock" aria-live="off">{ format!("t = {}", ms(now)) }</span>
            if m.end == End::TooLong {
                <span class="note">{ "This run is too long to look ahead: Time reaches as far as it has been played." }</span>
            }
        </div>
    }
}
