//! The multipart parser on arbitrary bytes split into arbitrary chunks: it must not panic,
//! must keep its buffer within the part size limit (plus one chunk and a delimiter), and must
//! yield the same events as when the same bytes arrive in one piece.
#![no_main]

use libfuzzer_sys::fuzz_target;
use typed_graphql::multipart::{boundary_from_content_type, Event, FramingError, Parser};

const BOUNDARIES: [&str; 4] = ["graphql", "-", "b", "a b=\"c\""];

fuzz_target!(|data: &[u8]| {
    let [limit_byte, boundary_byte, seed, input @ ..] = data else {
        return;
    };
    let limit = usize::from(*limit_byte) * 4;
    let boundary = BOUNDARIES[usize::from(*boundary_byte) % BOUNDARIES.len()];
    let whole = run(boundary, limit, input, &[input.len()]);
    let mut cuts = Vec::new();
    let mut state = u32::from(*seed) | 1;
    let mut at = 0;
    while at < input.len() {
        // xorshift: chunk lengths from 1 to 16 bytes.
        state ^= state << 13;
        state ^= state >> 17;
        state ^= state << 5;
        at = (at + 1 + (state % 16) as usize).min(input.len());
        cuts.push(at);
    }
    let chunked = run(boundary, limit, input, &cuts);
    assert_eq!(whole, chunked);

    // The content-type reader takes any text.
    let _ = boundary_from_content_type(&String::from_utf8_lossy(input));
});

fn run(
    boundary: &str,
    limit: usize,
    input: &[u8],
    cuts: &[usize],
) -> Vec<Result<Event, FramingError>> {
    let mut parser = Parser::new(boundary).unwrap().with_max_part_size(limit);
    let mut events = Vec::new();
    let mut start = 0;
    for &end in cuts {
        let chunk = &input[start..end];
        start = end;
        parser.push(chunk);
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
        // Bounded memory: the limit, a partial delimiter, a CR, one chunk.
        let bound = limit + boundary.len() + 8 + chunk.len();
        assert!(
            parser.buffered() <= bound,
            "{} > {bound}",
            parser.buffered()
        );
        if parser.is_done() {
            return events;
        }
    }
    if let Err(err) = parser.finish() {
        events.push(Err(err));
    }
    events
}
