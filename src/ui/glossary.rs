//! The glossary: the words of the standard and of the page, each in a sentence or two, under
//! the workspace. The places that use them link to their entry with [`term`], a button (the
//! URL fragment holds the run, so a plain `#anchor` link would replace it).

use wasm_bindgen::JsCast;
use yew::prelude::*;

use crate::sim::narration::spdu_name;

/// The entries: id (after "glossary-"), term, explanation.
pub const ENTRIES: [(&str, &str, &str); 10] = [
    (
        "spdu",
        "SPDU (CN, AC, DT, …)",
        "A session protocol data unit: one message of the session protocol, named by two or three \
         letters (the list below). Several can travel in one TSDU.",
    ),
    (
        "tsdu",
        "TSDU, and Drop next TSDU",
        "A transport service data unit: what the session layer hands the transport in one go (an \
         SPDU, or a few concatenated). \"Drop next TSDU\" makes the transport lose the next one \
         once: it sends it again after its retransmission timeout (200 ms), so it arrives late \
         but whole, as TCP repairs a lost segment.",
    ),
    (
        "state",
        "States (STA01, STA02A, STA713, …)",
        "Each host's session machine is in one state at a time, named as X.225's state table \
         (Annex A) names it, with its meaning after the code: STA01 idle, STA02A waiting for the \
         AC SPDU (the answer to a CN), STA713 data transfer, STA03 waiting for the DN SPDU (the \
         answer to a FN), STA16 waiting for the transport to close.",
    ),
    (
        "serials",
        "V(M), V(A), V(R)",
        "The serial numbers each machine keeps for synchronization (X.225 7.9 to 7.11): V(M) is \
         the number the next sync point will get, V(A) the lowest one not yet confirmed, V(R) \
         the lowest one a resynchronize may go back to. V(A) = V(M) means every sync point sent \
         is confirmed.",
    ),
    (
        "sync",
        "Sync points (MIP, MIA, MAP, MAA)",
        "A sync point marks a place in the data: the sender asks (MIP minor, MAP major) and the \
         receiver confirms (MIA, MAA) that it has everything before it. After a break, the \
         transfer resumes from the last one confirmed, not from byte 0.",
    ),
    (
        "tokens",
        "Tokens, and the letters d, m, M, r",
        "A token is the right to do one thing: d the data token (in half-duplex, only its holder \
         sends), m minor sync, M major sync and activity, r release. The diagram draws a bar \
         beside a host's lifeline while it holds one, headed by its letter; GT gives tokens, PT \
         asks for them.",
    ),
    (
        "more",
        "\"and 41 more\" on an arrow",
        "An arrow labelled \"MIP 3 and 41 more DT\" stands for MIP 3 and 41 more SPDUs (here DT) \
         sent close together, grouped so the diagram stays readable; only what repeats is \
         grouped, never a connect, accept, refuse, abort, release, resume or resynchronize. \
         Zoom in to see each one, or open the timeline as a table.",
    ),
    (
        "activity",
        "Activity (AS, AR, AI, AE)",
        "A piece of work the session can interrupt and resume, here the file's transfer: AS \
         starts it, AI interrupts it, AR resumes it on a new connection from a confirmed sync \
         point, AE ends it.",
    ),
    (
        "decoded",
        "Decoded",
        "The inspector decodes the octets that went on the wire again, with the playground's own \
         decoder, and names what they hold: a check that the bytes say what the timeline says. \
         The user data the applications put in them is read too where the playground knows its \
         format.",
    ),
    (
        "dialog",
        "Half-duplex and full-duplex",
        "In half-duplex only the data token's holder sends, and the hosts take turns; in \
         full-duplex both send at any time. The mode is fixed when the session connects (X.225 \
         7.1.7), so switching it releases the session and connects again in the other mode.",
    ),
];

/// The SPDUs the list in the glossary names.
const SPDUS: [&str; 22] = [
    "CN", "AC", "RF", "FN", "DN", "AB", "AA", "DT", "GT", "PT", "MIP", "MIA", "MAP", "MAA", "RS",
    "RA", "AS", "AR", "AI", "AIA", "AE", "AEA",
];

/// Opens the glossary at the entry `id` and gives it the keyboard's focus.
pub fn show(id: &str) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    if let Some(details) = document.get_element_by_id("glossary") {
        let _ = details.set_attribute("open", "");
    }
    if let Some(entry) = document.get_element_by_id(&format!("glossary-{id}")) {
        entry.scroll_into_view();
        if let Ok(el) = entry.dyn_into::<web_sys::HtmlElement>() {
            let _ = el.focus();
        }
    }
}

/// A button that opens the glossary at entry `id`, named `name` ("What is V(M)?").
pub fn term(id: &'static str, name: &str) -> Html {
    let onclick = Callback::from(move |_: MouseEvent| show(id));
    html! {
        <button type="button" class="term" {onclick}>{ name }</button>
    }
}

/// The glossary, folded until opened.
#[function_component(Glossary)]
pub fn glossary() -> Html {
    html! {
        <details id="glossary" class="glossary">
            <summary>{ "Glossary: the words on this page" }</summary>
            <dl>
                { for ENTRIES.iter().map(|(id, word, what)| html! {
                    <>
                        <dt id={ format!("glossary-{id}") } tabindex="-1">{ *word }</dt>
                        <dd>{ *what }</dd>
                    </>
                }) }
            </dl>
            <h3>{ "The SPDUs" }</h3>
            <ul class="spdu-names">
                { for SPDUS.iter().map(|s| html! {
                    <li><abbr>{ *s }</abbr>{ format!(" {}", spdu_name(s)) }</li>
                }) }
            </ul>
        </details>
    }
}
