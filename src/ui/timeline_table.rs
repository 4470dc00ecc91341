//! The timeline as a table: one row an event (time, from, to, SPDU, serial number, note).
//! The same record the diagram is drawn from, for screen readers and for reading closely.

use yew::prelude::*;

use super::model::Msg;
use super::props::{ms, ModelProps};
use crate::sim::text::outcome_name;
use crate::sim::{Host, What};

/// Rows shown at once (a page); the pager moves through all of them.
const ROWS: usize = 400;
/// Rows shown before the inspected event's when the table opens at it.
const CONTEXT: usize = 100;

/// One row's cells: from, to, SPDU, serial number, note.
pub(super) fn cells(w: &What) -> (String, String, String, String, String) {
    let r = row(w);
    (r.from, r.to, r.spdu, r.serial, r.note)
}

/// A row's cells, each empty unless an event has something to put in it.
#[derive(Default)]
struct Row {
    from: String,
    to: String,
    spdu: String,
    serial: String,
    note: String,
}

impl Row {
    /// A row with only a note.
    fn note(note: String) -> Row {
        Row {
            note,
            ..Row::default()
        }
    }

    /// A note from host `h`.
    fn by(h: Host, note: String) -> Row {
        Row {
            from: h.name().into(),
            ..Row::note(note)
        }
    }
}

fn row(w: &What) -> Row {
    match w {
        What::Spdu {
            from,
            spdu,
            serial,
            len,
            arrives,
            ..
        } => Row {
            from: from.name().into(),
            to: from.peer().name().into(),
            spdu: spdu.clone(),
            serial: serial.map(|s| s.to_string()).unwrap_or_default(),
            note: match arrives {
                Some(t) => format!("{len} octets, arrives at {}", ms(*t)),
                None => format!("{len} octets, lost"),
            },
        },
        What::State { host, from, to } => Row::by(*host, format!("{from} → {to}")),
        What::Tokens { host, held } => Row::by(*host, format!("holds {held} token(s)")),
        What::Checkpoint {
            serial,
            offset,
            major,
        } => Row {
            serial: serial.to_string(),
            ..Row::note(format!(
                "{} sync point confirmed at byte {offset}",
                if *major { "major" } else { "minor" }
            ))
        },
        What::Break {
            cause,
            lost,
            at_risk,
            ..
        } => Row::note(format!(
            "BREAK: {cause}; {lost} SPDU(s) lost in flight{}",
            at_risk
                .map(|r| format!("; {r} octets not yet confirmed"))
                .unwrap_or_default()
        )),
        What::Resume {
            serial,
            offset,
            why,
            ..
        } => Row {
            serial: serial.to_string(),
            ..Row::note(format!(
                "RESUME from sync point {serial}, byte {offset}: {why}"
            ))
        },
        What::Restart { why, .. } => Row::note(format!("RESTART: {why}")),
        What::Reconnect { attempt, refused } => Row {
            to: Host::B.name().into(),
            ..Row::by(
                Host::A,
                format!(
                    "reconnect attempt {attempt}{}",
                    if *refused { " (refused)" } else { "" }
                ),
            )
        },
        What::Refused { host, rule } => Row::by(*host, format!("refused by the rules: {rule}")),
        What::Discarded {
            host,
            id,
            spdu,
            why,
        } => Row {
            spdu: spdu.clone(),
            ..Row::by(
                *host,
                match id {
                    Some(id) => format!("discarded on arrival (SPDU {id}): {why}"),
                    None => format!("discarded on arrival: {why}"),
                },
            )
        },
        What::App { host, text } => Row::by(*host, text.clone()),
        What::Abort { host, cause } => Row::by(*host, cause.clone()),
        What::Fault { cause } => Row::note(format!("fault: {cause}")),
        What::TransportUp { conn } => Row::note(format!("transport connection {conn} up")),
        What::TransportClosed { conn } => Row::note(format!("transport connection {conn} closed")),
        What::Outcome { outcome } => Row::note(format!("session over: {}", outcome_name(outcome))),
    }
}

