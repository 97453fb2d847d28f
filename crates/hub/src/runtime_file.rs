//! The running hub's note to local tools: which database a hub on port P uses.
//!
//! `tandem serve` writes `hub-P.json` (its pid, address and absolute database path) into a
//! per-user directory when it starts listening and removes it when it stops. `tandem bench
//! relay`, given only a loopback URL, reads it to find the database and add a throwaway agent
//! account, so the benchmark needs no password and no extra flags.
//!
//! Why this does not weaken agent auth: the note holds no secret, only a path. Using it still
//! takes write access to that SQLite file — exactly what `tandem agent add --db` already
//! needs. The directory is 0700 and the file 0600, and a directory owned by someone else is
//! never written to or read from, so another local user cannot plant a note.

use std::io::Write;
use std::path::{Path, PathBuf};

use anyhow::{Context, bail};

/// What a running hub tells local tools about itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct HubNote {
    pub pid: u32,
    pub addr: String,
    pub db: PathBuf,
}

/// Where the notes live: `$TANDEM_RUNTIME_DIR`, else `$XDG_RUNTIME_DIR/tandem`, else
/// `$HOME/.local/state/tandem/run`, else the temp directory's `tandem-run`.
pub fn runtime_dir() -> PathBuf {
    let from = |name: &str| {
        std::env::var_os(name)
            .filter(|v| !v.is_empty())
            .map(PathBuf::from)
    };
    if let Some(dir) = from("TANDEM_RUNTIME_DIR") {
        return dir;
    }
    if let Some(dir) = from("XDG_RUNTIME_DIR") {
        return dir.join("tandem");
    }
    if let Some(home) = from("HOME") {
        return home.join(".local/state/tandem/run");
    }
    std::env::temp_dir().join("tandem-run")
}

/// The note's file for a hub listening on `port`.
pub fn note_path(dir: &Path, port: u16) -> PathBuf {
    dir.join(format!("hub-{port}.json"))
}

/// Writes the note for a hub on `port`; returns its path so the hub can remove it on exit.
pub fn write(dir: &Path, port: u16, note: &HubNote) -> anyhow::Result<PathBuf> {
    create_private_dir(dir)?;
    let path = note_path(dir, port);
    let partial = dir.join(format!(".hub-{port}.json.{}", note.pid));
    let mut file = private_file(&partial)?;
    file.write_all(&serde_json::to_vec(note)?)
        .and_then(|()| file.sync_all())
        .with_context(|| format!("writing {}", partial.display()))?;
    // Rename so a reader never sees half a note.
    std::fs::rename(&partial, &path).with_context(|| format!("writing {}", path.display()))?;
    Ok(path)
}

/// Reads the note of the hub on `port`, refusing a stale one (its process is gone).
pub fn read(dir: &Path, port: u16) -> anyhow::Result<HubNote> {
    let path = note_path(dir, port);
    check_owned_by_us(dir)?;
    let text = std::fs::read_to_string(&path).with_context(|| {
        format!(
            "no hub on port {port} has left a note in {} (is it a `tandem serve` on this machine, \
             run by this user?)",
            dir.display()
        )
    })?;
    let note: HubNote = serde_json::from_str(&text)
        .with_context(|| format!("{} is not a hub note", path.display()))?;
    if !process_alive(note.pid) {
        bail!(
            "{} names process {}, which has ended (a hub killed without cleaning up)",
            path.display(),
            note.pid
        );
    }
    Ok(note)
}

/// Removes the note at `path` if it is still this process's (a newer hub may own it now).
pub fn remove_if_ours(path: &Path) {
    let ours = std::fs::read_to_string(path)
        .ok()
        .and_then(|text| serde_json::from_str::<HubNote>(&text).ok())
        .is_some_and(|note| note.pid == std::process::id());
    if ours {
        let _ = std::fs::remove_file(path);
    }
}

