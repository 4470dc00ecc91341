//! The timeline's layout: a run's trace turned into positioned shapes, the one place where
//! the sequence diagram's geometry is decided (where the lifelines stand, how SPDUs group into
//! arrows, where labels go and which are left out, how sync points, breaks, resumes and token
//! bars are drawn).
//!
//! Two placements of time read the same trace:
//! - [`page`]: time runs down at a scale the viewer zooms, SPDUs sent too close together are
//!   grouped into one arrow, and only the part in view is laid out (the playground's diagram);
//! - [`export`]: one row per event, gaps compressed between [`export::MIN_GAP`] and
//!   [`export::MAX_GAP`], with every state change and note written beside the lifelines (the
//!   standalone SVG of Export SVG and `session-sim run --format svg`).
//!
//! Both give a tree of [`Node`]s: SVG elements with their attributes already placed. The
//! renderers are thin: [`crate::sim::svg`] writes the tree as text, and the page's diagram
//! turns it into yew's virtual DOM. Neither computes a coordinate. The layout is pure and
//! native, so it is tested without a browser.

pub mod export;
mod labels;
mod marks;
mod notes;
pub mod page;
mod page_arrows;
pub mod tokens;

/// An attribute's value.
#[derive(Clone, Debug, PartialEq)]
pub enum Val {
    /// A coordinate or length, written with one decimal ([`coord`]).
    Px(f64),
    /// Written as it is.
    Lit(&'static str),
    /// Written as it is (text is escaped by the renderer that writes text).
    Str(String),
}

impl Val {
    /// The value as the document writes it.
    pub fn text(&self) -> std::borrow::Cow<'_, str> {
        match self {
            Val::Px(x) => coord(*x).into(),
            Val::Lit(s) => (*s).into(),
            Val::Str(s) => s.as_str().into(),
        }
    }
}

impl From<f64> for Val {
    fn from(x: f64) -> Self {
        Val::Px(x)
    }
}

impl From<&'static str> for Val {
    fn from(s: &'static str) -> Self {
        Val::Lit(s)
    }
}

impl From<String> for Val {
    fn from(s: String) -> Self {
        Val::Str(s)
    }
}

/// An SVG element: its tag, the key the page keeps its node by (a trace index), its attributes
/// in the order written, and its children.
#[derive(Clone, Debug, PartialEq)]
pub struct El {
    pub tag: &'static str,
    pub key: Option<usize>,
    pub attrs: Vec<(&'static str, Val)>,
    pub kids: Vec<Node>,
}

/// A node of the drawing: an element or text.
#[derive(Clone, Debug, PartialEq)]
pub enum Node {
    El(El),
    Text(String),
}

/// A new element.
pub fn el(tag: &'static str) -> El {
    El {
        tag,
        key: None,
        attrs: Vec::new(),
        kids: Vec::new(),
    }
}

impl El {
    /// With the attribute `name`.
    pub fn at(mut self, name: &'static str, v: impl Into<Val>) -> El {
        self.attrs.push((name, v.into()));
        self
    }

    /// With the attribute `name` where `v` is something.
    pub fn at_some(self, name: &'static str, v: Option<impl Into<Val>>) -> El {
        match v {
            Some(v) => self.at(name, v),
            None => self,
        }
    }

    /// Keyed by the trace index `k`.
    pub fn key(mut self, k: usize) -> El {
        self.key = Some(k);
        self
    }

    /// With the child `n`.
    pub fn kid(mut self, n: impl Into<Node>) -> El {
        self.kids.push(n.into());
        self
    }

    /// With the text `s` as a child.
    pub fn text(self, s: impl Into<String>) -> El {
        self.kid(Node::Text(s.into()))
    }

    /// With a `<title>` child holding `s` (a tooltip, and an accessible description).
    pub fn title(self, s: impl Into<String>) -> El {
        self.kid(el("title").text(s))
    }

    /// The value of the attribute `name`, if it has one.
    pub fn attr(&self, name: &str) -> Option<std::borrow::Cow<'_, str>> {
        self.attrs
            .iter()
            .find(|(n, _)| *n == name)
            .map(|(_, v)| v.text())
    }

    /// Its text, its children's included, without the `<title>`s.
    pub fn words(&self) -> String {
        let mut s = String::new();
        for k in &self.kids {
            match k {
                Node::Text(t) => s.push_str(t),
                Node::El(e) if e.tag != "title" => s.push_str(&e.words()),
                Node::El(_) => {}
            }
        }
        s
    }

