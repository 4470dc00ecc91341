//! The page diagram's marks across the lifelines: confirmed sync points (lines), sync points
//! proposed and never confirmed (dotted lines), breaks (a cut), resumes (an arrow back to the
//! checkpoint resumed from), restarts and refused reconnects. Labels in the right margin are
//! kept [`LABEL_GAP`] apart; the sync points that must be drawn (a major one, one a resume goes
//! back to) keep theirs.

use super::page::{Geo, Survey, Window, LABEL_GAP};
use super::{classes, coord, el, line, text_at, Node};
use crate::sim::trace::What;

/// As [`super::page_arrows`]'s arrows, for the confirmed sync points drawn (major ones are
/// always drawn).
const MOST_CHECKPOINTS: f64 = 12.0;
/// How far the lines of sync points and breaks reach past the lifelines.
const OVERHANG: f64 = 30.0;
/// The x of the labels left of A's lifeline (resumes, restarts).
const LEFT: f64 = 4.0;

/// The marks laid out so far, and what placing the next ones needs.
pub(super) struct Marks<'a> {
    survey: &'a Survey,
    window: Window,
    geo: Geo,
    /// The y of each sync point drawn whatever else is near (a major one, or one a resume
    /// goes back to), in order: a proposed point's label gives way to theirs.
    kept_y: Vec<f64>,
    /// The height of the slices that group confirmed sync points.
    checkpoint_px: f64,
    checkpoint_bucket: i64,
    proposed_bucket: i64,
    /// Breaks so far: the connection a sync point was proposed on.
    epoch: u32,
    /// The y of the last label in the right margin (sync points, confirmed and proposed).
    margin_y: f64,
    /// The y of the last refused reconnect's label.
    refused_y: f64,
    /// The baselines of the labels across the middle (breaks, aborts): the labels beside the
    /// lifelines keep clear of them.
    pub across: Vec<f64>,
    out: Vec<Node>,
}

