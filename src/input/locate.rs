//! Where each field of a JSON text sits: maps field paths such as `present.by_country.BIH` or
//! `countries[2].code` to the byte ranges of their values and keys, so that every problem can
//! name a line and column. Runs only on text that serde_json has already accepted.

use std::collections::HashMap;
use std::fmt;
use std::ops::Range;

/// One step of a field path: an object key or an array index.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Segment {
    Key(String),
    Index(usize),
}

/// A field's path from the top of the file.
#[derive(Debug, Clone, Default, PartialEq, Eq, Hash)]
pub struct FieldPath(pub Vec<Segment>);

impl FieldPath {
    pub fn root() -> FieldPath {
        FieldPath(Vec::new())
    }

    /// Parses the dotted form written by [`Display`](fmt::Display): `a.b[2].c`.
    pub fn parse(text: &str) -> FieldPath {
        let mut segments = Vec::new();
        for part in text.split('.').filter(|p| !p.is_empty()) {
            let (key, mut rest) = match part.find('[') {
                Some(i) => (&part[..i], &part[i..]),
                None => (part, ""),
            };
            if !key.is_empty() {
                segments.push(Segment::Key(key.to_owned()));
            }
            while let Some(end) = rest.find(']') {
                if let Ok(i) = rest[1..end].parse() {
                    segments.push(Segment::Index(i));
                }
                rest = &rest[end + 1..];
            }
        }
        FieldPath(segments)
    }

    pub fn key(&self, key: &str) -> FieldPath {
        let mut path = self.clone();
        path.0.push(Segment::Key(key.to_owned()));
        path
    }

    pub fn index(&self, index: usize) -> FieldPath {
        let mut path = self.clone();
        path.0.push(Segment::Index(index));
        path
    }

    /// The last key of the path, if it ends in one.
    pub fn last_key(&self) -> Option<&str> {
        match self.0.last() {
            Some(Segment::Key(k)) => Some(k),
            _ => None,
        }
    }

    /// The path without its last step.
    pub fn parent(&self) -> FieldPath {
        let mut path = self.clone();
        path.0.pop();
        path
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        if self.0.is_empty() {
            return f.write_str("(the whole file)");
        }
        for (i, segment) in self.0.iter().enumerate() {
            match segment {
                Segment::Key(k) if i == 0 => f.write_str(k)?,
                Segment::Key(k) => write!(f, ".{k}")?,
                Segment::Index(n) => write!(f, "[{n}]")?,
            }
        }
        Ok(())
    }
}

/// The byte ranges of every value and key in a JSON text.
#[derive(Debug, Default)]
pub struct Spans {
    values: HashMap<FieldPath, Range<usize>>,
    keys: HashMap<FieldPath, Range<usize>>,
    /// Keys written twice in one object, in the order of their second writing, each with the
    /// byte offset of its first.
    duplicates: Vec<(FieldPath, usize)>,
}

impl Spans {
    /// Scans a JSON text. Text that is not JSON gives whatever was found before the fault.
    pub fn of(text: &str) -> Spans {
        let mut scanner = Scanner { bytes: text.as_bytes(), pos: 0, depth: 0, record: true, spans: Spans::default() };
        scanner.value(&FieldPath::root());
        scanner.spans
    }

    /// The fields whose key an object of a JSON text has twice, found without recording
    /// where every field is: what every load asks, on a file that may have no problem at all.
    pub fn duplicate_keys(text: &str) -> Vec<(FieldPath, usize)> {
        let mut scanner = Scanner { bytes: text.as_bytes(), pos: 0, depth: 0, record: false, spans: Spans::default() };
        scanner.value(&FieldPath::root());
        scanner.spans.duplicates
    }

    /// The fields whose key an object has twice (JSON parsers keep one of the two values,
    /// silently).
    pub fn duplicates(&self) -> &[(FieldPath, usize)] {
        &self.duplicates
    }

    /// The range of a field's value.
    pub fn value(&self, path: &FieldPath) -> Option<Range<usize>> {
        self.values.get(path).cloned()
    }

    /// The range of a field's key, or of its value for array items.
    pub fn key_or_value(&self, path: &FieldPath) -> Option<Range<usize>> {
        self.keys.get(path).or_else(|| self.values.get(path)).cloned()
    }

    /// The path itself if the text has it, else its nearest ancestor that it has.
    pub fn existing(&self, path: &FieldPath) -> FieldPath {
        let mut path = path.clone();
        while !path.0.is_empty() && !self.values.contains_key(&path) {
            path.0.pop();
        }
        path
    }

