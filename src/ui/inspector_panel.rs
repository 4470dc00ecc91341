//! The inspector: the decoded fields and octets of the SPDU selected on the timeline.

use bytes::Bytes;
use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::glossary::term;
use super::model::Msg;
use super::props::{ms, none_for_no, ModelProps};
use super::timeline_table::cells;
use crate::protocol::codec::{decode_tsdu, DecodeContext};
use crate::protocol::layout::{layout, Field};
use crate::sim::narration::user_data::{meaning, presentation};
use crate::sim::rewind::Saved;
use crate::sim::scenario::ActionKind;
use crate::sim::tcpip::fields::{fields as segment_fields, Proto};
use crate::sim::{Scenario, SessionView, Trace, What};

use super::what_if::{what_if, InFlight};

/// Gives the keyboard's focus back to where the inspector was opened from: the inspected
/// SPDU's arrow on the diagram, or its row's button in the table. Closing removes the close
/// button, and the focus would otherwise fall to the page, so the next Tab would start again
/// from its top.
fn focus_inspected() {
    let Some(d) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    for at in [
        ".diagram g.spdu.selected",
        ".timeline-table tr.inspected button",
    ] {
        if let Ok(Some(el)) = d.query_selector(at) {
            // An SVG element's focus() is the same method as an HTML element's.
            let _ = el.unchecked_into::<web_sys::HtmlElement>().focus();
            return;
        }
    }
}

/// Both machines of a session at time `t`, from the copy of the run kept before then
/// (its events taken from `now`, the trace of the run as it is), and why its connection
/// could not be broken then, if it could not.
fn machines_at(
    saved: &Saved,
    scenario: &Scenario,
    now: &Trace,
    (session, t): (u32, u64),
) -> Option<(SessionView, Option<String>)> {
    let w = saved.peek_at(scenario, t, now);
    Some((w.view(session)?, w.why_not(session, &ActionKind::Break)))
}

fn machines(v: &SessionView) -> Html {
    let row = |host: &str, i: usize| {
        let s = v.serials[i];
        html! {
            <tr>
                <th scope="row">{ host }</th>
                <td title={ state_title(&v.state[i].to_string()) }>{ v.state[i].to_string() }</td>
                <td>{ none_for_no(&v.tokens[i]) }</td>
                <td>{ format!("{} / {} / {}", s.vm, s.va, s.vr) }</td>
            </tr>
        }
    };
    html! {
        <>
        <table class="machines">
            <caption>{ "Both machines at that moment" }</caption>
            <thead><tr>
                <th scope="col">{ "Host" }</th><th scope="col">{ "State" }</th>
                <th scope="col" title="d data, m minor sync, M major sync and activity, r release">{ "Tokens held" }</th>
                <th scope="col" title="V(M): the next sync point's serial number; V(A): the lowest not yet confirmed; V(R): the lowest a resynchronize may go back to">{ "V(M) / V(A) / V(R)" }</th>
            </tr></thead>
            <tbody>{ row("A", 0) }{ row("B", 1) }</tbody>
        </table>
        <p class="terms">{ "In the glossary: " }
            { term("state", "States (STA…)") }{ " " }
            { term("serials", "V(M), V(A), V(R)") }{ " " }
            { term("tokens", "Tokens") }
        </p>
        </>
    }
}

/// A state's tooltip: what its code is ("STA02A wait for the AC SPDU").
fn state_title(state: &str) -> String {
    match state.split_once(' ') {
        Some((code, name)) => format!(
            "{code} is X.225's name for this state of the session machine (Annex A): {name}"
        ),
        None => state.to_string(),
    }
}

