//! "About the session layer": the five functions a textbook gives layer 5, each in plain
//! words with a button that opens the guided scenario showing it, and where that work is done
//! in TCP/IP, which has no session layer.

use yew::prelude::*;

use crate::sim::{builtin, Scenario};

/// One function of the session layer: its name, what it is, and the runs that show it
/// (a button's text and the built-in scenario it opens).
struct Function {
    name: &'static str,
    words: &'static str,
    watch: &'static [(&'static str, &'static str)],
}

/// The five functions, as a textbook lists them.
const FUNCTIONS: &[Function] = &[
    Function {
        name: "Establishment and authentication",
        words: "A session starts with CONNECT (CN) and ACCEPT (AC). The two sides agree on \
                the rules of their dialogue, and the called side can check who is calling \
                before it accepts: here, CN carries a keyed digest of a password.",
        watch: &[("Watch establishment", "banking-login")],
    },
    Function {
        name: "Maintenance",
        words: "A session outlives its transport connection. When the connection breaks, the \
                session connects again and carries on the same activity on the new one \
                (ACTIVITY RESUME, AR) instead of ending.",
        watch: &[("Watch maintenance", "file-transfer")],
    },
    Function {
        name: "Orderly termination",
        words: "A release (FINISH, FN, answered by DISCONNECT, DN) ends a session only once \
                everything sent has arrived. An abort (AB) ends it at once, and what was in \
                flight is lost.",
        watch: &[
            ("Watch a release", "banking-login"),
            ("Watch a kill", "kill-session"),
        ],
    },
    Function {
        name: "Dialog control",
        words: "In half-duplex only the holder of the data token may send. The other side \
                asks for it (PLEASE TOKENS, PT) and the holder hands it over (GIVE TOKENS, GT).",
        watch: &[("Watch dialog control", "half-duplex-chat")],
    },
    Function {
        name: "Synchronization",
        words: "The sender marks numbered synchronization points in the data (MIP) and the \
                receiver confirms them (MIA). After a break, the transfer resumes from the last \
                confirmed point, not from the start.",
        watch: &[("Watch synchronization", "file-transfer")],
    },
];

/// Properties of the explanation.
#[derive(Properties, PartialEq, Clone)]
pub struct AboutProps {
    /// Opens a guided scenario (the page's `Msg::Guide`).
    pub on_watch: Callback<Scenario>,
}

/// The five functions of the session layer, each with the guided scenarios that show it.
#[function_component(About)]
pub fn about(p: &AboutProps) -> Html {
    let button = |&(label, name): &(&'static str, &'static str)| {
        builtin(name).map(|s| {
            let onclick = p.on_watch.reform(move |_| s.clone());
            html! {
                <button type="button" {onclick}>{ label }</button>
            }
        })
    };
    html! {
        <section id="about" class="about" aria-label="About the session layer">
            <p>{ "The session layer (OSI layer 5, ITU-T X.225 / ISO 8327-1) sits on a transport \
                  connection and organises the dialogue on it. It has five functions; each \
                  button opens a guided run that shows one." }</p>
            <ol class="functions">
                { for FUNCTIONS.iter().map(|f| html! {
                    <li>
                        <h3>{ f.name }</h3>
                        <p>{ f.words }</p>
                        { for f.watch.iter().filter_map(button) }
                    </li>
                }) }
            </ol>
            <p>{ "TCP/IP has no session layer: applications do this work themselves, with RPC \
                  (ONC and DCE), NetBIOS's session service under SMB, and HTTP cookies that \
                  keep a login across connections." }</p>
        </section>
    }
}
