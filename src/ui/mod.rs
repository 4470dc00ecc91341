//! The playground's yew components. Thin: they read the simulation's trace and send it
//! commands; nothing here decides protocol behaviour. One component a file.

mod app;
mod header;
mod inspector_panel;
mod sessions_panel;
mod timeline_panel;

pub use app::App;

/// Mounts the playground on the page's `<body>`.
pub fn start() {
    yew::Renderer::<App>::new().render();
}
