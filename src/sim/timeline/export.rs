//! The standalone diagram's layout: one row per drawn event, in trace order, with every state
//! change, token change, application note and fault written beside the lifelines.
//!
//! A row sits below the previous one by its time difference at a scale chosen to fit the run,
//! but never closer than [`MIN_GAP`] (so labels do not overlap) nor further than [`MAX_GAP`]
//! (idle stretches are compressed). An arrival is placed by interpolating its time between the
//! rows around it. The output depends on the trace and the options only.

use super::{classes, el, line, text_at, El, Node, Val};
use crate::protocol::sorted::SortedSet;
use crate::sim::scheduler::Micros;
use crate::sim::text::{ms, outcome_name, spdu_label, sync_point};
use crate::sim::trace::{Host, Trace, TraceEvent, What};

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
/// Half the height of a confirmed sync point's band.
const BAND: f64 = 6.0;

/// How to draw the diagram.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Options {
    /// Width of the image in px (at least 480 is used).
    pub width: u32,
    /// The most SPDU arrows drawn. Control SPDUs and lost SPDUs are always drawn; data SPDUs
    /// (DT) are thinned evenly to fit what is left, and a note says so.
    pub max_events: usize,
    /// What the session carries, for the title and label ("file transfer"); empty: nothing.
    pub app: String,
}

impl Default for Options {
    fn default() -> Self {
        Options {
            width: 760,
            max_events: 200,
            app: String::new(),
        }
    }
}

/// The laid-out diagram.
pub struct Export {
    /// Its size in px.
    pub width: f64,
    pub height: f64,
    /// Its accessible name ("Timeline of session 0: file transfer").
    pub label: String,
    /// A sentence about the session.
    pub desc: String,
    /// What is drawn, in order: the arrowheads, the background, the heading and notes, the
    /// hosts and lifelines, then one shape per row.
    pub nodes: Vec<Node>,
}

/// The diagram of `session` in `trace`.
pub fn layout(trace: &Trace, session: u32, opts: &Options) -> Export {
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
    let mut body = Vec::new();
    let mut bottom = cx.rows.last_y().unwrap_or(top);
    let mut last_t = None;
    for (i, e) in evs.iter().enumerate() {
        let Some(y) = cx.rows.y_of[i] else { continue };
        // The time column: only where the time changes.
        if last_t != Some(e.t) {
            body.push(time_mark(y + 3.5, ms(e.t)));
            last_t = Some(e.t);
        }
        let (node, low) = draw(&cx, i, y);
        body.push(node);
        bottom = bottom.max(low);
    }
    let geo = &cx.geo;
    let height = bottom + 30.0;
    let name = if opts.app.is_empty() {
        format!("session {session}")
    } else {
        format!("session {session}: {}", opts.app)
    };
    let mut nodes = vec![defs(session).into(), background(geo.width, height).into()];
    nodes.push(
        el("text")
            .at("class", "heading")
            .at("x", "8")
            .at("y", "20")
            .text(format!("Session {}", &name["session ".len()..]))
            .into(),
    );
    for (k, note) in notes.iter().enumerate() {
        let y = 36.0 + 14.0 * k as f64;
        let text = el("text").at("class", "note").at("x", "8").at("y", y);
        nodes.push(text.text(note.clone()).into());
    }
    nodes.extend(header(geo, top, height));
    nodes.extend(body);
    Export {
        width: geo.width,
        height,
        label: format!("Timeline of {name}"),
        desc: describe(&evs, session),
        nodes,
    }
}

/// The time of a row, in the column on the left.
fn time_mark(y: f64, text: String) -> Node {
    let t = el("text").at("class", "time").at("x", "6").at("y", y);
    t.text(text).into()
}

