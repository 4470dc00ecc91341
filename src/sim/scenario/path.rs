//! The path of the value serde_json was reading when it stopped, found from where in the text
//! it stopped: the members and elements open at that octet. This names a scenario's errors
//! as a deserializer that tracks its path would (serde_path_to_error, which the tests keep as
//! the oracle), without wrapping every visitor of the scenario's types (which took 28 KB of
//! the shipped wasm's code, 4 KB of it gzip).

use serde_json::error::Category;

use super::errors::Step;

/// A container open at the point reached, and where in it that point is.
enum Open {
    /// An object: the key of the member last begun (once read whole), and where in that
    /// member the point is.
    Object(Option<String>, Member),
    /// An array: the number of elements begun, and whether the point is in one (from its
    /// first octet until the comma after it) or before the next.
    Array(usize, bool),
}

/// Where a point is in an object's member.
#[derive(Clone, Copy, PartialEq)]
enum Member {
    /// In its key, or before its colon.
    Key,
    /// After its colon, before its value.
    Colon,
    /// In its value (from its first octet until the comma after it).
    Value,
}

/// What reading the first octets of a text has opened.
struct Reader {
    open: Vec<Open>,
    /// The value last begun in the innermost container (or the text's value) has ended.
    ended: bool,
    /// The string value last read whole, if it is the value last begun.
    string: Option<String>,
}

/// The path of the value serde_json's error `e` is about, in `text`. `reread` reads a text
/// as `text` was read and gives its error, for the one error whose position alone does not
/// tell whether serde_json read the octet before it or only looked at it.
pub(super) fn path_of_error(
    text: &str,
    e: &serde_json::Error,
    reread: impl Fn(&str) -> Option<serde_json::Error>,
) -> Vec<Step> {
    let message = e.to_string();
    let mut read = read_up_to(text, e.line(), e.column());
    // In a `\u` escape serde_json reads four octets before it checks them, so an error in an
    // escape can be placed past the end of the string it is about: the point goes back to
    // just after the escape's backslash, inside that string.
    if IN_ESCAPE.iter().any(|m| message.starts_with(m)) {
        if let Some(j) = text.as_bytes()[read.saturating_sub(12)..read]
            .iter()
            .rposition(|c| *c == b'\\')
        {
            read = read.saturating_sub(12) + j + 1;
        }
    }
    let syntax = matches!(e.classify(), Category::Syntax | Category::Eof);
    // serde_json words some errors about the octet after those read, which it looked at
    // (or, in a literal or number, read).
    let container = !e.is_eof() && LOOKED_AT.iter().any(|m| message.starts_with(m));
    let looked_at = !e.is_eof()
        && (container
            || message.starts_with("expected ident")
            || message.starts_with("invalid number")
            // Reported with the number read but not the octet after it, which would end it.
            || message.starts_with("number out of range")
            || message.starts_with("expected value") && read > 0 && {
                // Either about the octet it looked at (where a value was due) or about the
                // one after the value it read (an enum's, which must end there): with a
                // space put after the octet, the first stays where it was, the second moves
                // on past the space. (An octet inside a character was only looked at: no
                // value ends there.)
                !text.is_char_boundary(read) || {
                    let spaced = format!("{} {}", &text[..read], &text[read..]);
                    reread(&spaced)
                        .is_some_and(|e| read_up_to(&spaced, e.line(), e.column()) == read)
                }
            });
    let at = Point {
        read: read - usize::from(looked_at && read > 0),
        syntax,
        container,
        // A string taken as an enum's variant of another kind names the variant.
        variant: !syntax && message.starts_with("invalid type: unit variant"),
    };
    path_at(text, at)
}

/// serde_json's errors about the octet after those it read (its `peek_error`), but for
/// "expected value", which is about either.
const LOOKED_AT: [&str; 8] = [
    "expected `:`",
    "expected `,` or `]`",
    "expected `,` or `}`",
    "expected `\"`",
    "key must be a string",
    "trailing comma",
    "trailing characters",
    "recursion limit exceeded",
];