/// The octets in hex, each field of the layout a button that lights up its octets (and each
/// octet named by the innermost field it belongs to, on hover).
fn octets_view(
    bytes: &[u8],
    fields: &[Field],
    cut: bool,
    lit: Option<usize>,
    light: &Callback<usize>,
) -> Html {
    let range = lit.and_then(|i| fields.get(i)).map(|f| f.octets.clone());
    let name_of = |k: usize| {
        fields
            .iter()
            .filter(|f: &&Field| f.octets.contains(&k))
            .max_by_key(|f| f.depth)
            .map(|f| f.name.clone())
            .unwrap_or_default()
    };
    let cells = bytes.iter().enumerate().map(|(k, b)| {
        let on = range.as_ref().is_some_and(|r| r.contains(&k));
        html! { <span class={ classes!(on.then_some("on")) } title={ name_of(k) }>{ format!("{b:02x} ") }</span> }
    });
    let rows = fields.iter().enumerate().map(|(i, f)| {
        let pick = light.reform(move |_| i);
        let hover = light.reform(move |_| i);
        let focus = light.reform(move |_| i);
        let span = if f.octets.len() == 1 {
            format!("octet {}", f.octets.start)
        } else {
            format!(
                "octets {}-{}",
                f.octets.start,
                f.octets.end.saturating_sub(1)
            )
        };
        html! {
            <li class={ format!("depth{}", f.depth) }>
                <button type="button" aria-pressed={ (lit == Some(i)).to_string() }
                    onclick={ pick } onmouseenter={ hover } onfocus={ focus }>
                    { &f.name }<span class="where">{ format!(" ({span})") }</span>
                </button>
            </li>
        }
    });
    html! {
        <>
            <pre class="hex" aria-label="Octets in hex">{ for cells }if cut { { "…" } }</pre>
            <h3>{ "Fields" }</h3>
            <ol class="layout" aria-label="Fields: choose one to light up its octets">{ for rows }</ol>
        </>
    }
}

/// What the decoder (or, on the TCP/IP stack, the segment's protocol) makes of an SPDU's
/// octets, in a sentence.
fn decoded_text(
    spdu: &str,
    proto: Option<Proto>,
    (bytes, cut): (&[u8], bool),
    (len, header_len): (usize, usize),
) -> String {
    if let Some(proto) = proto {
        format!(
            "A TCP segment ({spdu}) carrying {}: {} octets of payload, field by field as above.",
            match proto {
                Proto::Http => "HTTP/1.1",
                Proto::Nbss => "the NetBIOS Session Service",
                Proto::OncRpc => "ONC RPC",
            },
            len
        )
    } else if cut {
        format!("{spdu}: the headers (session and presentation) and the first octets of its {} octets of application data are shown; the rest is not kept in the trace.", len - header_len)
    } else {
        // SI 42 is an AEA only to a receiver waiting for one (X.225 8.3.34), as this
        // one was if the sender wrote an AEA; otherwise it is an MAA.
        let context = DecodeContext {
            activity_end_outstanding: spdu == "AEA",
            ..DecodeContext::default()
        };
        match decode_tsdu(&Bytes::copy_from_slice(bytes), context) {
            Ok(spdus) => {
                let names: Vec<&str> = spdus.iter().map(|s| s.abbreviation()).collect();
                format!(
                    "Decoded again from these octets by the playground's decoder: {}, \
                     with the fields listed above (a check that the bytes on the wire \
                     say what the timeline says).",
                    names.join(" then ")
                )
            }
            Err(e) => format!("does not decode: {e}"),
        }
    }
}

/// An event that is not an SPDU, as the table has it.
fn event_view(t: u64, other: &What) -> Html {
    // Not an SPDU: the event as the table has it.
    let (from, to, _, serial, note) = cells(other);
    let host = match (from.is_empty(), to.is_empty()) {
        (true, _) => None,
        (false, true) => Some(format!("host {from}")),
        (false, false) => Some(format!("host {from} to host {to}")),
    };
    html! {
        <dl class="fields">
            <dt>{ "Event" }</dt><dd>{ note }</dd>
            <dt>{ "At" }</dt><dd>{ ms(t) }</dd>
            if let Some(host) = host {
                <dt>{ "Where" }</dt><dd>{ host }</dd>
            }
            if !serial.is_empty() {
                <dt>{ "Serial number" }</dt><dd>{ serial }</dd>
            }
        </dl>
    }
}

