//! The safe markdown subset FAQ answers are written in, parsed into a tiny tree.
//!
//! Why a tree and not HTML: the view turns every node into DOM nodes through Yew, so text is
//! always a text node and there is no code path that could put raw HTML from a FAQ file on the
//! host page. Supported: paragraphs, `-`/`*` and `1.` lists, `**strong**`, `*em*`/`_em_`,
//! `` `code` ``, `[label](href)` links (http, https, mailto and same-site `/paths` only; any
//! other link keeps its label as plain text) and hard line breaks inside a paragraph.

/// A block of an answer.
#[derive(Debug, Clone, PartialEq)]
pub enum Block {
    Paragraph(Vec<Inline>),
    List {
        ordered: bool,
        items: Vec<Vec<Inline>>,
    },
}

/// Inline content inside a block.
#[derive(Debug, Clone, PartialEq)]
pub enum Inline {
    Text(String),
    Strong(Vec<Inline>),
    Emphasis(Vec<Inline>),
    Code(String),
    Link { label: Vec<Inline>, href: String },
    LineBreak,
}

/// Parses an answer into blocks. Never fails: anything it does not understand stays text.
pub fn parse(source: &str) -> Vec<Block> {
    let mut blocks = Vec::new();
    let mut paragraph: Vec<&str> = Vec::new();
    let mut list: Option<(bool, Vec<Vec<Inline>>)> = None;

    for line in source.lines() {
        let trimmed = line.trim();
        if let Some((ordered, item)) = list_item(trimmed) {
            flush_paragraph(&mut paragraph, &mut blocks);
            match &mut list {
                Some((kind, items)) if *kind == ordered => items.push(parse_inline(item)),
                _ => {
                    flush_list(&mut list, &mut blocks);
                    list = Some((ordered, vec![parse_inline(item)]));
                }
            }
        } else if trimmed.is_empty() {
            flush_paragraph(&mut paragraph, &mut blocks);
            flush_list(&mut list, &mut blocks);
        } else {
            flush_list(&mut list, &mut blocks);
            paragraph.push(trimmed);
        }
    }
    flush_paragraph(&mut paragraph, &mut blocks);
    flush_list(&mut list, &mut blocks);
    blocks
}

/// True for links the widget will render as links; everything else becomes text.
pub fn is_safe_href(href: &str) -> bool {
    // Browsers silently drop tabs and newlines inside URLs, so refuse any control or space
    // character rather than reason about what the browser would make of it.
    if href.is_empty() || href.chars().any(|c| c.is_control() || c.is_whitespace()) {
        return false;
    }
    let lower = href.to_ascii_lowercase();
    lower.starts_with("https://")
        || lower.starts_with("http://")
        || lower.starts_with("mailto:")
        || (href.starts_with('/') && !href.starts_with("//") && !href.starts_with("/\\"))
}

fn list_item(line: &str) -> Option<(bool, &str)> {
    if let Some(rest) = line.strip_prefix("- ").or_else(|| line.strip_prefix("* ")) {
        return Some((false, rest.trim()));
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && digits <= 3 {
        let rest = &line[digits..];
        if let Some(item) = rest.strip_prefix(". ").or_else(|| rest.strip_prefix(") ")) {
            return Some((true, item.trim()));
        }
    }
    None
}

fn flush_paragraph(lines: &mut Vec<&str>, blocks: &mut Vec<Block>) {
    if lines.is_empty() {
        return;
    }
    let mut inlines = Vec::new();
    for (at, line) in lines.iter().enumerate() {
        if at > 0 {
            inlines.push(Inline::LineBreak);
        }
        inlines.extend(parse_inline(line));
    }
    lines.clear();
    blocks.push(Block::Paragraph(inlines));
}

fn flush_list(list: &mut Option<(bool, Vec<Vec<Inline>>)>, blocks: &mut Vec<Block>) {
    if let Some((ordered, items)) = list.take() {
        blocks.push(Block::List { ordered, items });
    }
}

/// Parses inline markup. Unclosed markers stay literal text.
pub fn parse_inline(text: &str) -> Vec<Inline> {
    let mut out = Vec::new();
    let mut plain = String::new();
    let mut rest = text;
    let mut previous: Option<char> = None;

    while let Some(c) = rest.chars().next() {
        // `_` inside a word (snake_case, __proto__) is not emphasis, as in CommonMark.
        let intraword = c == '_' && previous.is_some_and(char::is_alphanumeric);
        let parsed = match c {
            '\\' => rest[1..]
                .chars()
                .next()
                .filter(|n| n.is_ascii_punctuation())
                .map(|n| {
                    plain.push(n);
                    (None, 1 + n.len_utf8())
                }),
            '`' => closing(rest, "`").map(|(inner, used)| (Some(Inline::Code(inner.into())), used)),
            '*' if rest.starts_with("**") => closing(rest, "**")
                .map(|(inner, used)| (Some(Inline::Strong(parse_inline(inner))), used)),
            '*' | '_' if !intraword => closing(rest, &rest[..1])
                .map(|(inner, used)| (Some(Inline::Emphasis(parse_inline(inner))), used)),
            '[' => link(rest),
            _ => None,
        };
        match parsed {
            Some((node, used)) => {
                if let Some(Inline::Text(text)) = &node {
                    plain.push_str(text);
                } else if let Some(node) = node {
                    if !plain.is_empty() {
                        out.push(Inline::Text(std::mem::take(&mut plain)));
                    }
                    out.push(node);
                }
                previous = rest[..used].chars().last();
                rest = &rest[used..];
            }
            None => {
                plain.push(c);
                previous = Some(c);
                rest = &rest[c.len_utf8()..];
            }
        }
    }
    if !plain.is_empty() {
        out.push(Inline::Text(plain));
    }
    out
}

/// For `marker inner marker` at the start of `text`, returns `inner` and the bytes used.
fn closing<'a>(text: &'a str, marker: &str) -> Option<(&'a str, usize)> {
    let body = &text[marker.len()..];
    let end = body.find(marker)?;
    let inner = &body[..end];
    if inner.is_empty() || inner.starts_with(' ') || inner.ends_with(' ') {
        return None;
    }
    Some((inner, marker.len() * 2 + end))
}

fn link(text: &str) -> Option<(Option<Inline>, usize)> {
    let label_end = text.find("](")?;
    let label = &text[1..label_end];
    let after = &text[label_end + 2..];
    // Balanced parentheses, so `(https://en.wikipedia.org/wiki/Tent_(camping))` works.
    let mut depth = 0_usize;
    let href_end = after.char_indices().find_map(|(at, c)| match c {
        '(' => {
            depth += 1;
            None
        }
        ')' if depth == 0 => Some(at),
        ')' => {
            depth -= 1;
            None
        }
        _ => None,
    })?;
    let href = after[..href_end].trim();
    let used = label_end + 2 + href_end + 1;
    let label_nodes = parse_inline(label);
    let node = if is_safe_href(href) {
        Inline::Link {
            label: label_nodes,
            href: href.to_string(),
        }
    } else {
        // An unsafe link keeps only its label, as plain text.
        Inline::Text(label.to_string())
    };
    Some((Some(node), used))
}

#[cfg(test)]
#[path = "markdown_tests.rs"]
mod tests;
