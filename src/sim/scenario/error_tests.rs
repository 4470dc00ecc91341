//! The scenario's errors checked against serde_path_to_error, a deserializer that tracks
//! the path of every value it reads: the paths found from where serde_json stopped in the
//! text (`path.rs`) must be the ones it gives, for texts and for JSON already parsed (whose
//! errors must be those of serde_json's `Value` reader), over every value of the built-in
//! scenarios put in the wrong shape, written compact and pretty, and cut short anywhere.

use serde_json::{json, Value};

use super::errors::{parse_error, Step};
use super::{builtin, Scenario, ScenarioError};

/// The error and path serde_path_to_error gives (as `errors::with_path` did with it).
fn tracked(
    e: serde_path_to_error::Error<serde_json::Error>,
    at_text: bool,
) -> (ScenarioError, Vec<Step>) {
    use serde_path_to_error::Segment;
    let unknown_field = e.inner().to_string().starts_with("unknown field `");
    // Up to the first segment serde could not name (a key cut short by the end of the text).
    let mut steps: Vec<Step> = e
        .path()
        .iter()
        .map_while(|s| match s {
            Segment::Seq { index } => Some(Step::Index(*index)),
            Segment::Map { key } | Segment::Enum { variant: key } => Some(Step::Key(key.clone())),
            Segment::Unknown => None,
        })
        .collect();
    if unknown_field {
        steps.pop();
    }
    let path = super::errors::path_of(&steps);
    (parse_error(&path, e.inner(), at_text), steps)
}

/// serde_json's `Value` reader, its path tracked.
fn by_value_reader(value: Value) -> Result<Scenario, ScenarioError> {
    let s: Scenario = serde_path_to_error::deserialize(value).map_err(|e| tracked(e, false).0)?;
    s.validate()?;
    Ok(s)
}

/// serde_json's text reader, its path tracked.
fn by_tracked_text_reader(text: &str) -> Result<Scenario, (ScenarioError, Vec<Step>)> {
    let mut de = serde_json::Deserializer::from_str(text);
    let s: Scenario = serde_path_to_error::deserialize(&mut de).map_err(|e| tracked(e, true))?;
    de.end()
        .map_err(|e| (parse_error("", &e, true), Vec::new()))?;
    s.validate().map_err(|e| (e, Vec::new()))?;
    Ok(s)
}

/// `text`'s error and path as `Scenario::from_json` finds them, and as the tracked reader does.
fn check_text(text: &str) {
    let found = Scenario::from_text(text, true);
    assert_eq!(found, by_tracked_text_reader(text), "{text}");
}

/// Every value in `v` (`Value::pointer`'s form).
fn pointers(v: &Value, at: String, out: &mut Vec<String>) {
    out.push(at.clone());
    match v {
        Value::Object(m) => m
            .iter()
            .for_each(|(k, x)| pointers(x, format!("{at}/{k}"), out)),
        Value::Array(a) => a
            .iter()
            .enumerate()
            .for_each(|(i, x)| pointers(x, format!("{at}/{i}"), out)),
        _ => {}
    }
}

