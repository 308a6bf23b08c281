//! "Did you mean ...?": the closest name in scope by edit distance.

/// The candidate closest to `name`, if it is close enough to be a likely typo: within an edit
/// distance of 40% of the name's length (at least 1), case differences counting as close.
pub fn closest<'a>(name: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let threshold = (name.chars().count() * 2 / 5).max(1);
    let lower = name.to_lowercase();
    candidates
        .into_iter()
        .filter(|c| *c != name)
        .map(|c| {
            let d = if c.to_lowercase() == lower {
                0
            } else {
                distance(name, c)
            };
            (d, c)
        })
        .filter(|(d, _)| *d <= threshold)
        .min_by_key(|(d, c)| (*d, *c))
        .map(|(_, c)| c)
}

/// Edit distance over characters, counting a swap of two neighbours as one edit (optimal
/// string alignment, as graphql-js counts): `Dgo` is one edit from `Dog`.
fn distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // Three rows: two back (for swaps), one back, current.
    let mut before: Vec<usize> = vec![0; b.len() + 1];
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    let mut cur: Vec<usize> = vec![0; b.len() + 1];
    for i in 1..=a.len() {
        cur[0] = i;
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut d = (prev[j] + 1).min(cur[j - 1] + 1).min(prev[j - 1] + cost);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                d = d.min(before[j - 2] + 1);
            }
            cur[j] = d;
        }
        std::mem::swap(&mut before, &mut prev);
        std::mem::swap(&mut prev, &mut cur);
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::closest;

    #[test]
    fn suggests_near_names_only() {
        let names = ["createdAt", "title", "done"];
        assert_eq!(closest("createAt", names), Some("createdAt"));
        assert_eq!(closest("titel", names), Some("title"));
        assert_eq!(closest("Title", names), Some("title"));
        assert_eq!(closest("priority", names), None);
        assert_eq!(closest("tilte", names), Some("title"));
        assert_eq!(closest("Dgo", ["Dog", "Cat"]), Some("Dog"));
    }
}
