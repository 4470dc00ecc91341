//! One session's trace as a standalone SVG sequence diagram: host A's and host B's lifelines,
//! time running down, each SPDU an arrow slanted by its transit time, lost SPDUs dashed and
//! crossed out at the break, breaks as zigzag cuts, confirmed sync points as bands, and
//! resumes pointing back up to the checkpoint they resume from.
//!
//! The layout is one row per drawn event, in trace order. A row sits below the previous one
//! by its time difference at a scale chosen to fit the run, but never closer than
//! [`MIN_GAP`] (so labels do not overlap) nor further than [`MAX_GAP`] (idle stretches are
//! compressed). An arrival is placed by interpolating its time between the rows around it.
//! The output depends on the trace and the options only: the same trace gives the same
//! octets.

use super::scheduler::Micros;
use super::text::{ms, outcome_name};
use super::trace::{Host, Trace, TraceEvent, What};
use crate::protocol::sorted::SortedSet;

/// Closest two rows come, in px.
pub const MIN_GAP: f64 = 15.0;
/// Furthest two rows go, in px: longer idle stretches are compressed to this.
pub const MAX_GAP: f64 = 60.0;
/// About how tall the run would be at its true scale, in px.
const TARGET_HEIGHT: f64 = 600.0;
/// Width of the time column on the left, in px.
const TIME_COL: f64 = 62.0;
/// Average width of a character at the 10 px label size, for cutting labels to fit.
const CHAR_PX: f64 = 5.6;
/// Transit time assumed for a lost SPDU when none was seen before it.
const DEFAULT_TRANSIT: Micros = 20_000;

/// How to draw the diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SvgOptions {
    /// Width of the image in px (at least 480 is used).
    pub width: u32,
    /// The most SPDU arrows drawn. Control SPDUs and lost SPDUs are always drawn; data SPDUs
    /// (DT) are thinned evenly to fit what is left, and a note says so.
    pub max_events: usize,
    /// What the session carries, for the title and label ("file transfer"); empty: nothing.
    pub app: String,
}

impl Default for SvgOptions {
    fn default() -> Self {
        SvgOptions {
            width: 760,
            max_events: 200,
            app: String::new(),
        }
    }
}

/// The diagram of `session` in `trace`, as a standalone SVG document.
pub fn render(trace: &Trace, session: u32, opts: &SvgOptions) -> String {
    let evs: Vec<&TraceEvent> = trace
        .events
        .iter()
        .filter(|e| e.session == session)
        .collect();
    let discarded = discarded_ids(&evs);
    let (keep, notes) = choose(&evs, &discarded, opts.max_events, trace.dropped);
    let geo = Geometry::new(f64::from(opts.width.max(480)));
    let top = 28.0 + 14.0 * notes.len() as f64 + 56.0;
    let cx = Ctx {
        rows: Rows::new(&evs, &keep, top),
        geo,
        evs: &evs,
        session,
        discarded,
    };
    let mut body = String::new();
    let mut bottom = cx.rows.last_y().unwrap_or(top);
    let mut last_t = None;
    for (i, e) in evs.iter().enumerate() {
        let Some(y) = cx.rows.y_of[i] else { continue };
        // The time column: only where the time changes.
        if last_t != Some(e.t) {
            body.push_str(&format!(
                "<text class=\"time\" x=\"6\" y=\"{}\">{}</text>\n",
                coord(y + 3.5),
                ms(e.t)
            ));
            last_t = Some(e.t);
        }
        bottom = bottom.max(draw(&mut body, &cx, i, y));
    }
    let geo = &cx.geo;
    let height = bottom + 30.0;
    let name = if opts.app.is_empty() {
        format!("session {session}")
    } else {
        format!("session {session}: {}", opts.app)
    };
    let label = format!("Timeline of {name}");
    let mut out = String::new();
    out.push_str(&format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"osi-timeline\" width=\"{w}\" \
         height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{l}\">\n\
         <title>{l}</title>\n<desc>{d}</desc>\n<style>{STYLE}</style>\n",
        w = geo.width,
        h = coord(height),
        l = esc(&label),
        d = esc(&describe(&evs, session)),
    ));
    out.push_str(&defs(session));
    out.push_str(&format!(
        "<rect class=\"bg\" width=\"{}\" height=\"{}\"/>\n",
        geo.width,
        coord(height)
    ));
    out.push_str(&format!(
        "<text class=\"heading\" x=\"8\" y=\"20\">{}</text>\n",
        esc(&format!("Session {}", &name["session ".len()..]))
    ));
    for (k, note) in notes.iter().enumerate() {
        let y = 36.0 + 14.0 * k as f64;
        out.push_str(&format!(
            "<text class=\"note\" x=\"8\" y=\"{}\">{}</text>\n",
            coord(y),
            esc(note)
        ));
    }
    out.push_str(&header(geo, top, height));
    out.push_str(&body);
    out.push_str("</svg>\n");
    out
}