fn create_private_dir(dir: &Path) -> anyhow::Result<()> {
    #[cfg(unix)]
    {
        use std::os::unix::fs::DirBuilderExt;
        std::fs::DirBuilder::new()
            .recursive(true)
            .mode(0o700)
            .create(dir)
            .with_context(|| format!("creating {}", dir.display()))?;
    }
    #[cfg(not(unix))]
    std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    check_owned_by_us(dir)
}

fn private_file(path: &Path) -> anyhow::Result<std::fs::File> {
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    options
        .open(path)
        .with_context(|| format!("creating {}", path.display()))
}

/// Refuses a directory that another user owns or that others may write to.
#[cfg(target_os = "linux")]
fn check_owned_by_us(dir: &Path) -> anyhow::Result<()> {
    use std::os::unix::fs::MetadataExt;
    let meta = std::fs::metadata(dir).with_context(|| format!("reading {}", dir.display()))?;
    // /proc/self belongs to this process's effective user.
    let me = std::fs::metadata("/proc/self")
        .context("reading /proc/self")?
        .uid();
    if meta.uid() != me || meta.mode() & 0o022 != 0 {
        bail!(
            "{} belongs to another user or others may write to it; not using it",
            dir.display()
        );
    }
    Ok(())
}

#[cfg(not(target_os = "linux"))]
fn check_owned_by_us(_dir: &Path) -> anyhow::Result<()> {
    Ok(())
}

#[cfg(target_os = "linux")]
fn process_alive(pid: u32) -> bool {
    Path::new(&format!("/proc/{pid}")).exists()
}

#[cfg(not(target_os = "linux"))]
fn process_alive(_pid: u32) -> bool {
    true
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn note() -> HubNote {
        HubNote {
            pid: std::process::id(),
            addr: "127.0.0.1:8080".to_owned(),
            db: PathBuf::from("/srv/tandem/tandem.db"),
        }
    }

    #[test]
    fn a_written_note_is_read_back_for_its_port_only() {
        let dir = tempfile::tempdir().unwrap();
        let runtime = dir.path().join("run");
        write(&runtime, 8080, &note()).unwrap();
        assert_eq!(read(&runtime, 8080).unwrap(), note());
        assert!(read(&runtime, 8081).is_err());
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn the_note_and_its_directory_are_private_to_this_user() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let runtime = dir.path().join("run");
        let path = write(&runtime, 9000, &note()).unwrap();
        let mode = |p: &Path| std::fs::metadata(p).unwrap().permissions().mode() & 0o777;
        assert_eq!(mode(&runtime), 0o700);
        assert_eq!(mode(&path), 0o600);
    }

    #[cfg(target_os = "linux")]
    #[test]
    fn a_directory_others_may_write_to_is_refused() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        std::fs::set_permissions(dir.path(), std::fs::Permissions::from_mode(0o777)).unwrap();
        let error = write(dir.path(), 9001, &note()).unwrap_err();
        assert!(error.to_string().contains("others may write"), "{error}");
    }

    #[test]
    fn a_note_left_by_an_ended_process_is_refused_as_stale() {
        let dir = tempfile::tempdir().unwrap();
        let stale = HubNote {
            pid: u32::MAX - 1,
            ..note()
        };
        write(dir.path(), 9002, &stale).unwrap();
        let error = read(dir.path(), 9002).unwrap_err();
        assert!(error.to_string().contains("has ended"), "{error}");
    }

    #[test]
    fn only_the_process_that_wrote_a_note_removes_it() {
        let dir = tempfile::tempdir().unwrap();
        let other = HubNote {
            pid: u32::MAX - 1,
            ..note()
        };
        let path = write(dir.path(), 9003, &other).unwrap();
        remove_if_ours(&path);
        assert!(path.exists());
        let path = write(dir.path(), 9003, &note()).unwrap();
        remove_if_ours(&path);
        assert!(!path.exists());
    }
}