/// The drawing's background.
fn background(width: f64, height: f64) -> El {
    el("rect")
        .at("class", "bg")
        .at("width", Val::Str(format!("{width}")))
        .at("height", height)
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

    fn mid(&self) -> f64 {
        (self.ax + self.bx) / 2.0
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

/// Event `i` at `y`, and the lowest y it reaches.
fn draw(cx: &Ctx, i: usize, y: f64) -> (Node, f64) {
    let geo = &cx.geo;
    let e = cx.evs[i];
    let side = |h: Host, class: &'static str, text: &str| match h {
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
    let centre = |class: &'static str, text: &str| {
        label(
            geo.mid(),
            y + 3.5,
            "middle",
            class,
            text,
            geo.centre_chars(),
        )
    };
    let node = match &e.what {
        What::Spdu { .. } => return spdu(cx, i, y),
        What::Break { .. } => return (cut(cx, i, y), y + 20.0),
        What::State { host, to, .. } => side(*host, "state", to),
        What::Tokens { host, held } => side(*host, "tokens", &format!("tokens: {held}")),
        What::App { host, text } => side(*host, "app", text),
        What::Abort { host, cause } => side(*host, "abort", &format!("abort: {cause}")),
        What::Refused { host, rule } => side(*host, "refused", &format!("refused: {rule}")),
        What::Discarded {
            host,
            id,
            spdu,
            why,
        } => {
            let which = id.map_or(String::new(), |id| format!(" (SPDU {id})"));
            side(
                *host,
                "discarded",
                &format!("discarded {spdu}{which}: {why}"),
            )
        }
        What::TransportUp { conn } => centre("event", &format!("transport connection {conn} up")),
        What::TransportClosed { conn } => {
            centre("event", &format!("transport connection {conn} closed"))
        }
        What::Fault { cause } => centre("fault", &format!("fault: {cause}")),
        What::Reconnect { attempt, refused } => {
            let r = if *refused { ", refused" } else { "" };
            centre("event", &format!("reconnect (attempt {attempt}{r})"))
        }
        What::Outcome { outcome } => {
            centre("outcome", &format!("session {}", outcome_name(outcome)))
        }
        What::Restart { why, resend } => {
            el("g")
                .at("class", "restart")
                .title(why.clone())
                .kid(centre(
                    "",
                    &format!("restart from byte 0 ({resend} octets again)"),
                ))
        }
        What::Checkpoint {
            serial,
            offset,
            major,
        } => {
            let point = sync_point(*serial, *major);
            el("g")
                .at(
                    "class",
                    classes(&[Some("checkpoint"), major.then_some("major")]),
                )
                .title(format!(
                    "{point} confirmed: the transfer can resume from byte {offset}"
                ))
                .kid(
                    el("rect")
                        .at("x", geo.ax - 12.0)
                        .at("y", y - BAND)
                        .at("width", geo.bx - geo.ax + 24.0)
                        .at("height", "12"),
                )
                .kid(centre("", &format!("sync {serial} @ {offset}")))
        }
        What::Resume {
            serial,
            offset,
            why,
            resend,
        } => {
            let why = format!("{why} ({resend} octets sent again)");
            resume(cx, i, y, (*serial, *offset, &why))
        }
    };
    (node.into(), y)
}

/// A break: a zigzag cut across both lifelines, and what it lost.
fn cut(cx: &Ctx, i: usize, y: f64) -> Node {
    let geo = &cx.geo;
    let What::Break {
        conn, cause, lost, ..
    } = &cx.evs[i].what
    else {
        return Node::Text(String::new());
    };
    let s = if *lost == 1 { "" } else { "s" };
    let text = format!("break: conn {conn}, {lost} SPDU{s} lost ({cause})");
    el("g")
        .at("class", "break")
        .kid(el("path").at("d", zigzag(geo.ax - 28.0, geo.bx + 28.0, y)))
        .kid(label(
            geo.mid(),
            y + 17.0,
            "middle",
            "",
            &text,
            geo.centre_chars(),
        ))
        .into()
}

/// A `<text>` at (x, y), cut to `max` characters (the whole text in its `<title>` when cut).
fn label(x: f64, y: f64, anchor: &'static str, class: &'static str, text: &str, max: usize) -> El {
    let t = el("text");
    let t = if class.is_empty() {
        t
    } else {
        t.at("class", class)
    };
    let t = t.at("x", x).at("y", y).at("text-anchor", anchor);
    if text.chars().count() <= max {
        return t.text(text);
    }
    let mut cut: String = text.chars().take(max.saturating_sub(1)).collect();
    cut.push('…');
    t.title(text).text(cut)
}

/// A resume's label, and an arrow up the right margin to the checkpoint it resumes from.
fn resume(cx: &Ctx, i: usize, y: f64, (serial, offset, why): (u32, u64, &str)) -> El {
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
    let g = el("g").at("class", "resume").title(why);
    let g = match from {
        Some(cy) => {
            let xr = geo.width - 12.0;
            let d = format!(
                "M{} {} H{} V{} H{}",
                super::coord(geo.bx + 10.0),
                super::coord(y),
                super::coord(xr),
                super::coord(cy),
                super::coord(geo.bx + 14.0)
            );
            let marker = format!("url(#osi-s{session}-back)");
            g.kid(el("path").at("d", d).at("marker-end", marker))
        }
        None => g,
    };
    g.kid(
        text_at(geo.mid(), y + 3.5, Some("middle"))
            .text(format!("resume from sync {serial} @ {offset}")),
    )
}

/// An SPDU's arrow, and the lowest y it reaches.
fn spdu(cx: &Ctx, i: usize, y: f64) -> (Node, f64) {
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
        return (Node::Text(String::new()), y);
    };
    let (x1, x2) = (geo.x(*from), geo.x(from.peer()));
    let label = spdu_label(spdu, *serial);
    let mut title = format!(
        "{label}: SPDU {id} on connection {conn}, {len} octets ({header_len} of protocol), \
         sent at {} ms, ",
        ms(e.t)
    );
    let (xe, ye, class, head) = match arrives {
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
            (x2, ye, class, Some(format!("url(#osi-s{session}-arrow)")))
        }
        None => {
            title.push_str("lost when the connection broke");
            let (ye, f) = lost_end(cx, i, *conn, *from);
            let xe = x1 + (x2 - x1) * f;
            (xe, ye, "spdu lost", None)
        }
    };
    let mut g = el("g")
        .at("class", class)
        .title(title)
        .kid(line(x1, y, xe, ye).at_some("marker-end", head));
    if arrives.is_none() {
        let (cx, cy) = (super::coord(xe - 4.0), (ye - 4.0, ye + 4.0));
        let d = format!(
            "M{cx} {} l8 8 M{cx} {} l8 -8",
            super::coord(cy.0),
            super::coord(cy.1)
        );
        g = g.kid(el("path").at("d", d));
    }
    // The label rides on the arrow, just off the sender's lifeline.
    let f = (38.0 / (x2 - x1).abs()).min(0.5);
    let (lx, ly) = (x1 + (xe - x1) * f, y + (ye - y) * f - 3.0);
    g = g.kid(text_at(lx, ly, Some("middle")).text(label));
    (g.into(), ye.max(y))
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
fn header(geo: &Geometry, top: f64, height: f64) -> Vec<Node> {
    let mut out = vec![time_mark(top - 22.0, "time (ms)".into())];
    for (x, host, role) in [
        (geo.ax, "Host A", "initiator"),
        (geo.bx, "Host B", "responder"),
    ] {
        let g = el("g")
            .at("class", "host")
            .kid(
                el("line")
                    .at("class", "lifeline")
                    .at("x1", x)
                    .at("y1", top - 14.0)
                    .at("x2", x)
                    .at("y2", height - 12.0),
            )
            .kid(
                el("rect")
                    .at("x", x - 60.0)
                    .at("y", top - 50.0)
                    .at("width", "120")
                    .at("height", "34")
                    .at("rx", "4"),
            )
            .kid(text_at(x, top - 36.0, Some("middle")).text(host))
            .kid(
                el("text")
                    .at("class", "role")
                    .at("x", x)
                    .at("y", top - 22.0)
                    .at("text-anchor", "middle")
                    .text(role),
            );
        out.push(g.into());
    }
    out
}

