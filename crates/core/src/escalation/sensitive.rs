//! Topics a bot must not handle alone: fraud, a hacked or stolen account, unauthorised
//! charges, legal threats, injury or safety, harassment, a visitor in distress, and
//! bereavement or hardship. Personal
//! data typed into the chat is found separately by [`super::pii`].

use super::names::name_spans;
use super::phrases::{Phrase, compile};
use super::policy::laughs;
use crate::faq::Faq;

/// Which sensitive topic a message raised; named in the explanations.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Topic {
    Fraud,
    AccountSecurity,
    Legal,
    Safety,
    Harassment,
    Distress,
    /// Bereavement, hardship or a vulnerable household ("my father passed away", "I lost my
    /// job and can't pay", "no heating and a baby"): a person should decide what to do.
    Circumstances,
    /// One of the site owner's own phrases.
    Custom,
}

impl Topic {
    /// Topics a visitor talks *about* (session 17's `[talk_about]` list; fraud alone until
    /// session 18, whose blind sets showed the same shape for harassment and the law: "does
    /// your HR software log harassment complaints") or jokes about ("your marketing emails are
    /// bordering on harassment lol"). Of the 2,880 blind sensitive messages of sessions 15–18,
    /// two laughing ones were real, an account and a legal threat that says "no seriously".
    fn can_be_talked_about(self) -> bool {
        matches!(self, Topic::Fraud | Topic::Harassment | Topic::Legal)
    }

    /// Trouble a visitor can look back on as over. A visitor in distress, and the site
    /// owner's own phrases, are always handed over.
    pub fn can_be_over(self) -> bool {
        !matches!(self, Topic::Distress | Topic::Custom)
    }

    /// How the topic is named to the visitor and the agent.
    pub fn describe(self) -> &'static str {
        match self {
            Topic::Fraud => "possible fraud, theft or an unauthorised payment",
            Topic::AccountSecurity => "the security of your account",
            Topic::Legal => "a legal matter",
            Topic::Safety => "an injury or safety concern",
            Topic::Harassment => "harassment or abuse",
            Topic::Distress => "how you are feeling",
            Topic::Circumstances => "your personal circumstances",
            Topic::Custom => "a topic our team handles personally",
        }
    }
}

/// One section per topic, plus `[exceptions]`: phrases that look sensitive but are not
/// ("fire tv", "nobody was hurt").
pub(super) const LIST: &str = include_str!("lists/sensitive.txt");

/// One list of phrases and the topic it raises.
#[derive(Debug, Clone)]
struct Section {
    topic: Topic,
    phrases: Vec<Phrase>,
    /// `[bereavement]`: skipped where deaths are the site's business.
    bereavement: bool,
}

impl Section {
    fn new(topic: Topic, phrases: Vec<Phrase>) -> Section {
        Section {
            topic,
            phrases,
            bereavement: false,
        }
    }
}

/// The compiled topic lists.
#[derive(Debug, Clone)]
pub struct SensitiveRules {
    sections: Vec<Section>,
    routine_bereavement: bool,
    exceptions: Vec<Phrase>,
    talk_about: Vec<Phrase>,
    incident: Vec<Phrase>,
    resolved: Vec<Phrase>,
    still_open: Vec<Phrase>,
    not_joking: Vec<Phrase>,
}

impl SensitiveRules {
    pub fn new(extra: &[String]) -> SensitiveRules {
        let custom = extra
            .iter()
            .map(|p| Phrase::new(p))
            .filter(|p| !p.is_empty());
        let section = |topic, name| Section::new(topic, compile(LIST, name));
        SensitiveRules {
            // Most urgent first: a visitor in distress outranks a legal threat in the same message.
            sections: vec![
                section(Topic::Distress, "distress"),
                section(Topic::Safety, "safety"),
                section(Topic::Harassment, "harassment"),
                Section {
                    bereavement: true,
                    ..section(Topic::Circumstances, "bereavement")
                },
                section(Topic::Circumstances, "circumstances"),
                section(Topic::Fraud, "fraud"),
                section(Topic::AccountSecurity, "account"),
                section(Topic::Legal, "legal"),
                Section::new(Topic::Custom, custom.collect()),
            ],
            routine_bereavement: false,
            exceptions: compile(LIST, "exceptions"),
            talk_about: compile(LIST, "talk_about"),
            incident: compile(LIST, "incident"),
            resolved: compile(LIST, "resolved"),
            still_open: compile(LIST, "still_open"),
            not_joking: compile(LIST, "not_joking"),
        }
    }

    /// On a site whose business is deaths, "my mum died on Sunday" is what every visitor
    /// says, and the FAQ answers it; distress, injury and hardship still escalate.
    pub fn set_routine_bereavement(&mut self, routine: bool) {
        self.routine_bereavement = routine;
    }

