//! An incremental multipart/mixed parser: bytes in, parts out. No IO.
//!
//! Feed it chunks as they arrive ([`Parser::push`]) and pull [`Event`]s ([`Parser::next_event`]);
//! chunk boundaries carry no meaning, so any split of the same bytes gives the same events.
//! What it accepts (B is the boundary; see `docs` in the crate for the servers' quirks):
//!
//! ```text
//! [preamble] (LF "--" B pad LF part)* LF "--" B "--" [epilogue]
//! ```
//!
//! - LF is CRLF or a bare LF; `pad` is spaces and tabs. The stream may begin with `--B`.
//! - The line break before `--B` belongs to the delimiter, not to the part. A part ends as soon
//!   as `LF--B` is seen (multipart forbids that sequence inside a part), so an event is never
//!   held back waiting for the next write.
//! - A part is `Name: value` header lines, an empty line, then the body. A part whose first line
//!   is not a header has no headers (lenient: `--B LF {}`). Empty parts and whitespace-only
//!   bodies yield nothing (strawberry ends with an empty part).
//! - The preamble is read as a part when it looks like one (strawberry sends its first
//!   heartbeat there, before any delimiter) and ignored otherwise.
//! - A part (headers included) longer than the size limit is an error as soon as that is
//!   certain: memory stays bounded by the limit plus one chunk.
//! - After the closing delimiter everything is ignored; input ending before it is an error.

use std::fmt;

use bytes::{Buf, Bytes, BytesMut};
use memchr::memmem;

/// The default largest part accepted: the HTTP client's default `max_response_bytes` (16 MiB),
/// one limit for every answer.
pub const DEFAULT_MAX_PART_SIZE: usize = crate::http::DEFAULT_MAX_RESPONSE_BYTES;

/// The longest boundary accepted (RFC 2046 allows 70 characters; some slack for odd servers).
pub const MAX_BOUNDARY_LEN: usize = 200;

/// What the parser yields.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Event {
    /// A part with a non-empty body.
    Part(Part),
    /// The closing delimiter `--B--`: the stream ended cleanly.
    End,
}

/// One part of the stream.
#[derive(Clone, PartialEq, Eq)]
pub struct Part {
    /// The part's `Content-Type` header, if it had one.
    pub content_type: Option<String>,
    /// The body, exactly as sent (the line break before the next delimiter excluded).
    pub body: Bytes,
}

impl fmt::Debug for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Part")
            .field("content_type", &self.content_type)
            .field("body", &String::from_utf8_lossy(&self.body))
            .finish()
    }
}

/// Why the bytes are not a well-formed multipart stream.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum FramingError {
    /// A part is longer than the limit.
    #[error("a part is longer than {limit} bytes")]
    PartTooLarge {
        /// The limit in bytes.
        limit: usize,
    },
    /// A delimiter `--B` is followed by something other than padding and a line break or `--`.
    #[error("the boundary delimiter is followed by `{found}` instead of a line break or `--`")]
    BadDelimiter {
        /// The bytes after the delimiter (escaped, shortened).
        found: String,
    },
    /// A part header line is not `Name: value`.
    #[error("the part header line `{line}` is not `Name: value`")]
    BadHeader {
        /// The line (escaped, shortened).
        line: String,
    },
    /// The input ended before the closing delimiter `--B--`.
    #[error("the input ended before the closing delimiter")]
    UnexpectedEof,
}

/// The boundary is not usable.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid multipart boundary `{boundary}`: it must be 1 to {MAX_BOUNDARY_LEN} bytes without line breaks")]
pub struct BoundaryError {
    /// The boundary given.
    pub boundary: String,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    /// Inside a part (or the preamble). `buf[0]` is the line feed that ended the previous
    /// delimiter line (a virtual one at the start), so a delimiter right after it is found.
    Body,
    /// Just after `--B`: padding, then a line break or `--`.
    AfterDelimiter,
    /// After `--B--`.
    Done,
    /// After an error: nothing more is parsed.
    Failed,
}

/// The incremental parser. See the [module docs](self) for the grammar.
pub struct Parser {
    buf: BytesMut,
    /// `\n--B`: a delimiter, found after either kind of line break.
    finder: memmem::Finder<'static>,
    boundary: String,
    state: State,
    /// Where the next search for a delimiter starts (earlier bytes hold none).
    scan_from: usize,
    /// Whether the current segment is the preamble.
    in_preamble: bool,
    max_part_size: usize,
}

