-- The README's demo: a real Lua 5.4 interpreter, compiled to WebAssembly, running under wali.
local t0 = os.clock()

-- primes with a sieve
local function primes(n)
  local composite, list = {}, {}
  for i = 2, n do
    if not composite[i] then
      list[#list + 1] = i
      for j = i * i, n, i do composite[j] = true end
    end
  end
  return list
end
local p = primes(100000)
print(("%d primes below 100000, the last is %d"):format(#p, p[#p]))

-- files: write, read back, remove (real syscalls through WALI)
local name = os.tmpname()
local f = assert(io.open(name, "w"))
for i = 1, 5 do f:write(("line %d\n"):format(i)) end
f:close()
local count = 0
for _ in io.lines(name) do count = count + 1 end
os.remove(name)
print(("wrote and read back %d lines via %s"):format(count, name:match("^/tmp/") and "/tmp" or name))

-- errors unwind through C longjmp (Wasm exception handling)
local ok, err = pcall(function() error({code = 42}) end)
print("pcall caught error code", ok, err.code)

-- coroutines and string library
local gen = coroutine.wrap(function() for w in ("WALI runs Lua"):gmatch("%a+") do coroutine.yield(w:upper()) end end)
local words = {}
for w in gen do words[#words + 1] = w end
print(table.concat(words, " "))

print(("environment: HOME is %s"):format(os.getenv("HOME") and "set" or "unset"))
print(("done in %.2f s of CPU"):format(os.clock() - t0))
