//! The diagram's zoom buttons, and what the drawing leaves to zooming in.

use yew::prelude::*;

use super::glossary;

/// Properties of the zoom bar.
#[derive(Properties, PartialEq, Clone)]
pub struct ZoomBarProps {
    /// Zooms by the factor given.
    pub rezoom: Callback<f64>,
    /// The arrows drawn, and the SPDUs of the session.
    pub drawn: usize,
    pub spdus: usize,
}

/// "Zoom out" and "Zoom in", the token bars' key, and how many arrows stand for the SPDUs.
#[function_component(ZoomBar)]
pub fn zoom_bar(p: &ZoomBarProps) -> Html {
    let by = |factor: f64| p.rezoom.reform(move |_: MouseEvent| factor);
    html! {
        <div class="zoom" role="group" aria-label="Zoom">
            <button type="button" onclick={ by(0.5) }>{ "Zoom out" }</button>
            <button type="button" onclick={ by(2.0) }>{ "Zoom in" }</button>
            <span class="note">{ "Bars beside each lifeline: the tokens it holds (d data, m minor sync, M major/activity, r release). " }
                { glossary::term("tokens", "What are tokens?") }</span>
            if p.drawn < p.spdus {
                <span class="note">{ format!("{} arrows drawn for {} SPDUs: zoom in or scroll for each. ", p.drawn, p.spdus) }
                    { glossary::term("more", "What is \"and 41 more\"?") }</span>
            }
        </div>
    }
}
