-- goto/labels, integer and float arithmetic, bitwise ops, math library, conversions
for i = 1, 3 do
  for j = 1, 3 do
    if j == 2 then goto continue end
    io.write(i, ":", j, " ")
    ::continue::
  end
end
print()
do
  local i = 1
  ::top::
  if i <= 5 then io.write(i, " "); i = i + 1; goto top end
  print()
end
local function find(t, x)
  for i, v in ipairs(t) do
    if v == x then goto found end
  end
  do return nil end
  ::found::
  return "found " .. x
end
print(find({1, 2, 3}, 2), find({1, 2, 3}, 9))
-- integers
print(math.maxinteger, math.mininteger, math.maxinteger + 1 == math.mininteger, -math.mininteger == math.mininteger)
print(7 // 2, -7 // 2, 7 % 3, -7 % 3, 7 % -3, 7.5 // 2, -7.5 % 2, 2^10, 10 / 4, 3 | 5, 3 & 5, 3 ~ 5, ~0, 1 << 62, 1 << 64, -1 >> 1)
print(math.type(1), math.type(1.0), math.type("1"), 1 == 1.0, math.tointeger(3.0), math.tointeger(3.5), 3 // 0.0, -3 % math.huge)
print(5 // 0.0, -5 // 0.0, 0/0 ~= 0/0, math.huge, -math.huge, math.pi)
print(string.format("%.17g %.17g %.17g", 0.1 + 0.2, 1 / 3, 2^0.5))
print(math.floor(3.7), math.ceil(3.2), math.floor(-3.5), math.ceil(-3.5), math.abs(-4), math.abs(math.mininteger), math.fmod(7, 3), math.fmod(-7, 3))
print(math.max(1, 5, 3), math.min(4.5, 2, 8), math.sqrt(16), math.exp(0), math.log(1), math.log(8, 2), math.log(100, 10))
print(string.format("%.12f %.12f %.12f %.12f %.12f", math.sin(1), math.cos(1), math.tan(1), math.asin(0.5), math.atan(1, 2)))
print(string.format("%.12g %.12g %.12g", math.exp(10), math.log(12345), 1e300 * 1e10))
print(math.ult(1, -1), math.modf(3.7), math.modf(-3.7), math.modf(math.huge))
print(8 // 3 * 3 + 8 % 3, 2^53 + 1 == 2^53, (2^53 | 0) + 1)
print(tostring(1e15), tostring(1e16), tostring(123456789012), 1e100 // 1, -0.0 == 0.0, 1/(-0.0))
print("10" + 5, "3.5" * 2, 10 .. 20, "0x10" + 0, #tostring(12345.678))
print(pcall(function() return "abc" + 1 end))
print(math.floor(2^31 + 0.5), math.floor(-2^31 - 0.5), 2^63 == math.maxinteger + 1.0, math.maxinteger + 0.0 == 2^63)
print(string.format("%d %d", 3, -0), string.format("%5.1f|%-8.3e|%g", -2.25, 123456, 1e-5))
-- deterministic random numbers (xoshiro256**)
math.randomseed(1234)
local r = {}
for i = 1, 5 do r[i] = math.random(1, 1000) end
print(table.concat(r, " "), string.format("%.10f", math.random()), math.random(0) ~= nil)
math.randomseed(1234)
print(math.random(1, 1000) == r[1])
-- numeric loop accumulations
local s, f = 0, 0.0
for i = 1, 100000 do s = s + i * i; f = f + 1 / i end
print(s, string.format("%.12f", f))
local x = 1
for i = 1, 70 do x = x * 3 end
print(x, 3^70, string.format("%.0f", 3.0^40))
print(0x7fffffffffffffff, 0xffffffffffffffff, 0x10p2, 1e2, .5, 3e-2)
