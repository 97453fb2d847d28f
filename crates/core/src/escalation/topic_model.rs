//! A small learned reader of sensitive topics beside the phrase lists of [`super::sensitive`].
//!
//! The lists catch what was written down; a new visitor's "I've been standing on the bridge by
//! the campus" or "how many of these tablets would be too many" is not in them. This model reads
//! a message through the static embedding table the FAQ matcher already holds (its rows pooled
//! as mean, max and min: [`StaticEmbedding::pooled`]) with one hidden layer, and names a topic
//! only when it is sure (`threshold`, picked by `models/topics/train.py` on held-out writers).
//! It is a small ensemble: members trained from different seeds, probabilities averaged, so
//! one member's quirk ("does manager mode let you trade players" at 0.99) is outvoted.
//!
//! File layout (`models/sensitive-topics.bin`, little-endian): `TTM1`, u32 inputs, u32 hidden,
//! u32 classes, u32 members, f32 threshold, then per member: hidden × f32 row scale, hidden ×
//! inputs i8 (first layer, the feature standardisation folded in), hidden × f32 bias,
//! classes × hidden × f32, classes × f32.

use std::sync::Arc;

use super::sensitive::Topic;
use crate::embed::StaticEmbedding;
use crate::embed::reader::LeReader;

/// The model trained for this release.
pub const SHIPPED: &[u8] = include_bytes!("../../../../models/sensitive-topics.bin");

/// The classes, in the order of the model's outputs.
pub const CLASSES: [&str; 9] = [
    "none",
    "fraud",
    "account",
    "legal",
    "safety",
    "harassment",
    "distress",
    "bereavement",
    "hardship",
];

/// Why a model file could not be used.
#[derive(Debug, Clone, thiserror::Error, PartialEq, Eq)]
pub enum TopicModelError {
    #[error("not a topic model (expected the TTM1 header)")]
    BadMagic,
    #[error("the topic model ends early")]
    Truncated,
    #[error("the topic model has {0} bytes after its last weight")]
    TrailingBytes(usize),
    #[error("the topic model reads {found} features; this embedding table gives {expected}")]
    WrongInputs { found: usize, expected: usize },
    #[error("the topic model has {0} classes; {n} were expected", n = CLASSES.len())]
    WrongClasses(usize),
    #[error("the topic model has no members")]
    NoMembers,
}

/// The loaded model with the table it reads through.
#[derive(Debug, Clone)]
pub struct TopicModel {
    table: Arc<StaticEmbedding>,
    threshold: f32,
    members: Vec<Member>,
}

/// One network of the ensemble.
#[derive(Debug, Clone)]
struct Member {
    hidden: usize,
    /// First layer, dequantised at load: hidden × inputs.
    w1: Vec<f32>,
    b1: Vec<f32>,
    /// Output layer: classes × hidden.
    w2: Vec<f32>,
    b2: Vec<f32>,
}

impl Member {
    fn read(
        r: &mut LeReader<'_, TopicModelError>,
        inputs: usize,
        hidden: usize,
    ) -> Result<Member, TopicModelError> {
        let classes = CLASSES.len();
        let scales = r.f32s(hidden)?;
        let quantised = r.take(
            hidden
                .checked_mul(inputs)
                .ok_or(TopicModelError::Truncated)?,
        )?;
        let w1 = quantised
            .chunks_exact(inputs.max(1))
            .zip(&scales)
            .flat_map(|(row, &scale)| row.iter().map(move |&q| scale * f32::from(q as i8)))
            .collect();
        Ok(Member {
            hidden,
            w1,
            b1: r.f32s(hidden)?,
            w2: r.f32s(classes * hidden)?,
            b2: r.f32s(classes)?,
        })
    }

