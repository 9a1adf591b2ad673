//! Zed extension for pyworkers-lsp. The binary comes from, in order:
//! `lsp.pyworkers-lsp.binary.path`, the worktree's PATH (`worktree.which`), or the release
//! archive for this platform, downloaded once from the project's GitHub releases into the
//! extension's work directory (the way Zed's ruff extension installs ruff). It starts the
//! server only in a worktree with a wrangler config at its root: other projects never run it.

use std::fs;

use zed_extension_api::{
    self as zed, serde_json, settings::LspSettings, LanguageServerId, Result,
};

const SERVER: &str = "pyworkers-lsp";
const REPO: &str = "pyworkers/pyworkers-lsp";

/// The files that make a worktree a Cloudflare Worker.
const WRANGLER_CONFIGS: [&str; 3] = ["wrangler.toml", "wrangler.jsonc", "wrangler.json"];

struct PyworkersExtension {
    /// The downloaded binary, once found or installed in this session.
    downloaded: Option<String>,
}

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

    /// The release archive's name and the binary's path inside it, as release/build.sh
    /// writes them: pyworkers-lsp-<version>-<os>-<arch>.tar.gz (.zip on Windows) holding
    /// pyworkers-lsp-<version>-<os>-<arch>/pyworkers-lsp[.exe].
    fn asset_for(version: &str) -> Result<(String, String, zed::DownloadedFileType)> {
        let (os, arch) = zed::current_platform();
        let os_name = match os {
            zed::Os::Mac => "darwin",
            zed::Os::Linux => "linux",
            zed::Os::Windows => "windows",
        };
        // Releases build x64 for every OS and arm64 for Linux and macOS.
        let arch_name = match (os, arch) {
            (_, zed::Architecture::X8664) => "x64",
            (zed::Os::Mac | zed::Os::Linux, zed::Architecture::Aarch64) => "arm64",
            _ => {
                return Err(format!(
                    "{SERVER} has no prebuilt binary for {os_name} on this CPU; \
                     set lsp.{SERVER}.binary.path"
                ))
            }
        };
        let stem = format!("{SERVER}-{version}-{os_name}-{arch_name}");
        let (suffix, kind, exe) = match os {
            zed::Os::Windows => ("zip", zed::DownloadedFileType::Zip, ".exe"),
            _ => ("tar.gz", zed::DownloadedFileType::GzipTar, ""),
        };
        Ok((format!("{stem}.{suffix}"), format!("{stem}/{SERVER}{exe}"), kind))
    }

    fn download(&mut self, id: &LanguageServerId) -> Result<String> {
        if let Some(path) = &self.downloaded {
            if fs::metadata(path).map_or(false, |m| m.is_file()) {
                return Ok(path.clone());
            }
        }
        zed::set_language_server_installation_status(
            id,
            &zed::LanguageServerInstallationStatus::CheckingForUpdate,
        );
        let release = zed::latest_github_release(
            REPO,
            zed::GithubReleaseOptions {
                require_assets: true,
                pre_release: false,
            },
        )?;
        let version = release.version.trim_start_matches('v');
        let (asset_name, binary_in_archive, kind) = Self::asset_for(version)?;
        let asset = release
            .assets
            .iter()
            .find(|a| a.name == asset_name)
            .ok_or_else(|| format!("release {} has no asset {asset_name}", release.version))?;
        let dir = format!("{SERVER}-{version}");
        let binary = format!("{dir}/{binary_in_archive}");
        if !fs::metadata(&binary).map_or(false, |m| m.is_file()) {
            zed::set_language_server_installation_status(
                id,
                &zed::LanguageServerInstallationStatus::Downloading,
            );
            zed::download_file(&asset.download_url, &dir, kind)
                .map_err(|e| format!("downloading {asset_name}: {e}"))?;
            zed::make_file_executable(&binary)?;
            // Keep only the current version.
            if let Ok(entries) = fs::read_dir(".") {
                for entry in entries.flatten() {
                    if entry.file_name().to_str() != Some(dir.as_str()) {
                        fs::remove_dir_all(entry.path()).ok();
                    }
                }
            }
        }
        self.downloaded = Some(binary.clone());
        Ok(binary)
    }
}

impl zed::Extension for PyworkersExtension {
    fn new() -> Self {
        PyworkersExtension { downloaded: None }
    }

    fn language_server_command(
        &mut self,
        language_server_id: &LanguageServerId,
        worktree: &zed::Worktree,
    ) -> Result<zed::Command> {
        // Outside a Worker the server has nothing to say: do not start it (or download it).
        if !Self::is_worker(worktree) {
            return Err(format!(
                "{SERVER} starts only in a Cloudflare Worker (no {} at the root of this worktree)",
                WRANGLER_CONFIGS.join(", ")
            ));
        }
        let binary = Self::lsp_settings(worktree).binary;
        let configured = binary.as_ref().and_then(|b| b.path.clone());
        let command = match configured.or_else(|| worktree.which(SERVER)) {
            Some(path) => path,
            None => self.download(language_server_id)?,
        };
        let args = binary
            .as_ref()
            .and_then(|b| b.arguments.clone())
            .unwrap_or_else(|| vec!["serve".into(), "--stdio".into()]);
        // The shell environment keeps PATH as the user's terminal has it.
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
