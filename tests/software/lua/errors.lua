-- error handling: error/pcall/xpcall/assert, error objects, levels, nesting (C longjmp underneath)
local function strip(msg) return (tostring(msg):gsub("^[^:]*:%d+: ", "")) end
print(pcall(error, "plain"))
print(select(2, pcall(error, {code = 1})).code)
print(pcall(error))
print(select(2, pcall(error, "level0", 0)))
local ok, e = pcall(function() error("with position") end)
print(ok, strip(e), e:match(":(%d+):") ~= nil)
local function lvl2() error("blame caller", 2) end
ok, e = pcall(function() lvl2() end)
print(strip(e))
ok, e = pcall(function() local t = nil; return t.x end)
print(strip(e))
ok, e = pcall(function() return 1 + {} end)
print(strip(e))
ok, e = pcall(function() return #5 end)
print(strip(e))
ok, e = pcall(function() return ("x"):bad() end)
print(strip(e))
ok, e = pcall(function() return 1 // 0 end)
print(strip(e))
ok, e = pcall(function() return math.tointeger(2^63) or error("not integer") end)
print(strip(e))
print(pcall(assert, false))
print(pcall(assert, nil, "custom assert"))
print(pcall(assert, 1, 2, 3))
print(xpcall(function() error("traced") end, function(m) return "handler: " .. strip(m) end))
print(xpcall(function(a, b) return a + b end, print, 3, 4))
local tb
xpcall(function() error("x") end, function(m) tb = debug.traceback(m, 1) end)
print("traceback has stack", tb:find("stack traceback") ~= nil)
-- nested pcall, rethrow
local depth = 0
local function nest(n)
  if n == 0 then error("bottom") end
  local ok2, err2 = pcall(nest, n - 1)
  depth = depth + 1
  error(err2, 0)
end
print(pcall(nest, 50))
print("unwound levels", depth)
-- error objects with __tostring
local E = setmetatable({msg = "custom"}, {__tostring = function(s) return "E<" .. s.msg .. ">" end})
ok, e = pcall(error, E)
print(ok, tostring(e), e == E)
-- errors in metamethods, in sort comparators, in gsub callbacks
print(pcall(table.sort, {3, 2, 1}, function() error("cmp fail") end))
print(pcall(string.gsub, "abc", "%w", function() error("cb fail", 0) end))
print(pcall(function() return setmetatable({}, {__index = function() error("idx fail", 0) end}).field end))
local okm, em = pcall(function() return setmetatable({}, {__add = function() error("add fail", 0) end}) + 1 end)
print(okm, em)
-- error in a loop many times (longjmp repeatedly)
local caught = 0
for i = 1, 10000 do if not pcall(error, i) then caught = caught + 1 end end
print("caught", caught)
-- tostring of various error values
for _, v in ipairs({42, 4.5, true}) do print(select(2, pcall(error, v))) end
-- warn is off by default; pcall returns all values
print(pcall(function() return 1, nil, 3 end))
print(string.format("%q", select(2, pcall(error, "q\"uote"))))
