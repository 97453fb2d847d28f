//! A positioned JSON tree: serde_json checks the syntax (and gives line:col for syntax errors),
//! this small scanner then records where every value and key starts, so that semantic problems
//! (duplicate ids, empty answers, wrong types) can be reported at their exact line and column.

/// A 1-based line and column (column counted in characters).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pos {
    pub line: usize,
    pub column: usize,
}

#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    Null,
    Bool(bool),
    Number,
    String(String),
    Array(Vec<Node>),
    /// Keys in source order, each with the position of the key itself.
    Object(Vec<(Pos, String, Node)>),
}

#[derive(Debug, Clone, PartialEq)]
pub struct Node {
    pub pos: Pos,
    pub value: Value,
}

impl Node {
    /// The JSON type name used in messages ("expected a string, found a number").
    pub fn type_name(&self) -> &'static str {
        match self.value {
            Value::Null => "null",
            Value::Bool(_) => "a boolean",
            Value::Number => "a number",
            Value::String(_) => "a string",
            Value::Array(_) => "an array",
            Value::Object(_) => "an object",
        }
    }
}

/// A syntax error with its position and serde_json's message.
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    pub pos: Pos,
    pub message: String,
}

/// Parses `text` into a positioned tree.
pub fn parse(text: &str) -> Result<Node, SyntaxError> {
    if let Err(error) = serde_json::from_str::<serde::de::IgnoredAny>(text) {
        let message = error.to_string();
        // serde_json appends " at line L column C"; the position is reported separately.
        let message = message
            .rsplit_once(" at line ")
            .map_or(message.as_str(), |(head, _)| head)
            .to_owned();
        let pos = Pos {
            line: error.line().max(1),
            column: error.column().max(1),
        };
        return Err(SyntaxError { pos, message });
    }
    let mut scanner = Scanner {
        text,
        at: 0,
        line: 1,
        column: 1,
    };
    scanner.value().ok_or_else(|| SyntaxError {
        pos: Pos {
            line: scanner.line,
            column: scanner.column,
        },
        message: "unexpected input".to_owned(),
    })
}

/// Walks text that serde_json already accepted, so it can afford to be simple: `None` only
/// on input serde_json would have rejected.
struct Scanner<'a> {
    text: &'a str,
    at: usize,
    line: usize,
    column: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<char> {
        self.text[self.at..].chars().next()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.at += c.len_utf8();
        if c == '\n' {
            self.line += 1;
            self.column = 1;
        } else {
            self.column += 1;
        }
        Some(c)
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.bump();
        }
    }

    fn pos(&self) -> Pos {
        Pos {
            line: self.line,
            column: self.column,
        }
    }

    fn value(&mut self) -> Option<Node> {
        self.skip_space();
        let pos = self.pos();
        let value = match self.peek()? {
            '{' => self.object()?,
            '[' => self.array()?,
            '"' => Value::String(self.string()?),
            't' => self.word("true", Value::Bool(true))?,
            'f' => self.word("false", Value::Bool(false))?,
            'n' => self.word("null", Value::Null)?,
            _ => {
                while self
                    .peek()
                    .is_some_and(|c| c.is_ascii_digit() || "+-.eE".contains(c))
                {
                    self.bump();
                }
                Value::Number
            }
        };
        Some(Node { pos, value })
    }

    fn word(&mut self, word: &str, value: Value) -> Option<Value> {
        for _ in word.chars() {
            self.bump()?;
        }
        Some(value)
    }

    fn string(&mut self) -> Option<String> {
        let start = self.at;
        self.bump()?; // opening quote
        loop {
            match self.bump()? {
                '\\' => {
                    self.bump()?;
                }
                '"' => break,
                _ => {}
            }
        }
        serde_json::from_str(&self.text[start..self.at]).ok()
    }

    fn array(&mut self) -> Option<Value> {
        self.bump()?;
        let mut items = Vec::new();
        loop {
            self.skip_space();
            match self.peek()? {
                ']' => break,
                ',' => {
                    self.bump()?;
                }
                _ => items.push(self.value()?),
            }
        }
        self.bump()?;
        Some(Value::Array(items))
    }

    fn object(&mut self) -> Option<Value> {
        self.bump()?;
        let mut members = Vec::new();
        loop {
            self.skip_space();
            match self.peek()? {
                '}' => break,
                ',' => {
                    self.bump()?;
                }
                _ => {
                    let key_pos = self.pos();
                    let key = self.string()?;
                    self.skip_space();
                    self.bump()?; // colon
                    members.push((key_pos, key, self.value()?));
                }
            }
        }
        self.bump()?;
        Some(Value::Object(members))
    }
}
