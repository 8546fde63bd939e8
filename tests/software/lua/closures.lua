-- closures, upvalues, varargs, recursion, tail calls, integer for loops, to-be-closed variables
local function counter()
  local n = 0
  return function() n = n + 1; return n end, function() return n end
end
local inc, get = counter()
inc(); inc(); inc()
print(get())
local fns = {}
for i = 1, 5 do fns[i] = function() return i * 10 end end
print(fns[1](), fns[5]())
local shared = {}
do
  local x = 0
  shared.add = function(d) x = x + d end
  shared.get = function() return x end
end
shared.add(5); shared.add(7)
print(shared.get())
local function va(...)
  local n = select("#", ...)
  local t = {...}
  local packed = table.pack(...)
  return n, #t, packed.n, ...
end
print(va(1, nil, 3))
print(va())
local function sum(...)
  local s = 0
  for _, v in ipairs({...}) do s = s + v end
  return s
end
print(sum(1, 2, 3, 4, 5), sum())
local function fib(n) if n < 2 then return n end return fib(n - 1) + fib(n - 2) end
print(fib(25))
local function loop(n, acc) if n == 0 then return acc end return loop(n - 1, acc + 1) end
print(loop(1000000, 0))  -- tail calls do not grow the stack
local memo = setmetatable({}, {__mode = "k"})
local function compose(f, g) return function(...) return f(g(...)) end end
local add1 = function(x) return x + 1 end
local dbl = function(x) return x * 2 end
print(compose(add1, dbl)(10), compose(dbl, add1)(10))
local function curry(f) return function(a) return function(b) return f(a, b) end end end
print(curry(math.max)(3)(9))
-- for loops: integer, float, negative step, overflow-safe
local acc = {}
for i = 10, 1, -3 do acc[#acc + 1] = i end
for x = 0.0, 1.0, 0.25 do acc[#acc + 1] = x end
for i = math.maxinteger - 2, math.maxinteger do acc[#acc + 1] = i - math.maxinteger end
print(table.concat(acc, " "))
-- to-be-closed variables
local log = {}
do
  local a <close> = setmetatable({}, {__close = function() log[#log + 1] = "a closed" end})
  local b <close> = setmetatable({}, {__close = function(_, err) log[#log + 1] = "b closed " .. tostring(err) end})
  log[#log + 1] = "body"
end
print(table.concat(log, "; "))
local ok, err = pcall(function()
  local c <close> = setmetatable({}, {__close = function(_, e) log[#log + 1] = "c saw " .. tostring(e):gsub("^.-:%d+: ", "") end})
  error("boom")
end)
print(ok, (err:gsub("^.-:%d+: ", "")), log[#log])
local k <const> = 42
print(k)
-- string.dump round trip keeps behaviour and upvalue count
local function adder(x) return function(y) return x + y end end
local dumped = string.dump(adder)
local loaded = load(dumped, "dumped", "b")
print(loaded(5)(6))
-- deep recursion inside pcall
local function depth(n) if n == 0 then return 0 end return 1 + depth(n - 1) end
print(depth(10000))
local okso, msg = pcall(function() local function inf(n) return 1 + inf(n) end return inf(1) end)
print("stack overflow caught", okso, msg:find("stack overflow") ~= nil)
