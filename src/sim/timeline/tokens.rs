//! The token lane of the page diagram: beside each host's lifeline, one thin bar per token
//! (data, minor sync, major/activity, release; X.225 5.4) drawn over the time that host holds
//! it, so who may send what is visible at every moment. Read from the trace's token records.

use super::page::{Geo, Scale, Window, TOP};
use super::{el, line, Node};
use crate::sim::text::ms;
use crate::sim::trace::{Host, TraceEvent, What};

/// The tokens, as the trace names them, and the letter each bar is headed with.
pub const TOKENS: [(&str, &str); 4] = [
    ("data", "d"),
    ("minor sync", "m"),
    ("major/activity", "M"),
    ("release", "r"),
];

/// Where the bar of token `k` of `host` stands.
fn bar_x(geo: Geo, host: Host, k: usize) -> f64 {
    let step = 10.0 + 7.0 * k as f64;
    match host {
        Host::A => geo.xa - step,
        Host::B => geo.xb + step,
    }
}

/// When each host held each token: (host, token, from, to), `end` closing what is still held.
fn spans(events: &[(usize, &TraceEvent)], end: u64) -> Option<Vec<(Host, usize, u64, u64)>> {
    // Since when each host has held each token, if it does.
    let mut since: [[Option<u64>; 4]; 2] = [[None; 4]; 2];
    let mut spans = Vec::new();
    let mut seen = false;
    for (_, e) in events {
        let What::Tokens { host, held } = &e.what else {
            continue;
        };
        seen = true;
        let h = usize::from(*host == Host::B);
        for (k, (name, _)) in TOKENS.iter().enumerate() {
            let holds = held.split(", ").any(|n| n == *name);
            match (since[h][k], holds) {
                (None, true) => since[h][k] = Some(e.t),
                (Some(from), false) => {
                    spans.push((*host, k, from, e.t));
                    since[h][k] = None;
                }
                _ => {}
            }
        }
    }
    if !seen {
        return None;
    }
    for (h, host) in [Host::A, Host::B].into_iter().enumerate() {
        for (k, from) in since[h].iter().enumerate() {
            if let Some(from) = from {
                spans.push((host, k, *from, end));
            }
        }
    }
    Some(spans)
}

/// The bars in view, and the letters heading them; nothing for a session that never
/// recorded its tokens. `end` is the time the diagram ends.
pub(super) fn lane(
    events: &[(usize, &TraceEvent)],
    scale: Scale,
    window: Window,
    end: u64,
) -> Vec<Node> {
    let Some(spans) = spans(events, end) else {
        return Vec::new();
    };
    let mut shapes: Vec<Node> = [Host::A, Host::B]
        .into_iter()
        .flat_map(|host| {
            TOKENS.iter().enumerate().map(move |(k, (name, letter))| {
                el("text")
                    .at("class", "token-head")
                    .at("x", bar_x(scale.geo, host, k))
                    .at("y", TOP - 4.0)
                    .at("text-anchor", "middle")
                    .title(format!("{name} token"))
                    .text(*letter)
                    .into()
            })
        })
        .collect();
    shapes.extend(spans.into_iter().filter_map(|(host, k, from, to)| {
        let (y1, y2) = (scale.y(from), scale.y(to).max(scale.y(from) + 1.0));
        if !window.shows(y1, y2) {
            return None;
        }
        let bx = bar_x(scale.geo, host, k);
        let tip = format!(
            "Host {} holds the {} token from {} ms to {} ms",
            host.name(),
            TOKENS[k].0,
            ms(from),
            ms(to)
        );
        let bar = line(bx, y1, bx, y2).at("class", format!("token t{k}"));
        Some(bar.title(tip).into())
    }));
    shapes
}
