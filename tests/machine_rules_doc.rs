//! `docs/machine-rules.md` is the machine's table of rules (`src/protocol/machine/rules.rs`)
//! drawn as states × SPDUs and states × requests. This test draws it again and fails when the
//! file differs; `UPDATE_DOCS=1 cargo test --test machine_rules_doc` rewrites it.
#![cfg(not(target_arch = "wasm32"))]

use osi_session::protocol::machine::{Cell, Condition, Incoming, RequestKind, Rule, State};
use std::fmt::Write;

const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/docs/machine-rules.md");

const INTRO: &str = "\
# The machine's rules

<!-- Drawn by tests/machine_rules_doc.rs from src/protocol/machine/rules.rs: do not edit by
hand; `UPDATE_DOCS=1 cargo test --test machine_rules_doc` draws it again. -->

For each SPDU that may arrive and each request of the session user, what each state of X.225
Annex A does with it, and the clause of X.225 clause 7 whose procedure it belongs to. The
session protocol machine consults this one table before any handler runs. In a cell:

- ✓: accepted, and its handler runs; ✓ and a letter: accepted when that condition holds too
  (the list at the end);
- —: the TSDU it is the main SPDU of is discarded unread, for the peer broke no rule: purged in
  STA05A, STA05B and STA05C, where what the peer sent before it saw our RS, AI or AD is
  dropped until the answer (X.225 7.14, 7.18, 7.19), and dropped in STA16, where the session
  is over on this side while the transport closes (A.4.7). A GT or PT before an SPDU that is
  taken is taken too;
- blank: refused. An SPDU ends the session with a protocol error (AB, and an S-P-ABORT that
  names the SPDU, the state and the row); a request is refused, nothing changes, and the
  error names the row (the playground shows it as \"Not now: ...\" on a disabled button).

The handlers then check only what is not the state: tokens, functional units, activities,
serial numbers, and the GTC a GTA answers (7.34), which STA713 remembers.
";

/// The row's cells: ✓ where it is accepted, ✓ and a letter where only under a condition.
fn cells(rule: Rule, conditions: &mut Vec<Condition>) -> String {
    let mut row = String::new();
    for state in State::ALL {
        let mark = match rule.cell(state) {
            Cell::Refused => String::new(),
            Cell::Discarded => "—".to_string(),
            Cell::Accepted => "✓".to_string(),
            Cell::When(condition) => {
                if !conditions.contains(&condition) {
                    conditions.push(condition);
                }
                let at = conditions.iter().position(|c| *c == condition).unwrap();
                format!("✓ {}", char::from(b'a' + at as u8))
            }
        };
        write!(row, " {mark} |").unwrap();
    }
    row
}

fn header(first: &str) -> String {
    let codes: Vec<&str> = State::ALL.iter().map(|s| s.code()).collect();
    let aligns = vec![":-:"; codes.len()].join("|");
    format!(
        "| {first} | X.225 | {} |\n|---|---|{aligns}|\n",
        codes.join(" | ")
    )
}

fn request_label(kind: RequestKind) -> String {
    match kind {
        RequestKind::Accept => format!("{} (accept)", kind.name()),
        RequestKind::Refuse => format!("{} (refuse)", kind.name()),
        other => other.name().to_string(),
    }
}

fn render() -> String {
    let mut out = String::from(INTRO);
    let mut conditions = Vec::new();
    out.push_str("\n## States\n\n| code | state |\n|---|---|\n");
    for state in State::ALL {
        writeln!(out, "| {} | {} |", state.code(), state.describe()).unwrap();
    }
    out.push_str("\n## SPDUs received\n\n");
    out.push_str(&header("SPDU"));
    for incoming in Incoming::all() {
        let rule = incoming.rule();
        let row = cells(rule, &mut conditions);
        writeln!(out, "| {} | {} |{row}", incoming.name(), rule.clause).unwrap();
    }
    out.push_str("\n## Requests and responses of the user\n\n");
    out.push_str(&header("request"));
    for kind in RequestKind::ALL {
        let rule = kind.rule();
        let row = cells(rule, &mut conditions);
        writeln!(out, "| {} | {} |{row}", request_label(kind), rule.clause).unwrap();
    }
    out.push_str("\n## Conditions\n\n");
    for (i, condition) in conditions.iter().enumerate() {
        let letter = char::from(b'a' + i as u8);
        writeln!(out, "- {letter}: {}.", condition.describe()).unwrap();
    }
    out
}

#[test]
fn the_rules_page_is_the_table() {
    let drawn = render();
    if std::env::var_os("UPDATE_DOCS").is_some() {
        std::fs::write(PATH, &drawn).expect("write docs/machine-rules.md");
    }
    let file = std::fs::read_to_string(PATH).unwrap_or_default();
    assert!(
        file == drawn,
        "docs/machine-rules.md is not the table in src/protocol/machine/rules.rs: \
         run `UPDATE_DOCS=1 cargo test --test machine_rules_doc`"
    );
}

#[test]
fn the_page_shows_each_rule_where_it_accepts() {
    let drawn = render();
    // MAP only in STA713 (column 6 of 19, after the SPDU and the clause).
    let map = drawn.lines().find(|l| l.starts_with("| MAP |")).unwrap();
    let marks: Vec<&str> = map.split('|').map(str::trim).collect();
    assert_eq!(marks[2], "7.12");
    let accepted: Vec<&str> = State::ALL
        .iter()
        .zip(&marks[3..])
        .filter(|(_, m)| m.starts_with('✓'))
        .map(|(s, _)| s.code())
        .collect();
    assert_eq!(accepted, ["STA713"]);
    assert_eq!(marks[3 + 12], "—", "purged in STA05A");
    // FN in STA03 only under a condition, which the page spells out.
    let fn_row = drawn.lines().find(|l| l.starts_with("| FN |")).unwrap();
    assert!(fn_row.contains("✓ a"), "{fn_row}");
    assert!(drawn.contains("- a: without negotiated release (FN crossing FN)."));
}
