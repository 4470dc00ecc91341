//! The keyboard's focus on the diagram's arrows, kept when an arrow's node is replaced.
//!
//! An arrow is keyed by its first SPDU. When its group changes (a live run's slices of time
//! double, or a zoom), the focused node can be removed and the focus fall to the page, so the
//! next Tab starts again from the top. The diagram marks the arrow that now holds the SPDU
//! that was focused with `data-focus`, and after the render that arrow takes the focus back.
//! When a zoom in gives that SPDU its own arrow again, the focus goes back to it, so zooming
//! out and in again leaves the focus where the person put it. Focus moved away by the person
//! (Tab, a click elsewhere) is never taken back.

use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsCast;
use yew::prelude::*;

/// The SPDU whose arrow has the focus (its trace index) and the node that had it.
type Held = Rc<RefCell<Option<(usize, web_sys::Element)>>>;

/// What the diagram needs: the SPDU to mark, and the listeners for its `svg`.
pub struct ArrowFocus {
    /// The trace index of the SPDU whose arrow has the keyboard's focus, if one has.
    pub spdu: Option<usize>,
    pub onfocusin: Callback<FocusEvent>,
    pub onfocusout: Callback<FocusEvent>,
}

/// The arrow (`g.spdu[data-first]`) an event happened in: its first SPDU and its node.
pub fn arrow_of(e: &Event) -> Option<(usize, web_sys::Element)> {
    arrow_holding(&e.target_dyn_into::<web_sys::Element>()?)
}

/// The arrow `el` is part of (or is): its first SPDU and its node.
fn arrow_holding(el: &web_sys::Element) -> Option<(usize, web_sys::Element)> {
    let g = el.closest("g.spdu[data-first]").ok()??;
    let first = g.get_attribute("data-first")?.parse().ok()?;
    Some((first, g))
}

/// The arrow whose label is under the pointer of `e`, if one is: a label is written over by
/// the arrows drawn after it (an SVG paints in document order), and a click on the words
/// means the arrow they name, not a line that happens to cross them.
pub fn labelled_arrow_at(e: &web_sys::MouseEvent) -> Option<(usize, web_sys::Element)> {
    let d = web_sys::window()?.document()?;
    let under = d.elements_from_point(e.client_x() as f32, e.client_y() as f32);
    under.iter().find_map(|el| {
        let el: web_sys::Element = el.dyn_into().ok()?;
        // (A label has no class; the ✕ and ⊘ marks have "x".)
        if el.tag_name() != "text" || el.get_attribute("class").is_some() {
            return None;
        }
        arrow_holding(&el)
    })
}

/// Whether the focus is on nothing (the page's body): where it falls when its node is removed.
pub fn focus_fell() -> bool {
    let Some(d) = web_sys::window().and_then(|w| w.document()) else {
        return false;
    };
    match (d.active_element(), d.body()) {
        (None, _) => true,
        (Some(a), Some(b)) => a == *b,
        (Some(_), None) => false,
    }
}

/// Whether `el` has the keyboard's focus.
fn has_focus(el: &web_sys::Element) -> bool {
    web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.active_element())
        .is_some_and(|a| a == *el)
}

/// Keeps the focus on the arrows of the diagram in `svg` (see the module's comment).
#[hook]
pub fn use_arrow_focus(svg: NodeRef) -> ArrowFocus {
    let held: Held = use_mut_ref(|| None);
    {
        let held = held.clone();
        // After every render: if the focused arrow's node left the page while it had the
        // focus, the arrow now marked as holding its SPDU takes it; and if the focus is on an
        // arrow that took it so, and a zoom in has given the SPDU first focused an arrow of
        // its own again, that one takes it back.
        use_effect(move || {
            let Some(el) = held.borrow().as_ref().map(|(_, el)| el.clone()) else {
                return;
            };
            let marked = svg
                .cast::<web_sys::Element>()
                .and_then(|s| s.query_selector("g.spdu[data-focus]").ok().flatten());
            let next = if !el.is_connected() {
                let next = marked.filter(|_| focus_fell());
                if next.is_none() {
                    *held.borrow_mut() = None;
                    return;
                }
                next
            } else if has_focus(&el) {
                marked.filter(|m| *m != el)
            } else {
                None
            };
            let Some(next) = next else { return };
            // Recorded first (and the borrow ended), so the focusin it causes is known as
            // this one and the SPDU first focused stays the one held.
            if let Some((_, el)) = held.borrow_mut().as_mut() {
                *el = next.clone();
            }
            let _ = next.unchecked_ref::<web_sys::HtmlElement>().focus();
        });
    }
    let onfocusin = {
        let held = held.clone();
        Callback::from(move |e: FocusEvent| {
            let mut held = held.borrow_mut();
            match arrow_of(&e) {
                // The focus given back: the SPDU first focused stays the one held.
                Some((_, g)) if held.as_ref().is_some_and(|(_, el)| *el == g) => {}
                found => *held = found,
            }
        })
    };
    let onfocusout = {
        let held = held.clone();
        Callback::from(move |e: FocusEvent| {
            let Some((_, g)) = arrow_of(&e) else { return };
            // The focus leaves the node before a removal takes it off the page: only once the
            // node is seen still on the page is the focus known to have moved on.
            let held = held.clone();
            wasm_bindgen_futures::spawn_local(async move {
                let mut held = held.borrow_mut();
                if g.is_connected() && held.as_ref().is_some_and(|(_, el)| *el == g) {
                    *held = None;
                }
            });
        })
    };
    let spdu = held.borrow().as_ref().map(|(i, _)| *i);
    ArrowFocus {
        spdu,
        onfocusin,
        onfocusout,
    }
}
