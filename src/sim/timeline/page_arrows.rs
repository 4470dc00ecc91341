//! The page diagram's arrows: each SPDU an arrow from its sender's lifeline to its
//! receiver's, slanted by its transit time, or several sent too close together to tell apart
//! as one arrow named by its most telling SPDU; and which of them are labelled.

use super::labels::{Ask, Rank};
use super::page::{Geo, Scale, Survey, View};
use super::{classes, el, line, text_at, Node};
use crate::sim::text::{ms, spdu_label};
use crate::sim::trace::{Host, TraceEvent, What};

/// SPDUs from one side sent within this many px of each other are drawn as one arrow (its
/// label says how many), as are sync points; zooming in separates them. With the drawing
/// limited to the visible part, the number of shapes depends on the view, not on the run.
pub(super) const BUCKET: f64 = 6.0;
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
/// How far past the lifeline an arrow's label starts.
pub(super) const LABEL_INSET: f64 = 6.0;
/// How far down a moment's label may be moved to stay clear of the labels before it.
const MOMENT_DRIFT: f64 = 8.0 * super::page::LABEL_GAP;
/// As [`MOMENT_DRIFT`], for the other control SPDUs: a little, or they are left unlabelled.
const CONTROL_DRIFT: f64 = super::page::LABEL_GAP;
/// Where a lost SPDU's arrow stops, as a share of the way across.
const LOST_REACH: f64 = 0.45;

/// The height (px) of the slices that group `base`-high ones so that of `slices` of them in
/// the whole run, the `share` of the run drawn holds at most about `most`.
pub(super) fn grouping(slices: usize, share: f64, base: f64, most: f64) -> f64 {
    base * (slices as f64 * share / most).ceil().max(1.0)
}

/// The length (µs) of the slices of time that arrows group SPDUs by: the power of two
/// microseconds at least `px` high at `px_per_ms` (see [`MOST_ARROWS`]).
pub(super) fn slice_us(px: f64, px_per_ms: f64) -> u64 {
    let us = (px / px_per_ms * 1000.0).ceil();
    // A NaN or an overflow (no drawing gets near) takes the longest slice.
    if us.is_finite() && us < (1u64 << 62) as f64 {
        (us as u64).max(1).next_power_of_two()
    } else {
        1 << 62
    }
}

/// How much an SPDU tells about the session, for naming a group of them: a resume or
/// resynchronization (X.225 7.17, 7.14) most, then the connection's start and end, then any
/// other control SPDU, and data not at all. A group is named by the first of its most telling.
fn telling(spdu: &str) -> u8 {
    if tcp_data(spdu) {
        return 0;
    }
    match spdu {
        "DT" => 0,
        "AR" | "RS" | "RA" => 3,
        "CN" | "AC" | "RF" | "FN" | "DN" | "AB" => 2,
        _ => 1,
    }
}

/// On the TCP/IP stack, a segment that tells no more than data does: a bare `ACK`, or one
/// that goes on with a message begun before (its label ends in "…", as "PATCH …").
fn tcp_data(spdu: &str) -> bool {
    spdu == "ACK" || spdu.ends_with('…')
}

/// The SPDUs that are moments of the session's story, never grouped with others and always
/// labelled, each kind with its own mark at its end: the connection's establishment (X.225
/// 7.1: CN, AC, RF), its abort (7.9: AB, AA), its orderly release (7.7: FN, DN), a resume
/// (7.17: AR) and a resynchronization (7.14: RS, RA); on the TCP/IP stack, the TCP
/// connection's (RFC 9293 3.5, 3.6): its opening SYN and SYN-ACK, its orderly close (any
/// segment with FIN) and its reset (any with RST). The mark is the glyph and its class.
pub fn moment(spdu: &str) -> Option<(&'static str, &'static str)> {
    // A TCP segment's label is its control bits as Wireshark writes them ("FIN, ACK").
    let bits = |bit: &str| spdu.split(", ").any(|b| b == bit);
    if bits("RST") {
        return Some(("⚠", "rst"));
    }
    if bits("FIN") {
        return Some(("■", "fin"));
    }
    Some(match spdu {
        "SYN" => ("▸", "syn"),
        "SYN, ACK" => ("✔", "syn-ack"),
        "CN" => ("▸", "connect"),
        "AC" => ("✔", "accept"),
        "RF" => ("✖", "refuse"),
        "AB" | "AA" => ("⚠", "abort"),
        "FN" | "DN" => ("■", "release"),
        "AR" => ("↺", "resume"),
        "RS" | "RA" => ("⟲", "resync"),
        _ => return None,
    })
}

