//! What the pointer and the keyboard do on the diagram's arrows: a click, Enter or Space
//! inspects the SPDU an arrow is named by, and the arrow under the pointer or with the focus
//! is named in the readout above the diagram. One listener each on the diagram's `svg`, not
//! two on every arrow.

use yew::prelude::*;

use super::arrow_focus::{arrow_of, labelled_arrow_at, ArrowFocus};
use super::model::Msg;

/// The listeners for the diagram's `svg`.
pub struct ArrowPointer {
    pub onclick: Callback<MouseEvent>,
    pub onkeydown: Callback<KeyboardEvent>,
    pub onmouseover: Callback<MouseEvent>,
    pub onmouseout: Callback<MouseEvent>,
    pub onfocusin: Callback<FocusEvent>,
    pub onfocusout: Callback<FocusEvent>,
}

/// The SPDU to inspect for event `e`: the arrow under a label (`label`), or the arrow `e`
/// happened in; the SPDU it is named by (`data-named`), else its first (`data-first`).
fn inspected(e: &Event, label: Option<(usize, web_sys::Element)>) -> Option<usize> {
    let (first, g) = label.or_else(|| arrow_of(e))?;
    let named = g.get_attribute("data-named").and_then(|n| n.parse().ok());
    Some(named.unwrap_or(first))
}

/// Writes the name of the arrow `e` happened in into `readout` (one text node, not a tooltip
/// element in every arrow, and shown to keyboard users as well as to the mouse).
fn name_arrow(e: &Event, readout: &NodeRef) {
    let name = e
        .target_dyn_into::<web_sys::Element>()
        .and_then(|t| t.closest("g.spdu[aria-label]").ok().flatten())
        .and_then(|g| g.get_attribute("aria-label"));
    if let (Some(name), Some(el)) = (name, readout.cast::<web_sys::Element>()) {
        el.set_text_content(Some(&name));
    }
}

/// Empties `readout`, so it never speaks of an arrow no longer drawn.
fn clear(readout: &NodeRef) {
    if let Some(el) = readout.cast::<web_sys::Element>() {
        el.set_text_content(None);
    }
}

/// The listeners, sending inspections to `send`, naming arrows in `readout`, and keeping the
/// keyboard's focus with `focus`.
#[hook]
pub fn use_arrow_pointer(
    send: Callback<Msg>,
    readout: NodeRef,
    focus: &ArrowFocus,
) -> ArrowPointer {
    let onclick = {
        let send = send.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(i) = inspected(&e, labelled_arrow_at(&e)) {
                send.emit(Msg::Inspect(i));
            }
        })
    };
    // Enter or Space on an arrow inspects it, as on a button.
    let onkeydown = Callback::from(move |e: KeyboardEvent| {
        if e.key() == "Enter" || e.key() == " " {
            if let Some(i) = inspected(&e, None) {
                e.prevent_default();
                send.emit(Msg::Inspect(i));
            }
        }
    });
    let onmouseover = {
        let readout = readout.clone();
        Callback::from(move |e: MouseEvent| name_arrow(&e, &readout))
    };
    let onmouseout = {
        let readout = readout.clone();
        Callback::from(move |_: MouseEvent| clear(&readout))
    };
    let onfocusin = {
        let (readout, focusin) = (readout.clone(), focus.onfocusin.clone());
        Callback::from(move |e: FocusEvent| {
            focusin.emit(e.clone());
            name_arrow(&e, &readout);
        })
    };
    let focusout = focus.onfocusout.clone();
    let onfocusout = Callback::from(move |e: FocusEvent| {
        focusout.emit(e);
        clear(&readout);
    });
    ArrowPointer {
        onclick,
        onkeydown,
        onmouseover,
        onmouseout,
        onfocusin,
        onfocusout,
    }
}
