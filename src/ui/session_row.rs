//! One session in the list: its application, its state in the standard's words, a progress
//! bar for a transfer, and its actions.

use yew::prelude::*;

use super::fault_menu::FaultMenu;
use super::model::Msg;
use crate::sim::apps::DialogMode;
use crate::sim::scenario::ActionKind;
use crate::sim::{Host, Outcome, SessionView};

/// Properties of a session row.
#[derive(Properties, PartialEq, Clone)]
pub struct RowProps {
    /// What to show.
    pub view: SessionView,
    /// Whether its timeline is shown.
    pub selected: bool,
    /// Where messages go.
    pub send: Callback<Msg>,
}

fn outcome_words(o: &Outcome) -> &'static str {
    match o {
        Outcome::Released => "released",
        Outcome::Aborted => "aborted",
        Outcome::Refused => "refused",
        Outcome::TimedOut => "timed out",
    }
}

/// A session in the list.
#[function_component(SessionRow)]
pub fn session_row(p: &RowProps) -> Html {
    let v = &p.view;
    let id = v.session;
    let live = v.outcome.is_none();
    let act = |kind: ActionKind| p.send.reform(move |_| Msg::Act(id, kind.clone()));
    let label = format!("Session {id}: {}", v.app);
    let status = match &v.outcome {
        Some(o) => format!("ended: {}", outcome_words(o)),
        None => format!("A {} · B {}", v.state[0], v.state[1]),
    };
    let progress = v.progress.map(|(sent, size)| {
        let pct = (u128::from(sent) * 100)
            .checked_div(u128::from(size))
            .unwrap_or(100);
        html! {
            <label class="progress">
                <span>{ format!("Sent {pct}%") }</span>
                <progress max={ size.to_string() } value={ sent.to_string() }
                    aria-label={ format!("Transfer progress of session {id}") }></progress>
            </label>
        }
    });
    let holder = if v.tokens[0].contains("data") {
        Host::A
    } else {
        Host::B
    };
    let tokens = v.half_duplex.then(|| {
        html! {
            <>
                <p class="tokens">{ format!("Data token: host {holder:?}. Tokens: A holds {}; B holds {}", v.tokens[0], v.tokens[1]) }</p>
                <div class="row-actions">
                    <button type="button" disabled={ !live } title={ format!("Host {holder:?} gives the data token (GT)") }
                        onclick={ act(ActionKind::GiveToken(holder)) }>{ "Give token" }</button>
                    <button type="button" disabled={ !live } title={ format!("Host {:?} asks for the data token (PT)", holder.peer()) }
                        onclick={ act(ActionKind::RequestToken(holder.peer())) }>{ "Request token" }</button>
                </div>
            </>
        }
    });
    let dead = if live { "" } else { "The session has ended" };
    let can_switch = live && v.switch_refusal.is_none();
    let switch_why = if !live {
        "The session has ended"
    } else if let Some(why) = v.switch_refusal {
        why
    } else if v.progress.is_some() {
        "Switching interrupts the activity, releases the session and resumes it on a new connection in the other mode"
    } else {
        "Switching releases the session in order and goes on from where it was on a new connection in the other mode"
    };
    let on_mode = p.send.reform(move |e: Event| {
        let value = e
            .target_unchecked_into::<web_sys::HtmlSelectElement>()
            .value();
        let mode = if value == "full" {
            DialogMode::FullDuplex
        } else {
            DialogMode::HalfDuplex
        };
        Msg::Act(id, ActionKind::SwitchDialog(mode))
    });
    html! {
        <li class={ classes!("session", p.selected.then_some("selected")) } aria-current={ p.selected.then_some("true") }>
            <button type="button" class="session-name" onclick={ p.send.reform(move |_| Msg::Select(id)) }>
                { label }
            </button>
            <p class="status">{ status }</p>
            <label class="mode" title={ switch_why }>{ "Dialog mode" }
                <select disabled={ !can_switch } onchange={ on_mode }>
                    <option value="half" selected={ v.dialog == DialogMode::HalfDuplex }>{ "Half-duplex" }</option>
                    <option value="full" selected={ v.dialog == DialogMode::FullDuplex }>{ "Full-duplex" }</option>
                </select>
            </label>
            { for tokens }
            { for progress }
            if v.breaks > 0 {
                <p class="breaks">{ format!("Breaks: {}", v.breaks) }</p>
            }
            <div class="row-actions">
                <button type="button" disabled={ !live } title={ dead } onclick={ act(ActionKind::Break) }>
                    { "Break transfer" }
                </button>
                <button type="button" class="danger" disabled={ !live } title={ dead } onclick={ act(ActionKind::Kill) }>
                    { "Kill session" }
                </button>
            </div>
            <FaultMenu session={ id } live={ live } size={ v.progress.map(|p| p.1) } send={ p.send.clone() } />
        </li>
    }
}
