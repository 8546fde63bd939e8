# Pure-computation modules and the C accelerators compiled into the WALI build.
import json, re, struct, math, cmath, datetime, collections, itertools, decimal, fractions
import array, binascii, bisect, heapq, random, unicodedata, pickle, csv, io, functools, operator

print(json.dumps({"b": [1, 2.5, None, True], "a": "é\u2603", "n": {"x": -1}}, sort_keys=True))
print(json.loads('{"k": [1e10, -0.0, "\\u00e9"], "z": null}'))
print(json.dumps(list(range(5)), indent=2))
print(re.findall(r"(\w+)@(\w+)\.com", "ann@ex.com bob@test.com"), re.sub(r"\d+", lambda m: str(int(m[0]) * 2), "a1 b22 c333"))
print(re.split(r"[,;]\s*", "a, b;c,d"), bool(re.fullmatch(r"(?i)[a-z]+", "HeLLo")), re.compile(r"(?P<y>\d{4})-(?P<m>\d\d)").match("2024-05").groupdict())
print(struct.pack("<iqdH3s?", -2, 2**40, 1.5, 65535, b"ab", True).hex(), struct.unpack(">IhQ", bytes(range(14))), struct.calcsize("<lq"), struct.calcsize("=qd"))
print(math.sqrt(2), math.factorial(30), math.gcd(2**64, 6**20), math.isclose(math.sin(math.pi), 0, abs_tol=1e-12), math.log2(1 << 70), math.fsum([0.1] * 10), math.comb(50, 20))
print(math.floor(-2.5), math.ceil(2.1), math.frexp(1e300), math.hypot(3, 4, 12), math.erf(0.5), math.lgamma(10.5), math.inf > 1e308, math.nan != math.nan)
print(cmath.sqrt(-4), cmath.exp(1j * math.pi), cmath.polar(1 + 1j), cmath.phase(-1))
print(float("1e-320"), 1e308 * 10, repr(0.1 + 0.2), round(2.675, 2), format(1234567.891, ",.2f"), float.fromhex("0x1.8p3"), (2.5).hex(), 10 ** 30 // 7, -7 // 2, -7 % 3, pow(3, 200, 10 ** 9 + 7), (1 << 100).bit_length())
print(int("123456789" * 5) * int("987654321" * 4), divmod(-(10 ** 25), 12345), hash(12345) == 12345, (-1).to_bytes(4, "little", signed=True))
d = datetime.datetime(2024, 2, 29, 13, 45, 7, 123456, tzinfo=datetime.timezone.utc)
print(d.isoformat(), d + datetime.timedelta(days=366, seconds=-1), d.strftime("%Y-%j %a %b %H:%M:%S"), d.timestamp(), datetime.date(2000, 1, 1).toordinal(), datetime.datetime.fromtimestamp(0, datetime.timezone.utc))
print(datetime.datetime.strptime("2021-12-31 23:59", "%Y-%m-%d %H:%M"), datetime.timedelta(hours=-30, microseconds=5), datetime.date.fromisoformat("2020-03-01").isocalendar())
c = collections.Counter("abracadabra"); dq = collections.deque(range(10), maxlen=5); dq.rotate(2)
od = collections.OrderedDict(a=1, b=2); od.move_to_end("a"); dd = collections.defaultdict(list); dd["x"].append(1)
Point = collections.namedtuple("Point", "x y"); print(c.most_common(3), dq, od, dict(dd), Point(1, 2)._replace(y=5), collections.ChainMap({"a": 1}, {"a": 2, "b": 3})["b"])
print(list(itertools.permutations("abc", 2)), list(itertools.accumulate([1, 2, 3, 4], operator.mul)), list(itertools.islice(itertools.cycle("xy"), 5)), [(k, len(list(g))) for k, g in itertools.groupby("aaabccd")], list(itertools.product([0, 1], repeat=2)), list(itertools.pairwise("abcd")))
decimal.getcontext().prec = 40
print(decimal.Decimal(1) / decimal.Decimal(7), decimal.Decimal("1.10") + decimal.Decimal("2.205"), decimal.Decimal(2).sqrt(), decimal.Decimal("123.456").quantize(decimal.Decimal("0.01"), rounding=decimal.ROUND_HALF_EVEN), decimal.Decimal(10) ** -30, fractions.Fraction(3, 7) + fractions.Fraction(1, 3))
# exponents beyond the 32-bit libmpdec's range saturate (overflow, underflow) as in a 64-bit build (they wrapped around)
ctx = decimal.Context(traps=[])
for lit in ("1e-12345678903", "1e12345678903", "1e-4294967297", "-1e4294967297", "1e99999999999999999999", "1e-999999"):
    ctx.clear_flags(); d = ctx.create_decimal(lit)
    print(lit, d, ctx.quantize(decimal.Decimal("123.456"), d), sorted(k.__name__ for k, v in ctx.flags.items() if v))
a = array.array("d", [1.5, 2.5]); a.append(-3); b = array.array("i", range(5)); b.byteswap()
print(a, a.tobytes().hex(), b.tolist(), array.array("u", "héllo").tounicode(), array.array("q", [2 ** 62]).itemsize)
print(binascii.hexlify(b"\x00\xffab"), binascii.crc32(b"hello world"), binascii.b2a_base64(b"any carnal pleas"), binascii.a2b_hex("deadbeef"), binascii.crc_hqx(b"abc", 0))
l = [1, 3, 3, 7]; bisect.insort(l, 4); h = [5, 1, 8, 3, 9, 2]; heapq.heapify(h)
print(bisect.bisect_left(l, 3), bisect.bisect_right(l, 3), l, [heapq.heappop(h) for _ in range(3)], heapq.nlargest(2, [4, 9, 1, 7]), list(heapq.merge([1, 4], [2, 3])))
random.seed(12345); print(random.random(), random.randint(1, 10 ** 12), random.sample(range(100), 5), random.gauss(0, 1), random.getrandbits(70)); r = list(range(10)); random.shuffle(r); print(r)
print(unicodedata.name("\u2603"), unicodedata.category("A"), unicodedata.normalize("NFD", "é").encode("utf-8"), unicodedata.numeric("\u00bd"), unicodedata.east_asian_width("\u4e00"), unicodedata.unidata_version)
print("ß".upper(), "ǅ".lower(), "İ".casefold(), "Straße".casefold() == "STRASSE".casefold(), "abc".center(9, "*"), "x\ty".expandtabs(4), "%5.2f|%-4d|%x|%r" % (3.14159, 42, 255, "s"), f"{12345.678:_^+15.2f}")
obj = {"t": (1, 2), "s": {1, 2}, "f": 1.5, "b": b"x", "n": None, "big": 2 ** 100, "p": Point(3, 4)}
for proto in range(pickle.HIGHEST_PROTOCOL + 1):
    assert pickle.loads(pickle.dumps(obj, proto)) == obj
print(pickle.dumps([1, "a", (2.5,)], 2).hex(), pickle.loads(pickle.dumps(d)) == d)
buf = io.StringIO(); w = csv.writer(buf); w.writerow(["a,b", 'q"t', 3]); w.writerow([]); print(repr(buf.getvalue()), list(csv.reader(io.StringIO('x,"y,z"\n1,2\n'))), list(csv.DictReader(io.StringIO("h1,h2\nv1,v2\n"))))
@functools.lru_cache(maxsize=None)
def fib(n): return n if n < 2 else fib(n - 1) + fib(n - 2)
print(fib(200), fib.cache_info().hits, functools.reduce(operator.add, range(101)), sorted(["b", "A", "c"], key=str.lower), sorted([(2, "b"), (1, "z"), (2, "a")], reverse=True))