impl fmt::Debug for Parser {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Parser")
            .field("boundary", &self.boundary)
            .field("state", &self.state)
            .field("buffered", &self.buf.len())
            .field("max_part_size", &self.max_part_size)
            .finish()
    }
}

impl Parser {
    /// A parser for parts separated by `boundary`, with the default part size limit.
    pub fn new(boundary: &str) -> Result<Parser, BoundaryError> {
        if boundary.is_empty()
            || boundary.len() > MAX_BOUNDARY_LEN
            || boundary.contains(['\r', '\n'])
        {
            return Err(BoundaryError {
                boundary: boundary.chars().take(MAX_BOUNDARY_LEN).collect(),
            });
        }
        let mut needle = Vec::with_capacity(boundary.len() + 3);
        needle.extend_from_slice(b"\n--");
        needle.extend_from_slice(boundary.as_bytes());
        let mut buf = BytesMut::with_capacity(8 * 1024);
        buf.extend_from_slice(b"\n");
        Ok(Parser {
            buf,
            finder: memmem::Finder::new(&needle).into_owned(),
            boundary: boundary.to_owned(),
            state: State::Body,
            scan_from: 0,
            in_preamble: true,
            max_part_size: DEFAULT_MAX_PART_SIZE,
        })
    }

    /// Sets the largest part accepted, headers included, in bytes.
    pub fn with_max_part_size(mut self, bytes: usize) -> Parser {
        self.max_part_size = bytes;
        self
    }

    /// The boundary.
    pub fn boundary(&self) -> &str {
        &self.boundary
    }

    /// Whether the closing delimiter has been seen.
    pub fn is_done(&self) -> bool {
        self.state == State::Done
    }

    /// How many bytes are buffered (bounded by the part size limit plus one chunk).
    pub fn buffered(&self) -> usize {
        self.buf.len()
    }

    /// Appends the next chunk of input. Bytes after the closing delimiter or an error are
    /// dropped.
    pub fn push(&mut self, chunk: &[u8]) {
        if matches!(self.state, State::Body | State::AfterDelimiter) {
            self.buf.extend_from_slice(chunk);
        }
    }

    /// The next event, `Ok(None)` when more input is needed (or after the end). After an error
    /// the parser yields nothing more.
    pub fn next_event(&mut self) -> Result<Option<Event>, FramingError> {
        let result = self.advance();
        if result.is_err() {
            self.fail();
        }
        result
    }

    /// Declares the end of the input: an error unless the closing delimiter was seen. Call it
    /// once [`next_event`](Parser::next_event) has returned `Ok(None)`.
    pub fn finish(&mut self) -> Result<(), FramingError> {
        match self.state {
            State::Done => Ok(()),
            State::Failed => Err(FramingError::UnexpectedEof),
            State::Body | State::AfterDelimiter => {
                self.fail();
                Err(FramingError::UnexpectedEof)
            }
        }
    }

    fn fail(&mut self) {
        self.state = State::Failed;
        self.buf = BytesMut::new();
    }

    fn advance(&mut self) -> Result<Option<Event>, FramingError> {
        loop {
            match self.state {
                State::Body => match self.take_segment()? {
                    None => return Ok(None),
                    Some(segment) => {
                        let preamble = std::mem::replace(&mut self.in_preamble, false);
                        if let Some(part) = parse_part(segment, preamble)? {
                            return Ok(Some(Event::Part(part)));
                        }
                    }
                },
                State::AfterDelimiter => match self.after_delimiter()? {
                    None => return Ok(None),
                    Some(true) => {
                        self.state = State::Done;
                        self.buf = BytesMut::new();
                        return Ok(Some(Event::End));
                    }
                    Some(false) => {
                        self.state = State::Body;
                        self.scan_from = 0;
                    }
                },
                State::Done | State::Failed => return Ok(None),
            }
        }
    }