/// serde_json's errors about an escape in a string (its `\uXXXX` read ahead).
const IN_ESCAPE: [&str; 4] = [
    "invalid escape",
    "invalid unicode code point",
    "lone leading surrogate in hex escape",
    "unexpected end of hex escape",
];

/// Where serde_json stopped, and what its error is.
struct Point {
    /// The octets it had read.
    read: usize,
    /// A syntax error, not one of serde's (such as a value of the wrong type).
    syntax: bool,
    /// A syntax error about the container (what follows a value in it).
    container: bool,
    /// About a string read as an enum's variant.
    variant: bool,
}

/// The path of the value an error at `at` is about, in `text`.
fn path_at(text: &str, at: Point) -> Vec<Step> {
    let b = text.as_bytes();
    let mut r = Reader::of(text, at.read);
    match r.open.last_mut() {
        // A syntax error after a value is its container's (serde's about it, its own).
        Some(Open::Object(_, m @ Member::Value)) if at.syntax && r.ended => *m = Member::Key,
        Some(Open::Array(_, in_one @ true)) if at.syntax && r.ended => *in_one = false,
        // An element is begun once serde has looked at its first octet (after the white
        // space before it).
        Some(Open::Array(n, in_one @ false))
            if !at.container && b.get(at.read).is_some_and(|c| !b"] \t\n\r".contains(c)) =>
        {
            (*n, *in_one) = (*n + 1, true);
        }
        _ => {}
    }
    let mut steps: Vec<Step> = r
        .open
        .iter()
        .map_while(|o| match o {
            Open::Object(Some(k), Member::Colon | Member::Value) => Some(Step::Key(k.clone())),
            Open::Array(n, true) => Some(Step::Index(n - 1)),
            _ => None,
        })
        .collect();
    if let (true, true, Some(variant)) = (at.variant, r.ended, r.string.take()) {
        steps.push(Step::Key(variant));
    }
    steps
}

/// The octets read when serde_json reports `line` and `column` (its column counts the
/// octets read on that line; line 0 is no position).
fn read_up_to(text: &str, line: usize, column: usize) -> usize {
    let line_start = match line {
        0 => return 0,
        1 => 0,
        _ => text
            .match_indices('\n')
            .nth(line - 2)
            .map_or(text.len(), |(i, _)| i + 1),
    };
    (line_start + column).min(text.len())
}

impl Reader {
    /// What the first `read` octets of the JSON `text` open. A string, number or literal
    /// counts as ended once read whole, as serde_json reads it (a number once the octet after
    /// it is read too, or the text ends).
    fn of(text: &str, read: usize) -> Reader {
        let b = text.as_bytes();
        let read = read.min(b.len());
        let mut r = Reader {
            open: Vec::new(),
            ended: false,
            string: None,
        };
        let mut i = 0;
        while i < read {
            let c = b[i];
            let key_next = matches!(r.open.last(), Some(Open::Object(_, Member::Key)));
            if !(b" \t\n\r,:}]".contains(&c) || key_next && c == b'"') {
                r.begin();
            }
            match (c, r.open.last_mut()) {
                (b'"', last) => {
                    let end = string_end(b, i);
                    // A string cut short at the point has not ended.
                    if end < read {
                        // Unescaped as serde reads it.
                        let whole = serde_json::from_str(&text[i..=end]).ok();
                        match (key_next, last) {
                            (true, Some(Open::Object(k, _))) => *k = whole,
                            _ => (r.ended, r.string) = (true, whole),
                        }
                    }
                    i = end;
                }
                (b'{', _) => r.open.push(Open::Object(None, Member::Key)),
                (b'[', _) => r.open.push(Open::Array(0, false)),
                (b'}' | b']', _) => {
                    r.open.pop();
                    r.ended = true;
                }
                (b':', Some(Open::Object(_, at))) => *at = Member::Colon,
                (b',', Some(Open::Object(k, at))) => (*k, *at) = (None, Member::Key),
                (b',', Some(Open::Array(_, in_one))) => *in_one = false,
                (b' ' | b'\t' | b'\n' | b'\r' | b',' | b':', _) => {}
                _ => {
                    // A number or literal.
                    let (end, whole) = scalar_end(b, i);
                    r.ended = end <= read && whole;
                    i = end - 1;
                }
            }
            i += 1;
        }
        r
    }