/// The SPDUs a receiver discarded.
fn discarded_ids(evs: &[&TraceEvent]) -> SortedSet<u64> {
    let mut ids = SortedSet::default();
    for e in evs {
        if let What::Discarded { id: Some(id), .. } = e.what {
            ids.insert(id);
        }
    }
    ids
}

/// Which events get a row, and the notes that say what was left out. Data SPDUs that
/// arrived and were kept may be thinned; lost and discarded ones are always drawn.
fn choose(
    evs: &[&TraceEvent],
    discarded: &SortedSet<u64>,
    max: usize,
    dropped: u64,
) -> (Vec<bool>, Vec<String>) {
    let is_data = |e: &TraceEvent| matches!(&e.what, What::Spdu { id, spdu, arrives: Some(_), .. } if spdu == "DT" && !discarded.contains(id));
    let data = evs.iter().filter(|e| is_data(e)).count();
    let spdus = evs
        .iter()
        .filter(|e| matches!(e.what, What::Spdu { .. }))
        .count();
    let budget = max.saturating_sub(spdus - data);
    let mut notes = Vec::new();
    if evs.is_empty() {
        notes.push("Nothing has happened in this session yet.".to_string());
    }
    if data > budget {
        notes.push(format!(
            "{budget} of {data} data SPDUs (DT) drawn, evenly spaced; every control SPDU, \
             lost SPDU, sync point, break and resume is drawn."
        ));
    }
    if dropped > 0 {
        notes.push(format!(
            "The trace reached its limit: {dropped} later events were not kept."
        ));
    }
    let mut j = 0;
    let keep = evs
        .iter()
        .map(|e| {
            if !is_data(e) || data <= budget {
                return true;
            }
            // Bresenham: exactly `budget` of the `data` SPDUs, evenly spread, the first kept.
            let k = (j * budget) % data < budget;
            j += 1;
            k
        })
        .collect();
    (keep, notes)
}

/// Where the columns are.
struct Geometry {
    width: f64,
    /// Host A's lifeline.
    ax: f64,
    /// Host B's lifeline.
    bx: f64,
}

impl Geometry {
    fn new(width: f64) -> Geometry {
        let side = (width - TIME_COL - 24.0) * 0.3;
        Geometry {
            width,
            ax: TIME_COL + side,
            bx: width - 24.0 - side,
        }
    }

    fn x(&self, h: Host) -> f64 {
        match h {
            Host::A => self.ax,
            Host::B => self.bx,
        }
    }

    /// How many characters fit beside a lifeline.
    fn side_chars(&self) -> usize {
        ((self.ax - TIME_COL - 8.0) / CHAR_PX) as usize
    }

    /// How many characters fit in a label across the middle.
    fn centre_chars(&self) -> usize {
        ((self.width - 2.0 * TIME_COL) / CHAR_PX) as usize
    }
}

/// The y of each drawn event, and the scale to place times between them.
struct Rows {
    /// (time, y) of each row, in order.
    at: Vec<(Micros, f64)>,
    /// The row's y of each event, if it has one.
    y_of: Vec<Option<f64>>,
    /// px per millisecond.
    scale: f64,
}

