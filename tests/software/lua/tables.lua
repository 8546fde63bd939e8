-- tables: array/hash parts, length, insert/remove/move/sort/concat/unpack, metatables, next
local t = {}
for i = 1, 100 do t[i] = i * i end
print(#t, t[1], t[50], t[100], t[101])
table.insert(t, 1, 0)
table.insert(t, 10001)
print(#t, t[1], t[2], t[#t], table.remove(t), table.remove(t, 1), #t)
print(table.concat({1, 2, 3, "x", 4.5}, ", "), table.concat({}, "x"), table.concat({"a", "b", "c"}, "-", 2, 3))
print(table.unpack({1, 2, 3}))
print(select("#", table.unpack({1, nil, 3}, 1, 3)))
local m = table.move({1, 2, 3, 4, 5}, 2, 4, 1)
print(table.concat(m, " "))
print(table.concat(table.move({1, 2, 3}, 1, 3, 3, {9, 9}), " "))
local words = {"pear", "Apple", "fig", "banana", "cherry", "apple", "Date"}
table.sort(words)
print(table.concat(words, " "))
table.sort(words, function(a, b) return a:lower() < b:lower() or (a:lower() == b:lower() and a < b) end)
print(table.concat(words, " "))
math.randomseed(42)
local nums = {}
for i = 1, 2000 do nums[i] = math.random(1, 100000) end
table.sort(nums, function(a, b) return a > b end)
local ok = true
for i = 2, #nums do if nums[i - 1] < nums[i] then ok = false end end
print("sorted desc", ok, nums[1] >= nums[2000])
-- hash part: iterate in sorted key order
local h = {alpha = 1, beta = 2, gamma = 3, [10] = "ten", [2.5] = "float", [true] = "bool"}
local keys = {}
for k in pairs(h) do keys[#keys + 1] = tostring(k) end
table.sort(keys)
print(table.concat(keys, " "))
h.beta = nil
local n = 0
for _ in pairs(h) do n = n + 1 end
print("after delete", n, next({}), rawlen({1, 2}), rawequal(h, h), rawget(h, "alpha"))
-- integer/float key normalization
local f = {}
f[1] = "int"; f[1.0] = "float"; f[2^53] = "big"
print(f[1], #f, f[2^53], math.type(next(f)))
-- metatables
local V = {}
V.__index = V
V.__add = function(a, b) return setmetatable({x = a.x + b.x, y = a.y + b.y}, V) end
V.__eq = function(a, b) return a.x == b.x and a.y == b.y end
V.__lt = function(a, b) return a.x < b.x end
V.__le = function(a, b) return a.x <= b.x end
V.__tostring = function(v) return "(" .. v.x .. "," .. v.y .. ")" end
V.__len = function(v) return 2 end
V.__call = function(v, k) return v.x * k end
V.__concat = function(a, b) return tostring(a) .. "&" .. tostring(b) end
V.__unm = function(a) return setmetatable({x = -a.x, y = -a.y}, V) end
V.__close = nil
function V.new(x, y) return setmetatable({x = x, y = y}, V) end
function V:norm2() return self.x * self.x + self.y * self.y end
local a, b = V.new(1, 2), V.new(3, 4)
print(tostring(a + b), a == V.new(1, 2), a < b, a <= b, #a, a(10), a .. b, tostring(-a), b:norm2())
local default = setmetatable({}, {__index = function(_, k) return k .. "?" end, __newindex = function(t, k, v) rawset(t, k, v * 2) end})
default.x = 21
print(default.x, default.missing)
local ro = setmetatable({}, {__index = {a = 1}, __newindex = function() error("read-only table", 2) end})
print(ro.a, pcall(function() ro.b = 1 end))
-- weak tables and collectgarbage
local weak = setmetatable({}, {__mode = "k"})
do local key = {}; weak[key] = true end
collectgarbage(); collectgarbage()
local cnt = 0
for _ in pairs(weak) do cnt = cnt + 1 end
print("weak entries after gc", cnt)
local gced = 0
do
  for i = 1, 100 do setmetatable({}, {__gc = function() gced = gced + 1 end}) end
end
collectgarbage(); collectgarbage()
print("finalizers ran", gced)
-- large tables
local big = {}
for i = 1, 200000 do big[i] = i end
local sum = 0
for _, v in ipairs(big) do sum = sum + v end
local hb = {}
for i = 1, 50000 do hb["k" .. i] = i end
local hs = 0
for k, v in pairs(hb) do hs = hs + v end
print(sum, hs, #big, collectgarbage("count") > 0)
print(select(-1, 1, 2, 3), select(2, "a", "b", "c"))