/// The selected session's trace as a table.
#[function_component(TimelineTable)]
pub fn timeline_table(p: &ModelProps) -> Html {
    let world = p.model.world.borrow();
    let session = p.model.selected;
    let rows: Vec<(usize, &crate::sim::TraceEvent)> = world
        .trace()
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| Some(e.session) == session)
        .collect();
    // The row of the event in the inspector, if it is this session's.
    let inspected = p
        .model
        .inspected
        .and_then(|i| rows.iter().position(|(j, _)| *j == i));
    // The first row shown; None follows the newest rows as the run goes on. Shown with an
    // event in the inspector (one clicked on the diagram), the table opens at its row, with
    // CONTEXT rows before it (the break before a resume, say).
    let start = use_state(|| inspected.map(|r| r.saturating_sub(CONTEXT)));
    // ... and scrolls its own box (not the page) to that row, which it marks.
    let wrap = use_node_ref();
    {
        let wrap = wrap.clone();
        use_effect_with((), move |_| {
            if let Some(el) = wrap.cast::<web_sys::Element>() {
                if let Ok(Some(row)) = el.query_selector("tr.inspected") {
                    let below =
                        row.get_bounding_client_rect().top() - el.get_bounding_client_rect().top();
                    let top =
                        f64::from(el.scroll_top()) + below - f64::from(el.client_height()) / 2.0;
                    el.set_scroll_top(top.max(0.0) as i32);
                }
            }
        });
    }
    let Some(session) = session else {
        return html! { <p class="empty">{ "Select a session to see its timeline." }</p> };
    };
    let total = rows.len();
    // Paging moves by whole pages, and the last one holds what is left, so paging on never
    // shows a row twice; following the newest rows shows the last ROWS of them.
    // A start past the end (the run scrubbed back) shows the newest rows.
    let newest = total.saturating_sub(ROWS);
    let skipped = start.filter(|s| *s < total).unwrap_or(newest);
    let go = |to: Option<usize>| {
        let start = start.clone();
        Callback::from(move |_| start.set(to))
    };
    // Also for a short run opened at an inspected row, so that the rows above it are reached.
    let pager = (total > ROWS || skipped > 0).then(|| {
        html! {
            <div class="pager" role="group" aria-label="Table rows">
                <button type="button" disabled={ skipped == 0 } onclick={ go(Some(0)) }>{ "First rows" }</button>
                <button type="button" disabled={ skipped == 0 } onclick={ go(Some(skipped.saturating_sub(ROWS))) }>{ "Earlier rows" }</button>
                <span class="note">{ format!("Rows {}-{} of {total}", skipped + 1, (skipped + ROWS).min(total)) }</span>
                <button type="button" disabled={ skipped + ROWS >= total } onclick={ go(Some(skipped + ROWS)) }>{ "Later rows" }</button>
                <button type="button" disabled={ start.is_none() } onclick={ go(None) }>{ "Newest rows" }</button>
            </div>
        }
    });
    html! {
        <div class="table-wrap" ref={ wrap }>
            { pager }
            <table class="timeline-table">
                <caption>{ format!("Timeline of session {session}") }</caption>
                <thead><tr>
                    <th scope="col">{ "Time" }</th><th scope="col">{ "From" }</th><th scope="col">{ "To" }</th>
                    <th scope="col">{ "SPDU" }</th><th scope="col">{ "Serial number" }</th><th scope="col">{ "Note" }</th>
                </tr></thead>
                <tbody>
                    { for rows.into_iter().enumerate().skip(skipped).take(ROWS).map(|(r, (i, e))| {
                        let (from, to, spdu, serial, note) = cells(&e.what);
                        let inspect = p.send.reform(move |_| Msg::Inspect(i));
                        let kind = match &e.what {
                            What::Break { .. } => "break",
                            What::Resume { .. } | What::Checkpoint { .. } => "resume",
                            What::Spdu { arrives: None, .. } => "lost",
                            _ => "",
                        };
                        let on = inspected == Some(r);
                        html! {
                            <tr class={ classes!(kind, on.then_some("inspected")) }
                                aria-current={ on.then_some("true") }>
                                <td>{ ms(e.t) }</td><td>{ from }</td><td>{ to }</td>
                                <td>
                                    if spdu.is_empty() { { "" } } else {
                                        <button type="button" class="link" onclick={ inspect }>{ spdu }</button>
                                    }
                                </td>
                                <td>{ serial }</td><td>{ note }</td>
                            </tr>
                        }
                    }) }
                </tbody>
            </table>
        </div>
    }
}
