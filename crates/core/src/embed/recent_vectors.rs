//! [`RecentVectors`]: a [`SentenceVectors`] that remembers the last few texts it embedded.
//!
//! Why: in the widget's worker the FAQ matcher and the sentiment model both read each visitor
//! turn through the contextual encoder, which takes milliseconds per text; sharing one
//! `RecentVectors` in front of it makes the second reader free. A few, not one: the matcher
//! may also read the turn joined to the previous one before the sentiment model reads it.

use std::collections::VecDeque;
use std::sync::{Arc, Mutex};

use super::SentenceVectors;

/// Texts remembered; a turn is read as itself and at most once joined to the one before.
const REMEMBERED: usize = 4;

type Remembered = VecDeque<(String, Option<Vec<f32>>)>;

#[derive(Debug)]
pub struct RecentVectors {
    inner: Arc<dyn SentenceVectors>,
    recent: Mutex<Remembered>,
}

impl RecentVectors {
    pub fn new(inner: Arc<dyn SentenceVectors>) -> RecentVectors {
        RecentVectors {
            inner,
            recent: Mutex::new(VecDeque::with_capacity(REMEMBERED)),
        }
    }
}

impl SentenceVectors for RecentVectors {
    fn dims(&self) -> usize {
        self.inner.dims()
    }

    fn embed(&self, text: &str) -> Option<Vec<f32>> {
        // A poisoned lock only loses the cache, never the answer.
        if let Ok(recent) = self.recent.lock()
            && let Some((_, vector)) = recent.iter().find(|(seen, _)| seen == text)
        {
            return vector.clone();
        }
        let vector = self.inner.embed(text);
        if let Ok(mut recent) = self.recent.lock() {
            if recent.len() == REMEMBERED {
                recent.pop_front();
            }
            recent.push_back((text.to_owned(), vector.clone()));
        }
        vector
    }

    fn knows_word(&self, word: &str) -> bool {
        self.inner.knows_word(word)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    #[derive(Debug, Default)]
    struct Counting {
        calls: AtomicUsize,
    }

    impl SentenceVectors for Counting {
        fn dims(&self) -> usize {
            2
        }
        fn embed(&self, text: &str) -> Option<Vec<f32>> {
            self.calls.fetch_add(1, Ordering::SeqCst);
            (!text.is_empty()).then(|| vec![text.len() as f32, 1.0])
        }
        fn knows_word(&self, word: &str) -> bool {
            word == "known"
        }
    }

    #[test]
    fn the_same_text_twice_in_a_row_is_embedded_once() {
        let inner = Arc::new(Counting::default());
        let cached = RecentVectors::new(inner.clone());
        assert_eq!(cached.embed("late again"), Some(vec![10.0, 1.0]));
        assert_eq!(cached.embed("late again"), Some(vec![10.0, 1.0]));
        assert_eq!(inner.calls.load(Ordering::SeqCst), 1);
    }

    #[test]
    fn a_different_text_is_embedded_afresh_and_gives_its_own_vector() {
        let inner = Arc::new(Counting::default());
        let cached = RecentVectors::new(inner.clone());
        cached.embed("late again");
        assert_eq!(cached.embed("late"), Some(vec![4.0, 1.0]));
        assert_eq!(cached.embed(""), None);
        assert_eq!(cached.embed(""), None);
        assert_eq!(cached.embed("late again"), Some(vec![10.0, 1.0]));
        assert_eq!(inner.calls.load(Ordering::SeqCst), 3);
    }

    #[test]
    fn only_the_last_few_texts_are_remembered() {
        let inner = Arc::new(Counting::default());
        let cached = RecentVectors::new(inner.clone());
        for text in ["a", "bb", "ccc", "dddd", "eeeee"] {
            cached.embed(text);
        }
        cached.embed("eeeee");
        cached.embed("bb");
        assert_eq!(inner.calls.load(Ordering::SeqCst), 5);
        cached.embed("a");
        assert_eq!(inner.calls.load(Ordering::SeqCst), 6);
    }

    #[test]
    fn width_and_known_words_are_the_inner_embedders() {
        let cached = RecentVectors::new(Arc::new(Counting::default()));
        assert_eq!(cached.dims(), 2);
        assert!(cached.knows_word("known"));
        assert!(!cached.knows_word("unknown"));
    }
}
