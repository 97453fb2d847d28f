//! Inverted lists stored flat ("compressed sparse rows"): one offsets array and one array of
//! (document, weight) pairs. A `Vec` per term would cost 24 bytes of header plus growth slack
//! for each of the tens of thousands of n-grams; flat storage is 8 bytes a posting + 4 a row.

#[derive(Debug, Clone, Default)]
pub(super) struct Postings {
    offsets: Vec<u32>,
    items: Vec<(u32, f32)>,
}

impl Postings {
    pub fn from_lists(lists: Vec<Vec<(u32, f32)>>) -> Postings {
        let mut offsets = Vec::with_capacity(lists.len() + 1);
        let mut items = Vec::with_capacity(lists.iter().map(Vec::len).sum());
        offsets.push(0);
        for list in lists {
            items.extend(list);
            offsets.push(items.len() as u32);
        }
        Postings { offsets, items }
    }

    /// The postings of row `i` (empty for an unknown row).
    pub fn row(&self, i: usize) -> &[(u32, f32)] {
        match (self.offsets.get(i), self.offsets.get(i + 1)) {
            (Some(&start), Some(&end)) => &self.items[start as usize..end as usize],
            _ => &[],
        }
    }

    pub fn heap_bytes(&self) -> usize {
        self.offsets.capacity() * 4 + self.items.capacity() * 8
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_come_back_as_they_went_in() {
        let postings = Postings::from_lists(vec![vec![(1, 0.5)], vec![], vec![(2, 1.0), (3, 2.0)]]);
        assert_eq!(postings.row(0), &[(1, 0.5)]);
        assert!(postings.row(1).is_empty());
        assert_eq!(postings.row(2), &[(2, 1.0), (3, 2.0)]);
        assert!(postings.row(9).is_empty());
    }
}
