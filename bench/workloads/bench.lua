-- Fixed Lua workload for bench/run.py: string building, table sort, closures, a pcall/error
-- loop (Lua's error path is setjmp/longjmp), and string.format/gsub. Prints a deterministic
-- checksum; usage: lua bench.lua [scale]
local scale = tonumber(arg and arg[1]) or 10
local check = 0
local function mix(v) check = (check * 31 + v) % 2147483647 end

-- string building: table.concat of formatted pieces, then pattern matching over the result
for r = 1, scale do
  local parts = {}
  for i = 1, 20000 do parts[#parts + 1] = string.format("%d:%x;", i * r, i) end
  local s = table.concat(parts)
  mix(#s)
  local n = 0
  for a, b in s:gmatch("(%d+):(%x+);") do n = n + #a + #b end
  mix(n)
  mix(#(s:sub(1, 4000):gsub("%d", "#")))
end

-- table sort: numbers with the default order, then strings with a closure comparator
local seed = 42
local function rand() seed = (seed * 1103515245 + 12345) % 2147483648; return seed end
for r = 1, scale do
  local t = {}
  for i = 1, 20000 do t[i] = rand() % 100000 end
  table.sort(t)
  mix(t[1]); mix(t[10000]); mix(t[#t])
  local w = {}
  for i = 1, 5000 do w[i] = tostring(rand() % 1000000) end
  table.sort(w, function(a, b) return #a < #b or (#a == #b and a < b) end)
  mix(#w[1]); mix(tonumber(w[#w]))
end

-- closures: counters and a composed function pipeline
for r = 1, scale do
  local function counter(step) local c = 0; return function() c = c + step; return c end end
  local fs = {}
  for i = 1, 100 do fs[i] = counter(i) end
  local total = 0
  for _ = 1, 500 do for i = 1, 100 do total = total + fs[i]() end end
  mix(total % 1000003)
  local function compose(f, g) return function(x) return g(f(x)) end end
  local f = function(x) return x end
  for i = 1, 50 do local k = i; f = compose(f, function(x) return (x * 3 + k) % 65521 end) end
  local acc = 0
  for i = 1, 2000 do acc = (acc + f(i)) % 65521 end
  mix(acc)
end

-- errors: pcall around error() (setjmp/longjmp in the C implementation)
for r = 1, scale do
  local caught = 0
  for i = 1, 5000 do
    local ok, e = pcall(function() if i % 3 == 0 then error({code = i}) end return i end)
    if not ok then caught = caught + e.code end
  end
  mix(caught)
end

print("lua checksum " .. check)
