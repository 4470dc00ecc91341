//! Share, save, export: the link of the run, the scenario as JSON (open and save), the trace
//! as JSON, the timeline as SVG, the capture as pcap for Wireshark.

use wasm_bindgen::JsCast;
use yew::prelude::*;

use super::model::Msg;
use super::props::{action, ms, ModelProps, NO_RUN};
use crate::sim::svg::{render, SvgOptions};
use crate::sim::World;

/// Offers `bytes` as a file download named `name`.
fn download(name: &str, mime: &str, bytes: &[u8]) -> Result<(), String> {
    let fail = |what: &str| format!("could not save {name}: {what}");
    let window = web_sys::window().ok_or_else(|| fail("no window"))?;
    let document = window.document().ok_or_else(|| fail("no document"))?;
    let array = js_sys::Uint8Array::from(bytes);
    let parts = js_sys::Array::of1(&array);
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_u8_array_sequence_and_options(&parts, &options)
        .map_err(|_| fail("the browser refused the file"))?;
    let url =
        web_sys::Url::create_object_url_with_blob(&blob).map_err(|_| fail("no object URL"))?;
    let a: web_sys::HtmlAnchorElement = document
        .create_element("a")
        .map_err(|_| fail("no link element"))?
        .unchecked_into();
    a.set_href(&url);
    a.set_download(name);
    a.click();
    let _ = web_sys::Url::revoke_object_url(&url);
    Ok(())
}

/// Says what went wrong, if anything did.
fn report(send: &Callback<Msg>, r: Result<(), String>) {
    if let Err(e) = r {
        send.emit(Msg::Message(e));
    }
}

/// Said once the capture is saved, after what it holds.
const PCAP_HINT: &str = "Wireshark reads it with its default settings: TPKT, COTP, SES, \
    and PRES for the session user data (a presentation PDU, in the playground's presentation \
    context 1).";

/// Copy link: the link of this run at the Time shown and the Speed chosen, whether playing or
/// not (it opens there, paused, at that speed), written to the clipboard.
fn copy_link(m: &super::model::Playground, send: Callback<Msg>) -> Callback<MouseEvent> {
    let now = m.world.borrow().now();
    let link = crate::share::to_link(&m.scenario, Some(now), Some(m.speed));
    Callback::from(move |_| {
        let Some(w) = web_sys::window() else { return };
        let here = w.location().href().unwrap_or_default();
        let href = format!("{}#{link}", here.split('#').next().unwrap_or_default());
        let written = w.navigator().clipboard().write_text(&href);
        let send = send.clone();
        // Said only once the browser says it is done: it may refuse the clipboard.
        wasm_bindgen_futures::spawn_local(async move {
            send.emit(match wasm_bindgen_futures::JsFuture::from(written).await {
                Ok(_) => Msg::Notice(format!("Link copied: {} characters", href.len())),
                Err(_) => Msg::Message(
                    "The browser did not allow copying the link: copy it from the address bar (it holds the whole run)".into(),
                ),
            });
        });
    })
}

/// Export SVG: the selected session's timeline as a standalone SVG document.
fn export_svg(
    m: &super::model::Playground,
    session: u32,
    send: Callback<Msg>,
) -> Callback<MouseEvent> {
    let world = m.world.clone();
    Callback::from(move |_| {
        let w = world.borrow();
        let app = w.app_name(session).unwrap_or_default().to_string();
        let svg = render(
            w.trace(),
            session,
            &SvgOptions {
                app,
                ..SvgOptions::default()
            },
        );
        report(
            &send,
            download(
                &format!("timeline-session-{session}.svg"),
                "image/svg+xml",
                svg.as_bytes(),
            ),
        );
    })
}

