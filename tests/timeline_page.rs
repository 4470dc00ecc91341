#![cfg(not(target_arch = "wasm32"))]
//! The page diagram's layout, natively: what a view of a built-in run draws, where its labels
//! go, how SPDUs group, and what the inspector and the keyboard's focus mark.

use osi_session::sim::timeline::page::{self, Geo, Page, View, Window, LABEL_GAP, MARGIN};

const XA: f64 = Geo::WIDE.xa;
const XB: f64 = Geo::WIDE.xb;
use osi_session::sim::timeline::{El, Node};
use osi_session::sim::{builtin, What, World};

fn run(name: &str) -> World {
    let mut world = World::new(&builtin(name).expect("a built-in scenario"));
    world.run_to_end(3_600_000_000);
    world
}

fn view(zoom: f64, top: f64, height: f64) -> View {
    View {
        zoom,
        window: Window {
            top,
            height,
            margin: MARGIN,
        },
        inspected: None,
        focused: None,
        now: 0,
        geo: Geo::WIDE,
        span: None,
    }
}

fn els(nodes: &[Node]) -> Vec<&El> {
    nodes
        .iter()
        .filter_map(|n| match n {
            Node::El(e) => Some(e),
            Node::Text(_) => None,
        })
        .collect()
}

fn draw(world: &World, v: &View) -> Page {
    page::layout(world.trace(), 0, v).expect("session 0 has events")
}

/// The labels beside one lifeline, the arrows' and the application's notes: (y, text), in
/// order of y.
fn arrow_labels(p: &Page, x: f64) -> Vec<(f64, String)> {
    let notes = els(&p.marks).into_iter().filter(|g| g.has_class("note"));
    let mut out: Vec<(f64, String)> = els(&p.arrows)
        .into_iter()
        .chain(notes)
        .flat_map(|g| g.all())
        .filter(|e| e.tag == "text" && e.attr("class").is_none())
        .filter_map(|t| {
            let lx: f64 = t.attr("x")?.parse().ok()?;
            let y: f64 = t.attr("y")?.parse().ok()?;
            ((lx - x).abs() < 10.0).then(|| (y, t.words()))
        })
        .collect();
    out.sort_by(|a, b| a.0.total_cmp(&b.0));
    out
}

#[test]
fn labels_beside_each_lifeline_stay_clear_of_each_other() {
    for name in ["file-transfer", "half-duplex-chat", "banking-login", "rpc"] {
        let world = run(name);
        for zoom in [1.0, 4.0, 32.0] {
            let p = draw(&world, &view(zoom, 0.0, 100_000.0));
            for x in [XA, XB] {
                let labels = arrow_labels(&p, x);
                for w in labels.windows(2) {
                    // Written with one decimal: allow its rounding.
                    assert!(
                        w[1].0 - w[0].0 >= LABEL_GAP - 0.1,
                        "{name} at zoom {zoom}: {w:?} overlap"
                    );
                }
            }
        }
    }
}

#[test]
fn a_control_spdu_label_is_never_given_up_for_data() {
    let world = run("file-transfer");
    let p = draw(&world, &view(1.0, 0.0, 100_000.0));
    let labels: Vec<String> = arrow_labels(&p, XA).into_iter().map(|l| l.1).collect();
    // The connection's first SPDU and the resume are labelled at the default zoom.
    assert!(
        labels.first().is_some_and(|l| l.starts_with("CN")),
        "{labels:?}"
    );
    assert!(labels.iter().any(|l| l.starts_with("AR")), "{labels:?}");
}

#[test]
fn a_dense_run_draws_a_bounded_number_of_arrows_and_zooming_in_separates_them() {
    let world = run("file-transfer");
    let whole = draw(&world, &view(1.0, 0.0, 800.0));
    assert!(whole.spdus > 500, "{} SPDUs", whole.spdus);
    assert!(whole.drawn < 150, "{} arrows at zoom 1", whole.drawn);
    let close = draw(&world, &view(256.0, 0.0, 800.0));
    let per_arrow = |p: &Page| p.spdus as f64 / p.drawn.max(1) as f64;
    assert!(
        close.drawn < 150,
        "{} arrows in view at zoom 256",
        close.drawn
    );
    assert!(per_arrow(&close) > per_arrow(&whole));
    // An arrow of several SPDUs says what its "+N" are, in its label and in its name.
    let many = els(&whole.arrows)
        .into_iter()
        .find(|g| g.has_class("many") && label_of(g).is_some())
        .expect("a labelled group at zoom 1");
    let label = label_of(many).unwrap();
    assert!(
        label.contains(" and ") && label.contains(" more"),
        "{label}"
    );
    assert!(many.attr("aria-label").unwrap().contains(" SPDUs from A"));
}

