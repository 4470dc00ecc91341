//! The playground's diagram: time runs down at a scale the viewer zooms, each SPDU an arrow
//! slanted by its transit time, SPDUs sent too close together grouped into one arrow, and only
//! the part in view (and a margin around it) laid out, so a run of 10,000 SPDUs costs about
//! what one of 100 does.

use super::labels::plan;
use super::marks::Marks;
use super::notes::Notes;
use super::page_arrows::Arrows;
use super::{el, Node};
use crate::protocol::sorted::{SortedMap, SortedSet};
use crate::sim::scheduler::Micros;
use crate::sim::text::ms;
use crate::sim::trace::{Host, Trace, TraceEvent, What};

/// Where the drawing's columns are: its width, the two lifelines, and how much room the
/// labels in its margins have. A narrow screen (a phone) gets a narrower drawing, so both
/// hosts fit without scrolling sideways.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Geo {
    pub width: f64,
    /// Host A's lifeline.
    pub xa: f64,
    /// Host B's lifeline.
    pub xb: f64,
    /// The least it is shrunk to: its 11 px labels stay readable, and below that it
    /// scrolls sideways.
    pub min_scale: f64,
    /// The most characters of an application's note shown (the rest is in its title).
    pub note_chars: usize,
    /// Whether a confirmed sync point's label has room for its offset (`✓ 17 @4456448`).
    pub roomy: bool,
}

impl Geo {
    /// The drawing on a screen wide enough.
    pub const WIDE: Geo = Geo {
        width: 600.0,
        xa: 110.0,
        xb: 420.0,
        min_scale: 0.85,
        note_chars: 30,
        roomy: true,
    };
    /// The drawing on a phone (a box under [`Geo::NARROW_BELOW`] px).
    pub const NARROW: Geo = Geo {
        width: 440.0,
        xa: 92.0,
        xb: 368.0,
        min_scale: 0.7,
        note_chars: 22,
        roomy: false,
    };
    /// The width of the diagram's box (screen px) below which it is drawn narrow.
    pub const NARROW_BELOW: f64 = 500.0;

    /// The drawing for a box `width` screen px wide.
    pub fn for_box(width: f64) -> Geo {
        if width < Self::NARROW_BELOW {
            Geo::NARROW
        } else {
            Geo::WIDE
        }
    }

    /// The x of a host's lifeline.
    pub fn x(&self, h: Host) -> f64 {
        match h {
            Host::A => self.xa,
            Host::B => self.xb,
        }
    }

    /// Half way between the lifelines.
    pub fn mid(&self) -> f64 {
        (self.xa + self.xb) / 2.0
    }

    /// How much the drawing is shrunk in a box `width` screen px wide.
    pub fn scale(&self, width: f64) -> f64 {
        (width / self.width).clamp(self.min_scale, 1.0)
    }
}
/// Where the lifelines begin: the diagram's top margin, room for the token bars' letters
/// (the hosts' names are above the diagram, in a header of their own).
pub const TOP: f64 = 20.0;
/// The height (px) of the hosts' names, in the header that stays above the diagram.
pub const HOSTS_HIGH: f64 = 28.0;
/// Labels closer than this (px) to the previous one on the same side are left out.
pub const LABEL_GAP: f64 = 11.0;
/// How far above and below the visible part shapes are still drawn, in views. Right after a
/// zoom only [`FIRST_MARGIN`] is: the part on screen is drawn first, the rest after that frame.
pub const MARGIN: f64 = 0.5;
/// The margin drawn right after a zoom, before the rest is drawn: the part on screen first.
pub const FIRST_MARGIN: f64 = 0.05;
/// The diagram's height at zoom 1 (px), whatever the run's length.
const HEIGHT_AT_1: f64 = 600.0;

/// The part of the diagram on screen, in px from its top, and how much more above and below
/// it is drawn (in views).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Window {
    pub top: f64,
    pub height: f64,
    pub margin: f64,
}

