//! Raising this process's open-file limit so one generator can hold ~19,000 sockets.
//!
//! Every socket is a file descriptor. Shells usually start programs with a soft limit of 1,024;
//! the soft limit may be raised up to the hard limit without privileges, so the generator does
//! that first and then checks that the sockets it was asked for fit.

/// File descriptors kept back for the runtime, stdio, the `/metrics` scrapes and the like.
pub const RESERVED_FDS: u64 = 64;

/// The open-file limit after raising the soft limit to the hard limit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FdLimit {
    pub soft: u64,
    pub hard: u64,
}

impl FdLimit {
    /// How many sockets fit under the soft limit after the reserve.
    pub fn sockets_that_fit(&self) -> u64 {
        self.soft.saturating_sub(RESERVED_FDS)
    }
}

/// Raises the soft `RLIMIT_NOFILE` to the hard limit and reports both.
pub fn raise_to_hard_limit() -> std::io::Result<FdLimit> {
    let (_, hard) = rlimit::Resource::NOFILE.get()?;
    let soft = rlimit::increase_nofile_limit(hard)?;
    Ok(FdLimit { soft, hard })
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used, clippy::expect_used)]
    use super::*;

    #[test]
    fn raising_leaves_the_soft_limit_at_the_hard_limit() {
        let limit = raise_to_hard_limit().unwrap();
        let (soft_now, hard_now) = rlimit::Resource::NOFILE.get().unwrap();
        assert_eq!((limit.soft, limit.hard), (soft_now, hard_now));
        if cfg!(target_os = "linux") {
            assert_eq!(limit.soft, limit.hard);
        }
    }

    #[test]
    fn the_reserve_is_taken_from_the_soft_limit() {
        let limit = FdLimit {
            soft: 20_000,
            hard: 20_000,
        };
        assert_eq!(limit.sockets_that_fit(), 19_936);
        assert_eq!(FdLimit { soft: 10, hard: 10 }.sockets_that_fit(), 0);
    }
}