/// For an AR (or its resume), the reason the world gave for resuming there.
fn resume_why(trace: &crate::sim::Trace, e: &crate::sim::TraceEvent) -> Option<String> {
    match &e.what {
        What::Spdu { spdu, .. } if spdu == "AR" => {
            trace.events.iter().find_map(|r| match &r.what {
                What::Resume { why, .. } if r.session == e.session && r.t == e.t => {
                    Some(why.clone())
                }
                _ => None,
            })
        }
        What::Resume { why, .. } => Some(why.clone()),
        _ => None,
    }
}

/// What the inspector shows for trace event `i`, `e`: itself, or for a resume its AR (with
/// its index in the trace).
fn shown_for<'a>(
    trace: &'a crate::sim::Trace,
    i: usize,
    e: &'a crate::sim::TraceEvent,
) -> (usize, &'a crate::sim::TraceEvent) {
    match &e.what {
        What::Resume { .. } => trace
            .events
            .iter()
            .enumerate()
            .find(|(_, r)| {
                r.session == e.session
                    && r.t == e.t
                    && matches!(&r.what, What::Spdu { spdu, .. } if spdu == "AR")
            })
            .unwrap_or((i, e)),
        _ => (i, e),
    }
}

/// The panel's node, brought into view when a new SPDU is inspected and none of the panel is
/// in view: on a narrow screen the panel is far below the timeline, and a click on an arrow
/// there would seem to do nothing (on a wide screen it is beside the timeline, and nothing
/// moves).
#[hook]
fn use_into_view_on(inspected: Option<usize>) -> NodeRef {
    let panel = use_node_ref();
    {
        let panel = panel.clone();
        use_effect_with(inspected, move |inspected| {
            let el = panel.cast::<web_sys::Element>();
            let height = web_sys::window()
                .and_then(|w| w.inner_height().ok())
                .and_then(|h| h.as_f64());
            if let (Some(_), Some(el), Some(height)) = (inspected, el, height) {
                let r = el.get_bounding_client_rect();
                if r.top() >= height || r.bottom() <= 0.0 {
                    el.scroll_into_view();
                }
            }
        });
    }
    panel
}

