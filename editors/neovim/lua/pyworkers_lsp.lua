-- pyworkers-lsp for Neovim 0.7 to 0.10 (and later, without the lsp/ config):
--   require('pyworkers_lsp').setup({ cmd = { 'pyworkers-lsp', 'serve', '--stdio' } })
-- starts one server per Worker root when a Python file, a wrangler config or pyproject.toml
-- inside a Worker is opened. On 0.11+ prefer lsp/pyworkers_lsp.lua with vim.lsp.enable().

local M = {}

M.defaults = {
  name = 'pyworkers_lsp',
  cmd = { 'pyworkers-lsp', 'serve', '--stdio' },
  filetypes = { 'python', 'toml', 'jsonc', 'json' },
  root_markers = { 'wrangler.toml', 'wrangler.jsonc', 'wrangler.json', 'pyproject.toml', '.git' },
  -- Keys: select, ignore, severity (e.g. { PW206 = 'info' }), runtime ('0.26' | '0.28' | '314').
  settings = { pyworkers = {} },
}

local wrangler = { 'wrangler.toml', 'wrangler.jsonc', 'wrangler.json' }
local config_files = {
  ['wrangler.toml'] = true,
  ['wrangler.jsonc'] = true,
  ['wrangler.json'] = true,
  ['pyproject.toml'] = true,
}

local uv = vim.uv or vim.loop -- vim.uv is 0.10+

-- Nearest directory at or above `dir` holding one of `names` (vim.fs is 0.8+, so walk by hand).
local function find_up(dir, names)
  while dir and dir ~= '' do
    for _, name in ipairs(names) do
      if uv.fs_stat(dir .. '/' .. name) then
        return dir
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return nil
    end
    dir = parent
  end
  return nil
end

--- The root a buffer belongs to, or nil when the server has nothing to say about it.
function M.root_dir(bufnr, opts)
  opts = opts or M.defaults
  local file = vim.api.nvim_buf_get_name(bufnr)
  if file == '' then
    return nil
  end
  local name = vim.fn.fnamemodify(file, ':t')
  if vim.bo[bufnr].filetype ~= 'python' and not config_files[name] then
    return nil
  end
  local dir = vim.fn.fnamemodify(file, ':p:h')
  if find_up(dir, wrangler) == nil then
    return nil
  end
  return find_up(dir, opts.root_markers)
end

-- An empty Lua table would be sent as a JSON array; the server expects an object.
local function as_settings(settings)
  local pyworkers = settings.pyworkers
  if pyworkers == nil or next(pyworkers) == nil then
    pyworkers = vim.empty_dict()
  end
  return { pyworkers = pyworkers }
end

local function client_config(opts, root)
  return {
    name = opts.name,
    cmd = opts.cmd,
    root_dir = root,
    workspace_folders = {
      { uri = vim.uri_from_fname(root), name = root },
    },
    init_options = as_settings(opts.settings),
    settings = as_settings(opts.settings),
  }
end

-- Neovim 0.7 has no vim.lsp.start: reuse the client started for the same root by hand.
local function start_07(opts, root, bufnr, clients)
  local id = clients[root]
  if id == nil or vim.lsp.get_client_by_id(id) == nil then
    id = vim.lsp.start_client(client_config(opts, root))
    clients[root] = id
  end
  if id then
    vim.lsp.buf_attach_client(bufnr, id)
  end
end

--- Registers a FileType autocmd that starts or reuses the server for each matching buffer.
function M.setup(user)
  local opts = vim.tbl_deep_extend('force', M.defaults, user or {})
  local clients = {}
  local group = vim.api.nvim_create_augroup('pyworkers_lsp', { clear = true })
  vim.api.nvim_create_autocmd('FileType', {
    group = group,
    pattern = opts.filetypes,
    callback = function(args)
      local root = M.root_dir(args.buf, opts)
      if root == nil then
        return
      end
      if vim.lsp.start then
        vim.lsp.start(client_config(opts, root), { bufnr = args.buf })
      else
        start_07(opts, root, args.buf, clients)
      end
    end,
  })
end

return M