    /// In `Body`: the segment up to the next delimiter, which is consumed; `None` if no
    /// delimiter is buffered yet.
    fn take_segment(&mut self) -> Result<Option<Bytes>, FramingError> {
        let needle_len = self.finder.needle().len();
        let found = self.finder.find(&self.buf[self.scan_from..]);
        let Some(offset) = found else {
            // The segment is at least everything but a partial delimiter (`\r` + needle - 1).
            if self.buf.len().saturating_sub(1) > self.max_part_size.saturating_add(needle_len) {
                return Err(FramingError::PartTooLarge {
                    limit: self.max_part_size,
                });
            }
            self.scan_from = self.buf.len().saturating_sub(needle_len - 1);
            return Ok(None);
        };
        let at = self.scan_from + offset;
        // buf[0] is the previous line feed: the segment is buf[1..at], minus a CR before `at`.
        let mut end = at;
        if end > 1 && self.buf[end - 1] == b'\r' {
            end -= 1;
        }
        let segment_len = end.saturating_sub(1);
        if segment_len > self.max_part_size {
            return Err(FramingError::PartTooLarge {
                limit: self.max_part_size,
            });
        }
        let mut taken = self.buf.split_to(at + needle_len);
        let segment = if end > 1 {
            taken.truncate(end);
            taken.advance(1);
            taken.freeze()
        } else {
            Bytes::new()
        };
        self.state = State::AfterDelimiter;
        Ok(Some(segment))
    }

    /// In `AfterDelimiter`: `Some(true)` for the closing `--`, `Some(false)` for a line break
    /// (the line feed stays as `buf[0]`), `None` if more input is needed.
    fn after_delimiter(&mut self) -> Result<Option<bool>, FramingError> {
        let padding = self
            .buf
            .iter()
            .take_while(|b| **b == b' ' || **b == b'\t')
            .count();
        self.buf.advance(padding);
        let rest = &self.buf[..];
        match rest {
            [] | [b'\r'] | [b'-'] => Ok(None),
            [b'\n', ..] => Ok(Some(false)),
            [b'\r', b'\n', ..] => {
                self.buf.advance(1);
                Ok(Some(false))
            }
            [b'-', b'-', ..] => Ok(Some(true)),
            // Only the bytes that decided, so the error does not depend on the chunking.
            [b'\r' | b'-', second, ..] => Err(FramingError::BadDelimiter {
                found: escape(&[rest[0], *second]),
            }),
            [first, ..] => Err(FramingError::BadDelimiter {
                found: escape(&[*first]),
            }),
        }
    }
}

/// Reads a segment as headers and body; `None` when it holds no body.
fn parse_part(segment: Bytes, preamble: bool) -> Result<Option<Part>, FramingError> {
    let mut rest = segment;
    if preamble {
        let blank = rest.iter().take_while(|b| b.is_ascii_whitespace()).count();
        rest.advance(blank);
    }
    if rest.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    let mut content_type = None;
    let mut first = true;
    loop {
        let line_end = memchr::memchr(b'\n', &rest);
        let line_len = line_end.unwrap_or(rest.len());
        let line = strip_cr(&rest[..line_len]);
        if line.is_empty() {
            // The empty line: the body follows.
            rest.advance((line_len + 1).min(rest.len()));
            break;
        }
        match parse_header(line) {
            Some((name, value)) => {
                if name.eq_ignore_ascii_case(b"content-type") {
                    content_type = Some(String::from_utf8_lossy(value).trim().to_owned());
                }
                match line_end {
                    Some(_) => rest.advance(line_len + 1),
                    // Headers up to the end and no body.
                    None => return Ok(None),
                }
            }
            // Text before the first delimiter that is neither a part nor JSON: an RFC
            // preamble, ignored.
            None if first && preamble && rest.first() != Some(&b'{') => return Ok(None),
            // No headers at all: the part is all body.
            None if first => break,
            None if preamble => return Ok(None),
            None => {
                return Err(FramingError::BadHeader {
                    line: escape(&line[..line.len().min(60)]),
                })
            }
        }
        first = false;
    }
    if rest.iter().all(u8::is_ascii_whitespace) {
        return Ok(None);
    }
    Ok(Some(Part {
        content_type,
        body: rest,
    }))
}

/// `Name: value` with a token name (no allocation: only the content type is kept).
fn parse_header(line: &[u8]) -> Option<(&[u8], &[u8])> {
    let colon = memchr::memchr(b':', line)?;
    let name = &line[..colon];
    if name.is_empty() || !name.iter().all(|b| is_token_byte(*b)) {
        return None;
    }
    Some((name, &line[colon + 1..]))
}

/// RFC 9110 token characters.
fn is_token_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b)
}

fn strip_cr(line: &[u8]) -> &[u8] {
    line.strip_suffix(b"\r").unwrap_or(line)
}

