//! Where the read models live on disk, and swapping in a rebuilt set without stopping anyone.
//!
//! `<root>/CURRENT` names the generation in use (`gen-0001`, `gen-0002`, ...). A rebuild
//! replays the whole log into the next generation's directory while the running system keeps
//! serving the current one, then replaces `CURRENT` atomically (write and rename). A running
//! process notices the new name, opens it, and carries on from its checkpoint; the old
//! directory is removed once nothing uses it.

use std::path::{Path, PathBuf};
use std::sync::{Arc, RwLock};

use claims_payers::PayerRegistry;

use crate::projection::{Projection, ProjectionError};

const POINTER: &str = "CURRENT";

/// The name of the generation in use, creating the first one if there is none.
pub fn current(root: &Path) -> std::io::Result<String> {
    std::fs::create_dir_all(root)?;
    match std::fs::read_to_string(root.join(POINTER)) {
        Ok(name) => Ok(name.trim().to_owned()),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
            let first = "gen-0001".to_owned();
            point_to(root, &first)?;
            Ok(first)
        }
        Err(e) => Err(e),
    }
}

/// The directory a new rebuild should write into.
pub fn next(root: &Path) -> std::io::Result<(String, PathBuf)> {
    let current = current(root)?;
    let number: u32 = current.trim_start_matches("gen-").parse().unwrap_or(0);
    let name = format!("gen-{:04}", number + 1);
    let dir = root.join(&name);
    if dir.exists() {
        std::fs::remove_dir_all(&dir)?; // A rebuild that died half way: start it again.
    }
    Ok((name, dir))
}

/// Makes `name` the generation in use, atomically.
pub fn point_to(root: &Path, name: &str) -> std::io::Result<()> {
    let temporary = root.join(format!("{POINTER}.tmp"));
    std::fs::write(&temporary, format!("{name}\n"))?;
    std::fs::rename(temporary, root.join(POINTER))
}

/// The read models in use, swappable while readers hold clones.
#[derive(Clone)]
pub struct SharedProjection {
    root: PathBuf,
    payers: Arc<PayerRegistry>,
    inner: Arc<RwLock<(String, Projection)>>,
}

impl SharedProjection {
    /// Opens the current generation under `root` (see `Projection::open` for `payers`).
    pub fn open(root: &Path, payers: &PayerRegistry) -> Result<SharedProjection, ProjectionError> {
        let name = current(root)
            .map_err(|e| ProjectionError::Corrupt(format!("{}: {e}", root.display())))?;
        let projection = Projection::open(&root.join(&name), payers)?;
        Ok(SharedProjection {
            root: root.to_path_buf(),
            payers: Arc::new(payers.clone()),
            inner: Arc::new(RwLock::new((name, projection))),
        })
    }

    /// The projection in use now.
    pub fn get(&self) -> Projection {
        self.inner
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .1
            .clone()
    }

    /// If `CURRENT` names another generation, switches to it and removes the old one.
    /// Returns true when it switched.
    pub fn follow_pointer(&self) -> Result<bool, ProjectionError> {
        let name = current(&self.root).map_err(|e| ProjectionError::Corrupt(e.to_string()))?;
        let old = {
            let mut guard = self.inner.write().unwrap_or_else(|p| p.into_inner());
            if guard.0 == name {
                return Ok(false);
            }
            let projection = Projection::open(&self.root.join(&name), &self.payers)?;
            std::mem::replace(&mut *guard, (name, projection)).0
        };
        // Readers may still hold the old handle for a moment; sled keeps its files open until
        // they drop it, so removing the directory now is safe on Unix.
        let _ = std::fs::remove_dir_all(self.root.join(old));
        Ok(true)
    }
}
