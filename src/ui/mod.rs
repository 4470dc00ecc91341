//! The playground's yew components. Thin: they read the simulation's trace and send it
//! commands; nothing here decides protocol behaviour. One component a file.

mod about;
mod app;
mod arrow_focus;
mod arrow_pointer;
mod compare_button;
mod compare_table;
mod compare_view;
mod fault_menu;
mod glossary;
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
mod svg_nodes;
mod time_controls;
mod timeline_diagram;
mod timeline_panel;
mod timeline_table;
mod view_window;
mod what_happened;
mod what_if;
mod zoom_bar;

pub use app::App;

/// Mounts the playground on the page's `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