/// Shows the SPDU selected on the timeline.
#[function_component(InspectorPanel)]
pub fn inspector_panel(p: &ModelProps) -> Html {
    // The field whose octets are lit, for the SPDU it was chosen on.
    let lit = use_state(|| None::<(usize, usize)>);
    let light = {
        let lit = lit.clone();
        let inspected = p.model.inspected;
        Callback::from(move |field: usize| {
            if let Some(i) = inspected {
                lit.set(Some((i, field)));
            }
        })
    };
    let panel = use_into_view_on(p.model.inspected);
    let lit_field = (*lit)
        .filter(|(i, _)| Some(*i) == p.model.inspected)
        .map(|(_, f)| f);
    let at = {
        let world = p.model.world.borrow();
        p.model
            .inspected
            .and_then(|i| world.trace().events.get(i))
            .map(|e| (e.session, e.t))
    };
    let (saved, world) = (p.model.saved.clone(), p.model.world.clone());
    let snapshot = use_memo((p.model.scenario.clone(), at), move |(scenario, at)| {
        let now = world.borrow();
        at.and_then(|at| machines_at(&saved.borrow(), scenario, now.trace(), at))
    });
    let world = p.model.world.borrow();
    let event = p.model.inspected.and_then(|i| world.trace().events.get(i));
    // For an AR, the reason the world gave for resuming there.
    let why = event.and_then(|e| resume_why(world.trace(), e));
    // A resume stands for its AR: show the SPDU's fields and octets.
    // (With its index in the trace.)
    let shown = p
        .model
        .inspected
        .zip(event)
        .map(|(i, e)| shown_for(world.trace(), i, e));
    // An SPDU can be broken off in flight ("What if", last: after what the run did with it).
    let in_flight = shown.and_then(|(i, e)| match &e.what {
        What::Spdu { arrives, .. } => Some(InFlight {
            event: i,
            sent: e.t,
            arrives: *arrives,
            why_not_then: snapshot.as_ref().as_ref().and_then(|(_, w)| w.as_deref()),
        }),
        _ => None,
    });
    let body = match shown.map(|(_, e)| (e.t, &e.what)) {
        Some((
            t,
            What::Spdu {
                spdu,
                from,
                serial,
                len,
                header_len,
                octets,
                arrives,
                ..
            },
        )) => {
            let (bytes, cut) = (&octets.bytes, octets.cut);
            // What the application's user data in it means, where the playground knows.
            let app = shown
                .and_then(|(_, e)| world.app_name(e.session))
                .unwrap_or_default();
            let said = shown.and_then(|(_, e)| meaning(app, &e.what));
            // The layers in turn: the presentation PDU, then the application's octets in it.
            let ppdu = shown.and_then(|(_, e)| presentation(&e.what));
            // On the TCP/IP stack a segment's payload is its application's protocol.
            let proto = world
                .spec(shown.map_or(0, |(_, e)| e.session))
                .filter(|s| s.stack == crate::sim::tcpip::Stack::Tcpip)
                .map(|s| Proto::of(&s.app));
            let fields = match proto {
                Some(proto) => segment_fields(proto, bytes, *header_len),
                None => layout(bytes),
            };
            let decoded = decoded_text(spdu, proto, (bytes, cut), (*len, *header_len));
            html! {
                <>
                    <dl class="fields">
                        <dt>{ "SPDU" }</dt><dd>{ spdu.clone() }</dd>
                        <dt>{ "From" }</dt><dd>{ format!("host {} to host {}", from.name(), from.peer().name()) }</dd>
                        <dt>{ "Sent" }</dt><dd>{ ms(t) }</dd>
                        <dt>{ "Arrives" }</dt><dd>{ arrives.map(ms).unwrap_or_else(|| "lost in a break".into()) }</dd>
                        <dt>{ "Serial number" }</dt><dd>{ serial.map(|s| s.to_string()).unwrap_or_else(|| "none".into()) }</dd>
                        <dt>{ "Length" }</dt><dd>{ format!("{len} octets ({header_len} of {} protocol)", if proto.is_some() { "application" } else { "session and presentation" }) }</dd>
                    </dl>
                    <h3>{ "Octets" }</h3>
                    if let Some(ppdu) = ppdu {
                        <p class="ppdu"><strong>{ "Presentation: " }</strong>{ ppdu }</p>
                    }
                    if let Some(said) = said {
                        <p class="user-data"><strong>{ "User data: " }</strong>{ said }</p>
                    }
                    { octets_view(bytes, &fields, cut, lit_field, &light) }
                    <h3>{ "Decoded" }</h3>
                    <p class="decoded">{ decoded }{ " " }{ term("decoded", "About decoding") }</p>
                </>
            }
        }
        Some((t, other)) => event_view(t, other),
        None => {
            html! { <p class="empty">{ "Select an SPDU on the timeline to see its fields and octets." }</p> }
        }
    };
    html! {
        <section class={ classes!("panel", "inspector", p.model.inspected.is_some().then_some("open")) }
            aria-labelledby="inspector-title" ref={ panel }>
            <div class="panel-head">
                <h2 id="inspector-title">{ "Inspector" }</h2>
                // On a phone the inspector opens over the bottom of the page, so the diagram
                // stays in view; this closes it (and empties it on a wide screen).
                if p.model.inspected.is_some() {
                    <button type="button" class="close" onclick={ p.send.reform(|_| { focus_inspected(); Msg::CloseInspector }) }>{ "Close inspector" }</button>
                }
            </div>
            { body }
            if let Some(why) = why {
                <h3>{ "Why did it resume here?" }</h3>
                <p class="why">{ why }</p>
            }
            if let Some((v, _)) = snapshot.as_ref() {
                { machines(v) }
            }
            if let Some(f) = in_flight {
                { what_if(&f, &p.send) }
            }
        </section>
    }
}