/// Room (before, after) a row needs beyond the gap, for its label.
fn room(w: &What) -> (f64, f64) {
    match w {
        What::Break { .. } => (8.0, 16.0),
        What::Checkpoint { .. } => (3.0, 3.0),
        What::Resume { .. } | What::Restart { .. } | What::Outcome { .. } => (4.0, 4.0),
        What::Spdu { .. }
        | What::State { .. }
        | What::Tokens { .. }
        | What::TransportUp { .. }
        | What::TransportClosed { .. }
        | What::Abort { .. }
        | What::Fault { .. }
        | What::Reconnect { .. }
        | What::Refused { .. }
        | What::Discarded { .. }
        | What::App { .. } => (0.0, 0.0),
    }
}

impl Rows {
    fn new(evs: &[&TraceEvent], keep: &[bool], top: f64) -> Rows {
        let first = evs.first().map_or(0, |e| e.t);
        let last = evs
            .iter()
            .map(|e| match e.what {
                What::Spdu {
                    arrives: Some(a), ..
                } => a.max(e.t),
                _ => e.t,
            })
            .max()
            .unwrap_or(first);
        let span_ms = (last.saturating_sub(first) as f64 / 1000.0).max(1.0);
        let scale = (TARGET_HEIGHT / span_ms).clamp(0.01, 100.0);
        let mut rows = Rows {
            at: Vec::new(),
            y_of: vec![None; evs.len()],
            scale,
        };
        let mut prev: Option<(Micros, f64, f64)> = None;
        for (i, e) in evs.iter().enumerate().filter(|(i, _)| keep[*i]) {
            let (before, after) = room(&e.what);
            let y = match prev {
                Some((t, y, pafter)) => y + rows.gap(e.t.saturating_sub(t)) + pafter + before,
                None => top + before,
            };
            rows.at.push((e.t, y));
            rows.y_of[i] = Some(y);
            prev = Some((e.t, y, after));
        }
        rows
    }

    /// The px between two rows `dt` apart.
    fn gap(&self, dt: Micros) -> f64 {
        if dt == 0 {
            return MIN_GAP;
        }
        (dt as f64 / 1000.0 * self.scale).clamp(MIN_GAP, MAX_GAP)
    }

    fn last_y(&self) -> Option<f64> {
        self.at.last().map(|r| r.1)
    }

    /// The y of a time: a row's if one is at that time, else between the rows around it.
    fn y(&self, t: Micros) -> f64 {
        let i = self.at.partition_point(|r| r.0 < t);
        match (i.checked_sub(1).map(|p| self.at[p]), self.at.get(i)) {
            (_, Some(&(t1, y1))) if t1 == t => y1,
            (Some((t0, y0)), Some(&(t1, y1))) => {
                y0 + (y1 - y0) * (t - t0) as f64 / (t1 - t0) as f64
            }
            (Some((t0, y0)), None) => y0 + self.gap(t - t0),
            (None, Some(&(_, y1))) => y1,
            (None, None) => 0.0,
        }
    }
}

/// What every part of the drawing reads.
struct Ctx<'a> {
    geo: Geometry,
    rows: Rows,
    evs: &'a [&'a TraceEvent],
    session: u32,
    /// SPDUs that arrived and were discarded by their receiver.
    discarded: SortedSet<u64>,
}