    /// Adds this member's probabilities for features `x` to `sum`.
    fn add_probabilities(&self, x: &[f32], sum: &mut [f32; CLASSES.len()]) {
        let inputs = x.len();
        let hidden: Vec<f32> = (0..self.hidden)
            .map(|h| {
                let row = &self.w1[h * inputs..(h + 1) * inputs];
                (crate::embed::dot(row, x) + self.b1[h]).max(0.0)
            })
            .collect();
        let mut logits = [0f32; CLASSES.len()];
        for (c, logit) in logits.iter_mut().enumerate() {
            let row = &self.w2[c * self.hidden..(c + 1) * self.hidden];
            *logit = crate::embed::dot(row, &hidden) + self.b2[c];
        }
        let top = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
        let exp = logits.map(|l| (l - top).exp());
        let total: f32 = exp.iter().sum();
        for (s, e) in sum.iter_mut().zip(exp) {
            *s += e / total;
        }
    }
}

/// The features the model reads: mean, max and min of the message's table rows, or `None`
/// when the table knows none of its pieces. `models/topics/features` dumps the same for training.
pub fn features(table: &StaticEmbedding, text: &str) -> Option<Vec<f32>> {
    let pooled = table.pooled(text)?;
    Some([pooled.mean, pooled.max, pooled.min].concat())
}

impl TopicModel {
    /// Reads a model file, checking it against the table it will read through.
    pub fn from_bytes(
        bytes: &[u8],
        table: Arc<StaticEmbedding>,
    ) -> Result<TopicModel, TopicModelError> {
        let mut r = LeReader::new(bytes, TopicModelError::Truncated);
        if r.take(4)? != b"TTM1" {
            return Err(TopicModelError::BadMagic);
        }
        let mut size = || r.u32().map(|n| n as usize);
        let (inputs, hidden, classes) = (size()?, size()?, size()?);
        if inputs != 3 * table.dims() {
            return Err(TopicModelError::WrongInputs {
                found: inputs,
                expected: 3 * table.dims(),
            });
        }
        if classes != CLASSES.len() {
            return Err(TopicModelError::WrongClasses(classes));
        }
        let count = r.u32()?;
        if count == 0 {
            return Err(TopicModelError::NoMembers);
        }
        let threshold = r.f32s(1)?[0];
        let members = (0..count)
            .map(|_| Member::read(&mut r, inputs, hidden))
            .collect::<Result<Vec<_>, _>>()?;
        if r.remaining() != 0 {
            return Err(TopicModelError::TrailingBytes(r.remaining()));
        }
        Ok(TopicModel {
            table,
            threshold,
            members,
        })
    }

    /// The model of this release, reading through `table`.
    pub fn shipped(table: Arc<StaticEmbedding>) -> Result<TopicModel, TopicModelError> {
        TopicModel::from_bytes(SHIPPED, table)
    }

    /// How sure the model must be of a topic before it names one.
    pub fn threshold(&self) -> f32 {
        self.threshold
    }

    /// The probability of each of [`CLASSES`] for `text`; `None` when the table knows none of
    /// its pieces (an emoji, another script), which the lists then judge alone.
    pub fn probabilities(&self, text: &str) -> Option<[f32; CLASSES.len()]> {
        let x = features(&self.table, text)?;
        let mut sum = [0f32; CLASSES.len()];
        for member in &self.members {
            member.add_probabilities(&x, &mut sum);
        }
        let count = self.members.len() as f32;
        Some(sum.map(|p| p / count))
    }

    /// The sensitive topic `text` raises with its probability, if one reaches the threshold.
    /// Where deaths are the site's business (`routine_bereavement`), bereavement is not one.
    pub fn topic(&self, text: &str, routine_bereavement: bool) -> Option<(Topic, f32)> {
        let probs = self.probabilities(text)?;
        let (class, p) = probs
            .iter()
            .enumerate()
            .skip(1)
            .filter(|&(c, _)| !(routine_bereavement && CLASSES[c] == "bereavement"))
            .max_by(|a, b| a.1.total_cmp(b.1))?;
        (*p >= self.threshold).then(|| (topic_of(class), *p))
    }
}

fn topic_of(class: usize) -> Topic {
    match CLASSES[class] {
        "fraud" => Topic::Fraud,
        "account" => Topic::AccountSecurity,
        "legal" => Topic::Legal,
        "safety" => Topic::Safety,
        "harassment" => Topic::Harassment,
        "distress" => Topic::Distress,
        _ => Topic::Circumstances,
    }
}
