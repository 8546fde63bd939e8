-- io and os libraries: files in the cwd, lines, seek, read formats, popen, os.date/time, env
local f = assert(io.open("data.txt", "w"))
for i = 1, 100 do f:write(string.format("%d\t%s\t%.2f\n", i, ("item" .. i), i * 1.5)) end
f:write("no newline at end")
print(f:seek("cur"), f:seek("end"), io.type(f))
f:close()
print(io.type(f), pcall(f.write, f, "x"))
local n, total = 0, 0
for line in io.lines("data.txt") do
  n = n + 1
  local id = line:match("^(%d+)")
  if id then total = total + tonumber(id) end
end
print("lines", n, "sum of ids", total)
f = assert(io.open("data.txt", "r"))
print(f:read("n", "n"), f:read("l"))
print(f:read(5), f:read("L"))
f:seek("set", 0)
local all = f:read("a")
print(#all, f:read("a") == "", f:read("l"))
print(f:seek("end", -17), f:read("a"))
f:seek("set", 10)
print(f:seek(), f:read(1):byte())
f:close()
for a, b in io.lines("data.txt", 1, 2) do io.write(a, b, "|"); break end
print()
-- append and r+ modes
f = io.open("data.txt", "a"); f:write("\nappended"); f:close()
f = io.open("data.txt", "r+"); f:seek("set", 0); f:write("X"); f:close()
f = io.open("data.txt"); print(f:read("l")); f:close()
local last
for l in io.lines("data.txt") do last = l end
print("last line", last)
-- binary data
f = io.open("bin.dat", "wb")
local bytes = {}
for i = 0, 255 do bytes[#bytes + 1] = string.char(i) end
f:write(table.concat(bytes):rep(64))
f:close()
f = io.open("bin.dat", "rb")
local content = f:read("a")
f:close()
print(#content, content:byte(1), content:byte(256), content:byte(-1))
-- buffering modes, output redirection
f = io.open("buffered.txt", "w")
print(f:setvbuf("full", 1024), f:setvbuf("line"), f:setvbuf("no"))
f:write(1, " ", 2.5, " ", "three")
f:close()
io.output("redirected.txt")
io.write("via io.write\n")
io.output():close()
io.output(io.stdout)
print(io.open("redirected.txt"):read("a"), io.open("buffered.txt"):read("a"))
-- errors
print(io.open("missing/file.txt"))
print(pcall(io.lines, "nope.txt"))
print(os.remove("nope.txt"))
print(os.rename("data.txt", "renamed.txt"), io.open("data.txt") == nil, os.remove("renamed.txt"))
-- temporary files
local tmp = io.tmpfile()
tmp:write("scratch"); tmp:seek("set"); print("tmpfile", tmp:read("a")); tmp:close()
local name = os.tmpname()
print("tmpname usable", io.open(name, "w") ~= nil, os.remove(name))
-- processes
local p = io.popen("echo from popen; echo second line")
print(p:read("a"))
print(p:close())
print(io.popen("exit 5"):close())
p = io.popen("cat > piped.txt", "w"); p:write("written through popen\n"); p:close()
print(io.open("piped.txt"):read("l"))
print(os.execute())
print(os.execute("exit 3"))
print(os.execute("kill -9 $$"))
io.stdout:flush()
print(os.execute("echo executed"))
-- time and date (TZ=UTC)
print(os.date("!%Y-%m-%d %H:%M:%S", 1700000000), os.date("%c", 0), os.date("!%j %A %B %p", 86400 * 200))
local t = os.date("*t", 1234567890)
print(t.year, t.month, t.day, t.hour, t.min, t.sec, t.wday, t.yday, t.isdst)
print(os.time({year = 2024, month = 2, day = 29, hour = 12}), os.time({year = 2000, month = 13, day = 1, hour = 0}))
print(os.date("!*t", os.time({year = 2020, month = 1, day = 31 + 29, hour = 0})).month)
print(os.time() > 1600000000, os.clock() >= 0, type(os.difftime(os.time(), 0)))
print(os.getenv("LUA_TEST_VAR"), os.getenv("NO_SUCH_VAR_XYZ"), os.getenv("TZ"))
print(pcall(os.date, "%Ez"))
