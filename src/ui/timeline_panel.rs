//! The timeline area: time controls, and the selected session's exchange between host A
//! (initiator) and host B (responder), as a diagram or as a table.

use yew::prelude::*;

use crate::sim::text::grouped;
use crate::sim::{builtin, Scenario};

use super::compare_view::CompareView;
use super::hooks::use_toggle;
use super::model::{Msg, TRACE_LIMIT};
use super::progress_lane::ProgressLane;
use super::props::{ModelProps, NO_RUN};
use super::share_panel::share_panel;
use super::time_controls::time_controls;
use super::timeline_diagram::TimelineDiagram;
use super::timeline_table::TimelineTable;
use super::what_happened::what_happened;

/// The empty timeline of a page with no session yet: what to do first, with the guided
/// scenario most people come for one click away where they look first.
fn first_visit(send: &Callback<Msg>) -> Html {
    let watch = builtin("file-transfer").map(|s| {
        let onclick = send.reform(move |_| Msg::Guide(s.clone()));
        html! {
            <button type="button" class="primary" {onclick}>{ "Watch a transfer break and resume" }</button>
        }
    });
    html! {
        <div class="empty first-visit">
            <p>{ "No session yet. Start one with the form, or open a guided scenario: the \
                  first is a file transfer that loses its connection part of the way through \
                  and resumes from its last confirmed sync point, not from byte 0." }</p>
            { for watch }
        </div>
    }
}

/// The words before a scenario's description. A built-in scenario the user has since changed
/// (a session started, an action taken) keeps the description it was written with, and says
/// so: the run may no longer do what it describes.
fn watch_for(s: &Scenario) -> &'static str {
    if builtin(&s.name).is_some_and(|b| b != *s) {
        "What to watch for, as first written (this run has been changed since): "
    } else {
        "What to watch for: "
    }
}

/// The timeline of the selected session.
#[function_component(TimelinePanel)]
pub fn timeline_panel(p: &ModelProps) -> Html {
    let (as_table, toggle) = use_toggle();
    let no_run = !p.model.has_run();
    let dropped = p.model.world.borrow().trace().dropped;
    let full = (dropped > 0).then(|| {
        format!(
            "The trace is full: the page keeps the first {} events of a run and did not keep \
             {} later ones. The run, its figures and its summaries go on exactly; for the whole \
             trace, export the scenario and run it with session-sim.",
            grouped(TRACE_LIMIT as u64),
            grouped(dropped)
        )
    });
    // A comparison of sessions the run still has (a step back may have dropped the twin).
    let sessions = p.model.scenario.sessions.len() as u32;
    let compare = p
        .model
        .compare
        .filter(|(a, b)| *a < sessions && *b < sessions);
    html! {
        <section class="panel timeline" aria-labelledby="timeline-title">
            <div class="panel-head">
                <h2 id="timeline-title">{ "Timeline" }</h2>
                // With no session there is no timeline to show either way.
                <button type="button" aria-pressed={ as_table.to_string() }
                    aria-disabled={ no_run.then_some("true") } title={ no_run.then_some(NO_RUN) }
                    onclick={ (!no_run).then_some(toggle) }>
                    { "Timeline as table" }
                </button>
            </div>
            if !p.model.scenario.description.is_empty() {
                <p class="note watch"><strong>{ watch_for(&p.model.scenario) }</strong>{ p.model.scenario.description.clone() }</p>
            }
            { time_controls(p) }
            // Always drawn (hidden with no run): inserted when a run opens, it would go before
            // an empty ProgressLane whose place is the first visit's, removed in the same
            // render, and yew could not place it.
            { what_happened(&p.model, &p.send, no_run) }
            if let Some(full) = full {
                <p class="note trace-full">{ full }</p>
            }
            <ProgressLane model={ p.model.clone() } />
            if no_run {
                { first_visit(&p.send) }
            } else if *as_table {
                // Keyed by the session, so that another session's table starts afresh.
                <TimelineTable key={ p.model.selected.map_or(-1, i64::from) } model={ p.model.clone() } send={ p.send.clone() } />
            } else if let Some(pair) = compare {
                <CompareView model={ p.model.clone() } send={ p.send.clone() } {pair} />
            } else {
                <TimelineDiagram model={ p.model.clone() } send={ p.send.clone() } />
            }
            // Sharing and exporting come after the picture they share, which a learner
            // came for and should meet first.
            { share_panel(p) }
        </section>
    }
}