/// Export pcap: the same run again with a capture (the world is deterministic), the whole run
/// when its end is known, whatever the Time shown; else as far as it stands.
fn export_pcap(m: &super::model::Playground, send: Callback<Msg>) -> Callback<MouseEvent> {
    let end = m.end.at();
    let world = m.world.clone();
    let s = m.scenario.clone();
    Callback::from(move |_| {
        // The same run again with a capture: the world is deterministic. The whole run
        // when its end is known, whatever the Time shown; else as far as it stands.
        let now = world.borrow().now();
        let (to, holds) = match end {
            Some(end) => (
                end.max(now),
                format!("the whole run, from 0 to {}", ms(end.max(now))),
            ),
            None => (
                now,
                format!(
                    "the run from 0 to the Time shown, {} (its end is not known yet)",
                    ms(now)
                ),
            ),
        };
        let mut again = World::new(&s);
        // Its trace is not needed: the capture is.
        again.set_trace_limit(1);
        again.enable_capture();
        again.run_until(to);
        let pcap = again.take_capture().unwrap_or_default();
        // Wireshark hands session user data to its presentation dissector, which reports
        // errors on what is not a presentation PDU, as the data here is not.
        send.emit(
            match download("session.pcap", "application/vnd.tcpdump.pcap", &pcap) {
                Ok(()) => Msg::Notice(format!("Saved session.pcap: {holds}. {PCAP_HINT}")),
                Err(e) => Msg::Message(e),
            },
        );
    })
}

/// Open scenario: a scenario file or an exported run, read and checked.
fn open_scenario(send: Callback<Msg>) -> Callback<Event> {
    Callback::from(move |e: Event| {
        let input: web_sys::HtmlInputElement = e.target_unchecked_into();
        let Some(file) = input.files().and_then(|f| f.get(0)) else {
            return;
        };
        input.set_value("");
        if file.size() > crate::sim::import::MAX_EXPORT_JSON as f64 {
            send.emit(Msg::Message(format!(
                "{} is too large to open ({} octets; at most {})",
                file.name(),
                file.size(),
                crate::sim::import::MAX_EXPORT_JSON
            )));
            return;
        }
        let send = send.clone();
        wasm_bindgen_futures::spawn_local(async move {
            let text = wasm_bindgen_futures::JsFuture::from(file.text()).await;
            match text.ok().and_then(|t| t.as_string()) {
                Some(t) => match crate::sim::import::open(&t) {
                    Ok(s) => send.emit(Msg::Load(s)),
                    Err(e) => send.emit(Msg::Message(format!(
                        "{} is not a scenario or an exported run: {e}",
                        file.name()
                    ))),
                },
                None => send.emit(Msg::Message(format!("{} could not be read", file.name()))),
            }
        });
    })
}

/// The share and export buttons.
pub fn share_panel(p: &ModelProps) -> Html {
    let m = &p.model;
    let session = m.selected.unwrap_or(0);
    let has_run = m.has_run();
    let copy_link = copy_link(m, p.send.clone());
    let save_scenario = {
        let (s, send) = (m.scenario.clone(), p.send.clone());
        Callback::from(move |_| {
            let json = crate::sim::import::scenario_file(&s);
            report(&send, download("scenario.json", "application/json", &json));
        })
    };
    let export_json = {
        let world = m.world.clone();
        let s = m.scenario.clone();
        let send = p.send.clone();
        Callback::from(move |_| {
            let json = crate::sim::import::export(&s, &world.borrow());
            report(&send, download("trace.json", "application/json", &json));
        })
    };
    let export_svg = export_svg(m, session, p.send.clone());
    let export_pcap = export_pcap(m, p.send.clone());
    let open_scenario = open_scenario(p.send.clone());
    // Disabled as a session's actions are (`action`): still focusable, saying why.
    let no_run = (!has_run).then_some(NO_RUN);
    html! {
        <div class="share" role="group" aria-label="Share and export">
            { action("Copy link", no_run, "Copies a link to this run: the scenario and every action taken", copy_link) }
            { action("Save scenario", no_run, "Saves the scenario and the actions taken as JSON, to open again", save_scenario) }
            <label class="file">{ "Open scenario" }
                <input type="file" accept=".json,application/json" onchange={ open_scenario } />
            </label>
            { action("Export SVG", no_run, "Saves the selected session's timeline as an SVG picture", export_svg) }
            { action("Export JSON", no_run, "Saves the run: its scenario, trace and summaries", export_json) }
            { action("Export pcap", no_run, "Saves every SPDU of the whole run (not only up to the Time shown) as a capture for Wireshark", export_pcap) }
        </div>
    }
}
