//! Hooks: the side effects of the page (timers). They only decide *when* the model steps.

use gloo_timers::callback::Interval;
use yew::prelude::*;

/// While `playing`, calls `tick` about every 50 ms with the real milliseconds elapsed.
#[hook]
pub fn use_clock(playing: bool, tick: Callback<f64>) {
    use_effect_with(playing, move |playing| {
        let interval = playing.then(|| {
            let mut last = js_sys::Date::now();
            Interval::new(50, move || {
                let now = js_sys::Date::now();
                tick.emit(now - last);
                last = now;
            })
        });
        move || drop(interval)
    });
}
