//! The in-memory data behind the schema: boards, todos, and the change feed subscriptions read.

use std::sync::Mutex;
use std::time::{SystemTime, UNIX_EPOCH};

use tokio::sync::broadcast;

use crate::schema::{Board, Priority, Todo};

/// A change to a todo, as the native (multipart) subscriptions see it.
#[derive(Clone, Debug)]
pub(crate) enum TodoEvent {
    Added(Todo),
    Updated(Todo),
    Deleted(Todo),
}

impl TodoEvent {
    /// The todo as the change left it (for a deletion: as it was).
    pub(crate) fn todo(&self) -> &Todo {
        match self {
            TodoEvent::Added(todo) | TodoEvent::Updated(todo) | TodoEvent::Deleted(todo) => todo,
        }
    }
}

/// Boards and todos of one server; every server starts from the same seed.
pub(crate) struct Store {
    data: Mutex<Data>,
    events: broadcast::Sender<TodoEvent>,
}

struct Data {
    boards: Vec<Board>,
    todos: Vec<Todo>,
    next_id: u64,
}

/// The changes a [`Store::update`] applies; `None` leaves a field as it is.
pub(crate) struct TodoPatch {
    pub title: Option<String>,
    pub done: Option<bool>,
    pub note: Option<String>,
}

impl Store {
    /// The seed: boards `b1` (Home) and `b2` (Work), todos `t1` and `t2`.
    pub(crate) fn seeded() -> Store {
        let (events, _) = broadcast::channel(256);
        let created = "2024-01-01T00:00:00.000Z".to_owned();
        let data = Data {
            boards: vec![
                Board {
                    id: "b1".into(),
                    name: "Home".into(),
                },
                Board {
                    id: "b2".into(),
                    name: "Work".into(),
                },
            ],
            todos: vec![
                Todo {
                    id: "t1".into(),
                    board_id: "b1".into(),
                    title: "Buy milk".into(),
                    done: false,
                    priority: Some(Priority::High),
                    note: Some("semi-skimmed".into()),
                    tags: vec!["errand".into()],
                    meta: Some(crate::schema::AwsJson(r#"{"aisle":4}"#.into())),
                    created_at: crate::schema::AwsDateTime(created.clone()),
                },
                Todo {
                    id: "t2".into(),
                    board_id: "b2".into(),
                    title: "Write report".into(),
                    done: true,
                    priority: None,
                    note: None,
                    tags: vec![],
                    meta: None,
                    created_at: crate::schema::AwsDateTime(created),
                },
            ],
            next_id: 3,
        };
        Store {
            data: Mutex::new(data),
            events,
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Data> {
        // A panic while holding the lock cannot leave the vectors half-written; keep serving.
        self.data
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// A receiver of every later change.
    pub(crate) fn events(&self) -> broadcast::Receiver<TodoEvent> {
        self.events.subscribe()
    }

    /// How many subscriptions listen to the change feed now.
    pub(crate) fn listeners(&self) -> usize {
        self.events.receiver_count()
    }

    pub(crate) fn todos(&self, board_id: Option<&str>) -> Vec<Todo> {
        self.lock()
            .todos
            .iter()
            .filter(|todo| board_id.is_none_or(|board| todo.board_id.as_str() == board))
            .cloned()
            .collect()
    }

    pub(crate) fn todo(&self, id: &str) -> Option<Todo> {
        self.lock()
            .todos
            .iter()
            .find(|todo| todo.id.as_str() == id)
            .cloned()
    }

    pub(crate) fn board(&self, id: &str) -> Option<Board> {
        self.lock()
            .boards
            .iter()
            .find(|board| board.id.as_str() == id)
            .cloned()
    }

    /// Todos whose title and boards whose name contain `text` (case-insensitive).
    pub(crate) fn search(&self, text: &str) -> (Vec<Todo>, Vec<Board>) {
        let needle = text.to_lowercase();
        let data = self.lock();
        let todos = data
            .todos
            .iter()
            .filter(|todo| todo.title.to_lowercase().contains(&needle))
            .cloned()
            .collect();
        let boards = data
            .boards
            .iter()
            .filter(|board| board.name.to_lowercase().contains(&needle))
            .cloned()
            .collect();
        (todos, boards)
    }

    pub(crate) fn add(
        &self,
        board_id: String,
        title: String,
        priority: Option<Priority>,
        note: Option<String>,
        tags: Vec<String>,
        meta: Option<crate::schema::AwsJson>,
    ) -> Todo {
        let todo = {
            let mut data = self.lock();
            let id = format!("t{}", data.next_id);
            data.next_id += 1;
            let todo = Todo {
                id: id.into(),
                board_id: board_id.into(),
                title,
                done: false,
                priority,
                note,
                tags,
                meta,
                created_at: crate::schema::AwsDateTime(now_rfc3339()),
            };
            data.todos.push(todo.clone());
            todo
        };
        // No receiver is fine: nobody subscribed.
        let _ = self.events.send(TodoEvent::Added(todo.clone()));
        todo
    }

    pub(crate) fn update(&self, id: &str, patch: TodoPatch) -> Option<Todo> {
        let todo = {
            let mut data = self.lock();
            let todo = data.todos.iter_mut().find(|todo| todo.id.as_str() == id)?;
            if let Some(title) = patch.title {
                todo.title = title;
            }
            if let Some(done) = patch.done {
                todo.done = done;
            }
            if let Some(note) = patch.note {
                todo.note = Some(note);
            }
            todo.clone()
        };
        let _ = self.events.send(TodoEvent::Updated(todo.clone()));
        Some(todo)
    }

    /// Removes a todo; `None` when there is no such todo.
    pub(crate) fn delete(&self, id: &str) -> Option<Todo> {
        let todo = {
            let mut data = self.lock();
            let index = data.todos.iter().position(|todo| todo.id.as_str() == id)?;
            data.todos.remove(index)
        };
        let _ = self.events.send(TodoEvent::Deleted(todo.clone()));
        Some(todo)
    }
}

/// Now as AWSDateTime (`YYYY-MM-DDThh:mm:ss.sssZ`, UTC).
fn now_rfc3339() -> String {
    let since = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap_or_default();
    let secs = since.as_secs();
    let (days, rest) = (secs / 86_400, secs % 86_400);
    let (year, month, day) = civil_from_days(days as i64);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        rest / 3600,
        rest % 3600 / 60,
        rest % 60,
        since.subsec_millis()
    )
}

/// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z.rem_euclid(146_097);
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::civil_from_days;

    #[test]
    fn dates_from_day_counts() {
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(19_723), (2024, 1, 1));
        assert_eq!(civil_from_days(19_782), (2024, 2, 29));
    }
}