/// Draws event `i` at `y`; returns the lowest y it reaches.
fn draw(out: &mut String, cx: &Ctx, i: usize, y: f64) -> f64 {
    let geo = &cx.geo;
    let e = cx.evs[i];
    let mid = (geo.ax + geo.bx) / 2.0;
    let side = |h: Host, class: &str, text: &str| match h {
        Host::A => label(geo.ax - 7.0, y + 3.5, "end", class, text, geo.side_chars()),
        Host::B => label(
            geo.bx + 7.0,
            y + 3.5,
            "start",
            class,
            text,
            geo.side_chars(),
        ),
    };
    let centre =
        |class: &str, text: &str| label(mid, y + 3.5, "middle", class, text, geo.centre_chars());
    match &e.what {
        What::Spdu { .. } => return spdu(out, cx, i, y),
        What::State { host, to, .. } => out.push_str(&side(*host, "state", to)),
        What::Tokens { host, held } => {
            out.push_str(&side(*host, "tokens", &format!("tokens: {held}")))
        }
        What::App { host, text } => out.push_str(&side(*host, "app", text)),
        What::Abort { host, cause } => {
            out.push_str(&side(*host, "abort", &format!("abort: {cause}")))
        }
        What::Refused { host, rule } => {
            out.push_str(&side(*host, "refused", &format!("refused: {rule}")))
        }
        What::Discarded {
            host,
            id,
            spdu,
            why,
        } => {
            let which = id.map_or(String::new(), |id| format!(" (SPDU {id})"));
            let text = format!("discarded {spdu}{which}: {why}");
            out.push_str(&side(*host, "discarded", &text))
        }
        What::TransportUp { conn } => {
            out.push_str(&centre("event", &format!("transport connection {conn} up")))
        }
        What::TransportClosed { conn } => out.push_str(&centre(
            "event",
            &format!("transport connection {conn} closed"),
        )),
        What::Fault { cause } => out.push_str(&centre("fault", &format!("fault: {cause}"))),
        What::Reconnect { attempt, refused } => {
            let r = if *refused { ", refused" } else { "" };
            out.push_str(&centre(
                "event",
                &format!("reconnect (attempt {attempt}{r})"),
            ));
        }
        What::Outcome { outcome } => out.push_str(&centre(
            "outcome",
            &format!("session {}", outcome_name(outcome)),
        )),
        What::Restart { why, resend } => {
            out.push_str(&format!(
                "<g class=\"restart\"><title>{}</title>{}</g>\n",
                esc(why),
                centre("", &format!("restart from byte 0 ({resend} octets again)"))
            ));
        }
        What::Checkpoint {
            serial,
            offset,
            major,
        } => {
            let class = if *major {
                "checkpoint major"
            } else {
                "checkpoint"
            };
            let kind = if *major { "major" } else { "minor" };
            out.push_str(&format!(
                "<g class=\"{class}\"><title>{kind} sync point {serial} confirmed: the transfer \
                 can resume from byte {offset}</title><rect x=\"{}\" y=\"{}\" width=\"{}\" \
                 height=\"12\"/>{}</g>\n",
                coord(geo.ax - 12.0),
                coord(y - 6.0),
                coord(geo.bx - geo.ax + 24.0),
                centre("", &format!("sync {serial} @ {offset}"))
            ));
        }
        What::Break {
            conn, cause, lost, ..
        } => {
            let s = if *lost == 1 { "" } else { "s" };
            let text = format!("break: conn {conn}, {lost} SPDU{s} lost ({cause})");
            out.push_str(&format!(
                "<g class=\"break\"><path d=\"{}\"/>{}</g>\n",
                zigzag(geo.ax - 28.0, geo.bx + 28.0, y),
                label(mid, y + 17.0, "middle", "", &text, geo.centre_chars())
            ));
            return y + 20.0;
        }
        What::Resume {
            serial,
            offset,
            why,
            resend,
        } => {
            let why = format!("{why} ({resend} octets sent again)");
            resume(out, cx, i, y, (*serial, *offset, &why));
        }
    }
    if !out.ends_with('\n') {
        out.push('\n');
    }
    y
}

/// A `<text>` at (x, y), cut to `max` characters.
fn label(x: f64, y: f64, anchor: &str, class: &str, text: &str, max: usize) -> String {
    let class = if class.is_empty() {
        String::new()
    } else {
        format!(" class=\"{class}\"")
    };
    format!(
        "<text{class} x=\"{}\" y=\"{}\" text-anchor=\"{anchor}\">{}</text>",
        coord(x),
        coord(y),
        fit(text, max)
    )
}

