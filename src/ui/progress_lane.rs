//! The byte-progress lane of a transfer: the octets of the file the receiver holds, over
//! time ([`delivered`]), for this run and, as a ghost, for the same run with recovery the
//! other way round; and the figures that matter: octets sent again with a resume and with a
//! restart.

use yew::prelude::*;

use super::model::{page_copies, page_world};
use super::props::{ms, ViewProps};
use crate::sim::progress::{delivered, resent, step_path, Lane};
use crate::sim::rewind::{Saved, END_EVENTS};
use crate::sim::svg::coord;
use crate::sim::{Scenario, World};

const W: f64 = 560.0;
const H: f64 = 90.0;
/// Room above 100% and below 0%, in the lane's units.
const PAD: f64 = 3.0;

/// The lane's line through `points`.
fn path(points: &[(u64, u64)], t_max: u64, size: u64) -> String {
    let lane = Lane {
        width: W,
        height: H,
        pad: PAD,
    };
    step_path(points, t_max, size, lane)
}

/// How many ghost runs are kept (each is a world with its trace and copies).
const GHOSTS: usize = 2;

/// The same run with the selected session's recovery the other way round.
struct Ghost {
    /// The scenario it was made from.
    of: Scenario,
    session: u32,
    /// Its own scenario, world, and copies for going back.
    scenario: Scenario,
    world: World,
    saved: Saved,
    /// Once it has been run to its end: its whole trace's lines, from which any earlier time
    /// is read without running it again (a run replays its scenario, so what it had done by
    /// then is what the whole run did by then). Dropped when an action is taken in.
    whole: Option<GhostLine>,
}

impl Ghost {
    /// Takes in the one action `to` has after those of the scenario it was made from, when
    /// that is all that differs and the action is due after now (see
    /// [`crate::sim::rewind::Saved::add_action`]); `false` if it cannot.
    fn catch_up(&mut self, to: &Scenario) -> bool {
        let n = self.of.actions.len();
        let same_but_one = to.actions.len() == n + 1
            && to.actions[..n] == self.of.actions[..]
            && Scenario {
                actions: self.of.actions.clone(),
                ..to.clone()
            } == self.of;
        if !same_but_one || !self.saved.add_action(&mut self.world, n, &to.actions[n]) {
            return false;
        }
        self.scenario.actions.push(to.actions[n].clone());
        self.of = to.clone();
        self.whole = None;
        true
    }
}

/// What the ghost run has done: the octets delivered over time, the octets sent again over
/// time (see [`resent`]), and when it ended, if it has.
type GhostLine = (Vec<(u64, u64)>, Vec<(u64, u64)>, Option<u64>);

/// What the ghost run had done at a time: the octets delivered over time up to then, the
/// octets sent again by then, and when it ended, if it had.
type GhostAt = (Vec<(u64, u64)>, u64, Option<u64>);

/// `whole` as it was at `now`.
fn ghost_at(whole: &GhostLine, now: u64) -> GhostAt {
    let upto = |points: &[(u64, u64)]| points.partition_point(|p| p.0 <= now);
    let delivered = whole.0[..upto(&whole.0)].to_vec();
    let resent = whole.1[..upto(&whole.1)].last().map_or(0, |p| p.1);
    (delivered, resent, whole.2.filter(|end| *end <= now))
}

/// The ghost run of `session` at `now`: one of `kept` (brought up to `scenario`, advanced to
/// `now`), or a new one that takes the place of the oldest. With `to_its_end` (the session
/// has ended in the run shown), the ghost runs on to its own end, up to [`END_EVENTS`] more
/// events: a restart from zero ends later than a resume, and its figures are then totals,
/// not what it had done by the time the resume ended. From then on any time is read off
/// that whole run ([`ghost_at`]): scrubbing a run that has ended runs no ghost again.
fn ghost_run(
    kept: &mut Vec<Ghost>,
    scenario: &Scenario,
    session: u32,
    now: u64,
    to_its_end: bool,
) -> Option<GhostAt> {
    // An action added to the run since is added to the ghosts too, if it can be.
    kept.retain_mut(|g| g.of == *scenario || g.catch_up(scenario));
    let at = match kept.iter().position(|g| g.session == session) {
        Some(at) => at,
        None => {
            let mut other: Scenario = scenario.clone();
            let s = other.sessions.get_mut(session as usize)?;
            s.recovery = !s.recovery;
            if kept.len() >= GHOSTS {
                kept.remove(0);
            }
            kept.push(Ghost {
                of: scenario.clone(),
                session,
                world: page_world(&other),
                scenario: other,
                saved: page_copies(),
                whole: None,
            });
            kept.len() - 1
        }
    };
    let g = &mut kept[at];
    if g.whole.is_none() {
        g.saved.move_to(&mut g.world, &g.scenario, now);
        let ended = |w: &World| w.summary(session).and_then(|s| s.ended_at);
        if !to_its_end {
            let w = &g.world;
            let again = w.summary(session).map_or(0, |s| s.payload_resent);
            return Some((delivered(w.trace(), session), again, ended(w)));
        }
        let mut left = END_EVENTS;
        while ended(&g.world).is_none() && left > 0 && g.world.step() {
            left -= 1;
        }
        let w = &g.world;
        g.whole = Some((
            delivered(w.trace(), session),
            resent(w.trace(), session),
            ended(w),
        ));
    }
    // With `to_its_end`, all of it (no time is past u64::MAX); else as it was at now.
    let whole = g.whole.as_ref()?;
    Some(ghost_at(whole, if to_its_end { u64::MAX } else { now }))
}

