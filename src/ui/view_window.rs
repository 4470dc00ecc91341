//! The part of the timeline in view: the diagram's zoom and the window of it the scrolling
//! box shows, kept as state so the layout draws only that part (and a margin around it).

use std::cell::RefCell;
use std::rc::Rc;

use wasm_bindgen::closure::Closure;
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

/// The scrolling box's width, watched: the drawing's columns follow it (narrow on a phone).
/// A ResizeObserver tells when the width changes (and once when it starts), so nothing reads
/// the layout after every render, which would force one on each frame of a live run.
struct WidthWatch {
    el: web_sys::Element,
    observer: web_sys::ResizeObserver,
    _on_resize: Closure<dyn FnMut(js_sys::Array)>,
}

impl WidthWatch {
    fn start(el: web_sys::Element, geo: UseStateHandle<Geo>) -> Option<WidthWatch> {
        let measured = el.clone();
        // The observer calls back after layout, so the width read here forces none.
        let on_resize = Closure::<dyn FnMut(js_sys::Array)>::new(move |_| {
            geo.set(Geo::for_box(f64::from(measured.client_width())));
        });
        let observer = web_sys::ResizeObserver::new(on_resize.as_ref().unchecked_ref()).ok()?;
        observer.observe(&el);
        Some(WidthWatch {
            el,
            observer,
            _on_resize: on_resize,
        })
    }
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
    // The box's width decides the drawing's columns: watched by a ResizeObserver on the box
    // (see `WidthWatch`), attached whenever the box is a new element.
    let geo = use_state_eq(|| Geo::WIDE);
    let watch = use_mut_ref(|| None::<WidthWatch>);
    {
        let (scroller, geo, watch) = (scroller.clone(), geo.clone(), watch.clone());
        use_effect(move || {
            let el = scroller.cast::<web_sys::Element>();
            let mut held = watch.borrow_mut();
            if el.as_ref() != held.as_ref().map(|w| &w.el) {
                if let Some(old) = held.take() {
                    old.observer.disconnect();
                }
                *held = el.and_then(|el| WidthWatch::start(el, geo));
            }
        });
    }
    use_effect_with((), move |_| {
        move || {
            if let Some(w) = watch.borrow_mut().take() {
                w.observer.disconnect();
            }
        }
    });
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
