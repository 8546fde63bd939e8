-- load/loadstring-style chunks, environments, _ENV, require of a module file, dofile, loadfile
local f = load("return 1 + 2")
print(f())
print(load("syntax error here"))
print(load("return ...", "varargs")(4, 5, 6))
local env = {x = 10}
local g = load("y = x * 2; return y", "env chunk", "t", env)
print(g(), env.y, y)
local parts = {"return ", "'pie", "ces'"}
local i = 0
print(load(function() i = i + 1; return parts[i] end)())
print(pcall(load, "return 1", "bin", "b"))
print(load(string.dump(function() return "dumped" end), "d", "b")())
print(load("\27Lua garbage", "bad", "b"))
-- _ENV manipulation
do
  local _ENV = {print = print}
  z = 5
  print(z, _ENV.z)
end
print(z)
local function sandbox(code)
  local box = setmetatable({}, {__index = {math = math, string = string}})
  local chunk, err = load(code, "sandbox", "t", box)
  if not chunk then return nil, err end
  return pcall(chunk)
end
print(sandbox("return math.floor(2.5) + #string.rep('a', 3)"))
print(sandbox("return os.exit()"))
-- files: dofile, loadfile, require with package.path in the cwd
local mf = io.open("mymod.lua", "w")
mf:write("local M = {}\nfunction M.greet(n) return 'hello ' .. n end\nM.loaded_as = ...\nreturn M\n")
mf:close()
package.path = "./?.lua;" .. package.path
local m = require("mymod")
print(m.greet("world"), m.loaded_as, require("mymod") == m, package.loaded.mymod == m)
print(pcall(require, "does_not_exist_mod") == false)
local cf = io.open("conf.lua", "w")
cf:write("width = 640\nheight = 480\nreturn width * height\n")
cf:close()
print(dofile("conf.lua"), width, height)
local lf = loadfile("conf.lua", "t", {})
print(lf())
print(loadfile("nonexistent.lua"))
-- generated code
local src = {}
for k = 1, 200 do src[#src + 1] = ("local v%d = %d"):format(k, k) end
src[#src + 1] = "return v1 + v200"
print(load(table.concat(src, "\n"))())
local exprs = {"1+2*3", "(1+2)*3", "2^3^2", "-2^2", "not nil == true", "1 .. 2", "#'abc' + 1", "7 // 2 * 2", "'a' < 'b'", "1 < 2 == true"}
for _, e in ipairs(exprs) do io.write(e, " = ", tostring(load("return " .. e)()), "; ") end
print()
-- string.format("%q") output reloads to the same value
for _, v in ipairs({1/3, math.mininteger, "line\nbreak\0zero", 2^63, -0.0}) do
  local back = load("return " .. string.format("%q", v))()
  io.write(tostring(back == v or (v ~= v and back ~= back)), " ")
end
print()
print(select("#", load("return")()), type(load("")))
