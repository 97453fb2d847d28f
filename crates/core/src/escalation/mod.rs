//! Escalation policy: decides, turn by turn, when a human must take over.
