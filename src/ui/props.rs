//! The properties most panels take: the model to show and where to send messages.

use yew::prelude::*;

use super::model::{Msg, Playground};

/// A view of the model that can send messages.
#[derive(Properties, PartialEq, Clone)]
pub struct ModelProps {
    /// The model.
    pub model: Playground,
    /// Where messages go.
    pub send: Callback<Msg>,
}

/// A view of the model that only reads it.
#[derive(Properties, PartialEq, Clone)]
pub struct ViewProps {
    /// The model.
    pub model: Playground,
}

/// Milliseconds with three decimals, from microseconds.
pub fn ms(t: u64) -> String {
    format!("{} ms", ms_number(t))
}

/// Milliseconds with three decimals, from microseconds, as a bare number (integer arithmetic:
/// no float formatting in the shipped wasm).
pub fn ms_number(t: u64) -> String {
    format!("{}.{:03}", t / 1000, t % 1000)
}