    /// The best place to point at for a path: the field's value, else its nearest ancestor's.
    pub fn nearest(&self, path: &FieldPath) -> Range<usize> {
        self.value(&self.existing(path)).unwrap_or(0..0)
    }
}

/// How deep the scanner follows nested lists and objects: serde_json's own limit, past which
/// no file parses. The scanner runs on the text of a syntax error too, where it must not
/// recurse as deep as the text nests (a file of 100,000 `[` overflowed the stack).
const MAX_DEPTH: usize = 128;

struct Scanner<'a> {
    bytes: &'a [u8],
    pos: usize,
    depth: usize,
    /// Whether to record the ranges of values and keys, or only keys written twice.
    record: bool,
    spans: Spans,
}

impl Scanner<'_> {
    fn skip_ws(&mut self) {
        while self.pos < self.bytes.len() && self.bytes[self.pos].is_ascii_whitespace() {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Scans one value at the cursor and records its range under `path`.
    fn value(&mut self, path: &FieldPath) -> Option<()> {
        self.skip_ws();
        let start = self.pos;
        match self.peek()? {
            b'{' | b'[' if self.depth >= MAX_DEPTH => return None,
            b'{' => {
                self.depth += 1;
                self.object(path)?;
                self.depth -= 1;
            }
            b'[' => {
                self.depth += 1;
                self.array(path)?;
                self.depth -= 1;
            }
            b'"' => {
                self.string()?;
            }
            _ => {
                while let Some(b) = self.peek() {
                    if b == b',' || b == b'}' || b == b']' || b.is_ascii_whitespace() {
                        break;
                    }
                    self.pos += 1;
                }
                // Not a value at all (text that is not JSON): stop rather than loop on it.
                if self.pos == start {
                    return None;
                }
            }
        }
        if self.record {
            self.spans.values.insert(path.clone(), start..self.pos);
        }
        Some(())
    }

    /// Scans a string and returns its unescaped text (escapes beyond `\"` and `\\` are kept
    /// as written, which is enough to match keys).
    fn string(&mut self) -> Option<String> {
        self.pos += 1;
        let mut out = Vec::new();
        while let Some(b) = self.peek() {
            self.pos += 1;
            match b {
                b'"' => return Some(String::from_utf8_lossy(&out).into_owned()),
                b'\\' => {
                    let escaped = self.peek()?;
                    self.pos += 1;
                    match escaped {
                        b'"' | b'\\' | b'/' => out.push(escaped),
                        _ => out.extend_from_slice(&[b'\\', escaped]),
                    }
                }
                _ => out.push(b),
            }
        }
        None
    }

    fn object(&mut self, path: &FieldPath) -> Option<()> {
        self.pos += 1;
        let mut seen = std::collections::HashMap::new();
        loop {
            self.skip_ws();
            match self.peek()? {
                b'}' => {
                    self.pos += 1;
                    return Some(());
                }
                b',' => self.pos += 1,
                b'"' => {
                    let key_start = self.pos;
                    let key = self.string()?;
                    let child = path.key(&key);
                    if let Some(&first) = seen.get(&key) {
                        self.spans.duplicates.push((child.clone(), first));
                    } else {
                        seen.insert(key, key_start);
                    }
                    if self.record {
                        self.spans.keys.insert(child.clone(), key_start..self.pos);
                    }
                    self.skip_ws();
                    if self.peek()? != b':' {
                        return None;
                    }
                    self.pos += 1;
                    self.value(&child)?;
                }
                _ => return None,
            }
        }
    }

    fn array(&mut self, path: &FieldPath) -> Option<()> {
        self.pos += 1;
        let mut index = 0;
        loop {
            self.skip_ws();
            match self.peek()? {
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                b',' => self.pos += 1,
                _ => {
                    self.value(&path.index(index))?;
                    index += 1;
                }
            }
        }
    }
}

/// The bytes of the `index`th character of a JSON string as written in the file (`raw`, with
/// its quotes), escapes read as the one character they stand for (`\u0007`, `\n`, a
/// surrogate pair).
pub fn char_range(raw: &str, index: usize) -> Option<Range<usize>> {
    let bytes = raw.as_bytes();
    let mut pos = usize::from(bytes.first() == Some(&b'"'));
    for n in 0.. {
        let start = pos;
        let len = match *bytes.get(pos)? {
            b'"' => return None,
            b'\\' => match bytes.get(pos + 1)? {
                b'u' => {
                    let high = raw.get(pos + 2..pos + 6).and_then(|h| u16::from_str_radix(h, 16).ok())?;
                    if (0xD800..0xDC00).contains(&high) && raw.get(pos + 6..pos + 8) == Some("\\u") { 12 } else { 6 }
                }
                _ => 2,
            },
            _ => raw[pos..].chars().next()?.len_utf8(),
        };
        pos += len;
        if n == index {
            return Some(start..pos.min(raw.len()));
        }
    }
    None
}

/// The 1-based line and column (in characters) of a byte offset.
pub fn line_column(text: &str, offset: usize) -> (usize, usize) {
    let offset = offset.min(text.len());
    let before = text.get(..offset).unwrap_or(text);
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    const TEXT: &str = r#"{
  "a": { "b": [10, {"c": "x\"y"}], "d": true },
  "e": -1.5e3
}"#;

    fn at(text: &str, range: Range<usize>) -> &str {
        &text[range]
    }

    #[test]
    fn characters_of_a_string_as_written() {
        let raw = r#""a\u0007b\n\ud83d\ude00é!""#;
        let at = |i| char_range(raw, i).map(|r| &raw[r]);
        assert_eq!(at(0), Some("a"));
        assert_eq!(at(1), Some(r"\u0007"));
        assert_eq!(at(2), Some("b"));
        assert_eq!(at(3), Some(r"\n"));
        assert_eq!(at(4), Some(r"\ud83d\ude00"));
        assert_eq!(at(5), Some("é"));
        assert_eq!(at(6), Some("!"));
        assert_eq!(at(7), None);
    }

    #[test]
    fn keys_written_twice_are_found() {
        let spans = Spans::of(r#"{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}"#);
        let found: Vec<String> = spans.duplicates().iter().map(|(p, first)| format!("{p}@{first}")).collect();
        assert_eq!(found, ["b.c@15", "a@1"]);
        let light: Vec<String> = Spans::duplicate_keys(r#"{"a": 1, "b": {"c": 1, "c": 2}, "a": 3}"#)
            .iter()
            .map(|(p, first)| format!("{p}@{first}"))
            .collect();
        assert_eq!(light, found);
    }

    /// Text nested far deeper than any file parses is scanned to a bounded depth, quickly.
    #[test]
    fn deep_nesting_is_bounded() {
        let text = "[".repeat(100_000);
        let spans = Spans::of(&text);
        assert!(spans.values.len() <= MAX_DEPTH + 1);
        let deep = format!("{}1{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert!(Spans::of(&deep).value(&FieldPath::root()).is_some());
    }

    #[test]
    fn finds_values_and_keys_by_path() {
        let spans = Spans::of(TEXT);
        let path = |p: &str| FieldPath::parse(p);
        assert_eq!(at(TEXT, spans.value(&path("a.b[0]")).unwrap()), "10");
        assert_eq!(at(TEXT, spans.value(&path("a.b[1].c")).unwrap()), r#""x\"y""#);
        assert_eq!(at(TEXT, spans.value(&path("a.d")).unwrap()), "true");
        assert_eq!(at(TEXT, spans.value(&path("e")).unwrap()), "-1.5e3");
        assert_eq!(at(TEXT, spans.key_or_value(&path("a.d")).unwrap()), r#""d""#);
        assert_eq!(at(TEXT, spans.nearest(&path("a.b[1].zzz"))), r#"{"c": "x\"y"}"#);
    }

    /// Found by fuzzing: `[}` made the scanner loop for ever, inserting empty values.
    #[test]
    fn text_that_is_not_json_ends_the_scan() {
        for text in ["[}", "{\"a\": [}", "[1,}", "{\"a\" }", "[[[[", "{\"a\":", ""] {
            let _ = Spans::of(text);
        }
        let spans = Spans::of("{\"a\": [1, }");
        assert_eq!(spans.value(&FieldPath::parse("a[0]")), Some(7..8));
    }

    #[test]
    fn paths_print_and_parse_alike() {
        for text in ["present.by_country.BIH", "countries[2].code", "a[0][1].b"] {
            assert_eq!(FieldPath::parse(text).to_string(), text);
        }
        assert_eq!(FieldPath::root().to_string(), "(the whole file)");
    }

    #[test]
    fn lines_and_columns_are_one_based() {
        assert_eq!(line_column(TEXT, 0), (1, 1));
        let e = TEXT.find("-1.5").unwrap();
        assert_eq!(line_column(TEXT, e), (3, 8));
        assert_eq!(line_column("ä\nb", 3), (2, 1));
    }
}
