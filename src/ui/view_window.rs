//! The part of the timeline in view: the diagram's zoom and the window of it the scrolling
//! box shows, kept as state so the layout draws only that part (and a margin around it).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::sim::timeline::page::{Geo, Window, FIRST_MARGIN, MARGIN};

/// What the diagram reads and the listeners that move it.
pub struct ViewWindow {
    pub zoom: f64,
    pub window: Window,
    /// The drawing's columns for the box's width: narrow on a phone.
    pub geo: Geo,
    /// On the scrolling box: redraws once the view has moved by a good part of the margin.
    pub onscroll: Callback<Event>,
    /// Zooms by the factor given, keeping the middle of the view where it is.
    pub rezoom: Callback<f64>,
}

/// What the scrolling element `el` shows when scrolled to `scroll_top` (screen px).
fn window_of(el: &web_sys::Element, scroll_top: f64, margin: f64) -> Window {
    let (w, h) = (f64::from(el.client_width()), f64::from(el.client_height()));
    Window::of(w, h, scroll_top, margin)
}

/// Right after a zoom only the part on screen is drawn; the margin around it follows once
/// that has been painted (after the next frame), unless the window moved meanwhile.
fn fill_margin(window: UseStateHandle<Window>, generation: Rc<RefCell<u64>>, w: Window) {
    if w.margin >= MARGIN {
        return;
    }
    let at = *generation.borrow();
    let full = Window {
        margin: MARGIN,
        ..w
    };
    let fill = move || {
        gloo_timers::callback::Timeout::new(0, move || {
            if *generation.borrow() == at {
                window.set(full);
            }
        })
        .forget();
    };
    let frame = wasm_bindgen::closure::Closure::once_into_js(fill);
    if let Some(w) = web_sys::window() {
        let _ = w.request_animation_frame(frame.unchecked_ref());
    }
}

/// The zoom and window of the diagram in the scrolling box `scroller`.
#[hook]
pub fn use_view_window(scroller: NodeRef) -> ViewWindow {
    let zoom = use_state(|| 1.0f64);
    let window = use_state(|| Window {
        top: 0.0,
        height: 800.0,
        margin: MARGIN,
    });
    // Bumped whenever the window is set, so a late fill-in of the margin never undoes a move.
    let generation = use_mut_ref(|| 0u64);
    {
        let (window, generation) = (window.clone(), generation.clone());
        use_effect_with(*window, move |w| fill_margin(window, generation, *w));
    }
    // The box's width decides the drawing's columns: measured once it is on the page, and
    // again whenever it is scrolled.
    let geo = use_state(|| Geo::WIDE);
    {
        let (scroller, geo) = (scroller.clone(), geo.clone());
        use_effect(move || {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                let g = Geo::for_box(f64::from(el.client_width()));
                if *geo != g {
                    geo.set(g);
                }
            }
        });
    }
    // Where to scroll to once the diagram has been drawn at a new zoom.
    let pending_scroll = use_mut_ref(|| None::<f64>);
    {
        let (scroller, pending_scroll) = (scroller.clone(), pending_scroll.clone());
        use_effect_with(*zoom, move |_| {
            let el = scroller.cast::<web_sys::Element>();
            if let (Some(el), Some(top)) = (el, pending_scroll.borrow_mut().take()) {
                el.set_scroll_top(top as i32);
            }
        });
    }
    let onscroll = {
        let (window, scroller, generation) = (window.clone(), scroller.clone(), generation.clone());
        Callback::from(move |_: Event| {
            let Some(el) = scroller.cast::<web_sys::Element>() else {
                return;
            };
            let next = window_of(&el, f64::from(el.scroll_top()), MARGIN);
            // Redraw only when the view has moved by a good part of the margin.
            if (next.top - window.top).abs() > next.height * window.margin / 2.0
                || next.height != window.height
            {
                *generation.borrow_mut() += 1;
                window.set(next);
            }
        })
    };
    let rezoom = {
        let (zoom, window) = (zoom.clone(), window.clone());
        Callback::from(move |factor: f64| {
            let next = (*zoom * factor).clamp(0.25, 256.0);
            // Keep the middle of the view where it is, and draw for where the view will be
            // (one render, not a second one when the scroll lands).
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                let (w, h) = (f64::from(el.client_width()), f64::from(el.client_height()));
                let top = Window::scroll_for_zoom(w, h, f64::from(el.scroll_top()), *zoom, next);
                *pending_scroll.borrow_mut() = Some(top);
                *generation.borrow_mut() += 1;
                window.set(window_of(&el, top, FIRST_MARGIN));
            }
            zoom.set(next);
        })
    };
    ViewWindow {
        zoom: *zoom,
        window: *window,
        geo: *geo,
        onscroll,
        rezoom,
    }
}
