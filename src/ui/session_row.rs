//! One session in the list: its application, its state in the standard's words, a progress
//! bar for a transfer, and its actions.

use yew::prelude::*;

use super::compare_button::CompareButton;
use super::fault_menu::FaultMenu;
use super::model::Msg;
use super::props::{action, action_styled, none_for_no};
use crate::sim::apps::DialogMode;
use crate::sim::narration::app_title;
use crate::sim::scenario::ActionKind;
use crate::sim::text::outcome_name;
use crate::sim::{Host, SessionView};

/// Properties of a session row.
#[derive(Properties, PartialEq, Clone)]
pub struct RowProps {
    /// What to show.
    pub view: SessionView,
    /// Whether its timeline is shown.
    pub selected: bool,
    /// Where messages go.
    pub send: Callback<Msg>,
    /// When this changes to a number above 0, the row's name takes the keyboard's focus (a
    /// guided scenario was opened: see `Playground::guided`).
    #[prop_or_default]
    pub focus: u32,
    /// Why the latest switch of its dialogue mode was refused when it came to be made (the
    /// rules had changed since it was chosen), if it was.
    #[prop_or_default]
    pub switch_refused: Option<String>,
}

/// A session in the list.
#[function_component(SessionRow)]
pub fn session_row(p: &RowProps) -> Html {
    let v = &p.view;
    let id = v.session;
    let name = use_node_ref();
    {
        let name = name.clone();
        use_effect_with(p.focus, move |focus| {
            if *focus > 0 {
                if let Some(b) = name.cast::<web_sys::HtmlElement>() {
                    let _ = b.focus();
                }
            }
        });
    }
    let act = |kind: ActionKind| p.send.reform(move |_| Msg::Act(id, kind.clone()));
    // Named by the mode it runs in now, where its name says one.
    let label = format!("Session {id}: {}", app_title(v.app, v.dialog));
    let status = match &v.outcome {
        Some(o) => format!("ended: {}", outcome_name(o)),
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
    let why = &v.why_not;
    let holder = v.data_token;
    let holder_words = match holder {
        Some(h) => format!("host {}", h.name()),
        None => "neither host (in transit, or no connection)".into(),
    };
    // Give acts for the holder, Request for the other host; with no holder both say why not.
    let give_host = holder.unwrap_or(Host::A);
    let tokens = (v.dialog == DialogMode::HalfDuplex || v.half_duplex).then(|| {
        html! {
            <>
                <p class="tokens">{ format!("Data token: {holder_words}. Tokens: A holds {}; B holds {}", none_for_no(&v.tokens[0]), none_for_no(&v.tokens[1])) }</p>
                <div class="row-actions">
                    { action("Give token", why.give.as_deref(), &format!("Host {} gives the data token (GT)", give_host.name()), act(ActionKind::GiveToken(give_host))) }
                    { action("Request token", why.request.as_deref(), &format!("Host {} asks for the data token (PT)", give_host.peer().name()), act(ActionKind::RequestToken(give_host.peer()))) }
                </div>
            </>
        }
    });
    let switch_why: AttrValue = match &why.switch {
        Some(w) => format!("Not now: {w}").into(),
        None if v.progress.is_some() => "Switching interrupts the activity, releases the session and resumes it on a new connection in the other mode".into(),
        None => "Switching releases the session in order and goes on from where it was on a new connection in the other mode".into(),
    };
    // Like the buttons, the select is disabled by aria-disabled, so that choosing a mode (which
    // starts a switch, and so disables it) leaves the focus on it; a choice made then is undone.
    let switch_off = why.switch.is_some();
    let current = if v.dialog == DialogMode::FullDuplex {
        "full"
    } else {
        "half"
    };
    // A choice refused at once (the select is disabled) snaps back and says why beside it.
    let refused_now = use_state(|| None::<String>);
    {
        // Said of this session as it was: another run in this row, or rules that changed
        // (the reason it is disabled for), and it no longer holds.
        let refused_now = refused_now.clone();
        use_effect_with((v.app, why.switch.clone()), move |_| refused_now.set(None));
    }
    // The select always shows the mode the session is in: after a choice refused when it came
    // to be made, the browser would keep showing the choice.
    let select_ref = use_node_ref();
    {
        let select_ref = select_ref.clone();
        use_effect(move || {
            if let Some(s) = select_ref.cast::<web_sys::HtmlSelectElement>() {
                if s.value() != current {
                    s.set_value(current);
                }
            }
        });
    }
    let on_mode = {
        let send = p.send.clone();
        let refused_now = refused_now.clone();
        let why_switch = why.switch.clone();
        Callback::from(move |e: Event| {
            let select = e.target_unchecked_into::<web_sys::HtmlSelectElement>();
            if switch_off {
                select.set_value(current);
                refused_now.set(why_switch.clone());
                return;
            }
            refused_now.set(None);
            let mode = if select.value() == "full" {
                DialogMode::FullDuplex
            } else {
                DialogMode::HalfDuplex
            };
            send.emit(Msg::Act(id, ActionKind::SwitchDialog(mode)));
        })
    };
    // The refusal to show beside the select: the one just made, else the run's.
    let mode_why = (*refused_now).clone().or_else(|| p.switch_refused.clone());
    let why_id = format!("mode-why-{id}");
    html! {
        <li class={ classes!("session", p.selected.then_some("selected")) } aria-current={ p.selected.then_some("true") }>
            <button type="button" class="session-name" ref={ name } onclick={ p.send.reform(move |_| Msg::Select(id)) }>
                { label }
            </button>
            <p class="status" title="Each host's session machine's state, as X.225 names it (its state table, Annex A): the code, then what it means">{ status }</p>
            <label class="mode" title={ switch_why.clone() }>{ "Dialog mode" }
                <select ref={ select_ref } aria-disabled={ switch_off.then_some("true") } title={ switch_why }
                    aria-describedby={ mode_why.is_some().then(|| why_id.clone()) } onchange={ on_mode }>
                    <option value="half" selected={ v.dialog == DialogMode::HalfDuplex }>{ "Half-duplex" }</option>
                    <option value="full" selected={ v.dialog == DialogMode::FullDuplex }>{ "Full-duplex" }</option>
                </select>
            </label>
            // Always there, empty until a choice is refused: a status region must exist
            // before it speaks.
            <p class="why mode-why" id={ why_id } role="status">
                { mode_why.map(|w| format!("Not switched, still {}: {w}", v.dialog.words())).unwrap_or_default() }
            </p>
            { for tokens }
            { for progress }
            if v.breaks > 0 {
                <p class="breaks">{ format!("Breaks: {}", v.breaks) }</p>
            }
            <div class="row-actions">
                { action("Break transfer", why.break_now.as_deref(), "The transport connection drops now; what is in flight is lost", act(ActionKind::Break)) }
                { action_styled("Kill session", Some("danger"), why.kill.as_deref(), "A user abort (AB): the session ends at once", act(ActionKind::Kill)) }
            </div>
            <CompareButton session={ id } stack={ v.stack } send={ p.send.clone() } />
            <FaultMenu session={ id } why_not={ why.faults.clone() } progress={ v.progress } send={ p.send.clone() } />
        </li>
    }
}
