-- End-to-end test of the Neovim integration against the real server, run headless:
--   PYWORKERS_LSP=/path/to/pyworkers-lsp nvim --headless --clean -c 'luafile editors/neovim/test/e2e.lua'
-- PYWORKERS_NVIM_MODE=setup uses lua/pyworkers_lsp.lua (0.7+), =enable uses lsp/ (0.11+);
-- the default is enable where vim.lsp.enable exists, setup elsewhere.
-- Prints one "ok"/"not ok" line per check and exits non-zero on any failure.

local bin = os.getenv('PYWORKERS_LSP') or 'pyworkers-lsp'
local here = vim.fn.fnamemodify(debug.getinfo(1, 'S').source:sub(2), ':p:h')
local plugin_dir = vim.fn.fnamemodify(here, ':h')
local mode = os.getenv('PYWORKERS_NVIM_MODE') or (vim.lsp.enable and 'enable' or 'setup')

local failures = 0
local function check(ok, what, detail)
  if ok then
    io.stderr:write('ok - ' .. what .. '\n')
  else
    failures = failures + 1
    io.stderr:write('not ok - ' .. what .. (detail and (': ' .. detail) or '') .. '\n')
  end
  return ok
end

-- vim.lsp.get_clients is 0.10+; get_active_clients is deprecated there.
local function all_clients(filter)
  return (vim.lsp.get_clients or vim.lsp.get_active_clients)(filter)
end

local function finish()
  for _, client in ipairs(all_clients()) do
    if vim.fn.has('nvim-0.11') == 1 then
      client:stop() -- a method from 0.11; before, a closure that takes `force`
    else
      client.stop()
    end
  end
  vim.wait(3000, function()
    return #all_clients() == 0
  end, 20)
  local v = vim.version and vim.version() or {}
  io.stderr:write(string.format('neovim %s.%s.%s (%s): %d failed\n', tostring(v.major), tostring(v.minor), tostring(v.patch), mode, failures))
  vim.cmd(failures == 0 and 'qall!' or 'cquit! 1')
end

local function clients_of(bufnr)
  if vim.lsp.get_clients then
    return vim.lsp.get_clients({ bufnr = bufnr })
  end
  -- 0.7–0.9: a table keyed by client id, so `#` and ipairs need it as a list.
  return vim.tbl_values(vim.lsp.buf_get_clients(bufnr))
end

local worker = {
  'from pyodide.ffi import to_js',
  'from workers import WorkerEntrypoint, Response',
  'import js',
  '',
  'class Default(WorkerEntrypoint):',
  '    async def fetch(self, request):',
  '        headers = to_js({"content-type": "text/plain"})',
  '        return js.Response.json(headers)',
}

-- Why the fixed buffer is wrong, or nil: the call gains dict_converter=<converter>, and the
-- converter's name is bound by the existing `import js` (js.Object) or by exactly one added
-- `from js import Object` (Object) above the class.
local function bad_fix(lines)
  local converter, imports, class_seen = nil, {}, false
  for _, l in ipairs(lines) do
    if l:match('^class Default') then
      class_seen = true
    elseif not class_seen then
      imports[l] = (imports[l] or 0) + 1
    end
    converter = converter
      or l:match('^        headers = to_js%({"content%-type": "text/plain"}, dict_converter=([%w%.]+)%.fromEntries%)$')
  end
  if converter == 'js.Object' then
    return imports['import js'] == nil and 'js.Object without import js' or nil
  elseif converter == 'Object' then
    return imports['from js import Object'] ~= 1 and 'Object without one from js import Object' or nil
  end
  return 'the to_js call is not fixed'
end

local root = vim.fn.tempname()
vim.fn.mkdir(root .. '/src', 'p')
vim.fn.mkdir(root .. '/elsewhere', 'p')
vim.fn.writefile({
  'name = "hello-python"',
  'main = "src/entry.py"',
  'compatibility_date = "2025-09-01"',
  'compatibility_flags = ["python_workers"]',
}, root .. '/wrangler.toml')
vim.fn.writefile(worker, root .. '/src/entry.py')
vim.fn.writefile({ '{"name": "site"}' }, root .. '/package.json')

-- A directory with no wrangler config in or above it, for a plain Python project (a stray
-- /tmp/wrangler.toml would put every temporary file inside a "Worker").
local function has_wrangler_above(dir)
  while dir and dir ~= '' do
    for _, name in ipairs({ 'wrangler.toml', 'wrangler.jsonc', 'wrangler.json' }) do
      if vim.fn.filereadable(dir .. '/' .. name) == 1 then
        return true
      end
    end
    local parent = vim.fn.fnamemodify(dir, ':h')
    if parent == dir then
      return false
    end
    dir = parent
  end
  return false
end
local plain
for _, base in ipairs({ vim.fn.fnamemodify(vim.fn.tempname(), ':h'), '/var/tmp', '/dev/shm' }) do
  if not has_wrangler_above(base) then
    plain = base .. '/pyworkers-plain-' .. tostring(vim.fn.getpid())
    break
  end
end
if plain then
  vim.fn.mkdir(plain, 'p')
  vim.fn.writefile({ 'import random', 'x = random.random()' }, plain .. '/app.py')
end

