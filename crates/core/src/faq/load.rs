//! [`Faq::parse`]: validates an FAQ file and reports every problem at its line and column,
//! so a site owner fixes the whole file in one pass instead of one error per run.

use super::diagnostic::{Diagnostic, Severity};
use super::entry::{Faq, FaqEntry, Link, LoadedFaq};
use super::json::{self, Node, Pos, Value};
use std::collections::HashMap;

const ENTRY_FIELDS: &[&str] = &[
    "id",
    "question",
    "alternatives",
    "answer",
    "topic",
    "escalate",
    "links",
];

impl Faq {
    /// Parses and validates the JSON text of an FAQ file. `source_name` (usually the path as
    /// the user typed it) prefixes every diagnostic. On success the warnings come along; on
    /// failure every error and warning is returned, in file order.
    pub fn parse(source_name: &str, json_text: &str) -> Result<LoadedFaq, Vec<Diagnostic>> {
        let root = match json::parse(json_text) {
            Ok(root) => root,
            Err(e) => {
                let message = format!("invalid JSON: {}", e.message);
                return Err(vec![Diagnostic::new(
                    source_name,
                    e.pos,
                    Severity::Error,
                    message,
                )]);
            }
        };
        let mut check = Checker {
            source: source_name,
            found: Vec::new(),
        };
        let entries = check.root(&root);
        let mut found = check.found;
        found.sort_by_key(|d| (d.line, d.column));
        if found.iter().any(Diagnostic::is_error) {
            Err(found)
        } else {
            Ok(LoadedFaq {
                faq: Faq::from_entries(entries),
                warnings: found,
            })
        }
    }
}

struct Checker<'a> {
    source: &'a str,
    found: Vec<Diagnostic>,
}

