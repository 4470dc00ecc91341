//! The "Start session" form: application, stack, dialogue mode, file size and sync interval where
//! they apply, and recovery on or off.

use wasm_bindgen::JsCast;
use web_sys::{HtmlInputElement, HtmlSelectElement};
use yew::prelude::*;

use crate::sim::apps::banking::BankingSpec;
use crate::sim::apps::chat::ChatSpec;
use crate::sim::apps::file_transfer::FileTransferSpec;
use crate::sim::apps::rpc::RpcSpec;
use crate::sim::apps::DialogMode;
use crate::sim::scenario::{AppSpec, SessionSpec};
use crate::sim::tcpip::Stack;

/// Properties of the form.
#[derive(Properties, PartialEq, Clone)]
pub struct FormProps {
    /// Called with the session to start.
    pub on_start: Callback<SessionSpec>,
}

#[derive(Clone, PartialEq)]
struct Form {
    app: String,
    dialog: DialogMode,
    /// As typed: the form redraws as time runs, and a field must keep its text.
    size_kib: String,
    sync_kib: String,
    recovery: bool,
    stack: Stack,
}

fn value(e: &Event) -> String {
    e.target()
        .and_then(|t| {
            t.dyn_ref::<HtmlSelectElement>()
                .map(|s| s.value())
                .or_else(|| t.dyn_ref::<HtmlInputElement>().map(|i| i.value()))
        })
        .unwrap_or_default()
}

/// A whole number of KiB from 1 to 1 GiB typed in the field `name`, in octets, or why not.
fn kib(name: &str, text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(n) if (1..=1 << 20).contains(&n) => Ok(n * 1024),
        _ => Err(format!(
            "{name} must be a whole number of KiB from 1 to 1048576, not {text:?}"
        )),
    }
}

/// The session the form describes, or why it cannot be started (a bad field).
fn spec(f: &Form) -> Result<SessionSpec, String> {
    let app = match f.app.as_str() {
        "banking" => AppSpec::Banking(BankingSpec {
            password_correct: true,
            requests: 3,
            think_ms: 300,
            logout: true,
            idle_timeout_ms: 2_000,
        }),
        "chat" => AppSpec::Chat(ChatSpec {
            lines: 6,
            think_ms: 250,
        }),
        "rpc" => AppSpec::Rpc(RpcSpec { calls: 4 }),
        _ => AppSpec::FileTransfer(FileTransferSpec {
            size: kib("File size", &f.size_kib)?,
            chunk: 16 * 1024,
            minor_every: kib("Sync point every", &f.sync_kib)?,
            major_every: 8,
        }),
    };
    Ok(SessionSpec {
        app,
        dialog: f.dialog,
        recovery: f.recovery,
        reconnect_delay_ms: 200,
        start_ms: 0,
        max_reconnects: 20,
        stack: f.stack,
    })
}

/// The form.
#[function_component(StartForm)]
pub fn start_form(p: &FormProps) -> Html {
    let form = use_state(|| Form {
        app: "file".into(),
        dialog: DialogMode::HalfDuplex,
        size_kib: "4096".into(),
        sync_kib: "256".into(),
        recovery: true,
        stack: Stack::Osi,
    });
    let update = |f: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |e: Event| {
            let mut next = (*form).clone();
            f(&mut next, value(&e));
            form.set(next);
        })
    };
    let submit = {
        let form = form.clone();
        let on_start = p.on_start.clone();
        Callback::from(move |e: SubmitEvent| {
            e.prevent_default();
            if let Ok(spec) = spec(&form) {
                on_start.emit(spec);
            }
        })
    };
    let typed = |f: fn(&mut Form, String)| {
        let form = form.clone();
        Callback::from(move |e: InputEvent| {
            let mut next = (*form).clone();
            f(
                &mut next,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            );
            form.set(next);
        })
    };
    let why_not = spec(&form).err();
    let is_file = form.app == "file";
    html! {
        // The form for a NEW session, added to the run on screen: its fields are not the
        // settings of the sessions below (each row shows its own), and it says so.
        <form class="start-form" onsubmit={ submit } aria-labelledby="start-form-title">
            <h3 id="start-form-title">{ "New session" }</h3>
            <p class="note">{ "Adds a session to the run on screen, with these settings; the sessions below keep their own." }</p>
            <label>{ "Application" }
                <select onchange={ update(|f, v| f.app = v) }>
                    <option value="file" selected={ form.app == "file" }>{ "File transfer" }</option>
                    <option value="banking" selected={ form.app == "banking" }>{ "Banking login" }</option>
                    <option value="chat" selected={ form.app == "chat" }>{ "Half-duplex conversation" }</option>
                    <option value="rpc" selected={ form.app == "rpc" }>{ "RPC" }</option>
                </select>
            </label>
            <label>{ "Stack" }
                // Named by its label alone (a select inside a label adds its option to the name).
                <select aria-label="Stack" onchange={ update(|f, v| f.stack = Stack::from_name(&v).unwrap_or_default()) }>
                    { for [Stack::Osi, Stack::Tcpip].map(|s| html! {
                        <option value={ s.name() } selected={ form.stack == s }>{ s.words() }</option>
                    }) }
                </select>
            </label>
            <label>{ "Dialog mode" }
                <select onchange={ update(|f, v| f.dialog = if v == "full" { DialogMode::FullDuplex } else { DialogMode::HalfDuplex }) }>
                    <option value="half" selected={ form.dialog == DialogMode::HalfDuplex }>{ "Half-duplex" }</option>
                    <option value="full" selected={ form.dialog == DialogMode::FullDuplex }>{ "Full-duplex" }</option>
                </select>
            </label>
            if is_file {
                <label>{ "File size (KiB)" }
                    <input type="number" min="1" max="1048576" value={ form.size_kib.clone() }
                        oninput={ typed(|f, v| f.size_kib = v) } />
                </label>
                <label>{ "Sync point every (KiB)" }
                    <input type="number" min="1" max="1048576" value={ form.sync_kib.clone() }
                        oninput={ typed(|f, v| f.sync_kib = v) } />
                </label>
                // Only a transfer resumes (the others' sessions are lost with their
                // connection), so only a transfer is offered the choice.
                <label class="check">
                    <input type="checkbox" checked={ form.recovery }
                        onchange={ {
                            let form = form.clone();
                            Callback::from(move |_e: Event| {
                                let mut next = (*form).clone();
                                next.recovery = !next.recovery;
                                form.set(next);
                            })
                        } } />
                    { "Resume after a break (recovery)" }
                </label>
            }
            <button type="submit" class="primary" disabled={ why_not.is_some() }
                title={ why_not.clone().map(|w| format!("Not now: {w}")) }>{ "Start session" }</button>
            if let Some(w) = why_not {
                <p class="why" role="status">{ w }</p>
            }
        </form>
    }
}