/// The lane's two lines and the octets each run sent again, for a session of a run at a time.
struct Lines {
    /// The run (its scenario: the page's world is the one it replays), the session, the time
    /// and the trace events produced by then (a Step can stop between two events at a time).
    of: (Scenario, u32, u64, u64),
    ours: String,
    ghost: String,
    resent: u64,
    ghost_resent: u64,
    /// When this run's session and the ghost's ended, once both have.
    ends: Option<(u64, u64)>,
}

/// The lane, for a selected file transfer.
#[function_component(ProgressLane)]
pub fn progress_lane(p: &ViewProps) -> Html {
    let m = &p.model;
    let now = m.world.borrow().now();
    // The same run with the selected session's recovery the other way round, kept between
    // renders and advanced to the same time; one for each of the last GHOSTS transfers
    // selected, so going back to one does not run it again (all are dropped when the run
    // changes; one is rebuilt when time goes back past its copies).
    let ghosts = use_mut_ref(Vec::<Ghost>::new);
    // The lines last drawn for each of the last GHOSTS transfers: the same scenario at the
    // same time is the same run, so selecting one again (or anything else that renders the
    // lane) does not read both traces again.
    let kept = use_mut_ref(Vec::<Lines>::new);
    let Some(session) = m.selected else {
        return html! {};
    };
    let world = m.world.borrow();
    let Some(view) = world.view(session) else {
        return html! {};
    };
    let Some((_, size)) = view.progress else {
        return html! {};
    };
    let mut kept = kept.borrow_mut();
    let produced = world.trace().produced();
    let same_moment = |l: &Lines| (l.of.1, l.of.2, l.of.3) == (session, now, produced);
    let at = kept
        .iter()
        .position(|l| same_moment(l) && l.of.0 == m.scenario);
    let at = match at {
        Some(at) => at,
        None => {
            let ours = world.summary(session);
            let ended = ours.and_then(|s| s.ended_at);
            let Some(ghost) = ghost_run(
                &mut ghosts.borrow_mut(),
                &m.scenario,
                session,
                now,
                ended.is_some(),
            ) else {
                return html! {};
            };
            // Both lines on one time axis: to the later of now and the ghost's end.
            let t_max = now.max(ghost.2.unwrap_or(0)).max(1);
            let resent = ours.map_or(0, |s| s.payload_resent);
            kept.retain(|l| l.of.1 != session);
            if kept.len() >= GHOSTS {
                kept.remove(0);
            }
            kept.push(Lines {
                of: (m.scenario.clone(), session, now, produced),
                ours: path(&delivered(world.trace(), session), t_max, size),
                ghost: path(&ghost.0, t_max, size),
                resent,
                ghost_resent: ghost.1,
                ends: ended.zip(ghost.2),
            });
            kept.len() - 1
        }
    };
    let lines = &kept[at];
    let (with_resume, with_restart) = if view.recovery {
        (lines.resent, lines.ghost_resent)
    } else {
        (lines.ghost_resent, lines.resent)
    };
    let ghost_name = if view.recovery {
        "restart from zero"
    } else {
        "resume from checkpoints"
    };
    html! {
        <figure class="progress-lane">
            <svg role="img" viewBox={ format!("0 0 {} {}", coord(W), coord(H)) } preserveAspectRatio="none"
                aria-label={ format!("Octets of the file delivered over time for session {session}, with {ghost_name} as a ghost line") }>
                <path class="ghost" d={ lines.ghost.clone() } />
                <path class="ours" d={ lines.ours.clone() } />
            </svg>
            <figcaption>
                { format!("Octets sent again: {} with resume, {} with restart from zero. ", fmt(with_resume), fmt(with_restart)) }
                if let Some((ours, ghost)) = lines.ends {
                    { ended_words(view.recovery, ours, ghost) }
                }
                // (The dashes draw the lines' look; a screen reader reads the words.)
                <span class="key ours"><span aria-hidden="true">{ "— " }</span>{ "this run" }</span>{ " " }
                <span class="key ghost"><span aria-hidden="true">{ "- - " }</span>{ ghost_name }</span>
            </figcaption>
        </figure>
    }
}

/// When the transfer was over with resume and with restart from zero, from when this run's
/// session and its ghost's ended.
fn ended_words(recovery: bool, ours: u64, ghost: u64) -> String {
    let (resume, restart) = if recovery {
        (ours, ghost)
    } else {
        (ghost, ours)
    };
    format!(
        "Over at {} with resume, {} with restart from zero. ",
        ms(resume),
        ms(restart)
    )
}

/// Octets with thousands separators.
fn fmt(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::new();
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}