/// An arrow's visible label, if it has one.
fn label_of(g: &El) -> Option<String> {
    g.all()
        .into_iter()
        .find(|e| e.tag == "text" && e.attr("class").is_none())
        .map(|t| t.words())
}

#[test]
fn every_arrow_is_named_for_assistive_technology_by_what_it_shows() {
    // A voice user says what they see: the accessible name begins with the visible label.
    for name in ["file-transfer", "kill-session", "banking-login", "rpc"] {
        let world = run(name);
        for zoom in [0.25, 1.0, 16.0] {
            let p = draw(&world, &view(zoom, 0.0, 100_000.0));
            for g in els(&p.arrows) {
                let (Some(label), Some(aria)) = (label_of(g), g.attr("aria-label")) else {
                    continue;
                };
                assert!(aria.starts_with(&label), "{name}: {aria:?} for {label:?}");
                // The marks at an arrow's end are not part of its name.
                for mark in g.all().into_iter().filter(|e| e.has_class("x")) {
                    assert_eq!(mark.attr("aria-hidden").as_deref(), Some("true"));
                }
            }
        }
    }
}

#[test]
fn the_moments_of_the_story_are_never_grouped_away() {
    const MOMENTS: [&str; 10] = ["CN", "AC", "RF", "AB", "AA", "FN", "DN", "AR", "RS", "RA"];
    for name in [
        "file-transfer",
        "kill-session",
        "banking-login",
        "wrong-password",
        "idle-timeout",
    ] {
        let world = run(name);
        let want = world
            .trace()
            .events
            .iter()
            .filter(
                |e| matches!(&e.what, What::Spdu { spdu, .. } if MOMENTS.contains(&spdu.as_str())),
            )
            .count();
        for zoom in [0.25, 1.0] {
            let p = draw(&world, &view(zoom, 0.0, 100_000.0));
            let moments: Vec<&El> = els(&p.arrows)
                .into_iter()
                .filter(|g| g.has_class("moment"))
                .collect();
            assert_eq!(moments.len(), want, "{name} at zoom {zoom}");
            for g in moments {
                assert!(!g.has_class("many"));
                let label = label_of(g).unwrap_or_else(|| panic!("{name}: an unlabelled moment"));
                assert!(
                    MOMENTS.contains(&label.split(' ').next().unwrap()),
                    "{label}"
                );
                assert!(
                    g.all().iter().any(|e| e.has_class("mark")),
                    "{label} has its mark"
                );
            }
        }
    }
}

#[test]
fn a_kill_is_drawn_as_visibly_as_a_break() {
    let world = run("kill-session");
    let p = draw(&world, &view(1.0, 0.0, 100_000.0));
    let ab = els(&p.arrows)
        .into_iter()
        .find(|g| label_of(g).as_deref() == Some("AB"))
        .expect("AB as its own labelled arrow");
    assert!(ab.has_class("abort"));
    let cut = els(&p.marks)
        .into_iter()
        .find(|g| g.has_class("abort"))
        .expect("the abort's cut");
    assert!(cut.words().contains("abort"));
}

#[test]
fn the_application_tells_its_story_on_the_lifelines() {
    let world = run("banking-login");
    let p = draw(&world, &view(1.0, 0.0, 100_000.0));
    let notes: Vec<String> = els(&p.marks)
        .into_iter()
        .filter(|g| g.has_class("note"))
        .map(|g| g.words())
        .collect();
    for want in [
        "credentials of alice verified",
        "request: GET /balance",
        "logging out",
    ] {
        assert!(
            notes.iter().any(|n| n.starts_with(want)),
            "{want} in {notes:?}"
        );
    }
    assert!(notes.iter().any(|n| n.starts_with("logout")), "{notes:?}");
}

#[test]
fn the_sync_point_a_resume_goes_back_to_is_always_drawn() {
    let world = run("file-transfer");
    let serial = world
        .trace()
        .events
        .iter()
        .find_map(|e| match e.what {
            What::Resume { serial, .. } => Some(serial),
            _ => None,
        })
        .expect("the guided transfer resumes");
    for zoom in [0.25, 1.0, 8.0] {
        let p = draw(&world, &view(zoom, 0.0, 100_000.0));
        let titles: Vec<String> = els(&p.marks)
            .iter()
            .filter(|g| g.has_class("checkpoint"))
            .flat_map(|g| g.all())
            .filter(|e| e.tag == "title")
            .map(|t| t.words_or_title())
            .collect();
        let want = format!("sync point {serial} confirmed");
        assert!(
            titles.iter().any(|t| t.starts_with(&want)),
            "zoom {zoom}: {titles:?}"
        );
        assert!(els(&p.marks).iter().any(|g| g.has_class("resume")));
        assert!(els(&p.marks).iter().any(|g| g.has_class("break")));
    }
}

/// The text of a `<title>`.
trait TitleText {
    fn words_or_title(&self) -> String;
}