impl<'a> Marks<'a> {
    /// Marks for the part `window` shows, `share` of the whole run.
    pub fn new(survey: &'a Survey, window: Window, share: f64, geo: Geo) -> Marks<'a> {
        let kept_y = survey
            .checkpoints
            .iter()
            .filter(|(y, serial, major)| {
                (*major || survey.resumed_from.contains(serial)) && window.shows(*y, *y)
            })
            .map(|(y, ..)| *y)
            .collect();
        Marks {
            survey,
            window,
            geo,
            kept_y,
            checkpoint_px: super::page_arrows::grouping(
                survey.checkpoint_slices,
                share,
                LABEL_GAP,
                MOST_CHECKPOINTS,
            ),
            checkpoint_bucket: i64::MIN,
            proposed_bucket: i64::MIN,
            epoch: 0,
            margin_y: f64::MIN,
            refused_y: f64::MIN,
            across: Vec::new(),
            out: Vec::new(),
        }
    }

    /// The marks, in the order laid out.
    pub fn finish(self) -> Vec<Node> {
        self.out
    }

    /// Whether a sync point that must be drawn is within a label's height of `ty`.
    fn near_kept(&self, ty: f64) -> bool {
        let k = self.kept_y.partition_point(|y| *y < ty - LABEL_GAP);
        self.kept_y.get(k).is_some_and(|y| *y < ty + LABEL_GAP)
    }

    /// Whether a label in the right margin at `ty` is clear of the one before (and of kept
    /// sync points, unless `kept`); if so it is placed.
    fn margin_label(&mut self, ty: f64, kept: bool) -> bool {
        let clear = ty - self.margin_y >= LABEL_GAP && (kept || !self.near_kept(ty));
        if clear {
            self.margin_y = ty;
        }
        clear
    }

    /// A line across both lifelines at `ty`, labelled in the right margin.
    fn across(&self, ty: f64, label: Option<String>) -> Vec<Node> {
        let (xa, xb) = (self.geo.xa, self.geo.xb);
        let mut kids = vec![line(xa - OVERHANG, ty, xb + OVERHANG, ty).into()];
        if let Some(text) = label {
            kids.push(
                text_at(xb + OVERHANG + 4.0, ty + 4.0, None)
                    .text(text)
                    .into(),
            );
        }
        kids
    }

    /// A sync point proposed (MIP or MAP sent, trace index `i`) at `ty`: drawn if it was never
    /// confirmed on its connection, since the transfer cannot resume from it (X.225 7.10: only
    /// a confirmed point is safe). At most one a label-high slice of the run.
    pub fn proposed(&mut self, i: usize, serial: u32, ty: f64) {
        let bucket = (ty / LABEL_GAP) as i64;
        if self.survey.confirmed.contains(&(self.epoch, serial)) || bucket == self.proposed_bucket {
            return;
        }
        self.proposed_bucket = bucket;
        let labelled = self.margin_label(ty, false);
        let mut g = el("g")
            .key(i)
            .at("class", "checkpoint proposed")
            .title(format!(
                "sync point {serial} proposed, never confirmed: not safe to resume from"
            ));
        g.kids
            .extend(self.across(ty, labelled.then(|| format!("? {serial} unconfirmed"))));
        self.out.push(g.into());
    }

    /// A confirmed sync point (X.225 7.10, 7.11): the transfer can resume from it.
    pub fn checkpoint(&mut self, i: usize, what: &What, ty: f64) {
        let What::Checkpoint {
            serial,
            offset,
            major,
        } = what
        else {
            return;
        };
        let bucket = (ty / self.checkpoint_px) as i64;
        let kept = *major || self.survey.resumed_from.contains(serial);
        if !self.window.shows(ty, ty) || (bucket == self.checkpoint_bucket && !kept) {
            return;
        }
        self.checkpoint_bucket = bucket;
        // Too close to the label before it, or to one that must be drawn, it is drawn without
        // its own label (its title still says it).
        let labelled = self.margin_label(ty, kept);
        let mut g = el("g")
            .key(i)
            .at(
                "class",
                classes(&[Some("checkpoint"), major.then_some("major")]),
            )
            .title(format!(
                "sync point {serial} confirmed: byte {offset} is safe"
            ));
        g.kids.extend(self.across(
            ty,
            // On a narrow drawing the offset is in the title alone.
            labelled.then(|| match self.geo.roomy {
                true => format!("✓ {serial} @{offset}"),
                false => format!("✓ {serial}"),
            }),
        ));
        self.out.push(g.into());
    }

    /// A break of the transport connection: a cut from the sync points' lines' left end to
    /// their right end, clear of their labels.
    pub fn cut(&mut self, i: usize, what: &What, ty: f64) {
        self.epoch += 1;
        let What::Break { cause, lost, .. } = what else {
            return;
        };
        if !self.window.shows(ty, ty) {
            return;
        }
        // The label is short, so that it stays clear of the arrows' labels beside both
        // lifelines (a cause can be long); the cause is in its title and the table. It says
        // "SPDUs", as a sync point's serial number beside it would be read otherwise.
        let title = format!("break: {cause}; {lost} SPDUs lost in flight");
        let label = format!("break: {lost} SPDUs lost");
        self.zigzag(i, "break", ty, title, label);
    }

    /// A user's abort (X.225 7.9: AB), drawn as visibly as a break: a cut across both
    /// lifelines where the session ends for good, with nothing to resume from. (A provider's
    /// abort when the transport breaks is the break's own: the session may be recovered.)
    pub fn abort(&mut self, i: usize, ty: f64, title: String, label: &str) {
        if self.window.shows(ty, ty) {
            self.zigzag(i, "abort", ty, title, label.to_string());
        }
    }

    /// A zigzag cut from the sync points' lines' left end to their right end, clear of their
    /// labels, with its label across the middle above it.
    fn zigzag(&mut self, i: usize, class: &'static str, ty: f64, title: String, label: String) {
        let points: Vec<String> = (0..=16)
            .map(|k| {
                let (xa, xb) = (self.geo.xa, self.geo.xb);
                let px = xa - OVERHANG + k as f64 * (xb - xa + 2.0 * OVERHANG) / 16.0;
                let py = ty + if k % 2 == 0 { -4.0 } else { 4.0 };
                format!("{},{}", coord(px), coord(py))
            })
            .collect();
        self.across.push(ty - 8.0);
        let g = el("g")
            .key(i)
            .at("class", class)
            .title(title)
            .kid(el("polyline").at("points", points.join(" ")))
            .kid(text_at(self.geo.mid(), ty - 8.0, Some("middle")).text(label));
        self.out.push(g.into());
    }

    /// A resume (X.225 7.17, AR) at `ty`, with an arrow back up to the sync point it resumes
    /// from, at `back`; its label left of A's lifeline.
    pub fn resume(&mut self, i: usize, (serial, offset): (u32, u64), ty: f64, back: f64) {
        if !self.window.shows(ty, back) {
            return;
        }
        let d = format!(
            "M {} {} C {} {} {} {} {} {}",
            coord(self.geo.xa - 6.0),
            coord(ty),
            coord(self.geo.xa - 70.0),
            coord(ty),
            coord(self.geo.xa - 70.0),
            coord(back),
            coord(self.geo.xa - OVERHANG),
            coord(back)
        );
        let mid = (ty + back) / 2.0;
        let g = el("g")
            .key(i)
            .at("class", "resume")
            .kid(el("path").at("d", d).at("marker-end", "url(#arrow)"))
            .kid(text_at(LEFT, mid, None).text(format!("resume {serial}")))
            .kid(text_at(LEFT, mid + 13.0, None).text(format!("@{offset}")));
        self.out.push(g.into());
    }

    /// A restart from byte 0, left of A's lifeline as a resume's label is: right of it are
    /// the labels of the arrows A sends then (AS first).
    pub fn restart(&mut self, i: usize, ty: f64) {
        if !self.window.shows(ty, ty) {
            return;
        }
        let span = |dy: Option<&'static str>, text: &'static str| {
            el("tspan").at("x", LEFT).at_some("dy", dy).text(text)
        };
        let t = el("text")
            .key(i)
            .at("class", "restart")
            .at("x", LEFT)
            .at("y", ty)
            .kid(span(None, "restart"))
            .kid(span(Some("13"), "from byte 0"));
        self.out.push(t.into());
    }

    /// A reconnect the transport refused sends no CN: a stub from A's lifeline that goes
    /// nowhere, in the gap between the break and the CN that gets through. Its label is left
    /// out where the one before is too close (it is in the title).
    pub fn refused(&mut self, i: usize, attempt: u32, ty: f64) {
        if !self.window.shows(ty, ty) {
            return;
        }
        let labelled = ty - self.refused_y >= LABEL_GAP;
        if labelled {
            self.refused_y = ty;
        }
        let mut g = el("g")
            .key(i)
            .at("class", "refused")
            .title(format!(
                "reconnect attempt {attempt}: the transport refused the connection \
                 (T-DISCONNECT before T-CONNECT confirm), so no CN was sent"
            ))
            .kid(line(self.geo.xa, ty, self.geo.xa + 40.0, ty))
            .kid(
                el("text")
                    .at("class", "x")
                    .at("x", self.geo.xa + 40.0)
                    .at("y", ty + 4.0)
                    .at("text-anchor", "middle")
                    .text("✕"),
            );
        if labelled {
            g = g.kid(
                text_at(self.geo.xa + 50.0, ty + 4.0, None)
                    .text(format!("reconnect {attempt} refused")),
            );
        }
        self.out.push(g.into());
    }
}