/// One arrow: an SPDU, or several from the same side sent too close together to tell apart.
struct Arrow {
    first: usize,
    from: Host,
    ty: f64,
    end_y: f64,
    /// The control SPDU it is named by (the first of its most telling), if any; an arrow
    /// without one carries only DT.
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
    /// It holds the SPDU whose arrow has the keyboard's focus.
    focused: bool,
    data: bool,
    t: u64,
    t_last: u64,
    /// The kinds of SPDU it holds and how many of each, in the order first met.
    kinds: Vec<(String, usize)>,
    /// For a moment of the story, its mark (see [`moment`]).
    moment: Option<(&'static str, &'static str)>,
}

impl Arrow {
    /// Its name on the diagram: the SPDU it is named by, and for a group what else it holds
    /// ("MIP 3 and 41 more DT", "42 DT"), so "+N" is never left to be guessed.
    pub fn label(&self) -> String {
        let name = self.control.as_deref().unwrap_or("DT");
        if self.count == 1 {
            return name.to_string();
        }
        // Its kind: "MIP" of "MIP 3"; a TCP segment's label is its kind ("POST /files").
        let is_named =
            |k: &str| name == k || name.strip_prefix(k).is_some_and(|r| r.starts_with(' '));
        let others: Vec<(&str, usize)> = self
            .kinds
            .iter()
            .map(|(k, n)| (k.as_str(), n - usize::from(is_named(k))))
            .filter(|(_, n)| *n > 0)
            .collect();
        // "DT and 41 more", "MIP 3 and 4 more": the others are of the kind it is named by.
        if others.iter().all(|(k, _)| is_named(k)) {
            return format!("{name} and {} more", self.count - 1);
        }
        // "PATCH /files/…: 32 segments": the message and its rest (and TCP's ACKs), short
        // enough to stay between the lifelines.
        if others.iter().all(|(k, _)| tcp_data(k)) {
            return format!("{name}: {} segments", self.count);
        }
        let mut list: Vec<&str> = others.iter().take(2).map(|(k, _)| *k).collect();
        if others.len() > 2 {
            list.push("…");
        }
        format!("{name} and {} more {}", self.count - 1, list.join(", "))
    }

    /// How much its label matters (see [`labels::plan`]).
    fn rank(&self) -> Rank {
        match (self.moment, &self.control) {
            (Some(_), _) => Rank::Must(MOMENT_DRIFT),
            (None, Some(_)) => Rank::Must(CONTROL_DRIFT),
            (None, None) => Rank::Data,
        }
    }
}

/// The arrows laid out so far.
pub(super) struct Arrows {
    arrows: Vec<Arrow>,
    /// The arrow each side is adding SPDUs to, by bucket.
    open: [Option<(i64, usize)>; 2],
    first_t: u64,
    bucket_us: u64,
    inspected: Option<usize>,
    focused: Option<usize>,
    geo: Geo,
}

impl Arrows {
    /// Arrows grouped so that the `share` of the run drawn holds a bounded number of them.
    pub fn new(survey: &Survey, scale: Scale, share: f64, view: &View) -> Arrows {
        let busier = survey.occupied[0].max(survey.occupied[1]);
        let bucket_px = grouping(busier, share, BUCKET, MOST_ARROWS);
        Arrows {
            arrows: Vec::new(),
            open: [None, None],
            first_t: scale.first,
            bucket_us: slice_us(bucket_px, scale.px_per_ms),
            inspected: view.inspected,
            focused: view.focused,
            geo: view.geo,
        }
    }

    /// Adds the SPDU of trace index `i`, sent at `ty`, arriving at `end_y` (or lost there).
    pub fn add(&mut self, i: usize, e: &TraceEvent, ty: f64, end_y: f64, discarded: bool) {
        let What::Spdu {
            from,
            spdu,
            serial,
            arrives,
            ..
        } = &e.what
        else {
            return;
        };
        let side = usize::from(*from == Host::B);
        let bucket = (e.t.saturating_sub(self.first_t) / self.bucket_us) as i64;
        let lost = arrives.is_none();
        let (selected, focused) = (self.inspected == Some(i), self.focused == Some(i));
        // Written only when drawn: most SPDUs of a long run join an arrow unnamed.
        let label = || spdu_label(spdu, *serial);
        let alone = moment(spdu).is_some();
        if let Some((b, k)) = self.open[side].filter(|_| !alone) {
            if b == bucket {
                let a = &mut self.arrows[k];
                if telling(spdu) > a.telling {
                    a.control = Some(label());
                    a.named = Some(i);
                    a.telling = telling(spdu);
                }
                a.count += 1;
                a.lost_count += usize::from(lost);
                a.discarded_count += usize::from(discarded);
                a.selected |= selected;
                a.focused |= focused;
                a.data &= spdu == "DT" || tcp_data(spdu);
                a.t_last = e.t;
                match a.kinds.iter_mut().find(|(k, _)| k == spdu) {
                    Some((_, n)) => *n += 1,
                    None => a.kinds.push((spdu.clone(), 1)),
                }
                return;
            }
        }
        // A moment stands alone: what comes after it starts an arrow of its own.
        self.open[side] = (!alone).then_some((bucket, self.arrows.len()));
        self.arrows.push(Arrow {
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
            discarded_count: usize::from(discarded),
            selected,
            focused,
            data: spdu == "DT" || tcp_data(spdu),
            t: e.t,
            t_last: e.t,
            kinds: vec![(spdu.clone(), 1)],
            moment: moment(spdu),
        });
    }