/// A resume's label, and an arrow up the right margin to the checkpoint it resumes from.
fn resume(out: &mut String, cx: &Ctx, i: usize, y: f64, (serial, offset, why): (u32, u64, &str)) {
    let (geo, session) = (&cx.geo, cx.session);
    let from = cx.evs[..i]
        .iter()
        .enumerate()
        .rev()
        .find_map(|(k, p)| match p.what {
            What::Checkpoint {
                serial: s,
                offset: o,
                ..
            } if s == serial && o == offset => cx.rows.y_of[k],
            _ => None,
        });
    let back = match from {
        Some(cy) => {
            let xr = geo.width - 12.0;
            format!(
                "<path d=\"M{} {} H{} V{} H{}\" marker-end=\"url(#osi-s{session}-back)\"/>",
                coord(geo.bx + 10.0),
                coord(y),
                coord(xr),
                coord(cy),
                coord(geo.bx + 14.0)
            )
        }
        None => String::new(),
    };
    out.push_str(&format!(
        "<g class=\"resume\"><title>{}</title>{back}<text x=\"{}\" y=\"{}\" \
         text-anchor=\"middle\">{}</text></g>\n",
        esc(why),
        coord((geo.ax + geo.bx) / 2.0),
        coord(y + 3.5),
        esc(&format!("resume from sync {serial} @ {offset}"))
    ));
}

/// An SPDU's arrow; returns the lowest y it reaches.
fn spdu(out: &mut String, cx: &Ctx, i: usize, y: f64) -> f64 {
    let (geo, session, e) = (&cx.geo, cx.session, cx.evs[i]);
    let What::Spdu {
        id,
        conn,
        from,
        spdu,
        serial,
        len,
        header_len,
        arrives,
        ..
    } = &e.what
    else {
        return y;
    };
    let (x1, x2) = (geo.x(*from), geo.x(from.peer()));
    let label = match serial {
        Some(s) => format!("{spdu} {s}"),
        None => spdu.clone(),
    };
    let mut title = format!(
        "{label}: SPDU {id} on connection {conn}, {len} octets ({header_len} of protocol), \
         sent at {} ms, ",
        ms(e.t)
    );
    let (xe, ye, class, end) = match arrives {
        Some(a) => {
            title.push_str(&format!("arrives at {} ms", ms(*a)));
            let ye = cx.rows.y(*a).max(y);
            let class = if cx.discarded.contains(id) {
                title.push_str(&format!(", discarded by host {}", from.peer().name()));
                "spdu discarded"
            } else if spdu == "DT" {
                "spdu data"
            } else {
                "spdu"
            };
            let head = format!(" marker-end=\"url(#osi-s{session}-arrow)\"");
            (x2, ye, class, head)
        }
        None => {
            title.push_str("lost when the connection broke");
            let (ye, f) = lost_end(cx, i, *conn, *from);
            let xe = x1 + (x2 - x1) * f;
            (xe, ye, "spdu lost", String::new())
        }
    };
    out.push_str(&format!(
        "<g class=\"{class}\"><title>{}</title><line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{end}/>",
        esc(&title),
        coord(x1),
        coord(y),
        coord(xe),
        coord(ye)
    ));
    if arrives.is_none() {
        out.push_str(&format!(
            "<path d=\"M{} {} l8 8 M{} {} l8 -8\"/>",
            coord(xe - 4.0),
            coord(ye - 4.0),
            coord(xe - 4.0),
            coord(ye + 4.0)
        ));
    }
    // The label rides on the arrow, just off the sender's lifeline.
    let f = (38.0 / (x2 - x1).abs()).min(0.5);
    let (lx, ly) = (x1 + (xe - x1) * f, y + (ye - y) * f - 3.0);
    out.push_str(&format!(
        "<text x=\"{}\" y=\"{}\" text-anchor=\"middle\">{}</text></g>\n",
        coord(lx),
        coord(ly),
        esc(&label)
    ));
    ye.max(y)
}

