//! The timeline as a sequence diagram: host A's and host B's lifelines, time running down,
//! each SPDU an arrow slanted by its transit time (click one to inspect it), lost SPDUs
//! dashed, breaks as cuts across both lifelines, confirmed sync points as lines across both,
//! sync points never confirmed as dotted ones, and resumes pointing back to the checkpoint
//! they resume from. Laid out by [`crate::sim::timeline::page`]; this component only draws
//! what it is given and keeps the view.

use yew::prelude::*;

use super::arrow_focus::use_arrow_focus;
use super::arrow_pointer::use_arrow_pointer;
use super::model::{Msg, Playground};
use super::svg_nodes::list;
use super::view_window::use_view_window;
use super::zoom_bar::ZoomBar;
use crate::sim::narration::app_title;
use crate::sim::timeline::coord;
use crate::sim::timeline::page::{self, Geo, View, HOSTS_HIGH};

/// Properties of a diagram.
#[derive(Properties, PartialEq, Clone)]
pub struct DiagramProps {
    /// The model.
    pub model: Playground,
    /// Where messages go.
    pub send: Callback<Msg>,
    /// The session to draw; by default the selected one.
    #[prop_or_default]
    pub session: Option<u32>,
    /// The span of time to draw at least, shared with the diagrams beside it (see
    /// [`View::span`]); by default the session's own.
    #[prop_or_default]
    pub span: Option<(u64, u64)>,
}

/// A session's diagram: the selected session's, or the one it is given.
#[function_component(TimelineDiagram)]
pub fn timeline_diagram(p: &DiagramProps) -> Html {
    let (scroller, readout, svg) = (use_node_ref(), use_node_ref(), use_node_ref());
    let focus = use_arrow_focus(svg.clone());
    let view = use_view_window(scroller.clone());
    let pointer = use_arrow_pointer(p.send.clone(), readout.clone(), &focus);
    let Some(session) = p.session.or(p.model.selected) else {
        return html! { <p class="empty">{ "Select a session to see its timeline." }</p> };
    };
    let world = p.model.world.borrow();
    let asked = View {
        zoom: view.zoom,
        window: view.window,
        inspected: p.model.inspected,
        focused: focus.spdu,
        now: world.now(),
        geo: view.geo,
        span: p.span,
    };
    let Some(drawing) = page::layout(world.trace(), session, &asked) else {
        return html! { <p class="empty">{ "Nothing has happened in this session yet." }</p> };
    };
    // Named by the mode it runs in now, as its session is (a conversation switched to
    // full-duplex is a full-duplex conversation).
    let app = world
        .view(session)
        .map_or(String::new(), |v| app_title(v.app, v.dialog));
    let (width, height) = (coord(view.geo.width), coord(drawing.height));
    // The stylesheet bounds how far each drawing shrinks (Geo::min_scale).
    let narrow = (view.geo == Geo::NARROW).then_some("narrow");
    html! {
        <div class="diagram">
            <ZoomBar rezoom={ view.rezoom } drawn={ drawing.drawn } spdus={ drawing.spdus } />
            // Screen readers read the arrow's name from the arrow itself.
            <p class="readout" ref={ readout } aria-hidden="true"></p>
            <div class="diagram-scroll" ref={ scroller } onscroll={ view.onscroll }>
                // The hosts' names stay in view as the diagram scrolls down (a zoomed-in run is
                // many screens long): drawn over the top of the diagram, which leaves room for
                // them, at its scale. The diagram's own name says which session it is.
                <div class="hosts" aria-hidden="true">
                    <svg class={ classes!(narrow) } viewBox={ format!("0 0 {} {}", width, coord(HOSTS_HIGH)) }
                        width={ width.clone() } height={ coord(HOSTS_HIGH) }>
                        { list(page::hosts(view.geo)) }
                    </svg>
                </div>
                <svg ref={ svg } onclick={ pointer.onclick } onkeydown={ pointer.onkeydown }
                    onmouseover={ pointer.onmouseover } onfocusin={ pointer.onfocusin }
                    onmouseout={ pointer.onmouseout } onfocusout={ pointer.onfocusout }
                    // A group, not an image: its arrows are buttons that assistive technology
                    // must reach (an image's children are hidden from it).
                    class={ classes!("timeline", narrow) } role="group" aria-roledescription="sequence diagram"
                    aria-label={ format!("Timeline of session {session}: {app}") }
                    viewBox={ format!("0 0 {} {}", width, height) } width={ width.clone() } height={ height.clone() }>
                    { list(drawing.frame) }
                    { list(drawing.lane) }
                    { list(drawing.marks) }
                    { list(drawing.arrows) }
                </svg>
            </div>
        </div>
    }
}
