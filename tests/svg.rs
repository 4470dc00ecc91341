#![cfg(not(target_arch = "wasm32"))]
//! The SVG sequence diagram of a session: well-formed, accessible, showing the break, the lost
//! SPDUs and the resume, thinned for long runs, and the same for the same trace.

use osi_session::sim::svg::{render, SvgOptions};
use osi_session::sim::{builtin, Host, Trace, What, World, BUILTIN};

fn run(name: &str) -> World {
    let scenario = builtin(name).expect("a built-in scenario");
    let mut world = World::new(&scenario);
    world.run_to_end(3_600_000_000);
    world
}

fn opts(app: &str) -> SvgOptions {
    SvgOptions {
        app: app.into(),
        ..SvgOptions::default()
    }
}

/// Checks that `doc` is well-formed enough: one root element, every tag closed in order,
/// attribute quotes balanced, and every `&` an entity. Panics with the reason if not.
fn check_well_formed(doc: &str) {
    let mut stack: Vec<&str> = Vec::new();
    let mut roots = 0;
    let mut rest = doc;
    while let Some(open) = rest.find('<') {
        check_text(&rest[..open]);
        let after = &rest[open..];
        if let Some(comment) = after.strip_prefix("<!--") {
            let end = comment.find("-->").expect("an unclosed comment");
            rest = &comment[end + 3..];
            continue;
        }
        let close = after.find('>').expect("an unclosed tag");
        let tag = &after[1..close];
        rest = &after[close + 1..];
        assert_eq!(
            tag.matches('"').count() % 2,
            0,
            "unbalanced quotes in <{tag}>"
        );
        assert!(!tag.contains('<'), "a '<' inside <{tag}>");
        if let Some(name) = tag.strip_prefix('/') {
            let top = stack
                .pop()
                .unwrap_or_else(|| panic!("</{name}> closes nothing"));
            assert_eq!(top, name.trim(), "</{name}> closes <{top}>");
            continue;
        }
        if stack.is_empty() {
            roots += 1;
        }
        let name = tag.split_whitespace().next().expect("a tag name");
        if !tag.ends_with('/') {
            stack.push(name.trim_end_matches('/'));
        }
    }
    check_text(rest);
    assert!(stack.is_empty(), "unclosed: {stack:?}");
    assert_eq!(roots, 1, "one root element");
}

/// Every `&` in text starts an entity.
fn check_text(text: &str) {
    for (i, _) in text.match_indices('&') {
        let entity = &text[i..];
        assert!(
            ["&amp;", "&lt;", "&gt;", "&quot;", "&apos;", "&#"]
                .iter()
                .any(|e| entity.starts_with(e)),
            "a bare '&' in {:?}",
            &entity[..entity.len().min(20)]
        );
    }
}