    /// Whether the message looks back on trouble that is over ("last month's unauthorised
    /// charge was refunded already, thank you", "my account got hacked last year and your team
    /// sorted it") and says nothing is wrong now: a `[resolved]` phrase and no `[still_open]` one.
    pub fn looks_back_on_resolved(&self, words: &[String]) -> bool {
        let found = |list: &[Phrase]| list.iter().any(|p| p.find(words).is_some());
        // "so thanks again. Now, how do I…" thanks twice; it does not say the trouble is back.
        let thanks_again = |start: usize| {
            words[start] == "again"
                && start
                    .checked_sub(1)
                    .is_some_and(|i| matches!(words[i].as_str(), "thanks" | "you"))
        };
        let still_open = self
            .still_open
            .iter()
            .filter_map(|p| p.find(words))
            .any(|(start, _)| !thanks_again(start));
        found(&self.resolved) && !still_open
    }

    /// The topic and matched phrase, if `text` (with `words`, its normalised words) raises a
    /// sensitive topic. A phrase inside an `[exceptions]` phrase or inside the name of a
    /// product or title ("the Scam Shield feature", [`name_spans`]) does not count.
    pub fn topic(&self, text: &str, words: &[String]) -> Option<(Topic, String)> {
        // Most messages hit no phrase at all, so what could excuse a hit is read only once one
        // does.
        let mut reading: Option<Reading> = None;
        let checked = self
            .sections
            .iter()
            .filter(|s| !(s.bereavement && self.routine_bereavement));
        for section in checked {
            for phrase in &section.phrases {
                let Some((start, end)) = phrase.find(words) else {
                    continue;
                };
                let reading = reading.get_or_insert_with(|| self.read(text, words));
                if reading.skips(section.topic) {
                    break;
                }
                let inside = reading
                    .excepted
                    .iter()
                    .any(|&(s, e)| s <= start && end <= e);
                if !inside {
                    return Some((section.topic, phrase.source.clone()));
                }
            }
        }
        None
    }

    /// What in the message can excuse a phrase hit.
    fn read(&self, text: &str, words: &[String]) -> Reading {
        let mut excepted: Vec<(usize, usize)> = self
            .exceptions
            .iter()
            .filter_map(|p| p.find(words))
            .collect();
        excepted.extend(name_spans(text));
        let found = |list: &[Phrase]| list.iter().any(|p| p.find(words).is_some());
        Reading {
            excepted,
            // Talk *about* fraud, harassment or the law (news, a worry, a question about a
            // policy) is not a report of one; injury and account talk ("is it safe with my heart
            // condition", "I read you were hacked, was my card in it") are still handed over.
            talk_about: found(&self.talk_about) && !found(&self.incident),
            // The same words in a joke ("lol your prices are a scam 😂 jk", "can i sue 😂 jk my
            // parcel is just late"), unless the visitor says it is no joke ("im gonna sue lol. no
            // seriously").
            joking: laughs(text, words) && !found(&self.not_joking),
            resolved: self.looks_back_on_resolved(words),
        }
    }
}

/// What [`SensitiveRules::topic`] read in a message that hit a phrase.
struct Reading {
    /// Word spans inside an `[exceptions]` phrase or a name, where a hit does not count.
    excepted: Vec<(usize, usize)>,
    talk_about: bool,
    joking: bool,
    resolved: bool,
}

impl Reading {
    /// Whether every phrase of this topic is excused in this message.
    fn skips(&self, topic: Topic) -> bool {
        ((self.talk_about || self.joking) && topic.can_be_talked_about())
            || (self.resolved && topic.can_be_over())
    }
}

/// Words by which an FAQ entry talks about a death ("what to do when someone dies",
/// "registering a death").
const DEATH_WORDS: [&str; 8] = [
    "died",
    "dies",
    "death",
    "deaths",
    "dying",
    "deceased",
    "bereavement",
    "bereaved",
];

/// Whether deaths are this site's everyday business: at least three entries, and a sixth of
/// all, talk about one. A shop's "cancel a subscription after a bereavement" entry or an
/// insurer's death-benefit entry stays under the bar; a funeral director's FAQ is over it.
pub fn faq_is_about_bereavement(faq: &Faq) -> bool {
    let about_death = faq
        .entries()
        .iter()
        .filter(|entry| {
            let text = entry.phrasings().chain([entry.answer.as_str()]);
            text.flat_map(crate::text::words)
                .any(|w| DEATH_WORDS.contains(&w.as_str()))
        })
        .count();
    about_death >= 3 && about_death * 6 >= faq.len()
}

#[cfg(test)]
#[path = "sensitive_tests.rs"]
mod tests;