impl Window {
    /// What a scrolling box `width` by `height` screen px shows when scrolled to `scroll_top`
    /// (the hosts' header, [`HOSTS_HIGH`] high, comes first in it).
    pub fn of(width: f64, height: f64, scroll_top: f64, margin: f64) -> Window {
        // The drawing shrinks to fit a narrow screen (a px on screen is more of it), but not
        // below its least scale: then it scrolls sideways.
        let scale = Geo::for_box(width).scale(width);
        Window {
            top: (scroll_top / scale - HOSTS_HIGH).max(0.0),
            height: (height / scale).max(100.0),
            margin,
        }
    }

    /// Where to scroll a box `width` by `height` screen px, scrolled to `scroll_top`, so that
    /// the time in the middle of its view stays there when the zoom goes from `zoom` to `next`.
    pub fn scroll_for_zoom(width: f64, height: f64, scroll_top: f64, zoom: f64, next: f64) -> f64 {
        let scale = Geo::for_box(width).scale(width);
        let mid = (scroll_top + height / 2.0) / scale - HOSTS_HIGH;
        let mid = TOP + (mid - TOP) * next / zoom;
        ((mid + HOSTS_HIGH) * scale - height / 2.0).max(0.0)
    }

    /// Whether anything between heights `y1` and `y2` is drawn.
    pub fn shows(&self, y1: f64, y2: f64) -> bool {
        let (lo, hi) = (y1.min(y2), y1.max(y2));
        hi >= self.top - self.margin * self.height
            && lo <= self.top + (1.0 + self.margin) * self.height
    }
}

/// What the viewer asks to see.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct View {
    /// 1: the whole run in about [`HEIGHT_AT_1`] px.
    pub zoom: f64,
    pub window: Window,
    /// The SPDU in the inspector (a trace index): its arrow is marked selected.
    pub inspected: Option<usize>,
    /// The SPDU whose arrow has the keyboard's focus: the arrow that now holds it is marked.
    pub focused: Option<usize>,
    /// The world's time: a live run's diagram reaches at least to it.
    pub now: Micros,
    /// The drawing's columns.
    pub geo: Geo,
    /// A span of time (first, last) the diagram spans at least, so that diagrams of several
    /// sessions drawn side by side share one time axis (see [`span`]); `None`: its own.
    pub span: Option<(Micros, Micros)>,
}

/// The laid-out diagram.
pub struct Page {
    /// Its height (px); its width is the view's [`Geo`]'s.
    pub height: f64,
    /// The SPDUs of the session, and the arrows drawn for those in view.
    pub spdus: usize,
    pub drawn: usize,
    /// The arrowhead and the lifelines.
    pub frame: Vec<Node>,
    /// The token bars and their letters (not keyed).
    pub lane: Vec<Node>,
    /// Sync points, breaks, resumes, restarts and refused reconnects, keyed by trace index.
    pub marks: Vec<Node>,
    /// The arrows, keyed by their first SPDU's trace index.
    pub arrows: Vec<Node>,
}

/// How times map to heights.
#[derive(Clone, Copy)]
pub(super) struct Scale {
    /// The session's first event.
    pub first: Micros,
    pub px_per_ms: f64,
    /// The columns times are drawn in.
    pub geo: Geo,
}

impl Scale {
    /// The height of time `t`.
    pub fn y(&self, t: Micros) -> f64 {
        TOP + (t.saturating_sub(self.first)) as f64 / 1000.0 * self.px_per_ms
    }
}

/// What a first pass over the session finds, which the drawing needs before it starts.
#[derive(Default)]
pub(super) struct Survey {
    /// Sync points confirmed on each connection (numbered by the breaks before it): the others
    /// are drawn as proposed and never confirmed.
    pub confirmed: SortedSet<(u32, u32)>,
    /// SPDUs that arrived and their receiver discarded.
    pub discarded: SortedSet<u64>,
    /// The sync points a resume goes back to: always drawn, so its arrow points at one.
    pub resumed_from: SortedSet<u32>,
    /// Every confirmed sync point: its y, serial number and whether it is major.
    pub checkpoints: Vec<(f64, u32, bool)>,
    /// Of each side, the number of bucket-high slices of the run it sends SPDUs in.
    pub occupied: [usize; 2],
    /// The number of label-high slices with a confirmed sync point.
    pub checkpoint_slices: usize,
}

