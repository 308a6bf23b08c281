//! Property: the multipart parser yields the same events for every chunking of the same bytes,
//! and those events are the parts that were written.
#![cfg(feature = "multipart")]

use proptest::prelude::*;
use typed_graphql::multipart::{Event, FramingError, Parser, Part};

#[derive(Debug, Clone)]
enum Item {
    /// Headers (name, value) and a body without line breaks.
    Part(Vec<(String, String)>, String),
    /// A delimiter right after another (strawberry's last part).
    Empty,
}

#[derive(Debug, Clone)]
enum Preamble {
    None,
    /// strawberry: a heartbeat part before any delimiter.
    Heartbeat,
    /// RFC text to ignore.
    Text,
}

#[derive(Debug, Clone)]
struct Stream {
    boundary: String,
    eol: &'static str,
    preamble: Preamble,
    items: Vec<Item>,
    closed: bool,
    epilogue: String,
}

fn header() -> impl Strategy<Value = (String, String)> {
    prop_oneof![
        (
            prop_oneof![
                Just("Content-Type"),
                Just("content-type"),
                Just("CONTENT-TYPE")
            ],
            prop_oneof![
                Just("application/json"),
                Just("application/json; charset=utf-8"),
                Just("application/graphql-response+json"),
            ],
        )
            .prop_map(|(n, v)| (n.to_owned(), v.to_owned())),
        (0u32..5000).prop_map(|n| ("Content-Length".to_owned(), n.to_string())),
        "[a-z]{1,8}".prop_map(|v| ("X-Extra".to_owned(), v)),
    ]
}

fn item() -> impl Strategy<Value = Item> {
    prop_oneof![
        8 => (prop::collection::vec(header(), 0..3), "[ -~]{0,60}")
            .prop_map(|(headers, body)| Item::Part(headers, body)),
        1 => Just(Item::Part(vec![("Content-Type".into(), "application/json".into())], "{}".into())),
        1 => Just(Item::Empty),
    ]
}

fn stream() -> impl Strategy<Value = Stream> {
    (
        "[a-zA-Z0-9'()+_,./:=?-]{1,12}",
        prop_oneof![Just("\r\n"), Just("\n")],
        prop_oneof![
            Just(Preamble::None),
            Just(Preamble::Heartbeat),
            Just(Preamble::Text)
        ],
        prop::collection::vec(item(), 0..8),
        prop::bool::weighted(0.85),
        "[ -~\r\n]{0,20}",
    )
        .prop_map(
            |(boundary, eol, preamble, items, closed, epilogue)| Stream {
                boundary,
                eol,
                preamble,
                items,
                closed,
                epilogue,
            },
        )
}

impl Stream {
    fn render(&self) -> Vec<u8> {
        let (b, eol) = (&self.boundary, self.eol);
        let mut out = String::new();
        match self.preamble {
            Preamble::None => {}
            Preamble::Heartbeat => out.push_str(&format!(
                "{eol}Content-Type: application/json{eol}{eol}{{}}"
            )),
            Preamble::Text => out.push_str("This is a multipart message."),
        }
        for item in &self.items {
            out.push_str(&format!("{eol}--{b}{eol}"));
            if let Item::Part(headers, body) = item {
                for (name, value) in headers {
                    out.push_str(&format!("{name}: {value}{eol}"));
                }
                out.push_str(&format!("{eol}{body}"));
            }
        }
        if self.closed {
            out.push_str(&format!("{eol}--{b}--{eol}{}", self.epilogue));
        }
        out.into_bytes()
    }

    /// The events a correct parser yields.
    fn expected(&self) -> Vec<Result<Event, FramingError>> {
        // One entry per segment: the preamble, then each item.
        let mut segments: Vec<Option<Event>> = vec![match self.preamble {
            Preamble::Heartbeat => Some(part(Some("application/json"), "{}")),
            Preamble::None | Preamble::Text => None,
        }];
        for item in &self.items {
            segments.push(match item {
                Item::Part(headers, body) if !body.trim().is_empty() => {
                    let content_type = headers
                        .iter()
                        .rev()
                        .find(|(n, _)| n.eq_ignore_ascii_case("content-type"))
                        .map(|(_, v)| v.as_str());
                    Some(part(content_type, body))
                }
                _ => None,
            });
        }
        if !self.closed {
            // No delimiter follows the last segment: it is never known to be complete.
            segments.pop();
        }
        let mut events: Vec<_> = segments.into_iter().flatten().map(Ok).collect();
        events.push(if self.closed {
            Ok(Event::End)
        } else {
            Err(FramingError::UnexpectedEof)
        });
        events
    }
}

fn part(content_type: Option<&str>, body: &str) -> Event {
    Event::Part(Part {
        content_type: content_type.map(str::to_owned),
        body: bytes::Bytes::copy_from_slice(body.as_bytes()),
    })
}

/// Feeds `input` split at `cuts`; every event until the end or the first error.
fn parse(
    boundary: &str,
    limit: usize,
    input: &[u8],
    cuts: &[usize],
) -> Vec<Result<Event, FramingError>> {
    let mut parser = Parser::new(boundary).unwrap().with_max_part_size(limit);
    let mut points: Vec<usize> = cuts.iter().map(|c| c % (input.len() + 1)).collect();
    points.push(0);
    points.push(input.len());
    points.sort_unstable();
    let mut events = Vec::new();
    for pair in points.windows(2) {
        parser.push(&input[pair[0]..pair[1]]);
        loop {
            match parser.next_event() {
                Ok(Some(event)) => events.push(Ok(event)),
                Ok(None) => break,
                Err(err) => {
                    events.push(Err(err));
                    return events;
                }
            }
        }
        if parser.is_done() {
            // Bytes after the end are ignored; stop like a client does.
            return events;
        }
    }
    if let Err(err) = parser.finish() {
        events.push(Err(err));
    }
    events
}

proptest! {
    #![proptest_config(ProptestConfig {
        cases: 1000,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn every_chunking_yields_the_written_parts(
        stream in stream(),
        cuts in prop::collection::vec(any::<usize>(), 0..40),
    ) {
        let input = stream.render();
        let whole = parse(&stream.boundary, usize::MAX, &input, &[]);
        prop_assert_eq!(&whole, &stream.expected());
        let chunked = parse(&stream.boundary, usize::MAX, &input, &cuts);
        prop_assert_eq!(&chunked, &whole);
        let bytewise: Vec<usize> = (0..input.len()).collect();
        prop_assert_eq!(&parse(&stream.boundary, usize::MAX, &input, &bytewise), &whole);
    }

    #[test]
    fn the_size_limit_does_not_depend_on_chunking(
        stream in stream(),
        cuts in prop::collection::vec(any::<usize>(), 0..40),
        limit in 0usize..120,
    ) {
        let input = stream.render();
        let whole = parse(&stream.boundary, limit, &input, &[]);
        prop_assert_eq!(&parse(&stream.boundary, limit, &input, &cuts), &whole);
    }

    #[test]
    fn arbitrary_bytes_never_panic_and_agree_across_chunkings(
        input in prop::collection::vec(prop_oneof![
            Just(b'\r'), Just(b'\n'), Just(b'-'), Just(b'g'), Just(b'{'), Just(b'}'), Just(b':'), any::<u8>()
        ], 0..300),
        cuts in prop::collection::vec(any::<usize>(), 0..40),
        limit in 0usize..64,
    ) {
        let whole = parse("g", limit, &input, &[]);
        prop_assert_eq!(&parse("g", limit, &input, &cuts), &whole);
    }
}
