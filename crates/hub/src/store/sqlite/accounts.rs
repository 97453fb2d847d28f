//! Agent accounts and their sessions.

use super::SqliteStore;
use crate::store::{StoreError, StoreResult};

impl SqliteStore {
    pub(super) async fn add_agent_row(
        &self,
        name: &str,
        password_hash: &str,
        now: i64,
    ) -> StoreResult<()> {
        let done = sqlx::query(
            "INSERT OR IGNORE INTO agents (name, password_hash, created_at) VALUES (?, ?, ?)",
        )
        .bind(name)
        .bind(password_hash)
        .bind(now)
        .execute(&self.writer)
        .await?;
        if done.rows_affected() == 0 {
            return Err(StoreError::AgentExists(name.into()));
        }
        Ok(())
    }

    pub(super) async fn agent_password_hash_row(&self, name: &str) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar("SELECT password_hash FROM agents WHERE name = ?")
                .bind(name)
                .fetch_optional(&self.reader)
                .await?,
        )
    }

    pub(super) async fn agent_names_row(&self) -> StoreResult<Vec<String>> {
        Ok(sqlx::query_scalar("SELECT name FROM agents ORDER BY name")
            .fetch_all(&self.reader)
            .await?)
    }

    pub(super) async fn remove_agent_row(&self, name: &str) -> StoreResult<bool> {
        let done = sqlx::query("DELETE FROM agents WHERE name = ?")
            .bind(name)
            .execute(&self.writer)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub(super) async fn create_session_row(
        &self,
        token_hash: &str,
        agent: &str,
        expires_at: i64,
    ) -> StoreResult<()> {
        sqlx::query("INSERT INTO sessions (token_hash, agent, expires_at) VALUES (?, ?, ?)")
            .bind(token_hash)
            .bind(agent)
            .bind(expires_at)
            .execute(&self.writer)
            .await?;
        Ok(())
    }

    pub(super) async fn session_agent_row(
        &self,
        token_hash: &str,
        now: i64,
    ) -> StoreResult<Option<String>> {
        Ok(
            sqlx::query_scalar(
                "SELECT agent FROM sessions WHERE token_hash = ? AND expires_at > ?",
            )
            .bind(token_hash)
            .bind(now)
            .fetch_optional(&self.reader)
            .await?,
        )
    }

    pub(super) async fn delete_session_row(&self, token_hash: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM sessions WHERE token_hash = ?")
            .bind(token_hash)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}