/// Where a lost SPDU's arrow ends: at the row of the break that lost it, as far across as it
/// had travelled by then (a fraction of the transit time of the last SPDU that arrived).
fn lost_end(cx: &Ctx, i: usize, conn: u32, from: Host) -> (f64, f64) {
    let (rows, evs) = (&cx.rows, cx.evs);
    let t = evs[i].t;
    let y = rows.y_of[i].unwrap_or(0.0);
    let transit = evs[..i]
        .iter()
        .rev()
        .find_map(|p| match p.what {
            What::Spdu {
                from: f,
                arrives: Some(a),
                ..
            } if f == from => Some(a.saturating_sub(p.t)),
            _ => None,
        })
        .unwrap_or(DEFAULT_TRANSIT)
        .max(1);
    let broke = evs
        .iter()
        .enumerate()
        .skip(i + 1)
        .find_map(|(k, p)| match p.what {
            What::Break { conn: c, .. } if c == conn => rows.y_of[k].map(|by| (p.t, by)),
            _ => None,
        });
    match broke {
        Some((bt, by)) => {
            let f = (bt.saturating_sub(t) as f64 / transit as f64).clamp(0.15, 0.9);
            (by, f)
        }
        None => (y + MIN_GAP, 0.3),
    }
}

/// The lifelines and the host boxes above them.
fn header(geo: &Geometry, top: f64, height: f64) -> String {
    let mut s = format!(
        "<text class=\"time\" x=\"6\" y=\"{}\">time (ms)</text>\n",
        coord(top - 22.0)
    );
    for (x, host, role) in [
        (geo.ax, "Host A", "initiator"),
        (geo.bx, "Host B", "responder"),
    ] {
        s.push_str(&format!(
            "<g class=\"host\"><line class=\"lifeline\" x1=\"{x}\" y1=\"{}\" x2=\"{x}\" \
             y2=\"{}\"/><rect x=\"{}\" y=\"{}\" width=\"120\" height=\"34\" rx=\"4\"/>\
             <text x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{host}</text>\
             <text class=\"role\" x=\"{x}\" y=\"{}\" text-anchor=\"middle\">{role}</text></g>\n",
            coord(top - 14.0),
            coord(height - 12.0),
            coord(x - 60.0),
            coord(top - 50.0),
            coord(top - 36.0),
            coord(top - 22.0),
            x = coord(x),
        ));
    }
    s
}

/// The arrowheads, named by session so several diagrams can share a page.
fn defs(session: u32) -> String {
    format!(
        "<defs><marker id=\"osi-s{session}-arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" \
         markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\"><path class=\"head\" \
         d=\"M0 0 L10 5 L0 10 z\"/></marker><marker id=\"osi-s{session}-back\" \
         viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"8\" markerHeight=\"8\" \
         orient=\"auto\"><path class=\"back-head\" d=\"M0 0 L10 5 L0 10 z\"/></marker></defs>\n"
    )
}

/// A zigzag from `x0` to `x1` at `y`: the cut of a break.
fn zigzag(x0: f64, x1: f64, y: f64) -> String {
    let mut d = format!("M{} {}", coord(x0), coord(y));
    let mut x = x0;
    let mut up = true;
    while x + 8.0 <= x1 {
        x += 8.0;
        d.push_str(&format!(
            " L{} {}",
            coord(x),
            coord(if up { y - 4.0 } else { y + 4.0 })
        ));
        up = !up;
    }
    d
}

/// A sentence about the session, for the `<desc>`.
fn describe(evs: &[&TraceEvent], session: u32) -> String {
    let spdus = evs
        .iter()
        .filter(|e| matches!(e.what, What::Spdu { .. }))
        .count();
    let breaks = evs
        .iter()
        .filter(|e| matches!(e.what, What::Break { .. }))
        .count();
    let outcome = evs.iter().find_map(|e| match &e.what {
        What::Outcome { outcome } => Some(format!("it ended {}", outcome_name(outcome))),
        _ => None,
    });
    format!(
        "Sequence diagram of session {session} between host A (initiator) and host B \
         (responder), time running down: {spdus} SPDUs, {breaks} break(s); {}.",
        outcome.unwrap_or_else(|| "it has not ended".into())
    )
}

/// A number for a coordinate: one decimal, so the output is stable. Written with integer
/// arithmetic: Rust's float formatting is one of the larger pieces of the shipped wasm.
/// Digits are pushed one by one rather than through `format!`: a timeline redraw writes
/// thousands of coordinates, and `core::fmt` was half of its time.
pub fn coord(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    // Saturating cast; a drawing never gets near the limit.
    let tenths = (x.abs() * 10.0).round() as u64;
    let mut s = String::with_capacity(8);
    if x < 0.0 && tenths != 0 {
        s.push('-');
    }
    push_digits(&mut s, tenths / 10, 1);
    s.push('.');
    push_digits(&mut s, tenths % 10, 1);
    s
}