    /// Every element in it (itself first), depth first.
    pub fn all(&self) -> Vec<&El> {
        let mut out = vec![self];
        for k in &self.kids {
            if let Node::El(e) = k {
                out.extend(e.all());
            }
        }
        out
    }

    /// Whether its class list has `class`.
    pub fn has_class(&self, class: &str) -> bool {
        self.attr("class")
            .is_some_and(|c| c.split(' ').any(|w| w == class))
    }
}

impl From<El> for Node {
    fn from(e: El) -> Self {
        Node::El(e)
    }
}

/// A `<text>` at (x, y) anchored as `anchor` says (`None`: the start, unwritten).
pub fn text_at(x: impl Into<Val>, y: impl Into<Val>, anchor: Option<&'static str>) -> El {
    el("text")
        .at("x", x)
        .at("y", y)
        .at_some("text-anchor", anchor)
}

/// A `<line>` from (x1, y1) to (x2, y2).
pub fn line(x1: f64, y1: f64, x2: f64, y2: f64) -> El {
    el("line")
        .at("x1", x1)
        .at("y1", y1)
        .at("x2", x2)
        .at("y2", y2)
}

/// A class list from the names that apply, in order.
pub fn classes(names: &[Option<&'static str>]) -> String {
    let mut s = String::new();
    for n in names.iter().flatten() {
        if !s.is_empty() {
            s.push(' ');
        }
        s.push_str(n);
    }
    s
}

/// A number for a coordinate: one decimal, so the output is stable. Written with integer
/// arithmetic: Rust's float formatting is one of the larger pieces of the shipped wasm.
/// Digits are pushed one by one rather than through `format!`: a timeline redraw writes
/// thousands of coordinates, and `core::fmt` was half of its time.
pub fn coord(x: f64) -> String {
    if !x.is_finite() {
        return "0".into();
    }
    // Saturating cast; a drawing never gets near the limit.
    let tenths = (x.abs() * 10.0).round() as u64;
    let mut s = String::with_capacity(8);
    if x < 0.0 && tenths != 0 {
        s.push('-');
    }
    push_digits(&mut s, tenths / 10, 1);
    s.push('.');
    push_digits(&mut s, tenths % 10, 1);
    s
}

/// Appends `n` in decimal, with leading zeros up to `width` digits.
pub fn push_digits(out: &mut String, mut n: u64, width: usize) {
    let mut buf = [b'0'; 20];
    let mut i = buf.len();
    while n > 0 || buf.len() - i < width.clamp(1, 20) {
        i -= 1;
        buf[i] = b'0' + (n % 10) as u8;
        n /= 10;
    }
    for &d in &buf[i..] {
        out.push(char::from(d));
    }
}

/// Text escaped for XML content and attributes.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => o.push('\u{fffd}'),
            c => o.push(c),
        }
    }
    o
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn digits_read_as_rust_formats_them() {
        for n in [0u64, 1, 9, 10, 99, 100, 12_345, u64::MAX] {
            for width in [1, 3] {
                let mut s = String::new();
                push_digits(&mut s, n, width);
                assert_eq!(s, format!("{n:0width$}"));
            }
        }
    }

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("a<b & \"c\"'"), "a&lt;b &amp; &quot;c&quot;&apos;");
        assert_eq!(esc("\u{1}"), "\u{fffd}");
    }

    #[test]
    fn coordinates_have_one_decimal() {
        for (x, want) in [
            (0.0, "0.0"),
            (12.34, "12.3"),
            (12.36, "12.4"),
            (-3.25, "-3.3"),
            (-0.01, "0.0"),
            (-0.04, "0.0"),
            (-1.25, "-1.3"),
            (420.0, "420.0"),
            (600.0, "600.0"),
            (12_345.67, "12345.7"),
            (f64::NAN, "0"),
        ] {
            assert_eq!(coord(x), want, "{x}");
        }
    }

    #[test]
    fn an_element_reads_back_its_attributes_classes_and_words() {
        let g = el("g")
            .at("class", classes(&[Some("spdu"), None, Some("lost")]))
            .title("tip")
            .kid(text_at(1.0, 2.0, Some("end")).text("CN"));
        assert_eq!(g.attr("class").as_deref(), Some("spdu lost"));
        assert!(g.has_class("lost") && !g.has_class("data"));
        assert_eq!(g.words(), "CN");
        assert_eq!(g.all().len(), 3);
        assert_eq!(g.all()[2].attr("x").as_deref(), Some("1.0"));
    }
}
