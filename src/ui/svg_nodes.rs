//! The timeline's laid-out nodes ([`crate::sim::timeline`]) as yew's virtual DOM: a thin
//! renderer that places nothing itself.

use yew::virtual_dom::{Key, VTag, VText};
use yew::Html;

use crate::sim::timeline::{Node, Val};

/// `n` as a virtual node (an element keeps its key, so yew keeps its DOM node across renders).
pub fn html(n: Node) -> Html {
    match n {
        Node::Text(t) => VText::new(t).into(),
        Node::El(e) => {
            let mut tag = VTag::new(e.tag);
            tag.key = e.key.map(Key::from);
            for (name, v) in e.attrs {
                let v = match v {
                    Val::Str(s) => s,
                    v => v.text().into_owned(),
                };
                tag.add_attribute(name, v);
            }
            tag.add_children(e.kids.into_iter().map(html));
            tag.into()
        }
    }
}

/// The nodes `ns` as one list (keyed where they are, as each group of the layout is).
pub fn list(ns: Vec<Node>) -> Html {
    ns.into_iter().map(html).collect()
}