    /// The labels the arrows ask for, in order.
    pub fn asks(&self) -> Vec<Ask> {
        self.arrows
            .iter()
            .map(|a| Ask {
                side: usize::from(a.from == Host::B),
                y: a.ty - 2.0,
                rank: a.rank(),
            })
            .collect()
    }

    /// The arrows' shapes, with their labels where `labels` (planned from [`Arrows::asks`])
    /// puts them.
    pub fn finish(self, labels: &[Option<f64>]) -> Vec<Node> {
        self.arrows
            .iter()
            .zip(labels)
            .map(|(a, at)| shape(a, *at, self.geo))
            .collect()
    }
}

/// What an arrow stands for, in words, beginning with its label: its accessible name, and
/// the readout's line.
fn tip(a: &Arrow, label: &str) -> String {
    let fate = match (a.lost_count, a.discarded_count) {
        (0, 0) => String::new(),
        (l, 0) => format!(", {l} lost"),
        (0, d) => format!(", {d} discarded by the receiver"),
        (l, d) => format!(", {l} lost, {d} discarded by the receiver"),
    };
    let (from, t, t_last) = (a.from.name(), ms(a.t), ms(a.t_last));
    let n = a.count;
    if n > 1 && a.t == a.t_last {
        format!("{label}: {n} SPDUs from {from} sent at the same moment, {t} ms{fate}; the table lists each")
    } else if n > 1 {
        format!("{label}: {n} SPDUs from {from} sent between {t} ms and {t_last} ms{fate}; zoom in to see each")
    } else {
        let fate = if a.lost {
            ", lost"
        } else if a.discarded_count > 0 {
            ", discarded by the receiver"
        } else {
            ""
        };
        format!("{label} from {from}, sent at {t} ms{fate}")
    }
}

/// A glyph at the end of an arrow (hidden from assistive technology: the arrow's name says
/// what it marks).
fn glyph(x: f64, y: f64, class: String, text: &'static str) -> Node {
    el("text")
        .at("class", class)
        .at("x", x)
        .at("y", y + 4.0)
        .at("text-anchor", "middle")
        .at("aria-hidden", "true")
        .text(text)
        .into()
}

/// An arrow's shape: a focusable group (it inspects its SPDU) holding the line, the mark of
/// a lost (✕) or discarded (⊘) SPDU or of a moment of the story, and its label just past the
/// sender's lifeline with its baseline at `label_y`.
fn shape(a: &Arrow, label_y: Option<f64>, geo: Geo) -> Node {
    let (x1, x2) = (geo.x(a.from), geo.x(a.from.peer()));
    let x_end = if a.lost {
        x1 + (x2 - x1) * LOST_REACH
    } else {
        x2
    };
    let label = a.label();
    let class = classes(&[
        Some("spdu"),
        a.data.then_some("data"),
        (a.count > 1).then_some("many"),
        a.moment.map(|m| m.1),
        a.moment.map(|_| "moment"),
        a.lost.then_some("lost"),
        (a.discarded_count > 0).then_some("discarded"),
        a.selected.then_some("selected"),
    ]);
    // Where the SPDU it is named by is not its first (a group starting with DT).
    let named = a.named.filter(|n| *n != a.first).map(|n| n.to_string());
    let mut g = el("g")
        .key(a.first)
        .at("class", class)
        .at("role", "button")
        .at("tabindex", "0")
        .at("data-first", a.first.to_string())
        .at_some("data-named", named)
        .at_some("data-focus", a.focused.then_some(""))
        .at("aria-label", tip(a, &label))
        .kid(line(x1, a.ty, x_end, a.end_y));
    if let Some(y) = label_y {
        let (lx, anchor) = match a.from {
            Host::A => (x1 + LABEL_INSET, "start"),
            Host::B => (x1 - LABEL_INSET, "end"),
        };
        g = g.kid(text_at(lx, y, Some(anchor)).text(label));
    }
    // The marks come after the label: the label is an arrow's first text.
    if a.lost {
        g = g.kid(glyph(x_end, a.end_y, "x".into(), "✕"));
    } else if a.discarded_count > 0 {
        g = g.kid(glyph(x_end, a.end_y, "x".into(), "⊘"));
    } else if let Some((mark, kind)) = a.moment {
        // Just inside the receiver's lifeline, clear of the token bars outside it.
        let x = x_end + if a.from == Host::A { -9.0 } else { 9.0 };
        g = g.kid(glyph(x, a.end_y, format!("x mark {kind}"), mark));
    }
    g.into()
}