#[test]
fn the_file_transfer_diagram_shows_the_break_the_losses_and_the_resume() {
    let world = run("file-transfer");
    let svg = render(world.trace(), 0, &opts("file transfer"));
    check_well_formed(&svg);
    assert!(svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""));
    assert!(svg.contains(r#"role="img""#));
    assert!(svg.contains(r#"aria-label="Timeline of session 0: file transfer""#));
    assert!(svg.contains("<title>Timeline of session 0: file transfer</title>"));
    assert!(svg.contains("<style>") && svg.contains("prefers-color-scheme: dark"));
    assert!(svg.contains("currentColor"));
    // The resume's AR is drawn as an arrow with its serial number.
    assert!(
        svg.lines()
            .any(|l| l.starts_with(r#"<g class="spdu">"#) && l.contains(">AR 17</text>")),
        "no AR arrow"
    );
    assert!(svg.contains(r#"<g class="break">"#));
    assert!(svg.contains(r#"<g class="resume">"#));
    assert!(svg.contains("resume from sync 17 @ 4456448"));
    assert!(svg.contains(r#"<g class="checkpoint">"#));
    assert!(svg.contains(r#"<g class="checkpoint major">"#));
    assert!(svg.contains("sync 17 @ 4456448"));
    // Every SPDU the break lost is drawn, dashed, and the break says how many.
    let lost = world
        .trace()
        .events
        .iter()
        .find_map(|e| match e.what {
            What::Break { lost, .. } => Some(lost as usize),
            _ => None,
        })
        .expect("a break");
    assert!(lost > 0);
    assert_eq!(svg.matches(r#"<g class="spdu lost">"#).count(), lost);
    assert!(svg.contains(&format!("{lost} SPDUs lost")));
    // The resume points back up to the band of the checkpoint it resumes from.
    assert!(svg.contains("marker-end=\"url(#osi-s0-back)\""));
}

#[test]
fn long_runs_are_thinned_but_keep_every_control_spdu() {
    let world = run("file-transfer");
    let trace = world.trace();
    let count = |f: &dyn Fn(&str, bool) -> bool| {
        trace
            .events
            .iter()
            .filter(|e| matches!(&e.what, What::Spdu { spdu, arrives, .. } if f(spdu, arrives.is_some())))
            .count()
    };
    let data = count(&|s, arrived| s == "DT" && arrived);
    let control = count(&|s, arrived| s != "DT" && arrived);
    let max = SvgOptions {
        max_events: 100,
        ..SvgOptions::default()
    };
    let svg = render(trace, 0, &max);
    check_well_formed(&svg);
    assert_eq!(svg.matches(r#"<g class="spdu">"#).count(), control);
    let lost = svg.matches(r#"<g class="spdu lost">"#).count();
    let budget = 100 - control - lost;
    assert_eq!(svg.matches(r#"<g class="spdu data">"#).count(), budget);
    assert!(svg.contains(&format!(
        "{budget} of {data} data SPDUs (DT) drawn, evenly spaced"
    )));
    // With room for all, nothing is thinned and no note says so.
    let all = SvgOptions {
        max_events: usize::MAX,
        ..SvgOptions::default()
    };
    let svg = render(trace, 0, &all);
    assert_eq!(svg.matches(r#"<g class="spdu data">"#).count(), data);
    assert!(!svg.contains("data SPDUs (DT) drawn"));
}

#[test]
fn the_same_trace_gives_the_same_diagram() {
    let a = render(run("file-transfer").trace(), 0, &opts("file transfer"));
    let b = render(run("file-transfer").trace(), 0, &opts("file transfer"));
    assert_eq!(a, b);
}

#[test]
fn every_built_in_scenario_draws_a_well_formed_diagram() {
    for name in BUILTIN {
        let world = run(name);
        let app = world.summaries()[0].app.clone();
        let svg = render(world.trace(), 0, &opts(&app));
        check_well_formed(&svg);
        assert!(
            svg.contains(&format!("Timeline of session 0: {app}")),
            "{name}"
        );
    }
}

#[test]
fn text_is_escaped_and_an_empty_session_still_draws() {
    let mut trace = Trace::default();
    trace.push(
        0,
        3,
        What::App {
            host: Host::A,
            text: "<script>alert('&')</script>".into(),
        },
    );
    trace.push(
        5,
        3,
        What::Break {
            conn: 0,
            cause: "a \"cut\" & <more>".into(),
            lost: 1,
            at_risk: None,
        },
    );
    let svg = render(&trace, 3, &opts("a <b> & c"));
    check_well_formed(&svg);
    assert!(!svg.contains("<script>"));
    assert!(svg.contains("aria-label=\"Timeline of session 3: a &lt;b&gt; &amp; c\""));
    let empty = render(&trace, 9, &SvgOptions::default());
    check_well_formed(&empty);
    assert!(empty.contains("aria-label=\"Timeline of session 9\""));
    assert!(empty.contains("Nothing has happened in this session yet."));
}

#[test]
#[should_panic(expected = "closes")]
fn the_checker_catches_tags_closed_out_of_order() {
    check_well_formed("<svg><g><text></g></text></svg>");
}

#[test]
#[should_panic(expected = "bare")]
fn the_checker_catches_a_bare_ampersand() {
    check_well_formed("<svg><text>a & b</text></svg>");
}
