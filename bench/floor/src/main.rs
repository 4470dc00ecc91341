//! The counter (../counter), plus a button that reads the scenario or exported run in the URL
//! fragment (or a built-in scenario's name) and runs it through the simulated world, and then
//! writes what the page's exports write: the run as JSON, the timeline as SVG, the capture as
//! pcap. What yew and the simulation weigh together, before any of the playground's views. It
//! still leaves out what only the page's views ask of the simulation (rewinding, the reasons a
//! button is disabled, the progress lane's lines), so it is a floor, not the whole of it.
use osi_session::sim::svg::{render, SvgOptions};
use osi_session::sim::{builtin, import, World};
use yew::prelude::*;

/// An hour of simulated time, as `session-sim run` allows.
const LIMIT_US: u64 = 3_600_000_000;

/// What the run of `text` (a built-in scenario's name, a scenario or an exported run) gives,
/// or what is wrong with it.
fn run(text: &str) -> String {
    let scenario = match builtin(text).map_or_else(|| import::open(text), Ok) {
        Ok(scenario) => scenario,
        Err(e) => return e.to_string(),
    };
    let mut world = World::new(&scenario);
    world.enable_capture();
    world.run_to_end(LIMIT_US);
    let json = import::export(&scenario, &world);
    let svg = render(world.trace(), 0, &SvgOptions::default());
    let pcap = world.take_capture().unwrap_or_default();
    format!(
        "{}\n{} octets of SVG, {} octets of pcap",
        String::from_utf8_lossy(&json),
        svg.len(),
        pcap.len()
    )
}

#[function_component]
fn App() -> Html {
    let count = use_state(|| 0u32);
    let out = use_state(String::new);
    let onclick = {
        let count = count.clone();
        Callback::from(move |_| count.set(*count + 1))
    };
    let onrun = {
        let out = out.clone();
        Callback::from(move |_| {
            let hash = web_sys::window()
                .and_then(|w| w.location().hash().ok())
                .unwrap_or_default();
            let json = js_sys::decode_uri_component(hash.trim_start_matches('#'))
                .map(String::from)
                .unwrap_or(hash);
            out.set(run(&json));
        })
    };
    html! {
        <main>
            <p>{ *count }</p>
            <button {onclick}>{ "+1" }</button>
            <button onclick={onrun}>{ "Run" }</button>
            <pre>{ (*out).clone() }</pre>
        </main>
    }
}

fn main() {
    yew::Renderer::<App>::new().render();
}
