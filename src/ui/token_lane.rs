//! The token lane of the timeline: beside each host's lifeline, one thin bar per token (data,
//! minor sync, major/activity, release; X.225 5.4) drawn over the time that host holds it, so
//! who may send what is visible at every moment. Read from the trace's token records.

use yew::prelude::*;

use super::props::ms;
use crate::sim::svg::coord;
use crate::sim::{Host, TraceEvent, What};

/// The tokens, as the trace names them, and the letter each bar is headed with.
const TOKENS: [(&str, &str); 4] = [
    ("data", "d"),
    ("minor sync", "m"),
    ("major/activity", "M"),
    ("release", "r"),
];

/// Where the bar of token `k` of `host` stands, next to the lifeline at `lifeline`.
fn bar_x(host: Host, lifeline: f64, k: usize) -> f64 {
    let step = 10.0 + 7.0 * k as f64;
    match host {
        Host::A => lifeline - step,
        Host::B => lifeline + step,
    }
}

/// The bars, and the letters heading them. `y` maps a time to a height; `shows` says whether
/// a span of heights is in view; `end` is the time the diagram ends.
pub fn token_lane(
    events: &[(usize, &TraceEvent)],
    x: impl Fn(Host) -> f64,
    y: impl Fn(u64) -> f64,
    shows: impl Fn(f64, f64) -> bool,
    end: u64,
    top: f64,
) -> Vec<Html> {
    // Since when each host has held each token, if it does.
    let mut since: [[Option<u64>; 4]; 2] = [[None; 4]; 2];
    let mut spans: Vec<(Host, usize, u64, u64)> = Vec::new();
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
        return Vec::new();
    }
    for (h, host) in [Host::A, Host::B].into_iter().enumerate() {
        for (k, from) in since[h].iter().enumerate() {
            if let Some(from) = from {
                spans.push((host, k, *from, end));
            }
        }
    }
    let mut shapes: Vec<Html> = [Host::A, Host::B]
        .into_iter()
        .flat_map(|host| {
            let lifeline = x(host);
            TOKENS.iter().enumerate().map(move |(k, (name, letter))| {
                html! {
                    <text class="token-head" x={ coord(bar_x(host, lifeline, k)) } y={ coord(top - 4.0) } text-anchor="middle">
                        <title>{ format!("{name} token") }</title>
                        { *letter }
                    </text>
                }
            })
        })
        .collect();
    shapes.extend(spans.into_iter().filter_map(|(host, k, from, to)| {
        let (y1, y2) = (y(from), y(to).max(y(from) + 1.0));
        if !shows(y1, y2) {
            return None;
        }
        let bx = coord(bar_x(host, x(host), k));
        let tip = format!(
            "Host {} holds the {} token from {} to {}",
            host.name(),
            TOKENS[k].0,
            ms(from),
            ms(to)
        );
        Some(html! {
            <line class={ format!("token t{k}") } x1={ bx.clone() } y1={ coord(y1) } x2={ bx } y2={ coord(y2) }>
                <title>{ tip }</title>
            </line>
        })
    }));
    shapes
}
