//! The application's story on the page diagram: what each host's application did, in its
//! words ("credentials of alice verified", "call 2: add(2, 20)", "heard …"), at its time, as a
//! dot on that host's lifeline and a note just inside it, in the column of the labels of the
//! arrows that host sends (see [`super::labels`]).

use super::labels::{Ask, Rank};
use super::page::{Geo, LABEL_GAP};
use super::page_arrows::LABEL_INSET;
use super::{el, text_at, Node};
use crate::sim::trace::Host;

/// How far down a note may be moved to stay clear of the labels before it; past that it is
/// left out (the table lists it).
const NOTE_DRIFT: f64 = 3.0 * LABEL_GAP;

/// The notes laid out so far: (trace index, host, height, text).
#[derive(Default)]
pub(super) struct Notes(Vec<(usize, Host, f64, String)>);

impl Notes {
    /// The note of trace index `i`, by `host`'s application, at height `ty`.
    pub fn add(&mut self, i: usize, host: Host, ty: f64, text: &str) {
        self.0.push((i, host, ty, text.to_string()));
    }

    /// The labels they ask for, in order.
    pub fn asks(&self) -> Vec<Ask> {
        self.0
            .iter()
            .map(|(_, host, ty, _)| Ask {
                side: usize::from(*host == Host::B),
                // Hanging under its dot, a label's height below the labels of the arrows
                // sent at that moment (whose baselines are 2 px above theirs).
                y: ty + LABEL_GAP - 2.0,
                rank: Rank::Must(NOTE_DRIFT),
            })
            .collect()
    }

    /// Their shapes, with their words where `labels` (planned from [`Notes::asks`]) puts them.
    pub fn finish(self, labels: &[Option<f64>], geo: Geo) -> Vec<Node> {
        self.0
            .into_iter()
            .zip(labels)
            .map(|((i, host, ty, text), at)| note(i, (host, geo), ty, text, *at))
            .collect()
    }
}

/// One note: its dot, and its words at `label_y` (cut to the drawing's `note_chars`, all of
/// them in its title); a note left out keeps its dot and title.
fn note(i: usize, (host, geo): (Host, Geo), ty: f64, text: String, label_y: Option<f64>) -> Node {
    let x = |h: Host| geo.x(h);
    let side = match host {
        Host::A => "note a",
        Host::B => "note b",
    };
    let dot = el("circle").at("cx", x(host)).at("cy", ty).at("r", "3");
    let g = el("g")
        .key(i)
        .at("class", side)
        .title(format!("Host {}'s application: {text}", host.name()))
        .kid(dot);
    let Some(y) = label_y else {
        return g.into();
    };
    let (lx, anchor) = match host {
        Host::A => (x(host) + LABEL_INSET, "start"),
        Host::B => (x(host) - LABEL_INSET, "end"),
    };
    let words = if text.chars().count() > geo.note_chars {
        let mut cut: String = text.chars().take(geo.note_chars - 1).collect();
        cut.push('…');
        cut
    } else {
        text
    };
    g.kid(text_at(lx, y, Some(anchor)).text(words)).into()
}
