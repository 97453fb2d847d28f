//! Text normalisation shared by the matcher, the policy and the sentiment tokeniser.
