//! [`Inbox`]: one subscription's bounded event queue, filled by the socket task and drained by
//! the subscription's stream.
//!
//! Bounded by dropping the oldest events, not by backpressure: the socket is shared, and
//! stopping to read it for one slow consumer would stall every other subscription and its
//! keep-alives. The consumer learns how many events it lost ([`SubEvent::Lagged`]). An idle
//! inbox holds no buffer, which keeps idle subscriptions small.

use std::collections::VecDeque;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;
use std::task::{Context, Poll};

use futures::task::AtomicWaker;

use super::error::WsError;
use super::subscription::SubEvent;
use crate::error::Error;

pub(crate) struct Inbox {
    state: Mutex<State>,
    waker: AtomicWaker,
    /// Whether the subscription still counts towards the per-connection limit. Given back
    /// once, by whichever comes first: the stream dropped (its `stop` is queued before any
    /// later `start`) or the socket task forgetting the subscription.
    holds_place: AtomicBool,
}

#[derive(Default)]
struct State {
    events: VecDeque<SubEvent>,
    /// Data events dropped since the stream last looked.
    missed: u64,
    /// A `Reconnected` notice was dropped: it is still told, first.
    reconnected: bool,
    /// `Ended` was queued: nothing more is accepted.
    ended: bool,
    /// The server acknowledged the start (on some connection): `started()` is resolved for
    /// good, reconnections included.
    started: bool,
    /// Why the subscription ended before it started, kept apart from the queue so that
    /// `started()` reports it however often it is asked and whether or not the stream has
    /// already read the `Ended` event.
    failure: Option<Error>,
}

/// Past this capacity, an emptied queue gives its buffer back.
const KEEP_CAPACITY: usize = 16;

impl Inbox {
    pub(crate) fn new() -> Inbox {
        Inbox {
            state: Mutex::new(State::default()),
            waker: AtomicWaker::new(),
            holds_place: AtomicBool::new(false),
        }
    }

    /// Marks the subscription as counted towards the per-connection limit.
    pub(crate) fn hold_place(&self) {
        self.holds_place.store(true, Ordering::SeqCst);
    }

    /// Whether the subscription counted towards the limit until now (true once at most).
    pub(crate) fn give_place_back(&self) -> bool {
        self.holds_place.swap(false, Ordering::SeqCst)
    }

    /// Queues `event`. With `bound` events already waiting, the oldest are dropped first
    /// (data ones counted as missed); the final `Ended` is always queued. Nothing is queued
    /// after `Ended`.
    pub(crate) fn push(&self, event: SubEvent, bound: usize) {
        let mut state = super::lock(&self.state);
        if state.ended {
            return;
        }
        if let SubEvent::Ended(end) = &event {
            state.ended = true;
            if !state.started {
                state.failure = Some(match end {
                    Some(error) => error.duplicate(),
                    None => Error::from(WsError::NotStarted),
                });
            }
        } else {
            while state.events.len() >= bound.max(1) {
                match state.events.pop_front() {
                    Some(SubEvent::Data(_)) => state.missed += 1,
                    Some(SubEvent::Reconnected) => state.reconnected = true,
                    Some(_) => {}
                    None => break,
                }
            }
        }
        state.events.push_back(event);
        drop(state);
        self.waker.wake();
    }

    /// The server acknowledged the start. Ignored once the subscription ended.
    pub(crate) fn mark_started(&self) {
        let mut state = super::lock(&self.state);
        if state.ended || state.started {
            return;
        }
        state.started = true;
        drop(state);
        self.waker.wake();
    }

    /// Whether the server acknowledged the start.
    pub(crate) fn is_started(&self) -> bool {
        super::lock(&self.state).started
    }

    /// Ready once the server acknowledged the start (`Ok`, for good) or the subscription ended
    /// before that (an equivalent of the error that ends the stream). Takes nothing from the
    /// queue. Shares the stream's waker: callers hold the subscription mutably, so the stream
    /// and this are never polled at the same time.
    pub(crate) fn poll_started(&self, cx: &mut Context<'_>) -> Poll<Result<(), Error>> {
        self.waker.register(cx.waker());
        let state = super::lock(&self.state);
        if state.started {
            return Poll::Ready(Ok(()));
        }
        match &state.failure {
            Some(error) => Poll::Ready(Err(error.duplicate())),
            None => Poll::Pending,
        }
    }

    /// Whether `Ended` was queued (maybe not yet read).
    pub(crate) fn is_ended(&self) -> bool {
        super::lock(&self.state).ended
    }