/// `from_value` reads a scenario from its text; its errors are still those of serde_json's
/// `Value` reader. Texts give the tracked reader's paths, with their lines and columns.
#[test]
fn errors_are_those_of_the_tracked_readers() {
    let others = [
        json!(null),
        json!(true),
        json!(1),
        json!(-1),
        json!(1.5),
        json!(1e300),
        json!(u64::MAX),
        json!("x"),
        json!("break"),
        json!("A"),
        json!("full-duplex"),
        json!([]),
        json!([1]),
        json!([1, 2, 3, 4, 5, 6, 7, 8]),
        json!(["x"]),
        json!([{}]),
        json!({}),
        json!({"x": 1}),
        json!({"break_at_byte": 5, "x": 1}),
        json!({"kill": null}),
        json!({"kill": 5}),
        json!({"kill": [], "x": 1}),
        json!({"break_at_byte": 5}),
        json!({"give_token": "A"}),
        json!({"rpc": {}}),
        json!({"rpc": {}, "chat": {}}),
        json!({"chat": {"x": 1}, "rpc": {}}),
        json!({"banking": {"think_ms": "x"}, "rpc": {}}),
        json!({"break_at_byte": "x", "kill": null}),
        json!({"give_token": "C", "kill": null}),
        json!({"give_token": {"A": 1, "B": 2}, "kill": null}),
        json!({"give_token": 3, "kill": null}),
        json!({"switch_dialog": "x"}),
        json!({"switch_dialog": {"a": 1, "b": 2}, "x": 1}),
        json!({"file_transfer": [1, 2, 3, 4, 5, 6, 7, 8, 9], "rpc": {}}),
        json!({"file_transfer": {"size": [1, 2]}, "rpc": {}}),
        json!({"file_transfer": [1, 2, 3, 4, 5, 6, 7, 8, 9]}),
        json!({"file_transfer": [1]}),
        json!([{"app": {"rpc": {}, "chat": {}}}, 1]),
    ];
    let mut cases = 0;
    for name in crate::sim::BUILTIN {
        let base = serde_json::to_value(builtin(name).unwrap()).unwrap();
        let mut all = Vec::new();
        pointers(&base, String::new(), &mut all);
        for at in &all {
            let old = base.pointer(at).unwrap().clone();
            let mut tried: Vec<Value> = others.to_vec();
            tried.extend([
                json!({"aa": old, "zz": 1}),
                json!({"rpc": old, "zz": 1}),
                json!({"break_at_byte": old, "zz": 1}),
                json!({"switch_dialog": old, "zz": 1}),
                json!([old, 1, 2, 3, 4, 5, 6, 7, 8]),
                json!({"file_transfer": [old, 1, 2, 3, 4, 5, 6, 7, 8, 9]}),
            ]);
            if let Value::Object(m) = &old {
                // Each member taken out, and an unknown one put in (first and last).
                for k in m.keys().cloned().chain(["aa".into(), "zz".into()]) {
                    let mut edited = m.clone();
                    if edited.remove(&k).is_none() {
                        edited.insert(k, json!(1));
                    }
                    tried.push(Value::Object(edited));
                }
            }
            for new in tried {
                if at.is_empty() && new.is_array() {
                    // A scenario given as an array is refused before serde reads it.
                    let e = Scenario::from_value(new.clone()).unwrap_err();
                    assert_eq!(e.message, super::NOT_AN_OBJECT, "{new}");
                    continue;
                }
                let mut v = base.clone();
                *v.pointer_mut(at).unwrap() = new;
                cases += 1;
                assert_eq!(
                    Scenario::from_value(v.clone()),
                    by_value_reader(v.clone()),
                    "{v}"
                );
                check_text(&v.to_string());
                check_text(&serde_json::to_string_pretty(&v).unwrap());
            }
        }
    }
    assert!(cases > 5_000, "{cases}");
}

/// Every built-in scenario's text, compact and pretty, cut short at every octet and with
/// each octet in turn replaced by one that breaks it.
#[test]
fn texts_cut_short_or_broken_anywhere_are_named_as_the_tracked_reader_names_them() {
    let mut cases = 0;
    for name in crate::sim::BUILTIN {
        let v = serde_json::to_value(builtin(name).unwrap()).unwrap();
        for text in [v.to_string(), serde_json::to_string_pretty(&v).unwrap()] {
            for cut in (0..text.len()).filter(|&i| text.is_char_boundary(i)) {
                check_text(&text[..cut]);
                for c in ["}", "]", "{", "[", ",", "\"", ":", "x", "1", "-", "t", " "] {
                    if text.is_char_boundary(cut + 1) {
                        check_text(&format!("{}{c}{}", &text[..cut], &text[cut + 1..]));
                        cases += 1;
                    }
                }
            }
        }
    }
    assert!(cases > 10_000, "{cases}");
}

