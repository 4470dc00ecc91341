//! The guided scenarios: the built-in ones, one click away, each with a plain title, its
//! name (as `session-sim run NAME` takes it) and what to watch for.

use yew::prelude::*;

use super::model::{Msg, SPEEDS};
use super::time_controls::speed_words;
use crate::sim::narration::pace::{GUIDED_CAP, LEAST_REAL_MS};
use crate::sim::tcpip::guide::builtin_on_tcpip;
use crate::sim::{builtin, BUILTIN};

/// Properties of the list.
#[derive(Properties, PartialEq, Clone)]
pub struct GuidedProps {
    /// Where messages go.
    pub send: Callback<Msg>,
}

/// The built-in scenarios offered on the TCP/IP stack too: one of each application.
const TCPIP_GUIDED: [&str; 4] = ["file-transfer", "banking-login", "half-duplex-chat", "rpc"];

/// A built-in scenario's title, in plain words.
fn title(name: &str) -> &str {
    match name {
        "file-transfer" => "File transfer: break and resume",
        "file-transfer-restart" => "File transfer: break and restart",
        "banking-login" => "Banking login and logout",
        "wrong-password" => "Banking login: wrong password",
        "idle-timeout" => "Banking login: idle timeout",
        "half-duplex-chat" => "Half-duplex conversation",
        "kill-session" => "Kill a session",
        "rpc" => "Remote procedure calls",
        other => other,
    }
}

/// The built-in scenarios as buttons with their descriptions, in the sessions panel's
/// "Guided scenarios" (which folds once one is chosen: see `sessions_panel`).
#[function_component(Guided)]
pub fn guided(p: &GuidedProps) -> Html {
    html! {
        <>
            <p class="note">{ format!(
                "Each opens slow enough to watch: at Speed {} or slower, so that it lasts at \
                 least {} seconds, and it pauses at its key moments (a break, a resume, a \
                 refusal, an abort, a release). Speed goes up to {}.",
                speed_words(GUIDED_CAP),
                LEAST_REAL_MS / 1000,
                speed_words(SPEEDS[SPEEDS.len() - 1])
            ) }</p>
            <ul>
                { for BUILTIN.iter().filter_map(|name| builtin(name)).map(|s| {
                    let load = {
                        let s = s.clone();
                        p.send.reform(move |_| Msg::Guide(s.clone()))
                    };
                    html! {
                        <li>
                            <button type="button" onclick={ load }>{ title(&s.name) }</button>
                            { " " }<code>{ s.name.clone() }</code>
                            <p>{ s.description.clone() }</p>
                        </li>
                    }
                }) }
            </ul>
            <h3>{ "On TCP/IP today" }</h3>
            <p class="note">{ "The same runs, with the same link and faults, as the Internet does them today: each application's own protocol straight over TCP, with no session layer." }</p>
            <ul>
                { for TCPIP_GUIDED.iter().filter_map(|name| Some((*name, builtin_on_tcpip(name)?))).map(|(name, s)| {
                    let load = p.send.reform(move |_| Msg::Guide(s.clone()));
                    let label = format!("{} on TCP/IP today", title(name));
                    html! {
                        <li>
                            <button type="button" onclick={ load }>{ label }</button>
                            { " " }<code>{ format!("{name} --stack tcpip") }</code>
                        </li>
                    }
                }) }
            </ul>
        </>
    }
}
