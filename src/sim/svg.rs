//! One session's trace as a standalone SVG document: the export's layout
//! ([`super::timeline::export`]) written as text. This module draws nothing itself: it writes
//! the document's root and style, then each laid-out node.

use super::timeline::export::{self, Options};
use super::timeline::{El, Node};
use super::trace::Trace;

pub use super::timeline::export::{MAX_GAP, MIN_GAP};
pub use super::timeline::{coord, esc, push_digits};

/// How to draw the diagram (see [`Options`]).
pub type SvgOptions = Options;

/// The diagram of `session` in `trace`, as a standalone SVG document. The same trace and
/// options give the same octets.
pub fn render(trace: &Trace, session: u32, opts: &SvgOptions) -> String {
    let d = export::layout(trace, session, opts);
    let mut out = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"osi-timeline\" width=\"{w}\" \
         height=\"{h}\" viewBox=\"0 0 {w} {h}\" role=\"img\" aria-label=\"{l}\">\n\
         <title>{l}</title>\n<desc>{d}</desc>\n<style>{STYLE}</style>\n",
        w = d.width,
        h = coord(d.height),
        l = esc(&d.label),
        d = esc(&d.desc),
    );
    for n in &d.nodes {
        write(n, &mut out);
        out.push('\n');
    }
    out.push_str("</svg>\n");
    out
}

/// Writes `n` as SVG text: attributes in the order laid out, text escaped.
pub fn write(n: &Node, out: &mut String) {
    match n {
        Node::Text(t) => out.push_str(&esc(t)),
        Node::El(e) => write_el(e, out),
    }
}

fn write_el(e: &El, out: &mut String) {
    out.push('<');
    out.push_str(e.tag);
    for (name, v) in &e.attrs {
        out.push(' ');
        out.push_str(name);
        out.push_str("=\"");
        out.push_str(&esc(&v.text()));
        out.push('"');
    }
    if e.kids.is_empty() {
        out.push_str("/>");
        return;
    }
    out.push('>');
    for k in &e.kids {
        write(k, out);
    }
    out.push_str("</");
    out.push_str(e.tag);
    out.push('>');
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
    use crate::sim::timeline::{el, text_at};

    #[test]
    fn nodes_are_written_with_their_attributes_in_order_and_escaped() {
        let g = el("g")
            .at("class", "spdu")
            .title("a <b>")
            .kid(text_at(1.0, 2.5, Some("middle")).text("CN & AC"))
            .kid(el("line").at("x1", 3.0));
        let mut s = String::new();
        write(&g.into(), &mut s);
        assert_eq!(
            s,
            "<g class=\"spdu\"><title>a &lt;b&gt;</title><text x=\"1.0\" y=\"2.5\" \
             text-anchor=\"middle\">CN &amp; AC</text><line x1=\"3.0\"/></g>"
        );
    }
}
