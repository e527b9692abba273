//! HTML parsed the way a browser parses it: html5ever's tree builder (the parser ammonia uses) into a
//! flat arena of nodes.
//!
//! The sanitizer ([`super::markdown`]) parses what it was given and what ammonia returned, and reports
//! the difference (ammonia itself does not say what it removed); the first paragraph and the plain text
//! of markdown are read from the sanitized tree, so text that the HTML does not show never reaches a
//! meta description or a calendar either. Deep input is handled without recursion, and
//! [`Tree::fragment_within`] stops early on nesting deeper than a limit: html5ever's scope checks walk
//! the stack of open elements, so parsing time grows with the square of the nesting depth.

use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::rc::Rc;

use html5ever::interface::{ElemName, ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::{Attribute, LocalName, Namespace, QualName, local_name, ns};

/// A node's index in [`Tree::nodes`]; the document is 0.
pub type NodeId = usize;

/// One node of the tree.
#[derive(Debug, Clone)]
pub struct Node {
    /// The parent, `None` for the document and detached nodes.
    pub parent: Option<NodeId>,
    /// Children in document order.
    pub children: Vec<NodeId>,
    /// What the node is.
    pub data: Data,
}

/// What a node is.
#[derive(Debug, Clone)]
pub enum Data {
    /// The document (or a template's contents).
    Document,
    /// An element: its name (with namespace: `svg` and `math` content is not HTML) and attributes,
    /// their values decoded.
    Element {
        /// Namespace and local name.
        name: QualName,
        /// (name, value) in source order.
        attrs: Vec<(String, String)>,
    },
    /// Text, character references decoded.
    Text(String),
    /// A comment.
    Comment(String),
    /// A doctype or processing instruction.
    Other,
}

/// A parsed fragment or document.
#[derive(Debug, Clone)]
pub struct Tree {
    /// Every node; index 0 is the document.
    pub nodes: Vec<Node>,
}

impl Tree {
    /// Parses `html` as the contents of a `<div>` (as ammonia does).
    pub fn fragment(html: &str) -> Tree {
        let sink = Sink::default();
        let context = QualName::new(None, ns!(html), local_name!("div"));
        html5ever::parse_fragment(sink, Default::default(), context, Vec::new(), false).one(html)
    }

    /// Parses `html` as [`Tree::fragment`] does, or `None` as soon as an element is nested deeper than
    /// `max_depth` (the input is fed in pieces, so little time is spent on input that is refused).
    pub fn fragment_within(html: &str, max_depth: usize) -> Option<Tree> {
        let deepest = Rc::new(Cell::new(0));
        let sink = Sink { deepest: deepest.clone(), ..Sink::default() };
        let context = QualName::new(None, ns!(html), local_name!("div"));
        let mut parser = html5ever::parse_fragment(sink, Default::default(), context, Vec::new(), false);
        let mut rest = html;
        while !rest.is_empty() {
            let mut cut = rest.len().min(4096);
            while !rest.is_char_boundary(cut) {
                cut -= 1;
            }
            parser.process(StrTendril::from_slice(&rest[..cut]));
            rest = &rest[cut..];
            if deepest.get() > max_depth {
                return None;
            }
        }
        let tree = parser.finish();
        (deepest.get() <= max_depth).then_some(tree)
    }

    /// Parses a whole document.
    pub fn document(html: &str) -> Tree {
        html5ever::parse_document(Sink::default(), Default::default()).one(html)
    }

    /// Every node reachable from the document, in document order (pre-order), with its depth; template
    /// contents are visited as children of their template.
    pub fn walk(&self) -> Vec<(NodeId, usize)> {
        let mut out = Vec::with_capacity(self.nodes.len());
        let mut stack = vec![(0, 0)];
        while let Some((id, depth)) = stack.pop() {
            out.push((id, depth));
            stack.extend(self.nodes[id].children.iter().rev().map(|&c| (c, depth + 1)));
        }
        out
    }

    /// The element's local name, when `id` is an element.
    pub fn name(&self, id: NodeId) -> Option<&str> {
        match &self.nodes[id].data {
            Data::Element { name, .. } => Some(&name.local),
            _ => None,
        }
    }

    /// The value of attribute `attr` of element `id`.
    pub fn attr(&self, id: NodeId, attr: &str) -> Option<&str> {
        match &self.nodes[id].data {
            Data::Element { attrs, .. } => attrs.iter().find(|(n, _)| n == attr).map(|(_, v)| v.as_str()),
            _ => None,
        }
    }
}

/// The element name handed to the tree builder (a copy: the arena sits behind a `RefCell`).
#[derive(Debug)]
pub struct Name(QualName);

impl ElemName for Name {
    fn ns(&self) -> &Namespace {
        &self.0.ns
    }
    fn local_name(&self) -> &LocalName {
        &self.0.local
    }
}

struct Slot {
    node: Node,
    template_contents: Option<NodeId>,
    integration_point: bool,
    /// Depth where the node was inserted (the document is 0).
    depth: usize,
}

struct Sink {
    slots: RefCell<Vec<Slot>>,
    /// The deepest insertion so far.
    deepest: Rc<Cell<usize>>,
}

impl Default for Sink {
    fn default() -> Sink {
        let document = Slot {
            node: Node { parent: None, children: Vec::new(), data: Data::Document },
            template_contents: None,
            integration_point: false,
            depth: 0,
        };
        Sink { slots: RefCell::new(vec![document]), deepest: Rc::default() }
    }
}

impl Sink {
    fn push(&self, data: Data) -> NodeId {
        let mut s = self.slots.borrow_mut();
        s.push(Slot { node: Node { parent: None, children: Vec::new(), data }, template_contents: None, integration_point: false, depth: 0 });
        s.len() - 1
    }

    fn detach(&self, id: NodeId) {
        let mut s = self.slots.borrow_mut();
        if let Some(p) = s[id].node.parent.take() {
            s[p].node.children.retain(|&c| c != id);
        }
    }

    /// Inserts `child` into `parent` at `index` (the end when `None`), merging adjacent text.
    fn insert(&self, parent: NodeId, index: Option<usize>, child: NodeOrText<NodeId>) {
        let at = index.unwrap_or_else(|| self.slots.borrow()[parent].node.children.len());
        match child {
            NodeOrText::AppendText(text) => {
                let mut s = self.slots.borrow_mut();
                let before = at.checked_sub(1).map(|i| s[parent].node.children[i]);
                if let Some(b) = before
                    && let Data::Text(t) = &mut s[b].node.data
                {
                    t.push_str(&text);
                    return;
                }
                drop(s);
                let id = self.push(Data::Text(text.to_string()));
                let mut s = self.slots.borrow_mut();
                s[id].node.parent = Some(parent);
                s[parent].node.children.insert(at, id);
            }
            NodeOrText::AppendNode(id) => {
                self.detach(id);
                let mut s = self.slots.borrow_mut();
                let at = at.min(s[parent].node.children.len());
                let depth = s[parent].depth + 1;
                s[id].depth = depth;
                self.deepest.set(self.deepest.get().max(depth));
                s[id].node.parent = Some(parent);
                s[parent].node.children.insert(at, id);
            }
        }
    }
}

impl TreeSink for Sink {
    type Handle = NodeId;
    type Output = Tree;
    type ElemName<'a> = Name;

    fn finish(self) -> Tree {
        let mut slots = self.slots.into_inner();
        // Template contents hang under their template, so a walk sees them.
        for i in 0..slots.len() {
            if let Some(c) = slots[i].template_contents {
                slots[c].node.parent = Some(i);
                slots[i].node.children.push(c);
            }
        }
        Tree { nodes: slots.into_iter().map(|s| s.node).collect() }
    }

    fn parse_error(&self, _msg: Cow<'static, str>) {}

    fn get_document(&self) -> NodeId {
        0
    }

    fn elem_name<'a>(&'a self, target: &'a NodeId) -> Name {
        match &self.slots.borrow()[*target].node.data {
            Data::Element { name, .. } => Name(name.clone()),
            _ => Name(QualName::new(None, ns!(), local_name!(""))),
        }
    }

    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> NodeId {
        let attrs = attrs.into_iter().map(|a| (qualified(&a.name), a.value.to_string())).collect();
        let id = self.push(Data::Element { name, attrs });
        if flags.template {
            let contents = self.push(Data::Document);
            self.slots.borrow_mut()[id].template_contents = Some(contents);
        }
        self.slots.borrow_mut()[id].integration_point = flags.mathml_annotation_xml_integration_point;
        id
    }

    fn create_comment(&self, text: StrTendril) -> NodeId {
        self.push(Data::Comment(text.to_string()))
    }

    fn create_pi(&self, _target: StrTendril, _data: StrTendril) -> NodeId {
        self.push(Data::Other)
    }

    fn append(&self, parent: &NodeId, child: NodeOrText<NodeId>) {
        self.insert(*parent, None, child);
    }

    fn append_based_on_parent_node(&self, element: &NodeId, prev_element: &NodeId, child: NodeOrText<NodeId>) {
        if self.slots.borrow()[*element].node.parent.is_some() {
            self.append_before_sibling(element, child);
        } else {
            self.append(prev_element, child);
        }
    }

    fn append_doctype_to_document(&self, _name: StrTendril, _public_id: StrTendril, _system_id: StrTendril) {
        let id = self.push(Data::Other);
        self.insert(0, None, NodeOrText::AppendNode(id));
    }

    fn get_template_contents(&self, target: &NodeId) -> NodeId {
        self.slots.borrow()[*target].template_contents.unwrap_or(*target)
    }

    fn same_node(&self, x: &NodeId, y: &NodeId) -> bool {
        x == y
    }

    fn set_quirks_mode(&self, _mode: QuirksMode) {}

    fn append_before_sibling(&self, sibling: &NodeId, new_node: NodeOrText<NodeId>) {
        let parent = self.slots.borrow()[*sibling].node.parent;
        let Some(parent) = parent else { return };
        if let NodeOrText::AppendNode(id) = &new_node {
            self.detach(*id);
        }
        let index = self.slots.borrow()[parent].node.children.iter().position(|c| c == sibling);
        self.insert(parent, index, new_node);
    }

    fn add_attrs_if_missing(&self, target: &NodeId, attrs: Vec<Attribute>) {
        if let Data::Element { attrs: have, .. } = &mut self.slots.borrow_mut()[*target].node.data {
            for a in attrs {
                let name = qualified(&a.name);
                if !have.iter().any(|(n, _)| *n == name) {
                    have.push((name, a.value.to_string()));
                }
            }
        }
    }

    fn remove_from_parent(&self, target: &NodeId) {
        self.detach(*target);
    }

    fn reparent_children(&self, node: &NodeId, new_parent: &NodeId) {
        let children = std::mem::take(&mut self.slots.borrow_mut()[*node].node.children);
        let mut s = self.slots.borrow_mut();
        for &c in &children {
            s[c].node.parent = Some(*new_parent);
        }
        s[*new_parent].node.children.extend(children);
    }

    fn is_mathml_annotation_xml_integration_point(&self, handle: &NodeId) -> bool {
        self.slots.borrow()[*handle].integration_point
    }
}

/// An attribute's name as written in HTML (`xlink:href` keeps its prefix).
fn qualified(name: &QualName) -> String {
    match &name.prefix {
        Some(p) => format!("{}:{}", p, name.local),
        None => name.local.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn outline(t: &Tree) -> String {
        t.walk().iter().filter_map(|&(id, d)| t.name(id).map(|n| format!("{}{n}", " ".repeat(d)))).collect::<Vec<_>>().join("|")
    }

    #[test]
    fn parses_like_a_browser() {
        // Misnested formatting is repaired (adoption agency), a table's stray text is moved before it.
        let t = Tree::fragment("<b><p>x</b>y</p><table>z<tr><td>1</td></tr></table>");
        assert_eq!(outline(&t), " html|  b|  p|   b|  table|   tbody|    tr|     td");
        let texts: Vec<&str> = t.nodes.iter().filter_map(|n| if let Data::Text(s) = &n.data { Some(s.as_str()) } else { None }).collect();
        assert!(texts.contains(&"z") && texts.contains(&"y"), "{texts:?}");
        // Attribute values are decoded; SVG content is not HTML.
        let t = Tree::fragment("<a href=\"a?x=1&amp;y=&#106;\">l</a><svg><title>t</title></svg>");
        let a = t.walk().into_iter().find(|&(id, _)| t.name(id) == Some("a")).unwrap().0;
        assert_eq!(t.attr(a, "href"), Some("a?x=1&y=j"));
        let title = t.walk().into_iter().find(|&(id, _)| t.name(id) == Some("title")).unwrap().0;
        assert!(matches!(&t.nodes[title].data, Data::Element { name, .. } if name.ns == ns!(svg)));
    }

    #[test]
    fn deep_input_needs_no_recursion_and_can_be_refused_early() {
        let deep = "<div>".repeat(3000);
        assert!(Tree::fragment(&deep).walk().len() > 3000);
        assert!(Tree::fragment_within(&deep, 2999).is_none());
        assert!(Tree::fragment_within(&deep, 3010).is_some());
        // Refused after the first pieces: far faster than parsing it all.
        let t = std::time::Instant::now();
        assert!(Tree::fragment_within(&"<div>".repeat(100_000), 256).is_none());
        assert!(t.elapsed() < std::time::Duration::from_secs(2), "{:?}", t.elapsed());
    }
}
