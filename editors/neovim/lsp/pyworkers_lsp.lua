-- pyworkers-lsp for Neovim 0.11+: put this file on 'runtimepath' under lsp/ (for example
-- ~/.config/nvim/lsp/pyworkers_lsp.lua) and call vim.lsp.enable('pyworkers_lsp').
-- Override any field with vim.lsp.config('pyworkers_lsp', { ... }).

-- Files the server reads besides Python: the wrangler config and pyproject.toml.
local config_files = {
  ['wrangler.toml'] = true,
  ['wrangler.jsonc'] = true,
  ['wrangler.json'] = true,
  ['pyproject.toml'] = true,
}
local wrangler = { 'wrangler.toml', 'wrangler.jsonc', 'wrangler.json' }
local root_markers = { 'wrangler.toml', 'wrangler.jsonc', 'wrangler.json', 'pyproject.toml', '.git' }

---@type vim.lsp.Config
return {
  cmd = { 'pyworkers-lsp', 'serve', '--stdio' },
  filetypes = { 'python', 'toml', 'jsonc', 'json' },
  root_markers = root_markers,
  -- Sent as initializationOptions; the same keys work in `settings` (workspace/didChangeConfiguration).
  -- Keys: select, ignore, severity (e.g. { PW206 = 'info' }), runtime ('0.26' | '0.28' | '314').
  init_options = { pyworkers = vim.empty_dict() },
  settings = { pyworkers = vim.empty_dict() },
  -- Attach only inside a Worker (a wrangler config above the file), and among TOML/JSON files
  -- only to the ones the server reads: Cargo.toml or package.json are not ours.
  root_dir = function(bufnr, on_dir)
    local name = vim.fs.basename(vim.api.nvim_buf_get_name(bufnr))
    if vim.bo[bufnr].filetype ~= 'python' and not config_files[name] then
      return
    end
    if vim.fs.root(bufnr, wrangler) == nil then
      return
    end
    on_dir(vim.fs.root(bufnr, root_markers))
  end,
}
