//! Does the visitor ask for a person? Many phrasings ("can I talk to someone", "agent",
//! "get me a manager", "call me back", "hablar con una persona"), while "human-sized tent",
//! "travel agent", "is this a human?" and "no need for a human" are not requests.
//!
//! Rules, on normalised words:
//! 1. an explicit phrase ("talk to someone", "call me back", "transfer me", site extras);
//! 2. a request verb ("talk", "want", "get me"…) followed within five words by a person noun;
//! 3. a person noun followed within six words (eight after "from/in/at/on", a place) by a
//!    verb of reaching out ("is there a human I can talk to", "someone in the claims
//!    department I can speak to", "who can sort this out");
//! 4. a short message made only of person nouns and fillers ("agent", "REAL PERSON PLEASE").
//!
//! A person noun is ignored inside a compound ("travel agent", "human resources") and every
//! rule is off when negated before ("I don't need an agent", "I'd rather not talk to
//! anyone"). The message is read whole, then each sentence and clause alone, so a complaint
//! before a comma does not negate the request after it ("you're not helping, talk to a
//! human"). One slip in a request word is repaired first ("tlak to a persn"), as people type
//! fast when they want out.

use super::phrases::{Phrase, compile, negated_before, section};
use crate::text::{edit_distance_within, plausible_typo};

/// The phrase and word lists the rules use (sections named after the fields below).
pub(super) const LIST: &str = include_str!("lists/request.txt");

/// The compiled rule lists (built once per policy).
#[derive(Debug, Clone)]
pub struct RequestRules {
    explicit: Vec<Phrase>,
    identity: Vec<Phrase>,
    pairs: Vec<Phrase>,
    cues: Vec<&'static str>,
    person: Vec<&'static str>,
    /// Words before a person noun that make it something else ("travel agent").
    not_person_before: Vec<&'static str>,
    /// Words after a person noun that make it something else ("human-sized", "agent orange").
    not_person_after: Vec<&'static str>,
    /// Words a short "agent please" message may contain besides person nouns.
    fillers: Vec<&'static str>,
    /// Request words whose slips are repaired, and real words that are never taken for a slip.
    typo_targets: Vec<&'static str>,
    not_typos: Vec<&'static str>,
}

impl RequestRules {
    pub fn new(extra: &[String]) -> RequestRules {
        let mut explicit = compile(LIST, "explicit");
        explicit.extend(
            extra
                .iter()
                .map(|p| Phrase::new(p))
                .filter(|p| !p.is_empty()),
        );
        RequestRules {
            explicit,
            // "is this a human?", "are you a person or a bot": questions about the bot.
            identity: compile(LIST, "identity"),
            pairs: compile(LIST, "person_pairs"),
            cues: section(LIST, "cues"),
            person: section(LIST, "person"),
            not_person_before: section(LIST, "not_person_before"),
            not_person_after: section(LIST, "not_person_after"),
            fillers: section(LIST, "fillers"),
            typo_targets: section(LIST, "typo_targets"),
            not_typos: section(LIST, "not_typos"),
        }
    }

    /// Whether `text` asks for a person, read whole and one sentence at a time ("ur bot
    /// doesnt understand me. human?": the last sentence alone is rule 4's short request).
    pub fn asks_for_person_in(&self, text: &str, words: &[String]) -> bool {
        self.asks_for_person(words)
            || (text.contains(['.', '!', '?', ','])
                && text
                    .split(['.', '!', '?', ',', '\n'])
                    .filter(|s| !s.trim().is_empty())
                    .any(|s| self.asks_for_person(&crate::text::words(s))))
    }