fn escape(bytes: &[u8]) -> String {
    bytes.escape_ascii().to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `input` fed in one piece; every event until the end or an error.
    fn parse_all(boundary: &str, input: &[u8]) -> Vec<Result<Event, FramingError>> {
        parse_chunks(boundary, usize::MAX, &[input])
    }

    fn parse_chunks(
        boundary: &str,
        limit: usize,
        chunks: &[&[u8]],
    ) -> Vec<Result<Event, FramingError>> {
        let mut parser = Parser::new(boundary).unwrap().with_max_part_size(limit);
        let mut out = Vec::new();
        for chunk in chunks {
            parser.push(chunk);
            loop {
                match parser.next_event() {
                    Ok(Some(event)) => out.push(Ok(event)),
                    Ok(None) => break,
                    Err(err) => {
                        out.push(Err(err));
                        return out;
                    }
                }
            }
        }
        if let Err(err) = parser.finish() {
            out.push(Err(err));
        }
        out
    }

    fn part(content_type: Option<&str>, body: &str) -> Result<Event, FramingError> {
        Ok(Event::Part(Part {
            content_type: content_type.map(str::to_owned),
            body: Bytes::copy_from_slice(body.as_bytes()),
        }))
    }

    const JSON: Option<&str> = Some("application/json");

    #[test]
    fn router_framing() {
        let input = b"\r\n--graphql\r\ncontent-type: application/json\r\n\r\n{}\r\n--graphql\r\ncontent-type: application/json\r\n\r\n{\"payload\":{\"data\":{\"n\":1}}}\r\n--graphql--\r\n";
        assert_eq!(
            parse_all("graphql", input),
            vec![
                part(JSON, "{}"),
                part(JSON, r#"{"payload":{"data":{"n":1}}}"#),
                Ok(Event::End)
            ]
        );
    }

    #[test]
    fn strawberry_framing_heartbeat_in_preamble_and_empty_last_part() {
        let ct = "application/json; charset=utf-8";
        let input = format!(
            "\r\nContent-Type: {ct}\r\nContent-Length: 2\r\n\r\n{{}}\r\n--graphql\
             \r\nContent-Type: {ct}\r\n\r\n{{\"payload\":{{\"data\":{{\"n\":1}}}}}}\r\n--graphql\
             \r\n--graphql--\r\n"
        );
        assert_eq!(
            parse_all("graphql", input.as_bytes()),
            vec![
                part(Some(ct), "{}"),
                part(Some(ct), r#"{"payload":{"data":{"n":1}}}"#),
                Ok(Event::End)
            ]
        );
    }

    #[test]
    fn stream_may_start_with_the_delimiter_and_use_lf_and_padding() {
        let input =
            b"--b-1 \t\ncontent-type: application/json\n\n{\"a\":1}\n--b-1\n\n{\"a\":2}\n--b-1--";
        assert_eq!(
            parse_all("b-1", input),
            vec![
                part(JSON, r#"{"a":1}"#),
                part(None, r#"{"a":2}"#),
                Ok(Event::End)
            ]
        );
    }

    #[test]
    fn headerless_part_and_multiline_body() {
        let input = b"\r\n--x\r\n{\"a\":\r\n1}\r\n--x--";
        assert_eq!(
            parse_all("x", input),
            vec![part(None, "{\"a\":\r\n1}"), Ok(Event::End)]
        );
    }

    #[test]
    fn rfc_preamble_text_is_ignored_and_epilogue_too() {
        let input = b"This is a multi-part message.\r\n--x\r\nContent-Type: application/json\r\n\r\n{}\r\n--x--\r\nepilogue --x\r\n garbage";
        assert_eq!(
            parse_all("x", input),
            vec![part(JSON, "{}"), Ok(Event::End)]
        );
    }

    #[test]
    fn boundary_prefix_inside_a_line_is_content() {
        // `--graphqlx` does not start at a line; `a--graphql` neither.
        let input = b"--graphql\r\n\r\n{\"s\":\"a--graphql--\"}\r\n--graphql--";
        assert_eq!(
            parse_all("graphql", input),
            vec![part(None, r#"{"s":"a--graphql--"}"#), Ok(Event::End)]
        );
    }

    #[test]
    fn eof_without_closing_delimiter_is_an_error_after_the_parts() {
        let input = b"--g\r\n\r\n{\"a\":1}\r\n--g\r\n\r\n{\"a\":2";
        assert_eq!(
            parse_all("g", input),
            vec![part(None, r#"{"a":1}"#), Err(FramingError::UnexpectedEof)]
        );
        assert_eq!(parse_all("g", b""), vec![Err(FramingError::UnexpectedEof)]);
        assert_eq!(
            parse_all("g", b"--g\r\n\r\n{}\r\n--g-"),
            vec![part(None, "{}"), Err(FramingError::UnexpectedEof)]
        );
    }

    #[test]
    fn garbage_after_a_delimiter_is_an_error() {
        let out = parse_all("g", b"--g\r\n\r\n{}\r\n--gx\r\n");
        assert_eq!(out[0], part(None, "{}"));
        assert!(
            matches!(out[1], Err(FramingError::BadDelimiter { .. })),
            "{out:?}"
        );
        assert_eq!(out.len(), 2);
    }

    #[test]
    fn the_bad_delimiter_error_does_not_depend_on_the_chunking() {
        // Found by the chunking property test: the excerpt once held whatever was buffered.
        let input = b"\r\n--g-\r\r\r\r\r\r";
        let whole = parse_all("g", input);
        assert_eq!(
            whole,
            vec![Err(FramingError::BadDelimiter {
                found: "-\\r".to_owned()
            })]
        );
        let bytes: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(parse_chunks("g", usize::MAX, &bytes), whole);
    }

    #[test]
    fn a_bad_header_line_is_an_error() {
        let out = parse_all(
            "g",
            b"--g\r\nContent-Type: application/json\r\n{oops}\r\n\r\n{}\r\n--g--",
        );
        assert!(
            matches!(out[0], Err(FramingError::BadHeader { .. })),
            "{out:?}"
        );
    }

    #[test]
    fn a_part_over_the_limit_is_an_error_in_one_piece_or_many() {
        let input = b"--g\r\n\r\n{\"a\":\"0123456789\"}\r\n--g--";
        let whole = parse_chunks("g", 8, &[input]);
        assert_eq!(whole, vec![Err(FramingError::PartTooLarge { limit: 8 })]);
        let bytes: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(parse_chunks("g", 8, &bytes), whole);
        // Exactly at the limit passes: the segment is `\r\n` + body.
        let body = br#"{"a":1}"#;
        let exact = b"--g\r\n\r\n{\"a\":1}\r\n--g--";
        assert_eq!(
            parse_chunks("g", body.len() + 2, &[exact]),
            vec![part(None, r#"{"a":1}"#), Ok(Event::End)]
        );
    }

    #[test]
    fn memory_stays_bounded_without_delimiters() {
        let mut parser = Parser::new("graphql").unwrap().with_max_part_size(1024);
        let chunk = [b'x'; 100];
        for _ in 0..11 {
            parser.push(&chunk);
            if parser.next_event().is_err() {
                break;
            }
        }
        assert!(parser.buffered() < 1200, "{}", parser.buffered());
        parser.push(&chunk);
        assert_eq!(parser.next_event(), Ok(None));
        assert_eq!(parser.buffered(), 0);
    }

    #[test]
    fn boundary_rules() {
        assert!(Parser::new("").is_err());
        assert!(Parser::new("a\nb").is_err());
        assert!(Parser::new(&"x".repeat(MAX_BOUNDARY_LEN + 1)).is_err());
        assert!(Parser::new("-").is_ok());
    }

    #[test]
    fn dash_boundary_as_in_incremental_delivery() {
        let input =
            b"\r\n---\r\ncontent-type: application/json\r\n\r\n{\"hasNext\":false}\r\n-----\r\n";
        assert_eq!(
            parse_all("-", input),
            vec![part(JSON, r#"{"hasNext":false}"#), Ok(Event::End)]
        );
    }

    #[test]
    fn split_at_every_byte_gives_the_same_events() {
        let input = b"\r\nContent-Type: application/json\r\n\r\n{}\r\n--graphql\r\nContent-Type: application/json\r\n\r\n{\"payload\":{\"data\":{\"n\":1}}}\r\n--graphql\r\n--graphql--\r\n";
        let whole = parse_all("graphql", input);
        for split in 0..input.len() {
            let (a, b) = input.split_at(split);
            assert_eq!(
                parse_chunks("graphql", usize::MAX, &[a, b]),
                whole,
                "{split}"
            );
        }
        let bytes: Vec<&[u8]> = input.chunks(1).collect();
        assert_eq!(parse_chunks("graphql", usize::MAX, &bytes), whole);
    }
}
