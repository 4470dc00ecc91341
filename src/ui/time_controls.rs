//! Time control: Play or Pause, Step, Step back, the Speed, and the Time scrubber.

use yew::prelude::*;

use super::model::{Msg, SPEEDS};
use super::props::{ms, ModelProps};

fn speed_words(s: f64) -> String {
    format!("{s}x")
}

/// The controls of simulated time.
#[function_component(TimeControls)]
pub fn time_controls(p: &ModelProps) -> Html {
    let m = &p.model;
    let now = m.world.borrow().now();
    let end = m.horizon.max(now);
    let on_time = p.send.reform(|e: InputEvent| {
        let ms: f64 = e
            .target_unchecked_into::<web_sys::HtmlInputElement>()
            .value()
            .parse()
            .unwrap_or(0.0);
        Msg::Scrub((ms * 1000.0) as u64)
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
        <div class="time-controls" role="group" aria-label="Time">
            if m.playing {
                <button type="button" onclick={ p.send.reform(|_| Msg::Pause) }>{ "Pause" }</button>
            } else {
                <button type="button" onclick={ p.send.reform(|_| Msg::Play) }>{ "Play" }</button>
            }
            <button type="button" onclick={ p.send.reform(|_| Msg::StepBack) } disabled={ now == 0 }
                title={ if now == 0 { "At the start of the run" } else { "" } }>{ "Step back" }</button>
            <button type="button" onclick={ p.send.reform(|_| Msg::Step) }>{ "Step" }</button>
            <label class="speed">{ "Speed" }
                <input type="range" min="0" max={ (SPEEDS.len() - 1).to_string() } step="1"
                    value={ index.to_string() } aria-valuetext={ speed_words(m.speed) } oninput={ on_speed } />
                <output>{ speed_words(m.speed) }</output>
            </label>
            <label class="scrubber">{ "Time" }
                <input type="range" min="0" max={ format!("{:.3}", end as f64 / 1000.0) } step="any"
                    value={ format!("{:.3}", now as f64 / 1000.0) } aria-valuetext={ ms(now) } oninput={ on_time } />
            </label>
            <span class="clock" aria-live="off">{ format!("t = {}", ms(now)) }</span>
        </div>
    }
}