/// Keys written with escapes are named as serde reads them.
#[test]
fn escaped_keys_are_named_unescaped() {
    let text = r#"{"seed": 1, "sessions": [{"app": {"rpc": {"c\u0061lls": "x"}}}]}"#;
    let (e, steps) = Scenario::from_text(text, true).unwrap_err();
    assert_eq!(e.field, "sessions[0].app.rpc.calls");
    assert_eq!(steps.last(), Some(&Step::Key("calls".into())));
    check_text(text);
}

#[cfg(not(target_arch = "wasm32"))]
proptest::proptest! {
    /// Any text made of a built-in scenario's with a few characters put in, taken out or
    /// changed (any character, not only JSON's) is named as the tracked reader names it.
    #[test]
    fn texts_edited_anyhow_are_named_as_the_tracked_reader_names_them(
        which in 0..crate::sim::BUILTIN.len(),
        pretty in proptest::bool::ANY,
        edits in proptest::collection::vec((0.0..1.0f64, 0..3u8, proptest::char::any()), 1..4),
    ) {
        let v = serde_json::to_value(builtin(crate::sim::BUILTIN[which]).unwrap()).unwrap();
        let mut text: Vec<char> = if pretty {
            serde_json::to_string_pretty(&v).unwrap()
        } else {
            v.to_string()
        }
        .chars()
        .collect();
        for (at, how, c) in edits {
            let i = ((text.len() as f64 * at) as usize).min(text.len() - 1);
            match how {
                0 => text.insert(i, c),
                1 => drop(text.remove(i)),
                _ => text[i] = c,
            }
        }
        check_text(&text.into_iter().collect::<String>());
    }
}

/// A number too large for serde_json, in an object and in an array, at the text's end or not,
/// is named as the value it was being read as (serde_json reports it with the number read
/// and the octet after it not yet looked at). Found by the random edits above.
#[test]
fn a_number_out_of_range_is_named_as_its_value() {
    let text = r#"{"seed": 1, "link": {"window": 10e48576}, "sessions": []}"#;
    let (e, _) = Scenario::from_text(text, true).unwrap_err();
    assert_eq!(e.field, "link.window");
    assert!(
        e.message.starts_with("number out of range"),
        "{}",
        e.message
    );
    for text in [
        text,
        r#"{"seed": 1e999}"#,
        r#"{"seed": -1.5e400 }"#,
        r#"{"sessions": [{"app": {"rpc": {"calls": 1}}}, 1e400]}"#,
        r#"{"seed": 1e999"#,
    ] {
        check_text(text);
    }
}

/// A broken escape is named as the string it is in, though serde_json reads a `\u` escape's
/// four octets before it checks them, past the string's end when that is near. Found by the
/// random edits above ("log\ut." in the banking login's description).
#[test]
fn a_broken_escape_is_named_as_its_string() {
    let text = r#"{"seed": 1, "description": "log\ut.", "sessions": []}"#;
    let (e, _) = Scenario::from_text(text, true).unwrap_err();
    assert_eq!(e.field, "description");
    assert!(e.message.starts_with("invalid escape"), "{}", e.message);
    for text in [
        text,
        r#"{"description": "\u12"}"#,
        r#"{"description": "\uD83D\u0041", "seed": 1}"#,
        r#"{"description": "a\x", "seed": 1}"#,
        r#"{"sessions": [{"app": {"rpc": {}}, "name": "\u00"}]}"#,
    ] {
        check_text(text);
    }
}

/// A character that is not ASCII where a value is due is named without trouble.
#[test]
fn a_value_that_begins_with_a_character_not_ascii_is_named() {
    let text = r#"{"seed": é, "sessions": []}"#;
    let (e, _) = Scenario::from_text(text, true).unwrap_err();
    assert_eq!(e.field, "seed");
    check_text(text);
}
