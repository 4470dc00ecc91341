//! The inspector: the decoded fields and octets of the SPDU selected on the timeline.

use bytes::Bytes;
use yew::prelude::*;

use super::props::{ms, ViewProps};
use crate::protocol::codec::{decode_tsdu, DecodeContext};
use crate::sim::What;

/// Parses the trace's hex back into octets (stops at the "…" of a cut data SPDU).
fn octets(hex: &str) -> (Vec<u8>, bool) {
    let cut = hex.ends_with('…');
    let bytes = hex
        .split_whitespace()
        .filter_map(|h| u8::from_str_radix(h, 16).ok())
        .collect();
    (bytes, cut)
}

/// Shows the SPDU selected on the timeline.
#[function_component(InspectorPanel)]
pub fn inspector_panel(p: &ViewProps) -> Html {
    let world = p.model.world.borrow();
    let event = p.model.inspected.and_then(|i| world.trace().events.get(i));
    let body = match event.map(|e| (e.t, &e.what)) {
        Some((
            t,
            What::Spdu {
                spdu,
                from,
                serial,
                len,
                header_len,
                hex,
                arrives,
                ..
            },
        )) => {
            let (bytes, cut) = octets(hex);
            let decoded = if cut {
                format!("{spdu}: the header and the first octets of its {} octets of user data are shown; the rest is not kept in the trace.", len - header_len)
            } else {
                match decode_tsdu(&Bytes::from(bytes.clone()), DecodeContext::default()) {
                    Ok(spdus) => format!("{spdus:#?}"),
                    Err(e) => format!("does not decode: {e}"),
                }
            };
            html! {
                <>
                    <dl class="fields">
                        <dt>{ "SPDU" }</dt><dd>{ spdu.clone() }</dd>
                        <dt>{ "From" }</dt><dd>{ format!("host {from:?} to host {:?}", from.peer()) }</dd>
                        <dt>{ "Sent" }</dt><dd>{ ms(t) }</dd>
                        <dt>{ "Arrives" }</dt><dd>{ arrives.map(ms).unwrap_or_else(|| "lost in a break".into()) }</dd>
                        <dt>{ "Serial number" }</dt><dd>{ serial.map(|s| s.to_string()).unwrap_or_else(|| "none".into()) }</dd>
                        <dt>{ "Length" }</dt><dd>{ format!("{len} octets ({header_len} of session protocol)") }</dd>
                    </dl>
                    <h3>{ "Octets" }</h3>
                    <pre class="hex" aria-label="Octets in hex">{ hex.clone() }</pre>
                    <h3>{ "Decoded" }</h3>
                    <pre class="decoded">{ decoded }</pre>
                </>
            }
        }
        Some((t, other)) => {
            html! { <pre class="decoded">{ format!("{}\n{other:#?}", ms(t)) }</pre> }
        }
        None => {
            html! { <p class="empty">{ "Select an SPDU on the timeline to see its fields and octets." }</p> }
        }
    };
    html! {
        <section class="panel inspector" aria-labelledby="inspector-title">
            <h2 id="inspector-title">{ "Inspector" }</h2>
            { body }
        </section>
    }
}
