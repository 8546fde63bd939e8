-- coroutines: resume/yield values, wrap, status, generators, yield across pcall, errors, close
local co = coroutine.create(function(a, b)
  print("start", a, b)
  local c = coroutine.yield(a + b)
  print("got", c)
  local d, e = coroutine.yield(c * 2)
  print("got", d, e)
  return "done", d + e
end)
print(coroutine.status(co))
print(coroutine.resume(co, 1, 2))
print(coroutine.status(co))
print(coroutine.resume(co, 10))
print(coroutine.resume(co, 3, 4))
print(coroutine.status(co), coroutine.resume(co))
local function gen(n)
  return coroutine.wrap(function() for i = 1, n do coroutine.yield(i) end end)
end
local s = 0
for v in gen(100) do s = s + v end
print("generator sum", s)
-- permutations generator (PiL)
local function permgen(a, n)
  n = n or #a
  if n <= 1 then coroutine.yield(a) else
    for i = 1, n do
      a[n], a[i] = a[i], a[n]
      permgen(a, n - 1)
      a[n], a[i] = a[i], a[n]
    end
  end
end
local count, first, last = 0
for p in coroutine.wrap(function() permgen({1, 2, 3, 4}) end) do
  count = count + 1
  local str = table.concat(p, "")
  first = first or str
  last = str
end
print("permutations", count, first, last)
-- yield across pcall and metamethods
local co2 = coroutine.wrap(function()
  local ok, v = pcall(function()
    local x = coroutine.yield("inside pcall")
    error("err " .. x)
  end)
  coroutine.yield(tostring(ok) .. " " .. v:gsub("^.-:%d+: ", ""))
  local t = setmetatable({}, {__index = function(_, k) return coroutine.yield("index " .. k) end})
  return "meta " .. t.foo
end)
print(co2())
print(co2("X"))
print(co2())
print(co2("result"))
-- errors inside coroutines
local bad = coroutine.create(function() local x = nil; return x.field end)
local ok, err = coroutine.resume(bad)
print(ok, (err:gsub("^.-:%d+: ", "")), coroutine.status(bad))
print(coroutine.resume(bad))
print(coroutine.isyieldable(), select(2, coroutine.running()))
print(select(2, coroutine.resume(coroutine.create(function() return coroutine.isyieldable(), select(2, coroutine.running()) end))))
-- wrap rethrows
local okw, ew = pcall(coroutine.wrap(function() error({code = 7}) end))
print(okw, type(ew), ew.code)
-- close a suspended coroutine with pending to-be-closed variable
local closed = false
local cc = coroutine.create(function()
  local r <close> = setmetatable({}, {__close = function() closed = true end})
  coroutine.yield(1)
end)
coroutine.resume(cc)
print(coroutine.close(cc), closed, coroutine.status(cc))
-- many coroutines alive at once
local cos = {}
for i = 1, 1000 do
  cos[i] = coroutine.create(function(x) while true do x = x + coroutine.yield(x) end end)
  coroutine.resume(cos[i], i)
end
local total = 0
for round = 1, 10 do
  for i = 1, 1000 do local _, v = coroutine.resume(cos[i], 1); total = total + v end
end
print("1000 coroutines", total)
-- producer/consumer
local function producer()
  return coroutine.create(function()
    for _, w in ipairs({"alpha", "beta", "gamma"}) do coroutine.yield(w) end
  end)
end
local function filter(prod)
  return coroutine.create(function()
    while true do
      local _, x = coroutine.resume(prod)
      if not x then break end
      coroutine.yield(x:upper())
    end
  end)
end
local f = filter(producer())
while true do
  local _, x = coroutine.resume(f)
  if not x then break end
  io.write(x, " ")
end
print()
