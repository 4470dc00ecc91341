//! The properties most panels take: the model to show and where to send messages.

use yew::prelude::*;

use super::model::{Msg, Playground};
use crate::sim::svg::push_digits;

/// Why a control that needs a run (Play, Step, Copy link, the exports) cannot be pressed on a
/// page with no session.
pub const NO_RUN: &str = "Start a session or a guided scenario first";

/// A view of the model that can send messages.
#[derive(Properties, PartialEq, Clone)]
pub struct ModelProps {
    /// The model.
    pub model: Playground,
    /// Where messages go.
    pub send: Callback<Msg>,
}

/// A view of the model that only reads it.
#[derive(Properties, PartialEq, Clone)]
pub struct ViewProps {
    /// The model.
    pub model: Playground,
}

/// Milliseconds with three decimals, from microseconds.
pub fn ms(t: u64) -> String {
    let mut s = ms_number(t);
    s.push_str(" ms");
    s
}

/// Milliseconds with three decimals, from microseconds, as a bare number (integer arithmetic:
/// no float formatting in the shipped wasm).
pub fn ms_number(t: u64) -> String {
    let mut s = String::with_capacity(12);
    push_digits(&mut s, t / 1000, 1);
    s.push('.');
    push_digits(&mut s, t % 1000, 3);
    s
}

/// The tokens a host holds, as the trace names them ("data, minor sync", or "no"), for "A
/// holds ..." and the inspector's "Tokens held": "none" where it holds none.
pub fn none_for_no(tokens: &str) -> &str {
    if tokens == "no" {
        "none"
    } else {
        tokens
    }
}

/// A button that is disabled, with the reason as its tooltip (and accessible description),
/// when `why_not` says it cannot be pressed now; otherwise its tooltip says what it does.
///
/// Disabled by `aria-disabled`, not `disabled`, so that it keeps the keyboard's focus when it
/// is pressed and so becomes disabled (the focus would fall to the page), and so that keyboard
/// and screen reader users can reach it and be told why: focused, it shows the reason (the
/// stylesheet writes its title under it).
pub fn action(
    name: &str,
    why_not: Option<&str>,
    does: &str,
    onclick: Callback<MouseEvent>,
) -> Html {
    action_styled(name, None, why_not, does, onclick)
}

/// [`action`], with a class of its own ("danger" for one that ends a session).
pub fn action_styled(
    name: &str,
    class: Option<&'static str>,
    why_not: Option<&str>,
    does: &str,
    onclick: Callback<MouseEvent>,
) -> Html {
    let title = match why_not {
        Some(w) => format!("Not now: {w}"),
        None => does.to_string(),
    };
    let off = why_not.is_some();
    let onclick = (!off).then_some(onclick);
    html! {
        <button type="button" {class} aria-disabled={ off.then_some("true") } {title} {onclick}>{ name }</button>
    }
}