    /// Whether `words` (normalised) ask for a person.
    pub fn asks_for_person(&self, words: &[String]) -> bool {
        let repaired = self.repair_typos(words);
        let words = repaired.as_deref().unwrap_or(words);
        for phrase in &self.explicit {
            if let Some((start, _)) = phrase.find(words)
                && !negated_before(words, start, 3)
            {
                return true;
            }
        }
        let persons = self.person_positions(words);
        if persons.is_empty() {
            return false;
        }
        let identity = self.identity.iter().any(|p| p.find(words).is_some());
        for &(start, end) in &persons {
            // Rule 2: a request verb shortly before the person noun.
            let from = start.saturating_sub(5);
            // "give someone a membership" gives the person something; "give me a person" asks.
            let cue = (from..start).find(|&i| {
                self.cues.contains(&words[i].as_str())
                    && !(words[i] == "give" && i + 1 == start)
                    // "a video call with the doctor" names a call that is booked or happened.
                    && !(words[i] == "call" && names_a_call(words, i))
                    // "a noise like a human screaming" compares; "I'd like a human" asks.
                    && !(words[i] == "like" && compares(words, i))
            });
            // "do I need to bring a person with me" brings a companion.
            let companion = words[from..start].iter().any(|w| w == "bring")
                && matches!(words.get(end).map(String::as_str), Some("with" | "along"));
            // "just want to say the staff at the lodge were amazing" talks about them.
            let about_them = cue.is_some_and(|cue| {
                words[cue..start].iter().any(|w| {
                    matches!(
                        w.as_str(),
                        "say" | "thank" | "thanks" | "praise" | "compliment" | "mention"
                    )
                })
            });
            if let Some(cue) = cue
                && !about_them
                && !companion
                && !negated_before(words, cue, 4)
                // "I'd rather not talk to anyone": a negation anywhere between verb and noun.
                && !negated_before(words, start, (start - cue).max(2))
                && (!identity || strong_cue(&words[cue]))
            {
                return true;
            }
            // Rule 3: "a human I can talk to", "somebody from billing contact me", "will a
            // person ever reply", "could someone from customer services look into it"; not the
            // noun in "the agent *on the phone* told me", "she was on *a call*".
            let talk_after = (end..(end + rule3_reach(words, end)).min(words.len())).any(|i| {
                reaches_out(words, i)
                    && !matches!(words[i - 1].as_str(), "the" | "a" | "my" | "your" | "that")
            });
            if talk_after && !negated_before(words, start, 3) {
                return true;
            }
        }
        // Rule 4: nothing but person nouns and fillers.
        words.len() <= 7
            && !identity
            && !persons.iter().any(|&(s, _)| negated_before(words, s, 3))
            && words.iter().enumerate().all(|(i, w)| {
                self.fillers.contains(&w.as_str())
                    || persons.iter().any(|&(s, e)| (s..e).contains(&i))
            })
    }

    /// `words` with slips in request words repaired, or `None` when there are none.
    fn repair_typos(&self, words: &[String]) -> Option<Vec<String>> {
        let mut repaired: Option<Vec<String>> = None;
        for (i, word) in words.iter().enumerate() {
            if word.chars().count() < 4
                || self.typo_targets.contains(&word.as_str())
                || self.not_typos.contains(&word.as_str())
            {
                continue;
            }
            if let Some(target) = self.typo_targets.iter().find(|t| is_slip(word, t)) {
                repaired.get_or_insert_with(|| words.to_vec())[i] = (*target).to_owned();
            }
        }
        repaired
    }

    /// Word spans of person nouns that are not part of a compound.
    fn person_positions(&self, words: &[String]) -> Vec<(usize, usize)> {
        let mut spans = Vec::new();
        for phrase in &self.pairs {
            if let Some(span) = phrase.find(words) {
                spans.push(span);
            }
        }
        for (i, w) in words.iter().enumerate() {
            if !self.person.contains(&w.as_str()) {
                continue;
            }
            let before = i.checked_sub(1).map(|j| words[j].as_str());
            let after = words.get(i + 1).map(String::as_str);
            // "that person told me" is someone known; "I need that someone calls me" (a
            // learner's subjunctive) asks for one.
            let asked_for = matches!(before, Some("that" | "this"))
                && i >= 2
                && self.cues.contains(&words[i - 2].as_str());
            let compound = (before.is_some_and(|b| self.not_person_before.contains(&b))
                && !asked_for)
                || after.is_some_and(|a| self.not_person_after.contains(&a));
            if !compound && !machine_not_person(words, i) {
                spans.push((i, i + 1));
            }
        }
        spans
    }
}