impl TitleText for El {
    fn words_or_title(&self) -> String {
        self.kids
            .iter()
            .map(|k| match k {
                Node::Text(t) => t.clone(),
                Node::El(e) => e.words_or_title(),
            })
            .collect()
    }
}

#[test]
fn only_the_part_in_view_is_laid_out() {
    let world = run("file-transfer");
    let all = draw(&world, &view(16.0, 0.0, 100_000.0));
    let top = draw(&world, &view(16.0, 0.0, 400.0));
    let far = draw(&world, &view(16.0, all.height + 10_000.0, 400.0));
    assert!(top.drawn < all.drawn && top.drawn > 0);
    assert_eq!(far.drawn, 0);
    assert!(far.marks.is_empty());
    // The frame and the height do not depend on the view.
    assert_eq!((far.height, far.frame.len()), (all.height, all.frame.len()));
}

#[test]
fn the_inspected_and_the_focused_spdus_mark_the_arrows_that_hold_them() {
    let world = run("half-duplex-chat");
    let cn = world
        .trace()
        .events
        .iter()
        .position(|e| matches!(&e.what, What::Spdu { spdu, .. } if spdu == "CN"))
        .expect("a CN");
    let mut v = view(1.0, 0.0, 100_000.0);
    v.inspected = Some(cn);
    v.focused = Some(cn);
    let p = draw(&world, &v);
    let marked: Vec<&El> = els(&p.arrows)
        .into_iter()
        .filter(|g| g.has_class("selected"))
        .collect();
    assert_eq!(marked.len(), 1);
    assert_eq!(
        marked[0].attr("data-first").as_deref(),
        Some(cn.to_string().as_str())
    );
    assert!(marked[0].attr("data-focus").is_some());
    assert_eq!(marked[0].key, Some(cn));
}

#[test]
fn the_token_lane_shows_who_holds_the_data_token() {
    let world = run("half-duplex-chat");
    let p = draw(&world, &view(1.0, 0.0, 100_000.0));
    let bars: Vec<&El> = els(&p.lane)
        .into_iter()
        .filter(|e| e.has_class("t0"))
        .collect();
    // The data token passes back and forth: bars on both sides.
    let xs: Vec<f64> = bars
        .iter()
        .map(|b| b.attr("x1").unwrap().parse().unwrap())
        .collect();
    assert!(
        xs.iter().any(|x| *x < XA) && xs.iter().any(|x| *x > XB),
        "{xs:?}"
    );
}

#[test]
fn zooming_keeps_the_time_in_the_middle_of_the_view_where_it_is() {
    // Scrolled so that height 1,000 of the drawing is in the middle of a 400 px view.
    let (w, h) = (600.0, 400.0);
    let scroll = page::HOSTS_HIGH + 1_000.0 - h / 2.0;
    let mid = Window::of(w, h, scroll, MARGIN).top + h / 2.0;
    assert!((mid - 1_000.0).abs() < 1e-9);
    let next = Window::scroll_for_zoom(w, h, scroll, 1.0, 2.0);
    let mid2 = Window::of(w, h, next, MARGIN).top + h / 2.0;
    // The same time: twice as far below the lifelines' top.
    assert!(
        (mid2 - (page::TOP + 2.0 * (1_000.0 - page::TOP))).abs() < 1e-9,
        "{mid2}"
    );
}

#[test]
fn on_a_phone_both_hosts_fit_and_the_labels_stay_clear() {
    // A 390 px screen leaves the diagram's box about 340 px.
    let geo = Geo::for_box(340.0);
    assert_eq!(geo, Geo::NARROW);
    assert!(geo.width * geo.scale(340.0) <= 340.0);
    let names = page::hosts(geo);
    for n in els(&names) {
        let x: f64 = n.attr("x").unwrap().parse().unwrap();
        // "Host B (responder)" is about 110 px at 11 px: it stays inside the drawing.
        assert!(x - 55.0 >= 0.0 && x + 55.0 <= geo.width, "{x}");
    }
    for name in ["file-transfer", "banking-login", "half-duplex-chat"] {
        let world = run(name);
        let mut v = view(1.0, 0.0, 100_000.0);
        v.geo = geo;
        let p = draw(&world, &v);
        for x in [geo.xa, geo.xb] {
            let labels = arrow_labels(&p, x);
            assert!(!labels.is_empty(), "{name}: labels beside {x}");
            for w in labels.windows(2) {
                assert!(w[1].0 - w[0].0 >= LABEL_GAP - 0.1, "{name}: {w:?} overlap");
            }
        }
        // Nothing is drawn right of the drawing but what the stylesheet lets overflow.
        for e in els(&p.arrows).iter().flat_map(|g| g.all()) {
            if let Some(x) = e.attr("x2").and_then(|x| x.parse::<f64>().ok()) {
                assert!(x <= geo.width, "{name}: an arrow ends at {x}");
            }
        }
    }
}
