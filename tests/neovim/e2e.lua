-- Drives `okrlint server` from Neovim's built-in LSP client (headless), as
-- tests/neovim.rs asks: open, edit and fix the anti-pattern fixture, and
-- write what Neovim shows at each step to $OUT, one line per diagnostic:
--   STEP <name>
--   <file> <line, 1-based> <column, 1-based byte> <code>
-- Written for Neovim 0.7 (Debian's), whose client has `start_client` and
-- `buf_attach_client`; later versions keep both.
local okrlint, root, out_path = os.getenv("OKRLINT"), os.getenv("ROOT"), os.getenv("OUT")
local out = assert(io.open(out_path, "w"))

local function fail(message)
  out:write("FAIL " .. message .. "\n")
  out:close()
  vim.cmd("qa!")
end

local client_id = vim.lsp.start_client({
  name = "okrlint",
  cmd = { okrlint, "server" },
  root_dir = root,
  init_options = { asOf = "2026-02-15" },
  flags = { debounce_text_changes = 0 },
})
if not client_id then
  fail("the client did not start")
end

local buffers = {}
local function open(name)
  vim.cmd("edit " .. root .. "/" .. name)
  local buf = vim.api.nvim_get_current_buf()
  vim.lsp.buf_attach_client(buf, client_id)
  buffers[name] = buf
  return buf
end

local function codes(buf)
  local found = {}
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    found[#found + 1] = d
  end
  table.sort(found, function(a, b)
    if a.lnum ~= b.lnum then
      return a.lnum < b.lnum
    end
    if a.col ~= b.col then
      return a.col < b.col
    end
    return tostring(a.code) < tostring(b.code)
  end)
  return found
end

local function has(buf, code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if d.code == code then
      return true
    end
  end
  return false
end

local function record(step)
  out:write("STEP " .. step .. "\n")
  local names = {}
  for name in pairs(buffers) do
    names[#names + 1] = name
  end
  table.sort(names)
  for _, name in ipairs(names) do
    for _, d in ipairs(codes(buffers[name])) do
      out:write(string.format("%s %d %d %s\n", name, d.lnum + 1, d.col + 1, tostring(d.code)))
    end
  end
end

local function wait(what, condition)
  if not vim.wait(20000, condition, 20) then
    fail("timed out waiting for " .. what)
  end
end

-- 1. Open: the findings of `okrlint check`.
local growth = open("growth.okr.yaml")
wait("growth's diagnostics", function()
  return #vim.diagnostic.get(growth) > 0
end)
local marketing = open("marketing.okr.yaml")
wait("marketing's diagnostics", function()
  return has(marketing, "OKR002")
end)
local company = open("company.okr.yaml")
wait("company's diagnostics", function()
  return #vim.diagnostic.get(company) > 0
end)
record("opened")

-- 2. Cross-file: rename the company objective that growth aligns to.
local lines = vim.api.nvim_buf_get_lines(company, 0, -1, false)
local at
for i, line in ipairs(lines) do
  if line == "  - id: win-smb" then
    at = i
  end
end
if not at then
  fail("no win-smb objective in company.okr.yaml")
end
vim.api.nvim_buf_set_lines(company, at - 1, at, false, { "  - id: win-small" })
wait("OKR004 in growth after the rename", function()
  return has(growth, "OKR004")
end)
record("renamed")
vim.api.nvim_buf_set_lines(company, at - 1, at, false, { "  - id: win-smb" })
wait("OKR004 gone from growth after the rename is undone", function()
  return not has(growth, "OKR004")
end)
record("restored")

-- 3. A title with an emoji and a CJK character before a placeholder (UTF-16 positions).
local glines = vim.api.nvim_buf_get_lines(growth, 0, -1, false)
local title
for i, line in ipairs(glines) do
  if line:match("^    title: ") and not title then
    title = i
  end
end
vim.api.nvim_buf_set_lines(growth, title - 1, title, false, { "    title: 🚀 中 [metric] customers return weekly" })
wait("OKR007 on the emoji title", function()
  for _, d in ipairs(vim.diagnostic.get(growth)) do
    if d.code == "OKR007" and d.lnum == title - 1 then
      return true
    end
  end
  return false
end)
record("emoji")
vim.api.nvim_buf_set_lines(growth, title - 1, title, false, { glines[title] })

-- 4. Fix: the preferred code action on marketing's OKR002, applied, then saved.
local mlines = vim.api.nvim_buf_get_lines(marketing, 0, -1, false)
local typo
for i, line in ipairs(mlines) do
  if line:match("basline:") then
    typo = i
  end
end
local params = {
  textDocument = { uri = vim.uri_from_bufnr(marketing) },
  range = { start = { line = typo - 1, character = 0 }, ["end"] = { line = typo - 1, character = 0 } },
  context = { diagnostics = {} },
}
local answers = vim.lsp.buf_request_sync(marketing, "textDocument/codeAction", params, 10000)
local preferred
for _, answer in pairs(answers or {}) do
  for _, action in ipairs(answer.result or {}) do
    if action.isPreferred then
      preferred = action
    end
  end
end
if not preferred then
  fail("no preferred code action on OKR002")
end
vim.lsp.util.apply_workspace_edit(preferred.edit, "utf-16")
wait("OKR002 gone after the fix", function()
  return not has(marketing, "OKR002")
end)
vim.api.nvim_set_current_buf(marketing)
vim.cmd("write")
wait("growth restored", function()
  for _, d in ipairs(vim.diagnostic.get(growth)) do
    if d.code == "OKR007" and d.lnum == title - 1 then
      return false
    end
  end
  return true
end)
record("fixed")

out:write("DONE\n")
out:close()
vim.lsp.stop_client(client_id)
vim.wait(2000, function()
  return vim.lsp.get_client_by_id(client_id) == nil
end, 20)
vim.cmd("qa!")