-- The user's own Python server, set up before pyworkers-lsp: every Python buffer gets it.
-- (The pyworkers-lsp binary stands in for pylsp/pyright: it only has to be a server.)
local previous_id
vim.api.nvim_create_autocmd('FileType', {
  pattern = 'python',
  callback = function(args)
    local previous = { name = 'previous_python', cmd = { bin, 'serve', '--stdio' }, root_dir = vim.fn.getcwd() }
    if vim.lsp.start then -- 0.8+; start_client is deprecated from 0.11
      vim.lsp.start(previous, { bufnr = args.buf })
      return
    end
    if previous_id == nil or vim.lsp.get_client_by_id(previous_id) == nil then
      previous_id = vim.lsp.start_client(previous)
    end
    vim.lsp.buf_attach_client(args.buf, previous_id)
  end,
})

local function client_names(bufnr)
  local names = {}
  for _, c in ipairs(clients_of(bufnr)) do
    table.insert(names, c.name)
  end
  table.sort(names)
  return table.concat(names, ',')
end

vim.opt.runtimepath:prepend(plugin_dir)
if mode == 'enable' then
  vim.lsp.config('pyworkers_lsp', { cmd = { bin, 'serve', '--stdio' } })
  vim.lsp.enable('pyworkers_lsp')
else
  require('pyworkers_lsp').setup({ cmd = { bin, 'serve', '--stdio' } })
end

local ok, err = pcall(function()
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/src/entry.py'))
  local bufnr = vim.api.nvim_get_current_buf()
  check(vim.bo[bufnr].filetype == 'python', 'entry.py is python')
  check(vim.wait(3000, function()
    return client_names(bufnr) == 'previous_python,pyworkers_lsp'
  end, 20), 'a Worker file gets pyworkers-lsp beside the previous server', client_names(bufnr))

  local pw202
  vim.wait(15000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'PW202' then
        pw202 = d
        return true
      end
    end
    return false
  end, 20)
  if not check(pw202 ~= nil, 'vim.diagnostic holds PW202', vim.inspect(vim.diagnostic.get(bufnr))) then
    return
  end
  local line = worker[7]
  local start_col = line:find('to_js(', 1, true) - 1
  check(pw202.lnum == 6 and pw202.col == start_col and pw202.end_lnum == 6 and pw202.end_col == #line,
    'PW202 range is the to_js(...) call', vim.inspect(pw202))
  check(pw202.source == 'pyworkers', 'source is pyworkers', tostring(pw202.source))

  -- Hover on to_js, as K does.
  local hover = vim.lsp.buf_request_sync(bufnr, 'textDocument/hover', {
    textDocument = { uri = vim.uri_from_bufnr(bufnr) },
    position = { line = 6, character = start_col + 2 },
  }, 5000)
  local hover_text = ''
  for _, res in pairs(hover or {}) do
    local contents = res.result and res.result.contents
    if type(contents) == 'table' then
      hover_text = hover_text .. (contents.value or vim.inspect(contents))
    end
  end
  check(hover_text:find('to_js', 1, true) ~= nil, 'hover on to_js documents it', hover_text)

  -- The quick fix, chosen the way a user does: cursor on the call, code_action, pick the fix.
  vim.api.nvim_win_set_cursor(0, { 7, start_col + 2 })
  local offered = {}
  vim.ui.select = function(items, opts, on_choice)
    local pick
    for _, item in ipairs(items) do
      local action = item[2] or item.action
      table.insert(offered, action.title)
      if pick == nil and action.kind == 'quickfix' and action.title:find('dict_converter', 1, true) then
        pick = item
      end
    end
    on_choice(pick)
  end
  check(bad_fix(worker) ~= nil, 'the fix check rejects the unfixed Worker')
  vim.lsp.buf.code_action()
  vim.wait(5000, function()
    return bad_fix(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) == nil
  end, 20)
  local lines = vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)
  local why = bad_fix(lines)
  check(why == nil, 'quick fix adds dict_converter=...Object.fromEntries with its import',
    tostring(why) .. '; offered: ' .. vim.inspect(offered) .. '\n' .. table.concat(lines, '\n'))

  local cleared = vim.wait(5000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      if d.code == 'PW202' then
        return false
      end
    end
    return true
  end, 20)
  check(cleared, 'PW202 is gone after the fix', vim.inspect(vim.diagnostic.get(bufnr)))

  -- Files that are not the server's stay without it.
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/package.json'))
  vim.wait(200)
  check(#clients_of(vim.api.nvim_get_current_buf()) == 0, 'package.json gets no pyworkers client')
  vim.cmd('edit ' .. vim.fn.fnameescape(root .. '/wrangler.toml'))
  local toml = vim.api.nvim_get_current_buf()
  check(vim.wait(3000, function()
    return #clients_of(toml) == 1
  end, 20), 'wrangler.toml attaches to the same server', client_names(toml))
  local ours = 0
  for _, c in ipairs(all_clients()) do
    if c.name == 'pyworkers_lsp' then
      ours = ours + 1
    end
  end
  check(ours == 1, 'one server for the Worker', tostring(ours))

  -- A Python file outside any Worker keeps exactly its previous server.
  if check(plain ~= nil, 'a temporary directory outside any Worker exists') then
    vim.cmd('edit ' .. vim.fn.fnameescape(plain .. '/app.py'))
    local app = vim.api.nvim_get_current_buf()
    vim.wait(3000, function()
      return client_names(app) ~= ''
    end, 20)
    vim.wait(300)
    check(client_names(app) == 'previous_python', 'a plain Python file keeps exactly its previous server',
      client_names(app))
    vim.fn.delete(plain, 'rf')
  end
end)
check(ok, 'test ran without a Lua error', tostring(err))
finish()
