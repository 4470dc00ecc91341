//! The counter (../counter), plus a button that runs the scenario in the URL fragment through
//! the simulated world and shows its trace and summaries as JSON: what yew and the simulation
//! weigh together, before any of the playground's views.
use osi_session::sim::{Scenario, World};
use yew::prelude::*;

/// An hour of simulated time, as `session-sim run` allows.
const LIMIT_US: u64 = 3_600_000_000;

/// The run of the scenario `json` as JSON, or what is wrong with the scenario.
fn run(json: &str) -> String {
    match Scenario::from_json(json) {
        Ok(scenario) => {
            let mut world = World::new(&scenario);
            world.run_to_end(LIMIT_US);
            serde_json::json!({"trace": world.trace(), "summaries": world.summaries()}).to_string()
        }
        Err(e) => e.to_string(),
    }
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
