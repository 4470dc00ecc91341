//! The button that starts a session's twin on the other stack and shows both side by side.

use yew::prelude::*;

use super::model::Msg;
use crate::sim::tcpip::Stack;

/// Properties of the button.
#[derive(Properties, PartialEq, Clone)]
pub struct CompareButtonProps {
    /// The session.
    pub session: u32,
    /// The stack it runs on.
    pub stack: Stack,
    /// Where messages go.
    pub send: Callback<Msg>,
}

/// "Compare with TCP/IP today" on an OSI session, "Compare with the OSI session layer" on
/// a TCP/IP one.
#[function_component(CompareButton)]
pub fn compare_button(p: &CompareButtonProps) -> Html {
    let id = p.session;
    let (name, title) = match p.stack {
        Stack::Osi => (
            "Compare with TCP/IP today",
            "Run the same session with the same link and faults on TCP/IP as the Internet does \
             it today, and show both side by side",
        ),
        Stack::Tcpip => (
            "Compare with the OSI session layer",
            "Run the same session with the same link and faults on the OSI session layer, and \
             show both side by side",
        ),
    };
    html! {
        <button type="button" class="compare-button" {title}
            onclick={ p.send.reform(move |_| Msg::Compare(id)) }>{ name }</button>
    }
}
