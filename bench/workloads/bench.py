# Fixed CPython workload for bench/run.py (pyperformance-style): a pure-Python loop (integer
# arithmetic, function calls, list and dict work), json dumps/loads of a nested document, and
# regular expressions over generated text. Prints a deterministic checksum; usage: bench.py [scale]
import json, re, sys

scale = int(sys.argv[1]) if len(sys.argv) > 1 else 5
check = 0


def mix(v):
    global check
    check = (check * 31 + v) % 2147483647


def collatz(n):
    steps = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        steps += 1
    return steps


for r in range(scale):
    # pure-Python loop: calls, integer arithmetic, a dict and a sorted list
    lengths = {}
    for i in range(1, 20000):
        lengths[i] = collatz(i + r)
    mix(sum(lengths.values()))
    mix(sorted(lengths.items(), key=lambda kv: (-kv[1], kv[0]))[0][0])

    # json: a nested document, dumped and loaded back
    doc = {"items": [{"id": i, "name": f"item-{i}", "tags": ["a", "b", str(i % 7)], "price": i * 1.25,
                      "ok": i % 3 == 0, "child": {"depth": i % 5, "none": None}} for i in range(4000)]}
    text = json.dumps(doc, sort_keys=True)
    mix(len(text))
    back = json.loads(text)
    mix(sum(item["child"]["depth"] for item in back["items"]))

    # regex: findall, sub with a callback, and split over generated text
    log = "\n".join(f"2024-01-{i % 28 + 1:02d} 12:{i % 60:02d}:00 user{i % 97}@host{i % 13}.example.com GET /p/{i}"
                    for i in range(8000))
    mix(len(re.findall(r"user(\d+)@host(\d+)\.example\.com", log)))
    mix(len(re.sub(r"/p/(\d+)", lambda m: "/q/" + m.group(1)[::-1], log)))
    mix(len(re.split(r"\s+|:", log)))

print("checksum", check)
