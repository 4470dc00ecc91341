//! The timeline as a sequence diagram: host A's and host B's lifelines, time running down,
//! each SPDU an arrow slanted by its transit time (click one to inspect it), lost SPDUs
//! dashed, breaks as cuts across both lifelines, confirmed sync points as lines across both,
//! sync points never confirmed as dotted ones, and resumes pointing back to the checkpoint
//! they resume from.

use crate::protocol::sorted::{SortedMap, SortedSet};

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::arrow_focus::{arrow_of, labelled_arrow_at, use_arrow_focus};
use super::model::Msg;
use super::props::{ms, ModelProps};
use super::token_lane::token_lane;
use crate::sim::svg::coord;
use crate::sim::{Host, What};

const WIDTH: f64 = 600.0;
const XA: f64 = 110.0;
const XB: f64 = 420.0;
/// Labels closer than this (px) to the previous one on the same side are left out.
const LABEL_GAP: f64 = 11.0;
const TOP: f64 = 40.0;
/// The height (px) of the hosts' names over the diagram's top, within [`TOP`].
const HOSTS_HIGH: f64 = 28.0;
/// SPDUs from one side sent within this many px of each other are drawn as one arrow (its
/// label says how many), as are sync points; zooming in separates them. With the drawing
/// limited to the visible part, the number of shapes depends on the view, not on the run.
const BUCKET: f64 = 6.0;
/// Where a run is denser than that, the arrows of one side in the part drawn (the view and
/// its margins) are at most about this many: the buckets grow by whole multiples of
/// [`BUCKET`], by the density of the whole run at this zoom (not of the part in view, so
/// scrolling never regroups them).
/// A run of 10,000 SPDUs then costs about what one of 100 does to draw; zooming in shows
/// each SPDU once few enough of them fall in the part drawn.
///
/// The slices are of time, from the session's first event, each a power of two microseconds
/// long (the shortest at least as high as the grouping asks): zooming in cuts every slice into
/// a power of two of pieces (perhaps one), so the first SPDU of each arrow still begins one and
/// keeps its nodes (an arrow is keyed by its first SPDU), and as a live run grows the slices
/// change only when their length doubles, not with every frame.
const MOST_ARROWS: f64 = 32.0;
/// As [`MOST_ARROWS`], for the confirmed sync points drawn (major ones are always drawn).
const MOST_CHECKPOINTS: f64 = 12.0;

/// The height (px) of the slices that group `base`-high ones so that of `slices` of them in
/// the whole run, the `share` of the run drawn holds at most about `most`.
fn grouping(slices: usize, share: f64, base: f64, most: f64) -> f64 {
    base * (slices as f64 * share / most).ceil().max(1.0)
}
/// The length (µs) of the slices of time that arrows group SPDUs by: the power of two
/// microseconds at least `px` high at `px_per_ms` (see [`MOST_ARROWS`]).
fn slice_us(px: f64, px_per_ms: f64) -> u64 {
    let us = (px / px_per_ms * 1000.0).ceil();
    // A NaN or an overflow (no drawing gets near) takes the longest slice.
    if us.is_finite() && us < (1u64 << 62) as f64 {
        (us as u64).max(1).next_power_of_two()
    } else {
        1 << 62
    }
}

/// How far above and below the visible part shapes are still drawn, in views. Right after a
/// zoom only [`FIRST_MARGIN`] is: the part on screen is drawn first, the rest after that frame.
const MARGIN: f64 = 0.5;

/// How much an SPDU tells about the session, for naming a group of them: a resume or
/// resynchronization (X.225 7.17, 7.14) most, then the connection's start and end, then any
/// other control SPDU, and data not at all. A group is named by the first of its most telling.
fn telling(spdu: &str) -> u8 {
    match spdu {
        "DT" => 0,
        "AR" | "RS" | "RA" => 3,
        "CN" | "AC" | "RF" | "FN" | "DN" | "AB" => 2,
        _ => 1,
    }
}

