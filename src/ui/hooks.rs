//! Hooks: the side effects of the page (timers), which only decide *when* the model steps,
//! and the small state a view keeps for itself (a disclosure's open flag).

use gloo_timers::callback::Interval;
use yew::prelude::*;

/// A flag that starts false, and a callback that flips it: a disclosure button's state.
#[hook]
pub fn use_toggle() -> (UseStateHandle<bool>, Callback<MouseEvent>) {
    let on = use_state(|| false);
    let flip = {
        let on = on.clone();
        Callback::from(move |_| on.set(!*on))
    };
    (on, flip)
}

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

/// While `looking` (for the end of the run), calls `slice` every 25 ms, playing or not.
#[hook]
pub fn use_look_ahead(looking: bool, slice: Callback<()>) {
    use_effect_with(looking, move |looking| {
        let interval = looking.then(|| Interval::new(25, move || slice.emit(())));
        move || drop(interval)
    });
}

/// Keeps the URL fragment and the run in step: at start and whenever the fragment changes
/// (a pasted link), the run in it is opened at the time and speed it holds, or its error
/// shown; whenever the scenario, the time `at` (while paused) or the speed changes, the
/// fragment is rewritten (without a new history entry).
#[hook]
pub fn use_fragment(
    scenario: crate::sim::Scenario,
    at: Option<u64>,
    speed: f64,
    send: Callback<super::model::Msg>,
) {
    use super::model::Msg;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    // Read it at start and on every hashchange.
    {
        let send = send.clone();
        use_effect_with((), move |_| {
            let read = move || {
                let hash = web_sys::window()
                    .and_then(|w| w.location().hash().ok())
                    .unwrap_or_default();
                match crate::share::from_link(&hash) {
                    Ok(Some(s)) => send.emit(Msg::Open(s)),
                    Ok(None) => {}
                    Err(e) => send.emit(Msg::Message(format!("This link cannot be opened: {e}"))),
                }
            };
            read();
            let listener = Closure::<dyn Fn()>::new(read);
            if let Some(w) = web_sys::window() {
                w.set_onhashchange(Some(listener.as_ref().unchecked_ref()));
            }
            move || {
                if let Some(w) = web_sys::window() {
                    w.set_onhashchange(None);
                }
                drop(listener);
            }
        });
    }
    // Write it whenever the run, the time it is paused at or the speed changes (the speed
    // in hundredths: a float is no key).
    let hundredths = (speed * 100.0).round() as u64;
    use_effect_with((scenario, at, hundredths), move |(scenario, at, _)| {
        if !scenario.sessions.is_empty() {
            let link = crate::share::to_link(scenario, *at, Some(speed));
            let fragment = format!("#{link}");
            if let Some(w) = web_sys::window() {
                let same = w.location().hash().ok().as_deref() == Some(fragment.as_str());
                if !same {
                    if let Ok(history) = w.history() {
                        let _ = history.replace_state_with_url(
                            &wasm_bindgen::JsValue::NULL,
                            "",
                            Some(&fragment),
                        );
                    }
                }
            }
        }
    });
}

/// Keyboard shortcuts (not while typing in a field, but for Escape): Space play/pause (unless a button has
/// focus: then Space presses it), → step, ← step back,
/// + and - speed, b break, k kill (the selected session), ? help, Escape close.
#[hook]
pub fn use_keys(send: Callback<super::model::Msg>) {
    use super::model::Msg;
    use crate::sim::scenario::ActionKind;
    use wasm_bindgen::closure::Closure;
    use wasm_bindgen::JsCast;

    use_effect_with((), move |_| {
        let listener =
            Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(move |e: web_sys::KeyboardEvent| {
                let typing = e
                    .target()
                    .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                    .is_some_and(|el| {
                        matches!(el.tag_name().as_str(), "INPUT" | "SELECT" | "TEXTAREA")
                    });
                // Space presses a focused button (or opens a summary), as it always does.
                let pressing = e.key() == " "
                    && e.target()
                        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                        .is_some_and(|el| {
                            matches!(el.tag_name().as_str(), "BUTTON" | "SUMMARY" | "A")
                                || el.get_attribute("role").as_deref() == Some("button")
                        });
                // Escape closes the help or a message from anywhere, a field included.
                let typing = typing && e.key() != "Escape";
                if typing || pressing || e.ctrl_key() || e.meta_key() || e.alt_key() {
                    return;
                }
                let msg = match e.key().as_str() {
                    " " => Msg::TogglePlay,
                    "ArrowRight" => Msg::Step,
                    "ArrowLeft" => Msg::StepBack,
                    "+" | "=" => Msg::Faster(true),
                    "-" => Msg::Faster(false),
                    "b" => Msg::ActOnSelected(ActionKind::Break),
                    "k" => Msg::ActOnSelected(ActionKind::Kill),
                    "?" => Msg::ToggleHelp,
                    "Escape" => Msg::Dismiss,
                    _ => return,
                };
                // Space would otherwise scroll the page.
                e.prevent_default();
                send.emit(msg);
            });
        let window = web_sys::window();
        if let Some(w) = &window {
            let _ =
                w.add_event_listener_with_callback("keydown", listener.as_ref().unchecked_ref());
        }
        move || {
            if let Some(w) = window {
                let _ = w.remove_event_listener_with_callback(
                    "keydown",
                    listener.as_ref().unchecked_ref(),
                );
            }
            drop(listener);
        }
    });
}