impl Survey {
    fn of(events: &[(usize, &TraceEvent)], scale: Scale) -> Survey {
        let mut s = Survey::default();
        let mut epoch = 0u32;
        let mut last_slice = [i64::MIN; 2];
        let mut last_checkpoint_slice = i64::MIN;
        for (_, e) in events {
            match &e.what {
                What::Spdu { from, .. } => {
                    let side = usize::from(*from == Host::B);
                    let slice = ((scale.y(e.t) - TOP) / super::page_arrows::BUCKET).floor() as i64;
                    if slice != last_slice[side] {
                        last_slice[side] = slice;
                        s.occupied[side] += 1;
                    }
                }
                What::Break { .. } => epoch += 1,
                What::Discarded { id: Some(id), .. } => {
                    s.discarded.insert(*id);
                }
                What::Resume { serial, .. } => {
                    s.resumed_from.insert(*serial);
                }
                What::Checkpoint { serial, major, .. } => {
                    s.confirmed.insert((epoch, *serial));
                    s.checkpoints.push((scale.y(e.t), *serial, *major));
                    let slice = (scale.y(e.t) / LABEL_GAP) as i64;
                    if slice != last_checkpoint_slice {
                        last_checkpoint_slice = slice;
                        s.checkpoint_slices += 1;
                    }
                }
                _ => {}
            }
        }
        s
    }
}

/// When the session's drawing ends: its last event or arrival, and at least the world's time
/// (a live run), but never before its first event plus a microsecond.
fn end(events: &[(usize, &TraceEvent)], first: Micros, now: Micros) -> Micros {
    events
        .iter()
        .map(|(_, e)| match &e.what {
            What::Spdu {
                arrives: Some(a), ..
            } => *a,
            _ => e.t,
        })
        .max()
        .unwrap_or(first)
        .max(now.min(first + 1))
}

/// The events of `session` in `trace`, with their trace indexes.
fn of_session(trace: &Trace, session: u32) -> Vec<(usize, &TraceEvent)> {
    trace
        .events
        .iter()
        .enumerate()
        .filter(|(_, e)| e.session == session)
        .collect()
}

/// The span of time (first, last) the diagram of `session` covers at time `now`, `None` if
/// nothing has happened in it: the union of several sessions' spans, as [`View::span`],
/// draws them on one time axis.
pub fn span(trace: &Trace, session: u32, now: Micros) -> Option<(Micros, Micros)> {
    let events = of_session(trace, session);
    let first = events.first()?.1.t;
    Some((first, end(&events, first, now)))
}