/// Words before "like" that make it a comparison ("sounds like a person", "treated like a
/// human"), not a wish (session 18's blind site probes: "a noise like a human screaming lol").
const COMPARED: [&str; 20] = [
    "noise", "noises", "sound", "sounds", "sounded", "look", "looks", "looked", "feel", "feels",
    "felt", "smell", "smells", "seem", "seems", "seemed", "treat", "treats", "treated", "exactly",
];

fn compares(words: &[String], like: usize) -> bool {
    like.checked_sub(1)
        .is_some_and(|i| COMPARED.contains(&words[i].as_str()))
}

/// "drive like a robot, not a human": the person noun is what the visitor is *not* compared
/// to, the opposite of "a human, not a bot" (session 14's probes).
fn machine_not_person(words: &[String], at: usize) -> bool {
    let word = |back: usize| at.checked_sub(back).map(|i| words[i].as_str());
    matches!(word(1), Some("a" | "an"))
        && word(2) == Some("not")
        && matches!(word(3), Some("robot" | "bot" | "machine" | "computer"))
}

/// One edit from `target` and starting the same way. Under five letters only a swap counts:
/// "tlak" is "talk", but "tale" and "walk" are words of their own.
fn is_slip(word: &str, target: &str) -> bool {
    if !plausible_typo(word, target) || edit_distance_within(word, target, 1) != Some(1) {
        return false;
    }
    let short = word.chars().count() < 5 || target.chars().count() < 5;
    !short || {
        let mut a: Vec<char> = word.chars().collect();
        let mut b: Vec<char> = target.chars().collect();
        a.sort_unstable();
        b.sort_unstable();
        a == b
    }
}

/// How many words after a person noun rule 3 looks for a verb: "someone in the claims
/// department I can speak to" puts a place between them.
fn rule3_reach(words: &[String], end: usize) -> usize {
    match words.get(end).map(String::as_str) {
        Some("from" | "in" | "at" | "on") => 8,
        _ => 6,
    }
}

/// Whether `words[at]` (after a person noun) reaches out to the visitor: "talk", "contact",
/// "get back", "look into", "who can sort", a learner's "contacts me", "I could explain".
fn reaches_out(words: &[String], at: usize) -> bool {
    let word = |i: usize| words.get(i).map(String::as_str);
    let back = |n: usize| at.checked_sub(n).and_then(word);
    let verb = matches!(
        words[at].as_str(),
        "talk"
            | "speak"
            | "chat"
            | "call"
            | "phone"
            | "ring"
            | "contact"
            | "reach"
            | "email"
            | "message"
            | "whatsapp"
            | "reply"
            | "respond"
            | "read"
            | "answer"
            | "answering"
            | "telephone"
            | "discuss"
            | "word"
            // A learner's "that one of your colleagues contacts me".
            | "contacts"
            | "calls"
            | "telephones"
    );
    let who_can = back(2) == Some("who")
        && matches!(back(1), Some("can" | "could" | "will"))
        && matches!(
            words[at].as_str(),
            "help" | "sort" | "deal" | "handle" | "explain"
        );
    let phrasal = match words[at].as_str() {
        "get" => matches!(word(at + 1), Some("in" | "back")),
        "look" => word(at + 1) == Some("into"),
        // "somebody in the office I could explain my situation to".
        "explain" => back(2) == Some("i") && matches!(back(1), Some("can" | "could")),
        _ => false,
    };
    verb || who_can || phrasal
}

/// "the video call with the doctor", "my phone call with the nurse": a call that is booked
/// or happened, not a request for one ("can I have a phone call from one of your staff").
fn names_a_call(words: &[String], at: usize) -> bool {
    let word = |back: usize| at.checked_sub(back).map(|i| words[i].as_str());
    matches!(word(1), Some("video" | "zoom" | "teams" | "conference"))
        || (word(1) == Some("phone") && matches!(word(2), Some("the" | "my" | "our" | "your")))
}

/// Verbs that make a request even inside a question about the bot ("are you a bot? I want
/// to talk to a human").
fn strong_cue(word: &str) -> bool {
    matches!(
        word,
        "talk" | "speak" | "want" | "need" | "connect" | "transfer" | "get"
    )
}

#[cfg(test)]
#[path = "request_tests.rs"]
mod tests;
