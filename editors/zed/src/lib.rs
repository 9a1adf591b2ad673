//! Zed extension for pyworkers-lsp: runs the `pyworkers-lsp` binary found on the worktree's
//! PATH (or at `lsp.pyworkers-lsp.binary.path`) and hands it the user's settings. The extension
//! downloads nothing; install the server with `go install`. It starts the server only in a
//! worktree with a wrangler config at its root: other projects never run it.

use zed_extension_api::{self as zed, serde_json, settings::LspSettings, LanguageServerId, Result};

const SERVER: &str = "pyworkers-lsp";

/// The files that make a worktree a Cloudflare Worker.
const WRANGLER_CONFIGS: [&str; 3] = ["wrangler.toml", "wrangler.jsonc", "wrangler.json"];

struct PyworkersExtension;

impl PyworkersExtension {
    fn lsp_settings(worktree: &zed::Worktree) -> LspSettings {
        LspSettings::for_worktree(SERVER, worktree).unwrap_or_default()
    }

    /// Whether the worktree is a Worker: a wrangler config at its root.
    fn is_worker(worktree: &zed::Worktree) -> bool {
        WRANGLER_CONFIGS
            .iter()
            .any(|name| worktree.read_text_file(name).is_ok())
    }
}

impl zed::Extension for PyworkersExtension {
    fn new() -> Self {
        PyworkersExtension
    }

    fn language_server_command(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        // Outside a Worker the server has nothing to say: do not start it.
        if !Self::is_worker(worktree) {
            return Err(format!(
                "{SERVER} starts only in a Cloudflare Worker (no {} at the root of this worktree)",
                WRANGLER_CONFIGS.join(", ")
            ));
        }
        let binary = Self::lsp_settings(worktree).binary;
        let command = binary
            .as_ref()
            .and_then(|b| b.path.clone())
            .or_else(|| worktree.which(SERVER))
            .ok_or_else(|| {
                format!(
                    "{SERVER} was not found on PATH. Install it with \
                     `go install github.com/pyworkers/pyworkers-lsp/cmd/pyworkers-lsp@latest` \
                     or set lsp.{SERVER}.binary.path in settings.json"
                )
            })?;
        let args = binary
            .as_ref()
            .and_then(|b| b.arguments.clone())
            .unwrap_or_else(|| vec!["serve".into(), "--stdio".into()]);
        // The shell environment keeps PATH/GOPATH as the user's terminal has them.
        let mut env = worktree.shell_env();
        if let Some(extra) = binary.and_then(|b| b.env) {
            env.extend(extra);
        }
        Ok(zed::Command { command, args, env })
    }

    fn language_server_initialization_options(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        let options = Self::lsp_settings(worktree)
            .initialization_options
            .unwrap_or_else(|| serde_json::json!({ "pyworkers": {} }));
        Ok(Some(options))
    }

    fn language_server_workspace_configuration(
        &mut self,
        _language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<Option<serde_json::Value>> {
        Ok(Self::lsp_settings(worktree).settings)
    }
}

zed::register_extension!(PyworkersExtension);