/// The diagram of `session` in `trace` as `view` asks; `None` if nothing has happened in it.
pub fn layout(trace: &Trace, session: u32, view: &View) -> Option<Page> {
    let events = of_session(trace, session);
    let first = events.first()?.1.t;
    let last = end(&events, first, view.now);
    let (first, last) = match view.span {
        Some((a, b)) => (first.min(a), last.max(b)),
        None => (first, last),
    };
    let span_ms = ((last - first) as f64 / 1000.0).max(1.0);
    let scale = Scale {
        first,
        px_per_ms: HEIGHT_AT_1 / span_ms * view.zoom,
        geo: view.geo,
    };
    let height = scale.y(last) + 40.0;
    let survey = Survey::of(&events, scale);
    let w = view.window;
    // The share of the run in the part drawn: the grouping keeps what is drawn there bounded.
    let share = ((1.0 + 2.0 * MARGIN) * w.height / (height - TOP).max(1.0)).min(1.0);
    let mut marks = Marks::new(&survey, w, share, view.geo);
    let mut arrows = Arrows::new(&survey, scale, share, view);
    let mut notes = Notes::default();
    let mut spdus = 0usize;
    let mut last_checkpoint_y = SortedMap::new();
    for (i, e) in &events {
        let (i, ty) = (*i, scale.y(e.t));
        match &e.what {
            What::Spdu {
                id,
                spdu,
                serial,
                arrives,
                ..
            } => {
                spdus += 1;
                let end_y = arrives.map_or(ty + 12.0, |a| scale.y(a));
                if !w.shows(ty, end_y) {
                    continue;
                }
                if let (Some(sn), "MIP" | "MAP") = (serial, spdu.as_str()) {
                    marks.proposed(i, *sn, ty);
                }
                if spdu == "AB" {
                    let title = format!("abort (AB) sent at {} ms: the session ends here, for good; nothing is resumed", ms(e.t));
                    marks.abort(i, ty, title, "abort: the session ends");
                }
                arrows.add(i, e, ty, end_y, survey.discarded.contains(id));
            }
            What::Checkpoint { serial, .. } => {
                last_checkpoint_y.insert(*serial, ty);
                marks.checkpoint(i, &e.what, ty);
            }
            What::Break { .. } => marks.cut(i, &e.what, ty),
            What::Resume { serial, offset, .. } => {
                let back = last_checkpoint_y.get(serial).copied().unwrap_or(TOP);
                marks.resume(i, (*serial, *offset), ty, back);
            }
            What::Restart { .. } => marks.restart(i, ty),
            What::App { host, text } if w.shows(ty, ty) => notes.add(i, *host, ty, text),
            What::Reconnect {
                attempt,
                refused: true,
            } => marks.refused(i, *attempt, ty),
            _ => {}
        }
    }
    let lane = super::tokens::lane(&events, scale, w, last);
    // The arrows' and the notes' labels are placed together, clear of the marks across.
    let (mut asks, note_asks) = (arrows.asks(), notes.asks());
    let n = asks.len();
    asks.extend(note_asks);
    let labels = plan(&asks, &marks.across);
    let arrows = arrows.finish(&labels[..n]);
    let mut marks = marks.finish();
    marks.extend(notes.finish(&labels[n..], view.geo));
    Some(Page {
        height,
        spdus,
        drawn: arrows.len(),
        frame: frame(height, view.geo),
        lane,
        marks,
        arrows,
    })
}

/// The arrowhead (for the resume's arrow) and the lifelines.
fn frame(height: f64, geo: Geo) -> Vec<Node> {
    let marker = el("marker")
        .at("id", "arrow")
        .at("viewBox", "0 0 10 10")
        .at("refX", "9")
        .at("refY", "5")
        .at("markerWidth", "7")
        .at("markerHeight", "7")
        .at("orient", "auto-start-reverse")
        .kid(
            el("path")
                .at("d", "M 0 0 L 10 5 L 0 10 z")
                .at("class", "arrowhead"),
        );
    let lifeline = |x: f64| {
        el("line")
            .at("class", "lifeline")
            .at("x1", x)
            .at("y1", TOP)
            .at("x2", x)
            .at("y2", height)
    };
    vec![
        el("defs").kid(marker).into(),
        lifeline(geo.xa).into(),
        lifeline(geo.xb).into(),
    ]
}

/// The hosts' names, drawn over the top of the diagram ([`HOSTS_HIGH`] px high) so they stay
/// in view as it scrolls.
pub fn hosts(geo: Geo) -> Vec<Node> {
    let name = |x: f64, text: &'static str| {
        el("text")
            .at("class", "host")
            .at("x", x)
            .at("y", "20")
            .at("text-anchor", "middle")
            .text(text)
            .into()
    };
    vec![
        name(geo.xa, "Host A (initiator)"),
        name(geo.xb, "Host B (responder)"),
    ]
}
