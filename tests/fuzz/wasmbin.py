"""A minimal WebAssembly binary writer: just what the syscall fuzzer's generated modules need
(types, imports, one table, one memory, functions, exports, element and data segments), so the
fuzzer depends on nothing beyond Python."""

I32, I64 = 0x7F, 0x7E
FUNCREF = 0x70


def uleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def sleb(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if (n == 0 and not b & 0x40) or (n == -1 and b & 0x40):
            out.append(b)
            return bytes(out)
        out.append(b | 0x80)


def name(s):
    b = s.encode()
    return uleb(len(b)) + b


def vec(items):
    return uleb(len(items)) + b"".join(items)


def section(sid, payload):
    return bytes([sid]) + uleb(len(payload)) + payload


class Code:
    """A function body under construction (instructions appended as bytes)."""

    def __init__(self):
        self.b = bytearray()

    def i32_const(self, v):
        v &= 0xFFFFFFFF
        self.b += b"\x41" + sleb(v - (1 << 32) if v >= 1 << 31 else v)

    def i64_const(self, v):
        v &= 0xFFFFFFFFFFFFFFFF
        self.b += b"\x42" + sleb(v - (1 << 64) if v >= 1 << 63 else v)

    def i64_store(self, addr, value):
        self.i32_const(addr)
        self.i64_const(value)
        self.b += b"\x37\x00\x00"  # i64.store align=1 offset=0

    def call(self, index):
        self.b += b"\x10" + uleb(index)

    def local_get(self, index):
        self.b += b"\x20" + uleb(index)

    def local_set(self, index):
        self.b += b"\x21" + uleb(index)

    def raw(self, data):
        self.b += data


def module(types, imports, funcs, table_size, elems, memory, exports, data):
    """types: [(params, results)]; imports: [(module, name, type index)]; funcs: [(type index,
    [local types], body bytes)]; elems: [(offset, [function index])]; memory: (min, max) pages;
    exports: [(name, kind, index)]; data: [(offset, bytes)]."""
    out = bytearray(b"\0asm\1\0\0\0")
    out += section(1, vec([b"\x60" + vec([bytes([p]) for p in ps]) + vec([bytes([r]) for r in rs])
                           for ps, rs in types]))
    out += section(2, vec([name(m) + name(n) + b"\x00" + uleb(t) for m, n, t in imports]))
    out += section(3, vec([uleb(t) for t, _, _ in funcs]))
    out += section(4, vec([bytes([FUNCREF, 0x01]) + uleb(table_size) + uleb(table_size)]))
    lo, hi = memory
    out += section(5, vec([b"\x01" + uleb(lo) + uleb(hi)]))
    out += section(7, vec([name(n) + bytes([k]) + uleb(i) for n, k, i in exports]))
    out += section(9, vec([b"\x00\x41" + sleb(off) + b"\x0b" + vec([uleb(f) for f in fs]) for off, fs in elems]))
    bodies = []
    for _, locals_, body in funcs:
        decl = vec([uleb(1) + bytes([t]) for t in locals_])
        code = decl + bytes(body) + b"\x0b"
        bodies.append(uleb(len(code)) + code)
    out += section(10, vec(bodies))
    out += section(11, vec([b"\x00\x41" + sleb(off) + b"\x0b" + uleb(len(d)) + d for off, d in data]))
    return bytes(out)
