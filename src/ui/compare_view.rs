//! "Compare with TCP/IP today": a session and its twin on the other stack, their diagrams
//! side by side (one above the other on a narrow screen) on one time axis, and under them
//! what each stack did for the session's functions.

use yew::prelude::*;

use super::compare_table::CompareTable;
use super::model::{Msg, Playground};
use super::timeline_diagram::TimelineDiagram;
use crate::sim::timeline::page;

/// Properties of the comparison.
#[derive(Properties, PartialEq, Clone)]
pub struct CompareProps {
    /// The model.
    pub model: Playground,
    /// Where messages go.
    pub send: Callback<Msg>,
    /// The session and its twin.
    pub pair: (u32, u32),
}

/// The two diagrams and the table.
#[function_component(CompareView)]
pub fn compare_view(p: &CompareProps) -> Html {
    let (a, b) = p.pair;
    let world = p.model.world.borrow();
    let now = world.now();
    // The union of both sessions' spans: both diagrams map a time to the same height.
    let spans = [a, b].map(|s| page::span(world.trace(), s, now));
    let span = spans
        .into_iter()
        .flatten()
        .reduce(|x, y| (x.0.min(y.0), x.1.max(y.1)));
    let column = |s: u32| {
        let stack = world.spec(s).map_or("", |spec| spec.stack.words());
        html! {
            <figure class="compare-run">
                <figcaption>{ format!("Session {s}: {stack}") }</figcaption>
                <TimelineDiagram model={ p.model.clone() } send={ p.send.clone() }
                    session={ Some(s) } {span} />
            </figure>
        }
    };
    html! {
        <section class="compare" aria-label="Both runs side by side">
            <button type="button" onclick={ p.send.reform(move |_| Msg::Select(a)) }>
                { format!("Show session {a} alone") }
            </button>
            <div class="compare-runs">
                { column(a) }
                { column(b) }
            </div>
            <CompareTable model={ p.model.clone() } pair={ p.pair } />
        </section>
    }
}