fn x(h: Host) -> f64 {
    match h {
        Host::A => XA,
        Host::B => XB,
    }
}

/// One arrow: an SPDU, or several from the same side sent too close together to tell apart.
struct Arrow {
    first: usize,
    from: Host,
    ty: f64,
    end_y: f64,
    /// The control SPDU it is named by on the diagram (the first of its most telling), if any;
    /// an arrow without one carries only DT.
    control: Option<String>,
    /// Its trace index: a click on the arrow inspects the SPDU it is named by.
    named: Option<usize>,
    /// How much the SPDU it is named by tells (see [`telling`]).
    telling: u8,
    lost: bool,
    count: usize,
    lost_count: usize,
    /// Of them, those the receiver discarded on arrival (X.225 7.14, 7.18, 7.19).
    discarded_count: usize,
    selected: bool,
    /// It holds the SPDU whose arrow has the keyboard's focus (see [`use_arrow_focus`]).
    focused: bool,
    data: bool,
    t: u64,
    t_last: u64,
}

/// Which arrows are labelled, at most one label a [`LABEL_GAP`]-high slice beside each
/// lifeline: first the arrows named by a control SPDU, each clear of the one before; then
/// those of data alone, where they are clear of every label on their side, so a run of DT
/// is labelled where there is room and never hides a control SPDU's name.
fn label_plan(arrows: &[Arrow]) -> Vec<bool> {
    let side = |a: &Arrow| usize::from(a.from == Host::B);
    let mut shown = vec![false; arrows.len()];
    // The y of each label kept beside each lifeline, in order (arrows are in the order sent).
    let mut kept: [Vec<f64>; 2] = Default::default();
    for (k, a) in arrows.iter().enumerate() {
        let ys = &mut kept[side(a)];
        if a.control.is_some() && ys.last().is_none_or(|y| a.ty - y >= LABEL_GAP) {
            shown[k] = true;
            ys.push(a.ty);
        }
    }
    let mut last_data = [f64::MIN; 2];
    for (k, a) in arrows.iter().enumerate() {
        let (ys, last) = (&kept[side(a)], &mut last_data[side(a)]);
        let next = ys.partition_point(|y| *y < a.ty);
        let clear = ys.get(next).is_none_or(|y| y - a.ty >= LABEL_GAP)
            && (next == 0 || a.ty - ys[next - 1] >= LABEL_GAP);
        if a.control.is_none() && clear && a.ty - *last >= LABEL_GAP {
            shown[k] = true;
            *last = a.ty;
        }
    }
    shown
}

/// The least the drawing is shrunk to on a narrow screen (the stylesheet's `min-width` of
/// the diagram's svg, 510 of its 600 px): its labels stay readable.
const MIN_SCALE: f64 = 0.85;

/// The part of the diagram on screen, in px from its top, and how much more above and below
/// it is drawn (in views).
#[derive(Clone, Copy, PartialEq)]
struct Window {
    top: f64,
    height: f64,
    margin: f64,
}

/// The margin drawn right after a zoom, before the rest is drawn: the part on screen first.
const FIRST_MARGIN: f64 = 0.05;

impl Window {
    /// What the scrolling element `el` shows when scrolled to `scroll_top` (screen px).
    fn of(el: &web_sys::Element, scroll_top: f64, margin: f64) -> Window {
        // The drawing shrinks to fit a narrow screen (a px on screen is more of it), but not
        // below MIN_SCALE: then it scrolls sideways.
        let scale = (f64::from(el.client_width()) / WIDTH).clamp(MIN_SCALE, 1.0);
        Window {
            top: scroll_top / scale,
            height: (f64::from(el.client_height()) / scale).max(100.0),
            margin,
        }
    }

    fn shows(&self, y1: f64, y2: f64) -> bool {
        let (lo, hi) = (y1.min(y2), y1.max(y2));
        hi >= self.top - self.margin * self.height
            && lo <= self.top + (1.0 + self.margin) * self.height
    }
}

