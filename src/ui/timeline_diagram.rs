//! The timeline as a sequence diagram: host A's and host B's lifelines, time running down,
//! each SPDU an arrow slanted by its transit time (click one to inspect it), lost SPDUs
//! dashed, breaks as cuts across both lifelines, confirmed sync points as bands, and resumes
//! pointing back to the checkpoint they resume from.

use yew::prelude::*;

use super::model::Msg;
use super::props::{ms, ModelProps};
use crate::sim::{Host, What};

const WIDTH: f64 = 600.0;
const XA: f64 = 110.0;
const XB: f64 = 420.0;
/// Labels closer than this (px) to the previous one on the same side are left out.
const LABEL_GAP: f64 = 11.0;
const TOP: f64 = 40.0;
/// The most data SPDU arrows drawn; control SPDUs, sync points and breaks always are.
const MAX_DATA_ARROWS: usize = 1500;

fn x(h: Host) -> f64 {
    match h {
        Host::A => XA,
        Host::B => XB,
    }
}

/// The selected session's diagram.
#[function_component(TimelineDiagram)]
pub fn timeline_diagram(p: &ModelProps) -> Html {
    let zoom = use_state(|| 1.0f64);
    let Some(session) = p.model.selected else {
        return html! { <p class="empty">{ "Select a session to see its timeline." }</p> };
    };
    let world = p.model.world.borrow();
    let events: Vec<(usize, &crate::sim::TraceEvent)> = world
        .trace()
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.session == session)
        .collect();
    let Some(first) = events.first().map(|(_, e)| e.t) else {
        return html! { <p class="empty">{ "Nothing has happened in this session yet." }</p> };
    };
    let last = events
        .iter()
        .map(|(_, e)| match &e.what {
            What::Spdu {
                arrives: Some(a), ..
            } => *a,
            _ => e.t,
        })
        .max()
        .unwrap_or(first)
        .max(world.now().min(first + 1));
    let span_ms = ((last - first) as f64 / 1000.0).max(1.0);
    // About 600 px for the whole run at zoom 1.
    let px_per_ms = 600.0 / span_ms * *zoom;
    let y = |t: u64| TOP + (t.saturating_sub(first)) as f64 / 1000.0 * px_per_ms;
    let height = y(last) + 40.0;
    let data_total = events
        .iter()
        .filter(|(_, e)| matches!(&e.what, What::Spdu { spdu, .. } if spdu == "DT"))
        .count();
    let stride = data_total.div_ceil(MAX_DATA_ARROWS).max(1);
    let mut data_seen = 0usize;
    let mut last_checkpoint_y = std::collections::BTreeMap::new();
    // The y of the last label drawn near each lifeline, to keep labels from piling up.
    let mut label_y = [f64::MIN; 2];
    let mut checkpoint_label_y = f64::MIN;
    let mut shapes: Vec<Html> = Vec::new();
    for (i, e) in &events {
        let i = *i;
        let ty = y(e.t);
        match &e.what {
            What::Spdu { from, spdu, serial, arrives, .. } => {
                if spdu == "DT" {
                    data_seen += 1;
                    if !data_seen.is_multiple_of(stride) {
                        continue;
                    }
                }
                let (x1, x2) = (x(*from), x(from.peer()));
                let end_y = arrives.map_or(ty + 12.0, y);
                let x_end = if arrives.is_some() { x2 } else { x1 + (x2 - x1) * 0.45 };
                let label = match serial {
                    Some(s) => format!("{spdu} {s}"),
                    None => spdu.clone(),
                };
                let lost = arrives.is_none();
                let side = usize::from(*from == Host::B);
                let show_label = spdu != "DT" && ty - label_y[side] >= LABEL_GAP;
                if show_label {
                    label_y[side] = ty;
                }
                // The label sits just past the sender's lifeline, where the arrow starts.
                let (lx, anchor) = if *from == Host::A { (x1 + 6.0, "start") } else { (x1 - 6.0, "end") };
                let onclick = p.send.reform(move |_| Msg::Inspect(i));
                let tip = format!("{label} from {from:?}, sent at {}{}", ms(e.t), if lost { ", lost" } else { "" });
                let selected = p.model.inspected == Some(i);
                shapes.push(html! {
                    <g class={ classes!("spdu", (spdu == "DT").then_some("data"), lost.then_some("lost"), selected.then_some("selected")) }
                        role="button" tabindex="0" aria-label={ tip.clone() } {onclick}>
                        <title>{ tip }</title>
                        <line x1={ x1.to_string() } y1={ ty.to_string() } x2={ x_end.to_string() } y2={ end_y.to_string() } />
                        if lost {
                            <text class="x" x={ x_end.to_string() } y={ (end_y + 4.0).to_string() } text-anchor="middle">{ "✕" }</text>
                        }
                        if show_label {
                            <text x={ lx.to_string() } y={ (ty - 2.0).to_string() } text-anchor={ anchor }>{ label }</text>
                        }
                    </g>
                });
            }
            What::Checkpoint { serial, offset, major } => {
                last_checkpoint_y.insert(*serial, ty);
                let labelled = ty - checkpoint_label_y >= LABEL_GAP;
                if labelled {
                    checkpoint_label_y = ty;
                }
                shapes.push(html! {
                    <g class={ classes!("checkpoint", major.then_some("major")) }>
                        <title>{ format!("sync point {serial} confirmed: byte {offset} is safe") }</title>
                        <line x1={ (XA - 30.0).to_string() } y1={ ty.to_string() } x2={ (XB + 30.0).to_string() } y2={ ty.to_string() } />
                        if labelled {
                            <text x={ (XB + 34.0).to_string() } y={ (ty + 4.0).to_string() }>{ format!("✓ {serial} @{}", offset) }</text>
                        }
                    </g>
                });
            }
            What::Break { cause, lost, .. } => {
                let zig: String = (0..=16)
                    .map(|k| {
                        let px = XA - 40.0 + k as f64 * (XB - XA + 80.0) / 16.0;
                        let py = ty + if k % 2 == 0 { -4.0 } else { 4.0 };
                        format!("{px},{py}")
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                shapes.push(html! {
                    <g class="break">
                        <polyline points={ zig } />
                        <text x={ ((XA + XB) / 2.0).to_string() } y={ (ty - 8.0).to_string() } text-anchor="middle">
                            { format!("break: {cause} ({lost} lost)") }
                        </text>
                    </g>
                });
            }
            What::Resume { serial, offset, .. } => {
                let back = last_checkpoint_y.get(serial).copied().unwrap_or(TOP);
                shapes.push(html! {
                    <g class="resume">
                        <path d={ format!("M {} {} C {} {} {} {} {} {}", XA - 6.0, ty, XA - 70.0, ty, XA - 70.0, back, XA - 30.0, back) } marker-end="url(#arrow)" />
                        <text x="4" y={ ((ty + back) / 2.0).to_string() }>{ format!("resume {serial}") }</text>
                        <text x="4" y={ ((ty + back) / 2.0 + 13.0).to_string() }>{ format!("@{offset}") }</text>
                    </g>
                });
            }
            What::Restart { .. } => shapes.push(html! {
                <text class="restart" x={ (XA + 6.0).to_string() } y={ ty.to_string() }>{ "restart from byte 0" }</text>
            }),
            _ => {}
        }
    }
    let zoom_in = {
        let zoom = zoom.clone();
        Callback::from(move |_| zoom.set((*zoom * 2.0).min(256.0)))
    };
    let zoom_out = {
        let zoom = zoom.clone();
        Callback::from(move |_| zoom.set((*zoom / 2.0).max(0.25)))
    };
    let app = world
        .views()
        .get(session as usize)
        .map(|v| v.app)
        .unwrap_or("");
    html! {
        <div class="diagram">
            <div class="zoom" role="group" aria-label="Zoom">
                <button type="button" onclick={ zoom_out }>{ "Zoom out" }</button>
                <button type="button" onclick={ zoom_in }>{ "Zoom in" }</button>
                if stride > 1 {
                    <span class="note">{ format!("1 in {stride} data SPDUs drawn") }</span>
                }
            </div>
            <div class="diagram-scroll">
                <svg role="img" aria-label={ format!("Timeline of session {session}: {app}") }
                    viewBox={ format!("0 0 {WIDTH} {height}") } width={ WIDTH.to_string() } height={ height.to_string() }>
                    <defs>
                        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                        </marker>
                    </defs>
                    <text class="host" x={ XA.to_string() } y="20" text-anchor="middle">{ "Host A (initiator)" }</text>
                    <text class="host" x={ XB.to_string() } y="20" text-anchor="middle">{ "Host B (responder)" }</text>
                    <line class="lifeline" x1={ XA.to_string() } y1={ TOP.to_string() } x2={ XA.to_string() } y2={ height.to_string() } />
                    <line class="lifeline" x1={ XB.to_string() } y1={ TOP.to_string() } x2={ XB.to_string() } y2={ height.to_string() } />
                    { for shapes }
                </svg>
            </div>
        </div>
    }
}
