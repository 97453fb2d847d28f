//! Who is who: hub-signed visitor tokens, argon2 agent passwords, agent session cookies.

pub mod passwords;
pub mod sessions;
pub mod tokens;