    /// A value begins where the point is.
    fn begin(&mut self) {
        self.ended = false;
        self.string = None;
        match self.open.last_mut() {
            Some(Open::Array(n, in_one @ false)) => (*n, *in_one) = (*n + 1, true),
            Some(Open::Object(_, at @ Member::Colon)) => *at = Member::Value,
            _ => {}
        }
    }
}

/// Where the number or literal that begins at `start` ends, as serde_json reads it (up to
/// the first octet that cannot go on with it), and whether it is whole there.
fn scalar_end(b: &[u8], start: usize) -> (usize, bool) {
    for literal in [&b"true"[..], b"false", b"null"] {
        if b[start..].starts_with(literal) {
            return (start + literal.len(), true);
        }
    }
    let digits = |i: usize| {
        (i..b.len())
            .find(|&j| !b[j].is_ascii_digit())
            .unwrap_or(b.len())
    };
    let mut i = start + usize::from(b[start] == b'-');
    let int = if b.get(i) == Some(&b'0') {
        i + 1
    } else {
        digits(i)
    };
    // No digit, or a digit after a leading zero.
    if int == i || b.get(int).is_some_and(u8::is_ascii_digit) {
        return (int.max(start + 1), false);
    }
    i = int;
    for (mark, signs) in [(&b"."[..], &b""[..]), (b"eE", b"+-")] {
        if b.get(i).is_some_and(|c| mark.contains(c)) {
            i += 1;
            i += usize::from(b.get(i).is_some_and(|c| signs.contains(c)));
            let end = digits(i);
            if end == i {
                return (i, false);
            }
            i = end;
        }
    }
    (i, true)
}

/// The index of the quote that ends the string whose opening quote is at `start` (or the
/// end of the text, for a string cut short).
fn string_end(b: &[u8], start: usize) -> usize {
    let mut i = start + 1;
    while i < b.len() {
        match b[i] {
            b'\\' => i += 2,
            b'"' => return i,
            _ => i += 1,
        }
    }
    b.len()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(text: &str, read: usize) -> String {
        let at = Point {
            read,
            syntax: false,
            container: false,
            variant: false,
        };
        super::super::errors::path_of(&path_at(text, at))
    }

    #[test]
    fn paths_at_points_of_a_text() {
        let t = r#"{"sessions": [{"app": {"rpc": {"calls": "x"}}}, {"a\"b": 1}]}"#;
        let at = |s: &str| t.find(s).unwrap() + s.len();
        assert_eq!(path(t, 0), "");
        assert_eq!(path(t, at(r#"{"sess"#)), "");
        assert_eq!(path(t, at(r#""sessions""#)), "");
        assert_eq!(path(t, at(r#""sessions":"#)), "sessions");
        assert_eq!(path(t, at(r#""sessions": ["#)), "sessions[0]");
        assert_eq!(path(t, at(r#""sessions": [{"#)), "sessions[0]");
        assert_eq!(path(t, at(r#""calls": "x""#)), "sessions[0].app.rpc.calls");
        assert_eq!(path(t, at(r#""calls": "x"}"#)), "sessions[0].app.rpc");
        assert_eq!(path(t, at(r#"}}}"#)), "sessions[0]");
        assert_eq!(path(t, at(r#"}}},"#)), "sessions");
        assert_eq!(path(t, at(r#""a\"b":"#)), r#"sessions[1].a"b"#);
        assert_eq!(path(t, t.len()), "");
    }

    #[test]
    fn positions_count_octets_read_on_their_line() {
        let t = "{\n  \"a\": 1,\n  \"b\": 2\n}";
        assert_eq!(read_up_to(t, 0, 5), 0);
        assert_eq!(read_up_to(t, 1, 1), 1);
        assert_eq!(&t[..read_up_to(t, 2, 5)], "{\n  \"a\"");
        assert_eq!(&t[..read_up_to(t, 4, 1)], t);
        assert_eq!(read_up_to(t, 9, 1), t.len());
    }
}
