//! The playground's entry point: Trunk builds this bin for the browser (see index.html).

#[cfg(target_arch = "wasm32")]
fn main() {
    osi_session::ui::start();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("the playground runs in the browser: run `trunk serve` (see README.md)");
    std::process::exit(2);
}