/// A sync point proposed (MIP or MAP sent) and never confirmed: the transfer cannot resume
/// from it (X.225 7.10: only a confirmed point is safe).
/// Its label is left out where `labelled` is false (another is too close).
fn unconfirmed(key: usize, serial: u32, ty: f64, labelled: bool) -> Html {
    html! {
        <g {key} class="checkpoint proposed">
            <title>{ format!("sync point {serial} proposed, never confirmed: not safe to resume from") }</title>
            <line x1={ coord(XA - 30.0) } y1={ coord(ty) } x2={ coord(XB + 30.0) } y2={ coord(ty) } />
            if labelled {
                <text x={ coord(XB + 34.0) } y={ coord(ty + 4.0) }>{ format!("? {serial} unconfirmed") }</text>
            }
        </g>
    }
}

/// The selected session's diagram.
#[function_component(TimelineDiagram)]
pub fn timeline_diagram(p: &ModelProps) -> Html {
    let zoom = use_state(|| 1.0f64);
    let scroller = use_node_ref();
    let readout = use_node_ref();
    let svg = use_node_ref();
    let focus = use_arrow_focus(svg.clone());
    let window = use_state(|| Window {
        top: 0.0,
        height: 800.0,
        margin: MARGIN,
    });
    // Bumped whenever the window is set, so a late fill-in of the margin never undoes a move.
    let generation = use_mut_ref(|| 0u64);
    {
        // Right after a zoom only the part on screen is drawn; the margin around it follows
        // once that has been painted (after the next frame).
        let window = window.clone();
        let generation = generation.clone();
        use_effect_with(*window, move |w| {
            if w.margin < MARGIN {
                let at = *generation.borrow();
                let full = Window {
                    margin: MARGIN,
                    ..*w
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
        });
    }
    // Where to scroll to once the diagram has been drawn at a new zoom.
    let pending_scroll = use_mut_ref(|| None::<f64>);
    {
        let scroller = scroller.clone();
        let pending_scroll = pending_scroll.clone();
        use_effect_with(*zoom, move |_| {
            if let (Some(el), Some(top)) = (
                scroller.cast::<web_sys::Element>(),
                pending_scroll.borrow_mut().take(),
            ) {
                el.set_scroll_top(top as i32);
            }
        });
    }
    let onscroll = {
        let window = window.clone();
        let scroller = scroller.clone();
        let generation = generation.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                let next = Window::of(&el, f64::from(el.scroll_top()), MARGIN);
                // Redraw only when the view has moved by a good part of the margin.
                if (next.top - window.top).abs() > next.height * window.margin / 2.0
                    || next.height != window.height
                {
                    *generation.borrow_mut() += 1;
                    window.set(next);
                }
            }
        })
    };
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
    let view = *window;
    let mut arrows: Vec<Arrow> = Vec::new();
    // The arrow each side is adding SPDUs to, by bucket.
    let mut open: [Option<(i64, usize)>; 2] = [None, None];
    let mut spdus = 0usize;
    let mut last_checkpoint_y = SortedMap::new();
    let mut checkpoint_bucket = i64::MIN;
    let mut shapes: Vec<Html> = Vec::new();
    // Sync points confirmed on each connection (numbered by the breaks before it): the
    // others are drawn as proposed and never confirmed.
    let mut confirmed = SortedSet::default();
    // SPDUs that arrived and their receiver discarded.
    let mut discarded = SortedSet::default();
    // The sync points a resume goes back to: always drawn, so its arrow points at one.
    let mut resumed_from = SortedSet::default();
    let mut epoch = 0u32;
    // Every confirmed sync point: its y, serial number and whether it is major.
    let mut checkpoints: Vec<(f64, u32, bool)> = Vec::new();
    // Of each side, the number of BUCKET-high slices of the run it sends SPDUs in.
    let mut occupied = [0usize; 2];
    let mut last_slice = [i64::MIN; 2];
    // And the number of LABEL_GAP-high slices with a confirmed sync point.
    let (mut checkpoint_slices, mut last_checkpoint_slice) = (0usize, i64::MIN);
    for (_, e) in &events {
        match &e.what {
            What::Spdu { from, .. } => {
                let side = usize::from(*from == Host::B);
                let slice = ((y(e.t) - TOP) / BUCKET).floor() as i64;
                if slice != last_slice[side] {
                    last_slice[side] = slice;
                    occupied[side] += 1;
                }
            }
            What::Break { .. } => epoch += 1,
            What::Discarded { id: Some(id), .. } => {
                discarded.insert(*id);
            }
            What::Resume { serial, .. } => {
                resumed_from.insert(*serial);
            }
            What::Checkpoint { serial, major, .. } => {
                confirmed.insert((epoch, *serial));
                checkpoints.push((y(e.t), *serial, *major));
                let slice = (y(e.t) / LABEL_GAP) as i64;
                if slice != last_checkpoint_slice {
                    last_checkpoint_slice = slice;
                    checkpoint_slices += 1;
                }
            }
            _ => {}
        }
    }
    epoch = 0;
    // The y of each sync point drawn whatever else is near (a major one, or one a resume goes
    // back to), in order: a proposed point's label gives way to theirs.
    let kept_y: Vec<f64> = checkpoints
        .iter()
        .filter(|(y, serial, major)| {
            (*major || resumed_from.contains(serial)) && view.shows(*y, *y)
        })
        .map(|(y, ..)| *y)
        .collect();
    let near_kept = |ty: f64| {
        let k = kept_y.partition_point(|y| *y < ty - LABEL_GAP);
        kept_y.get(k).is_some_and(|y| *y < ty + LABEL_GAP)
    };
    // The share of the run in the part drawn, and so the buckets that keep the busier side's
    // arrows there within MOST_ARROWS and the sync points within MOST_CHECKPOINTS.
    let share = ((1.0 + 2.0 * MARGIN) * view.height / (height - TOP).max(1.0)).min(1.0);
    let bucket_px = grouping(occupied[0].max(occupied[1]), share, BUCKET, MOST_ARROWS);
    let bucket_us = slice_us(bucket_px, px_per_ms);
    let checkpoint_px = grouping(checkpoint_slices, share, LABEL_GAP, MOST_CHECKPOINTS);
    // The y of the last label drawn in the margin right of B's lifeline (sync points, both
    // confirmed and proposed), to keep them from being written over one another.
    let mut margin_y = f64::MIN;
    // The y of the last refused reconnect's label.
    let mut refused_y = f64::MIN;
    let mut proposed_bucket = i64::MIN;
    for (i, e) in &events {
        let i = *i;
        let ty = y(e.t);
        match &e.what {
            What::Spdu {
                id,
                from,
                spdu,
                serial,
                arrives,
                ..
            } => {
                spdus += 1;
                let thrown = usize::from(discarded.contains(id));
                let end_y = arrives.map_or(ty + 12.0, y);
                if !view.shows(ty, end_y) {
                    continue;
                }
                if let (Some(sn), "MIP" | "MAP") = (serial, spdu.as_str()) {
                    // At most one a LABEL_GAP-high slice of the run, and labelled where no
                    // other label is too close.
                    let bucket = (ty / LABEL_GAP) as i64;
                    if !confirmed.contains(&(epoch, *sn)) && bucket != proposed_bucket {
                        proposed_bucket = bucket;
                        let labelled = ty - margin_y >= LABEL_GAP && !near_kept(ty);
                        if labelled {
                            margin_y = ty;
                        }
                        shapes.push(unconfirmed(i, *sn, ty, labelled));
                    }
                }
                let side = usize::from(*from == Host::B);
                let bucket = (e.t.saturating_sub(first) / bucket_us) as i64;
                let lost = arrives.is_none();
                let selected = p.model.inspected == Some(i);
                let focused = focus.spdu == Some(i);
                // Written only when drawn: most SPDUs of a long run join an arrow unnamed.
                let label = || match serial {
                    Some(s) => format!("{spdu} {s}"),
                    None => spdu.clone(),
                };
                if let Some((b, k)) = open[side] {
                    if b == bucket {
                        let a = &mut arrows[k];
                        if telling(spdu) > a.telling {
                            a.control = Some(label());
                            a.named = Some(i);
                            a.telling = telling(spdu);
                        }
                        a.count += 1;
                        a.lost_count += usize::from(lost);
                        a.discarded_count += thrown;
                        a.selected |= selected;
                        a.focused |= focused;
                        a.data &= spdu == "DT";
                        a.t_last = e.t;
                        continue;
                    }
                }
                open[side] = Some((bucket, arrows.len()));
                arrows.push(Arrow {
                    first: i,
                    from: *from,
                    ty,
                    end_y,
                    control: (spdu != "DT").then(label),
                    named: (spdu != "DT").then_some(i),
                    telling: telling(spdu),
                    lost,
                    count: 1,
                    lost_count: usize::from(lost),
                    discarded_count: thrown,
                    selected,
                    focused,
                    data: spdu == "DT",
                    t: e.t,
                    t_last: e.t,
                });
            }
            What::Checkpoint {
                serial,
                offset,
                major,
            } => {
                last_checkpoint_y.insert(*serial, ty);
                let bucket = (ty / checkpoint_px) as i64;
                let kept = *major || resumed_from.contains(serial);
                if !view.shows(ty, ty) || (bucket == checkpoint_bucket && !kept) {
                    continue;
                }
                checkpoint_bucket = bucket;
                // A sync point too close to the label before it, or to one that must be drawn
                // (a major one, or one resumed from), is drawn without its own label (its
                // title still says it).
                let labelled = ty - margin_y >= LABEL_GAP && (kept || !near_kept(ty));
                if labelled {
                    margin_y = ty;
                }
                shapes.push(html! {
                    <g key={ i } class={ classes!("checkpoint", major.then_some("major")) }>
                        <title>{ format!("sync point {serial} confirmed: byte {offset} is safe") }</title>
                        <line x1={ coord(XA - 30.0) } y1={ coord(ty) } x2={ coord(XB + 30.0) } y2={ coord(ty) } />
                        if labelled {
                            <text x={ coord(XB + 34.0) } y={ coord(ty + 4.0) }>{ format!("✓ {serial} @{}", offset) }</text>
                        }
                    </g>
                });
            }
            What::Break { .. } if !view.shows(ty, ty) => epoch += 1,
            What::Break { cause, lost, .. } => {
                epoch += 1;
                // From the sync points' lines' left end to their right end, clear of their
                // labels.
                let zig: String = (0..=16)
                    .map(|k| {
                        let px = XA - 30.0 + k as f64 * (XB - XA + 60.0) / 16.0;
                        let py = ty + if k % 2 == 0 { -4.0 } else { 4.0 };
                        format!("{},{}", coord(px), coord(py))
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                // The label is short, so that it stays clear of the arrows' labels beside
                // both lifelines (a cause can be long: "the user broke the transport
                // connection"); the cause is in its title and the table. It says "SPDUs",
                // as a sync point's serial number beside it would be read otherwise.
                shapes.push(html! {
                    <g key={ i } class="break">
                        <title>{ format!("break: {cause}; {lost} SPDUs lost in flight") }</title>
                        <polyline points={ zig } />
                        <text x={ coord((XA + XB) / 2.0) } y={ coord(ty - 8.0) } text-anchor="middle">
                            { format!("break: {lost} SPDUs lost") }
                        </text>
                    </g>
                });
            }
            What::Resume { serial, offset, .. } => {
                let back = last_checkpoint_y.get(serial).copied().unwrap_or(TOP);
                if !view.shows(ty, back) {
                    continue;
                }
                shapes.push(html! {
                    <g key={ i } class="resume">
                        <path d={ format!("M {} {} C {} {} {} {} {} {}", coord(XA - 6.0), coord(ty), coord(XA - 70.0), coord(ty), coord(XA - 70.0), coord(back), coord(XA - 30.0), coord(back)) } marker-end="url(#arrow)" />
                        <text x="4" y={ coord((ty + back) / 2.0) }>{ format!("resume {serial}") }</text>
                        <text x="4" y={ coord((ty + back) / 2.0 + 13.0) }>{ format!("@{offset}") }</text>
                    </g>
                });
            }
            // Left of A's lifeline, as a resume's label is: right of it are the labels of the
            // arrows A sends then (AS first).
            What::Restart { .. } if view.shows(ty, ty) => shapes.push(html! {
                <text key={ i } class="restart" x="4" y={ coord(ty) }>
                    <tspan x="4">{ "restart" }</tspan>
                    <tspan x="4" dy="13">{ "from byte 0" }</tspan>
                </text>
            }),
            // A reconnect the transport refused sends no CN: a stub from A's lifeline that
            // goes nowhere, in the gap between the break and the CN that gets through.
            // Its label is left out where the one before is too close (it is in the title).
            What::Reconnect {
                attempt,
                refused: true,
            } if view.shows(ty, ty) => {
                let labelled = ty - refused_y >= LABEL_GAP;
                if labelled {
                    refused_y = ty;
                }
                shapes.push(html! {
                    <g key={ i } class="refused">
                        <title>{ format!("reconnect attempt {attempt}: the transport refused the connection (T-DISCONNECT before T-CONNECT confirm), so no CN was sent") }</title>
                        <line x1={ coord(XA) } y1={ coord(ty) } x2={ coord(XA + 40.0) } y2={ coord(ty) } />
                        <text class="x" x={ coord(XA + 40.0) } y={ coord(ty + 4.0) } text-anchor="middle">{ "✕" }</text>
                        if labelled {
                            <text x={ coord(XA + 50.0) } y={ coord(ty + 4.0) }>{ format!("reconnect {attempt} refused") }</text>
                        }
                    </g>
                });
            }
            _ => {}
        }
    }
    let lane = token_lane(&events, x, y, |a, b| view.shows(a, b), last, TOP);
    let drawn = arrows.len();
    let labelled = label_plan(&arrows);
    let arrow_shapes = arrows.into_iter().zip(labelled).map(|(a, show_label)| {
        let (x1, x2) = (x(a.from), x(a.from.peer()));
        let x_end = if a.lost { x1 + (x2 - x1) * 0.45 } else { x2 };
        // A group is named by the first of its most telling SPDUs, one of data alone by DT.
        let name = a.control.as_deref().unwrap_or("DT");
        let label = match a.count {
            1 => name.to_string(),
            n => format!("{name} +{}", n - 1),
        };
        // A group is named as its label is: "AR 17 and 5 more".
        let many = format!("{name} and {} more", a.count - 1);
        let fate = match (a.lost_count, a.discarded_count) {
            (0, 0) => String::new(),
            (l, 0) => format!(", {l} lost"),
            (0, d) => format!(", {d} discarded by the receiver"),
            (l, d) => format!(", {l} lost, {d} discarded by the receiver"),
        };
        let tip = if a.count > 1 && a.t == a.t_last {
            format!(
                "{} SPDUs from {} sent at the same moment, {}{}; the table lists each",
                many,
                a.from.name(),
                ms(a.t),
                fate
            )
        } else if a.count > 1 {
            format!(
                "{} SPDUs from {} sent between {} and {}{}; zoom in to see each",
                many,
                a.from.name(),
                ms(a.t),
                ms(a.t_last),
                fate
            )
        } else {
            let fate = if a.lost { ", lost" } else if a.discarded_count > 0 { ", discarded by the receiver" } else { "" };
            format!("{} from {}, sent at {}{}", name, a.from.name(), ms(a.t), fate)
        };
        // The label sits just past the sender's lifeline, where the arrow starts.
        let (lx, anchor) = if a.from == Host::A { (x1 + 6.0, "start") } else { (x1 - 6.0, "end") };
        let first = a.first;
        // Where the SPDU it is named by is not its first (a group starting with DT).
        let named = a.named.filter(|n| *n != first).map(|n| n.to_string());
        html! {
            <g key={ first } class={ classes!("spdu", a.data.then_some("data"), (a.count > 1).then_some("many"), a.lost.then_some("lost"), (a.discarded_count > 0).then_some("discarded"), a.selected.then_some("selected")) }
                role="button" tabindex="0" data-first={ first.to_string() } data-named={ named } data-focus={ a.focused.then_some("") } aria-label={ tip }>
                <line x1={ coord(x1) } y1={ coord(a.ty) } x2={ coord(x_end) } y2={ coord(a.end_y) } />
                if a.lost {
                    <text class="x" x={ coord(x_end) } y={ coord(a.end_y + 4.0) } text-anchor="middle">{ "✕" }</text>
                } else if a.discarded_count > 0 {
                    <text class="x" x={ coord(x_end) } y={ coord(a.end_y + 4.0) } text-anchor="middle">{ "⊘" }</text>
                }
                if show_label {
                    <text x={ coord(lx) } y={ coord(a.ty - 2.0) } text-anchor={ anchor }>{ label }</text>
                }
            </g>
        }
    });
    let rezoom = |factor: f64| {
        let zoom = zoom.clone();
        let window = window.clone();
        let scroller = scroller.clone();
        let pending_scroll = pending_scroll.clone();
        let generation = generation.clone();
        Callback::from(move |_| {
            let next = (*zoom * factor).clamp(0.25, 256.0);
            // Keep the middle of the view where it is, and draw for where the view will be
            // (one render, not a second one when the scroll lands).
            if let Some(el) = scroller.cast::<web_sys::Element>() {
                let h = f64::from(el.client_height());
                let mid = f64::from(el.scroll_top()) + h / 2.0;
                let scale = next / *zoom;
                let top = (TOP + (mid - TOP) * scale - h / 2.0).max(0.0);
                *pending_scroll.borrow_mut() = Some(top);
                *generation.borrow_mut() += 1;
                window.set(Window::of(&el, top, FIRST_MARGIN));
            }
            zoom.set(next);
        })
    };
    // One listener for all arrows (not two on each): the arrow a click or key lands on
    // names the SPDU to inspect, the one on its label, in data-named, or else in data-first.
    let inspected = |e: &Event, label: Option<(usize, web_sys::Element)>| {
        let (first, g) = label.or_else(|| arrow_of(e))?;
        let named = g.get_attribute("data-named").and_then(|n| n.parse().ok());
        Some(named.unwrap_or(first))
    };
    let onclick = {
        let send = p.send.clone();
        Callback::from(move |e: MouseEvent| {
            if let Some(i) = inspected(&e, labelled_arrow_at(&e)) {
                send.emit(Msg::Inspect(i));
            }
        })
    };
    // Enter or Space on an arrow inspects it, as on a button.
    let onkeydown = {
        let send = p.send.clone();
        Callback::from(move |e: KeyboardEvent| {
            if e.key() == "Enter" || e.key() == " " {
                if let Some(i) = inspected(&e, None) {
                    e.prevent_default();
                    send.emit(Msg::Inspect(i));
                }
            }
        })
    };
    // The arrow under the pointer or with the keyboard's focus, in words: its name, written
    // into the readout by hand (one text node, not a tooltip element in every arrow, and
    // shown to keyboard users as well as to the mouse).
    let onpoint = {
        let readout = readout.clone();
        Callback::from(move |e: Event| {
            let name = e
                .target_dyn_into::<web_sys::Element>()
                .and_then(|t| t.closest("g.spdu[aria-label]").ok().flatten())
                .and_then(|g| g.get_attribute("aria-label"));
            if let (Some(name), Some(el)) = (name, readout.cast::<web_sys::Element>()) {
                el.set_text_content(Some(&name));
            }
        })
    };
    let onmouseover = onpoint.reform(Event::from);
    let onfocusin = Callback::from(move |e: FocusEvent| {
        focus.onfocusin.emit(e.clone());
        onpoint.emit(e.into());
    });
    // Leaving an arrow empties the readout, so it never speaks of an arrow no longer drawn.
    let onleave = {
        let readout = readout.clone();
        Callback::from(move |_: Event| {
            if let Some(el) = readout.cast::<web_sys::Element>() {
                el.set_text_content(None);
            }
        })
    };
    let onmouseout = onleave.reform(Event::from);
    let onfocusout = Callback::from(move |e: FocusEvent| {
        focus.onfocusout.emit(e.clone());
        onleave.emit(e.into());
    });
    let app = world.app_name(session).unwrap_or("");
    html! {
        <div class="diagram">
            <div class="zoom" role="group" aria-label="Zoom">
                <button type="button" onclick={ rezoom(0.5) }>{ "Zoom out" }</button>
                <button type="button" onclick={ rezoom(2.0) }>{ "Zoom in" }</button>
                <span class="note">{ "Bars beside each lifeline: the tokens it holds (d data, m minor sync, M major/activity, r release)." }</span>
                if drawn < spdus {
                    <span class="note">{ format!("{drawn} arrows drawn for {spdus} SPDUs: zoom in or scroll for each") }</span>
                }
            </div>
            // Shown only where the screen is too narrow for the whole drawing (the stylesheet).
            <p class="note sideways">{ "Scroll the diagram sideways for host B and the sync points." }</p>
            // Screen readers read the arrow's name from the arrow itself.
            <p class="readout" ref={ readout } aria-hidden="true"></p>
            <div class="diagram-scroll" ref={ scroller } {onscroll}>
                // The hosts' names stay in view as the diagram scrolls down (a zoomed-in run is
                // many screens long): drawn over the top of the diagram, which leaves room for
                // them, at its scale. The diagram's own name says which session it is.
                <div class="hosts" aria-hidden="true">
                    <svg viewBox={ format!("0 0 {} {}", coord(WIDTH), coord(HOSTS_HIGH)) }
                        width={ coord(WIDTH) } height={ coord(HOSTS_HIGH) }>
                        <text class="host" x={ coord(XA) } y="20" text-anchor="middle">{ "Host A (initiator)" }</text>
                        <text class="host" x={ coord(XB) } y="20" text-anchor="middle">{ "Host B (responder)" }</text>
                    </svg>
                </div>
                <svg ref={ svg } {onclick} {onkeydown} {onmouseover} {onfocusin} {onmouseout} {onfocusout} role="img" aria-label={ format!("Timeline of session {session}: {app}") }
                    viewBox={ format!("0 0 {} {}", coord(WIDTH), coord(height)) } width={ coord(WIDTH) } height={ coord(height) }>
                    <defs>
                        <marker id="arrow" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" markerHeight="7" orient="auto-start-reverse">
                            <path d="M 0 0 L 10 5 L 0 10 z" class="arrowhead" />
                        </marker>
                    </defs>
                    <line class="lifeline" x1={ coord(XA) } y1={ coord(TOP) } x2={ coord(XA) } y2={ coord(height) } />
                    <line class="lifeline" x1={ coord(XB) } y1={ coord(TOP) } x2={ coord(XB) } y2={ coord(height) } />
                    { for lane }
                    <>{ for shapes }</>
                    <>{ for arrow_shapes }</>
                </svg>
            </div>
        </div>
    }
}