    /// The next event. Dropped notices come first: `Reconnected`, then `Lagged` with the number
    /// of dropped events (they were all older than what is queued). `None` after `Ended`.
    pub(crate) fn poll(&self, cx: &mut Context<'_>) -> Poll<Option<SubEvent>> {
        // Registered before looking, so a push in between wakes this task.
        self.waker.register(cx.waker());
        let mut state = super::lock(&self.state);
        if std::mem::take(&mut state.reconnected) {
            return Poll::Ready(Some(SubEvent::Reconnected));
        }
        if state.missed > 0 {
            return Poll::Ready(Some(SubEvent::Lagged(std::mem::take(&mut state.missed))));
        }
        match state.events.pop_front() {
            Some(event) => {
                if state.events.is_empty() && state.events.capacity() > KEEP_CAPACITY {
                    state.events = VecDeque::new();
                }
                Poll::Ready(Some(event))
            }
            None if state.ended => Poll::Ready(None),
            None => Poll::Pending,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::time::Duration;

    fn json(n: impl std::fmt::Display) -> crate::ws::Payload {
        crate::ws::Payload::from(n.to_string())
    }

    fn drain(inbox: &Inbox) -> Vec<String> {
        let waker = futures::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        let mut out = Vec::new();
        while let Poll::Ready(Some(event)) = inbox.poll(&mut cx) {
            out.push(match event {
                SubEvent::Data(value) => value.json().to_owned(),
                SubEvent::Lagged(n) => format!("lagged {n}"),
                SubEvent::Reconnected => "reconnected".to_owned(),
                SubEvent::Ended(_) => "ended".to_owned(),
            });
        }
        out
    }

    #[test]
    fn a_full_inbox_drops_the_oldest_and_says_how_many() {
        let inbox = Inbox::new();
        for n in 0..10 {
            inbox.push(SubEvent::Data(json(n)), 3);
        }
        inbox.push(SubEvent::Ended(None), 3);
        inbox.push(SubEvent::Data(json("\"late\"")), 3);
        assert_eq!(drain(&inbox), ["lagged 7", "7", "8", "9", "ended"]);
    }

    #[test]
    fn a_drained_inbox_gives_a_grown_buffer_back() {
        let inbox = Inbox::new();
        for n in 0..100 {
            inbox.push(SubEvent::Data(json(n)), 1024);
        }
        assert_eq!(drain(&inbox).len(), 100);
        assert_eq!(inbox.state.lock().unwrap().events.capacity(), 0);
    }

    fn started(inbox: &Inbox) -> Poll<Result<(), String>> {
        let waker = futures::task::noop_waker();
        let mut cx = Context::from_waker(&waker);
        inbox.poll_started(&mut cx).map_err(|e| e.to_string())
    }

    #[test]
    fn started_takes_nothing_from_the_queue_and_stays_resolved() {
        let inbox = Inbox::new();
        inbox.push(SubEvent::Data(json(0)), 8);
        assert_eq!(started(&inbox), Poll::Pending);
        inbox.mark_started();
        inbox.push(SubEvent::Data(json(1)), 8);
        assert_eq!(started(&inbox), Poll::Ready(Ok(())));
        inbox.push(
            SubEvent::Ended(Some(
                WsError::StartAckTimeout(Duration::from_secs(1)).into(),
            )),
            8,
        );
        assert_eq!(started(&inbox), Poll::Ready(Ok(())));
        assert_eq!(drain(&inbox), ["0", "1", "ended"]);
    }

    #[test]
    fn an_end_before_the_start_is_reported_every_time_and_still_ends_the_stream() {
        let inbox = Inbox::new();
        let limit = Duration::from_secs(15);
        inbox.push(
            SubEvent::Ended(Some(WsError::StartAckTimeout(limit).into())),
            8,
        );
        inbox.mark_started();
        for _ in 0..2 {
            match started(&inbox) {
                Poll::Ready(Err(text)) => assert!(text.contains("did not acknowledge"), "{text}"),
                other => panic!("{other:?}"),
            }
        }
        assert_eq!(drain(&inbox), ["ended"]);
        assert!(matches!(started(&inbox), Poll::Ready(Err(_))));

        let completed = Inbox::new();
        completed.push(SubEvent::Ended(None), 8);
        let waker = futures::task::noop_waker();
        match completed.poll_started(&mut Context::from_waker(&waker)) {
            Poll::Ready(Err(Error::Ws(WsError::NotStarted))) => {}
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn notices_are_not_counted_as_missed_events() {
        let inbox = Inbox::new();
        inbox.push(SubEvent::Reconnected, 2);
        inbox.push(SubEvent::Data(json(1)), 2);
        inbox.push(SubEvent::Data(json(2)), 2);
        assert_eq!(drain(&inbox), ["reconnected", "1", "2"]);
        inbox.push(SubEvent::Data(json(3)), 2);
        inbox.push(SubEvent::Data(json(4)), 2);
        inbox.push(SubEvent::Data(json(5)), 2);
        assert_eq!(drain(&inbox), ["lagged 1", "4", "5"]);
    }
}
