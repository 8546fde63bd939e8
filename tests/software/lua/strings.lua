-- string library: find/match/gsub/gmatch patterns, byte/char, rep, reverse, pack/unpack, utf8
local s = "The quick brown fox jumps over the lazy dog"
print(#s, s:upper(), s:lower())
print(s:find("fox"), s:find("o", 20, true), s:find("%s(%a+)%s"), s:find("xyz"))
print(s:match("(%a+) fox"), s:match("^(%w+)"), s:match("(%a+)$"), s:match("()quick()"))
print(s:gsub("o", "0"))
print(s:gsub("%w+", function(w) return #w > 4 and w:upper() or nil end))
print(("hello world"):gsub("(%w+) (%w+)", "%2 %1"))
print(("abc"):gsub("", "-"))
print(("x = 1, y = 22, z = 333"):gsub("(%w+) = (%d+)", {x = "X", z = false}))
local words = {}
for w in s:gmatch("%a+") do words[#words + 1] = w end
print(#words, table.concat(words, ","))
for k, v in ("a=1, b=2, c=3"):gmatch("(%w+)=(%w+)") do io.write(k, "->", v, " ") end
print()
print(("%bxy"):len(), ("f(a(b)c)d"):match("%b()"), ("THE (quick) fox"):find("%f[%a]%a+%f[%A]"))
print(s:byte(1, 5))
print(string.char(72, 105, 33), ("ab"):rep(3, "-"), ("stressed"):reverse())
print(("  trim me  "):match("^%s*(.-)%s*$") .. "|")
print(s:sub(5, 9), s:sub(-3), s:sub(-100, 3), s:sub(10, 5) == "")
print(tostring(12), tostring(1.5), tostring(-0.0), tostring(1e100), tostring(2^63), tostring(math.mininteger))
print(tonumber("0x10"), tonumber("  12  "), tonumber("1e2"), tonumber("z", 36), tonumber("777", 8), tonumber("abc"), tonumber("0x1p4"))
print(("%5.2f|%-5d|%05d|%x|%X|%o|%e|%g|%q"):format(3.14159, 42, 42, 255, 255, 8, 12345.678, 0.0001, 'a "quoted"\n string\0'))
print(string.format("%q", 1/3), string.format("%q", math.mininteger), string.format("%a", 1.0))
print(string.format("%10s|%-10s|%.2s", "right", "left", "truncate"))
print(string.format("%c%c%c", 76, 117, 97), string.format("%i", -7), string.format("%%"))
local packed = string.pack("<i4 >i8 z s1 d", -2, 1 << 40, "zero", "pfx", 0.5)
print(#packed, string.unpack("<i4 >i8 z s1 d", packed))
print(string.packsize("i4 i8 d"), string.pack(">I2", 0x1234):byte(1, -1))
print(utf8.char(72, 228, 8364, 128512), utf8.len("häll€"), utf8.codepoint("€", 1))
for p, c in utf8.codes("aé€") do io.write(p, ":", c, " ") end
print()
print(utf8.offset("aé€x", 3), utf8.len("\xff"), #utf8.charpattern)
local parts = {}
for i = 1, 1000 do parts[i] = tostring(i) end
local big = table.concat(parts, " ")
print(#big, big:sub(-20), select(2, big:gsub("%d+", "")))
print(("x"):rep(100000):len(), ("ab"):rep(50000):find("ba", 99990))
print(string.format("%s %s %s", nil, true, 12.0), #string.format("%099d", 7))
print(("key=val"):find("=", 1, true), ("a.b.c"):gsub("%.", "/"), ("CamelCaseString"):gsub("(%u)", " %1"))
print(("%d"):rep(3, ","):format(1, 2, 3), ("test123abc"):match("^(%a+)(%d+)(%a+)$"))
print(pcall(string.rep), pcall(string.format, "%d", 1.5))
print(select("#", ("a,b,,c"):gsub(",", ";")), ("a,b,,c"):find(",,"))