/// The arrowheads, named by session so several diagrams can share a page.
fn defs(session: u32) -> El {
    let marker = |name: &str, size: &'static str, refx: &'static str| {
        el("marker")
            .at("id", format!("osi-s{session}-{name}"))
            .at("viewBox", "0 0 10 10")
            .at("refX", refx)
            .at("refY", "5")
            .at("markerWidth", size)
            .at("markerHeight", size)
            .at("orient", "auto")
    };
    let head = |class: &'static str| el("path").at("class", class).at("d", "M0 0 L10 5 L0 10 z");
    el("defs")
        .kid(marker("arrow", "7", "10").kid(head("head")))
        .kid(marker("back", "8", "10").kid(head("back-head")))
}

/// A zigzag from `x0` to `x1` at `y`: the cut of a break.
fn zigzag(x0: f64, x1: f64, y: f64) -> String {
    let mut d = format!("M{} {}", super::coord(x0), super::coord(y));
    let mut x = x0;
    let mut up = true;
    while x + 8.0 <= x1 {
        x += 8.0;
        d.push_str(&format!(
            " L{} {}",
            super::coord(x),
            super::coord(if up { y - 4.0 } else { y + 4.0 })
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

#[cfg(test)]
mod tests {
    use super::*;

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
    fn a_label_too_long_is_cut_with_the_whole_text_in_its_title() {
        let short = label(1.0, 2.0, "middle", "", "abc", 3);
        assert_eq!(short.words(), "abc");
        let long = label(1.0, 2.0, "middle", "state", "abcd", 3);
        assert_eq!(long.words(), "ab…");
        assert_eq!(long.attr("class").as_deref(), Some("state"));
        let Node::El(title) = &long.kids[0] else {
            panic!("a title first")
        };
        assert_eq!((title.tag, title.words()), ("title", "abcd".to_string()));
    }
}