impl Checker<'_> {
    fn error(&mut self, pos: Pos, message: String) {
        self.found
            .push(Diagnostic::new(self.source, pos, Severity::Error, message));
    }

    fn warn(&mut self, pos: Pos, message: String) {
        self.found.push(Diagnostic::new(
            self.source,
            pos,
            Severity::Warning,
            message,
        ));
    }

    fn root(&mut self, root: &Node) -> Vec<FaqEntry> {
        let Some(members) = self.object(root, "the FAQ file") else {
            return Vec::new();
        };
        let mut entries = None;
        for (pos, key, node) in members {
            match key.as_str() {
                "entries" => entries = Some(node),
                "$schema" | "version" | "title" => {}
                other => self.warn(*pos, format!("unknown field `{other}` is ignored")),
            }
        }
        let Some(list) = entries else {
            self.error(
                root.pos,
                "missing field `entries` (an array of questions)".into(),
            );
            return Vec::new();
        };
        let Value::Array(items) = &list.value else {
            self.error(
                list.pos,
                format!("`entries` must be an array, found {}", list.type_name()),
            );
            return Vec::new();
        };
        if items.is_empty() {
            self.error(
                list.pos,
                "`entries` is empty: the bot would have nothing to answer".into(),
            );
        }
        let mut first_seen: HashMap<String, Pos> = HashMap::new();
        let mut phrasings: HashMap<String, String> = HashMap::new();
        let mut out = Vec::new();
        for item in items {
            // Ids are checked even when the rest of the entry is broken, so a duplicate is
            // reported in the same run as the entry's other problems (and theirs with it).
            let mut duplicate = false;
            if let Some(id) = string_field(item, "id") {
                match first_seen.get(id) {
                    Some(first) => {
                        let message =
                            format!("duplicate id `{id}` (first used at line {})", first.line);
                        self.error(item.pos, message);
                        duplicate = true;
                    }
                    None => {
                        first_seen.insert(id.to_owned(), item.pos);
                    }
                }
            }
            let Some(entry) = self.entry(item).filter(|_| !duplicate) else {
                continue;
            };
            for phrasing in entry.phrasings() {
                let key = crate::text::normalize(phrasing);
                match phrasings.get(&key) {
                    Some(other) if *other != entry.id => self.warn(
                        item.pos,
                        format!("`{phrasing}` is also a phrasing of entry `{other}`"),
                    ),
                    _ => {
                        phrasings.insert(key, entry.id.clone());
                    }
                }
            }
            out.push(entry);
        }
        out
    }

    fn entry(&mut self, node: &Node) -> Option<FaqEntry> {
        let members = self.object(node, "an entry")?;
        let field = |name: &str| {
            members
                .iter()
                .find(|(_, k, _)| k == name)
                .map(|(_, _, n)| n)
        };
        let mut seen: Vec<&str> = Vec::new();
        for (pos, key, _) in members {
            if seen.contains(&key.as_str()) {
                self.error(*pos, format!("field `{key}` appears twice"));
            } else if !ENTRY_FIELDS.contains(&key.as_str()) {
                self.warn(*pos, format!("unknown field `{key}` is ignored"));
            }
            seen.push(key);
        }
        let id = self.text(node, field("id"), "id");
        let question = self.text(node, field("question"), "question");
        let answer = self.text(node, field("answer"), "answer");
        let alternatives = self.strings(field("alternatives"), "alternatives");
        let topic = field("topic").and_then(|n| self.text(n, Some(n), "topic"));
        let escalate = match field("escalate") {
            None => false,
            Some(Node {
                value: Value::Bool(b),
                ..
            }) => *b,
            Some(n) => {
                self.error(
                    n.pos,
                    format!("`escalate` must be true or false, found {}", n.type_name()),
                );
                false
            }
        };
        let links = self.links(field("links"));
        Some(FaqEntry {
            id: id?,
            question: question?,
            alternatives: alternatives?,
            answer: answer?,
            topic,
            escalate,
            links: links?,
        })
    }

    fn object<'n>(&mut self, node: &'n Node, what: &str) -> Option<&'n [(Pos, String, Node)]> {
        match &node.value {
            Value::Object(members) => Some(members),
            _ => {
                self.error(
                    node.pos,
                    format!("{what} must be an object, found {}", node.type_name()),
                );
                None
            }
        }
    }

    /// A required non-empty string field; `owner` locates a missing one.
    fn text(&mut self, owner: &Node, node: Option<&Node>, name: &str) -> Option<String> {
        match node {
            None => {
                self.error(owner.pos, format!("missing field `{name}`"));
                None
            }
            Some(Node {
                value: Value::String(s),
                pos,
            }) if s.trim().is_empty() => {
                self.error(*pos, format!("`{name}` is empty"));
                None
            }
            Some(Node {
                value: Value::String(s),
                ..
            }) => Some(s.clone()),
            Some(n) => {
                self.error(
                    n.pos,
                    format!("`{name}` must be a string, found {}", n.type_name()),
                );
                None
            }
        }
    }

    fn strings(&mut self, node: Option<&Node>, name: &str) -> Option<Vec<String>> {
        let Some(node) = node else {
            return Some(Vec::new());
        };
        let Value::Array(items) = &node.value else {
            self.error(
                node.pos,
                format!(
                    "`{name}` must be an array of strings, found {}",
                    node.type_name()
                ),
            );
            return None;
        };
        let mut ok = true;
        let mut out = Vec::new();
        for (i, item) in items.iter().enumerate() {
            ok &= self
                .text(item, Some(item), &format!("{name}[{i}]"))
                .map(|s| out.push(s))
                .is_some();
        }
        ok.then_some(out)
    }

    fn links(&mut self, node: Option<&Node>) -> Option<Vec<Link>> {
        let Some(node) = node else {
            return Some(Vec::new());
        };
        let Value::Array(items) = &node.value else {
            self.error(
                node.pos,
                format!("`links` must be an array, found {}", node.type_name()),
            );
            return None;
        };
        let mut out = Vec::new();
        let mut ok = true;
        for item in items {
            let Some(members) = self.object(item, "a link") else {
                ok = false;
                continue;
            };
            let field = |name: &str| {
                members
                    .iter()
                    .find(|(_, k, _)| k == name)
                    .map(|(_, _, n)| n)
            };
            let title = self.text(item, field("title"), "title");
            let url = self.text(item, field("url"), "url");
            match (title, url) {
                (Some(title), Some(url)) => out.push(Link { title, url }),
                _ => ok = false,
            }
        }
        ok.then_some(out)
    }
}

/// The value of a string field of an object node, if it is one.
fn string_field<'n>(node: &'n Node, name: &str) -> Option<&'n str> {
    let Value::Object(members) = &node.value else {
        return None;
    };
    members
        .iter()
        .find(|(_, key, _)| key == name)
        .and_then(|(_, _, n)| match &n.value {
            Value::String(s) => Some(s.as_str()),
            _ => None,
        })
}
