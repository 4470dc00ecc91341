//! What each stack did for a session's functions (establishment with authentication, what
//! survived the break, octets sent again, time to finish, how it ended), a column per stack,
//! as the simulation reads them from the run so far.

use yew::prelude::*;

use super::model::Playground;

/// Properties of the table.
#[derive(Properties, PartialEq, Clone)]
pub struct TableProps {
    /// The model.
    pub model: Playground,
    /// The session and its twin.
    pub pair: (u32, u32),
}

/// The table.
#[function_component(CompareTable)]
pub fn compare_table(p: &TableProps) -> Html {
    let world = p.model.world.borrow();
    let (a, b) = p.pair;
    let stack = |s: u32| world.spec(s).map_or("", |spec| spec.stack.words());
    let (left, right) = (world.functions(a), world.functions(b));
    let rows = left.iter().zip(&right).map(|((what, x), (_, y))| {
        html! {
            <tr><th scope="row">{ *what }</th><td>{ x.clone() }</td><td>{ y.clone() }</td></tr>
        }
    });
    html! {
        <table class="compare-table">
            <caption>{ "What each stack did for the session" }</caption>
            <thead>
                <tr>
                    <th scope="col">{ "Function" }</th>
                    <th scope="col">{ format!("Session {a}: {}", stack(a)) }</th>
                    <th scope="col">{ format!("Session {b}: {}", stack(b)) }</th>
                </tr>
            </thead>
            <tbody>{ for rows }</tbody>
        </table>
    }
}
