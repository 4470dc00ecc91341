//! The playground's yew components. Thin: they read the simulation's trace and send it
//! commands; nothing here decides protocol behaviour. One component a file.

mod about;
mod app;
mod arrow_focus;
mod fault_menu;
mod guided;
mod header;
mod help;
mod hooks;
mod inspector_panel;
pub mod model;
mod progress_lane;
mod props;
mod session_row;
mod sessions_panel;
mod share_panel;
mod start_form;
mod time_controls;
mod timeline_diagram;
mod timeline_panel;
mod timeline_table;
mod token_lane;
mod what_if;

pub use app::App;

/// Mounts the playground on the page's `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