/// Appends `n` in decimal, with leading zeros up to `width` digits.
pub fn push_digits(out: &mut String, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    while n > 0 || buf.len() - i < width.clamp(1, 20) {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    for &d in &buf[i..] {
        out.push(char::from(d));
    }
}

/// Text escaped for XML, cut to `max` characters with "…"; the whole text in a `<title>`
/// when cut.
fn fit(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        return esc(text);
    }
    let cut: String = text.chars().take(max.saturating_sub(1)).collect();
    format!("<title>{}</title>{}…", esc(text), esc(&cut))
}

/// Text escaped for XML content and attributes.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => o.push('\u{fffd}'),
            c => o.push(c),
        }
    }
    o
}

/// The diagram's style: colours for light and dark, scoped to the diagram.
const STYLE: &str = "
.osi-timeline { color: #1f2328; font: 11px system-ui, -apple-system, 'Segoe UI', sans-serif; }
.osi-timeline .bg { fill: #ffffff; }
.osi-timeline text { fill: currentColor; paint-order: stroke; stroke: #ffffff; stroke-width: 3px; stroke-linejoin: round; }
.osi-timeline .heading { font-size: 14px; font-weight: 600; }
.osi-timeline .note, .osi-timeline .time, .osi-timeline .role { font-size: 10px; opacity: 0.75; }
.osi-timeline .time { font-variant-numeric: tabular-nums; }
.osi-timeline .host rect { fill: none; stroke: currentColor; }
.osi-timeline .host text { font-weight: 600; }
.osi-timeline .host .role { font-weight: 400; }
.osi-timeline .lifeline { stroke: currentColor; stroke-width: 1.5; opacity: 0.45; }
.osi-timeline .spdu line { stroke: currentColor; stroke-width: 1.2; }
.osi-timeline .spdu.data line { opacity: 0.5; }
.osi-timeline .spdu.data text { font-size: 9px; opacity: 0.7; }
.osi-timeline .head { fill: currentColor; }
.osi-timeline .state, .osi-timeline .tokens, .osi-timeline .app { font-size: 10px; }
.osi-timeline .tokens, .osi-timeline .app { opacity: 0.7; }
.osi-timeline .event, .osi-timeline .fault { font-size: 10px; font-style: italic; }
.osi-timeline .outcome { font-weight: 700; }
.osi-timeline .lost line, .osi-timeline .lost path { stroke: #cf222e; stroke-dasharray: 5 3; stroke-width: 1.2; }
.osi-timeline .lost path { stroke-dasharray: none; stroke-width: 2; }
.osi-timeline .lost text, .osi-timeline .abort, .osi-timeline .refused, .osi-timeline .fault { fill: #cf222e; }
.osi-timeline .discarded line { stroke-dasharray: 1 3; stroke-width: 1.6; }
.osi-timeline text.discarded { fill: #9a6700; }
.osi-timeline .break path { fill: none; stroke: #cf222e; stroke-width: 2; }
.osi-timeline .break text { fill: #cf222e; font-weight: 600; }
.osi-timeline .checkpoint rect { fill: #1a7f37; opacity: 0.15; }
.osi-timeline .checkpoint.major rect { opacity: 0.35; }
.osi-timeline .checkpoint text { fill: #1a7f37; font-size: 10px; }
.osi-timeline .checkpoint.major text { font-weight: 700; }
.osi-timeline .resume path { fill: none; stroke: #0969da; stroke-width: 1.5; }
.osi-timeline .resume text, .osi-timeline .restart text { fill: #0969da; font-weight: 700; }
.osi-timeline .back-head { fill: #0969da; }
@media (prefers-color-scheme: dark) {
  .osi-timeline { color: #e6edf3; }
  .osi-timeline .bg { fill: #0d1117; }
  .osi-timeline text { stroke: #0d1117; }
  .osi-timeline .lost line, .osi-timeline .lost path, .osi-timeline .break path { stroke: #ff7b72; }
  .osi-timeline .lost text, .osi-timeline .abort, .osi-timeline .refused, .osi-timeline .fault, .osi-timeline .break text { fill: #ff7b72; }
  .osi-timeline text.discarded { fill: #d29922; }
  .osi-timeline .checkpoint rect, .osi-timeline .checkpoint text { fill: #3fb950; }
  .osi-timeline .resume path { stroke: #58a6ff; }
  .osi-timeline .resume text, .osi-timeline .restart text, .osi-timeline .back-head { fill: #58a6ff; }
}
";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_read_as_rust_formats_them() {
        for n in [0u64, 1, 9, 10, 99, 100, 12_345, u64::MAX] {
            for width in [1, 3] {
                let mut s = String::new();
                push_digits(&mut s, n, width);
                assert_eq!(s, format!("{n:0width$}"));
            }
        }
    }

    #[test]
    fn text_is_escaped_and_cut_to_fit() {
        assert_eq!(esc("a<b & \"c\"'"), "a&lt;b &amp; &quot;c&quot;&apos;");
        assert_eq!(esc("\u{1}"), "\u{fffd}");
        assert_eq!(fit("abc", 3), "abc");
        assert_eq!(fit("a<cd", 3), "<title>a&lt;cd</title>a&lt;…");
    }

    #[test]
    fn thinning_keeps_exactly_the_budget_of_data_spdus_evenly() {
        let dt = |t| TraceEvent {
            t,
            session: 0,
            what: What::Spdu {
                id: t,
                conn: 0,
                from: Host::A,
                spdu: "DT".into(),
                serial: None,
                len: 10,
                header_len: 4,
                octets: Default::default(),
                arrives: Some(t + 5),
            },
        };
        let evs: Vec<TraceEvent> = (0..100).map(dt).collect();
        let refs: Vec<&TraceEvent> = evs.iter().collect();
        let (keep, notes) = choose(&refs, &SortedSet::default(), 10, 0);
        let kept: Vec<usize> = (0..100).filter(|i| keep[*i]).collect();
        assert_eq!(kept, (0..10).map(|i| i * 10).collect::<Vec<_>>());
        assert_eq!(notes.len(), 1);
        assert!(notes[0].starts_with("10 of 100 data SPDUs"));
        let (all, none) = choose(&refs, &SortedSet::default(), 100, 0);
        assert!(all.iter().all(|k| *k) && none.is_empty());
    }

    #[test]
    fn rows_keep_a_minimum_gap_and_compress_idle_stretches() {
        let ev = |t| TraceEvent {
            t,
            session: 0,
            what: What::TransportUp { conn: 0 },
        };
        let evs = [ev(0), ev(0), ev(1_000), ev(100_000_000)];
        let refs: Vec<&TraceEvent> = evs.iter().collect();
        let rows = Rows::new(&refs, &[true; 4], 100.0);
        let ys: Vec<f64> = rows.at.iter().map(|r| r.1).collect();
        assert_eq!(ys[1] - ys[0], MIN_GAP);
        assert_eq!(ys[2] - ys[1], MIN_GAP);
        assert_eq!(ys[3] - ys[2], MAX_GAP);
        // A time between two rows lands between them; a row's own time on its first row.
        assert_eq!(rows.y(0), 100.0);
        let between = rows.y(50_000_000);
        assert!(between > ys[2] && between < ys[3]);
        assert_eq!(rows.y(200_000_000), ys[3] + MAX_GAP);
    }

    #[test]
    fn coordinates_have_one_decimal() {
        for (x, want) in [
            (0.0, "0.0"),
            (12.34, "12.3"),
            (12.36, "12.4"),
            (-3.25, "-3.3"),
            (-0.01, "0.0"),
            (-0.04, "0.0"),
            (-1.25, "-1.3"),
            (420.0, "420.0"),
            (600.0, "600.0"),
            (12_345.67, "12345.7"),
            (f64::NAN, "0"),
        ] {
            assert_eq!(coord(x), want, "{x}");
        }
    }
}
