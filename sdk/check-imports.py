#!/usr/bin/env python3
"""Check a WALI module's imports (and shape) against the WALI ABI tables.

    sdk/check-imports.py [--abi-dir DIR] [--list] [--strict] [--no-shape] MODULE.wasm...

Parses the Wasm binary itself (no external tools).  For every import:
  - an import from any module other than `wali` is an error;
  - `wali.SYS_<name>` listed in syscalls.tsv (by name or alias) must have
    exactly the spec's parameter types and result i64;
  - `wali.<aux>` listed in aux.tsv must have the aux table's type;
  - other `wali.SYS_<name>` imports (not in the spec) are accepted when their
    result is i64 and, if observed-extra-imports.tsv lists the name, the type
    matches one of the observed ones; with --strict they are errors;
  - function imports only (a WALI module defines its own memory).
Shape checks (unless --no-shape): the memory is defined, shared and exported
as "memory"; `_start` is exported as () -> ().

ABI tables are read from --abi-dir, $WALI_ABI_DIR, or ../shared/wali-abi
beside the repository.  Exit status: 0 ok, 1 problems found, 2 usage/parse
error.
"""
import argparse
import os
import sys

HERE = os.path.dirname(os.path.abspath(__file__))

VALTYPES = {0x7F: "i32", 0x7E: "i64", 0x7D: "f32", 0x7C: "f64", 0x7B: "v128",
            0x70: "funcref", 0x6F: "externref", 0x69: "exnref"}


class ParseError(Exception):
    pass


class Reader:
    def __init__(self, data, pos=0, end=None):
        self.data = data
        self.pos = pos
        self.end = len(data) if end is None else end

    def byte(self):
        if self.pos >= self.end:
            raise ParseError("unexpected end of data at offset %d" % self.pos)
        b = self.data[self.pos]
        self.pos += 1
        return b

    def uleb(self):
        result = shift = 0
        while True:
            b = self.byte()
            result |= (b & 0x7F) << shift
            shift += 7
            if not b & 0x80:
                return result
            if shift > 70:
                raise ParseError("LEB128 too long")

    def bytes(self, n):
        if self.pos + n > self.end:
            raise ParseError("unexpected end of data")
        b = self.data[self.pos:self.pos + n]
        self.pos += n
        return b

    def name(self):
        return self.bytes(self.uleb()).decode("utf-8", "replace")

    def valtype(self):
        b = self.byte()
        if b in VALTYPES:
            return VALTYPES[b]
        if b in (0x63, 0x64):  # (ref null? heaptype)
            self.sleb_heaptype()
            return "ref"
        raise ParseError("unknown value type 0x%02x" % b)

    def sleb_heaptype(self):
        # heap types are s33; abstract ones are single negative bytes
        while self.byte() & 0x80:
            pass

    def limits(self):
        flags = self.byte()
        mn = self.uleb()
        mx = self.uleb() if flags & 1 else None
        return {"min": mn, "max": mx, "shared": bool(flags & 2), "mem64": bool(flags & 4)}


def parse_module(data):
    if data[:4] != b"\0asm":
        raise ParseError("not a wasm binary")
    if data[4:8] != b"\x01\0\0\0":
        raise ParseError("unsupported wasm version")
    r = Reader(data, 8)
    types, imports, exports, memories, funcs = [], [], [], [], []
    while r.pos < r.end:
        sid = r.byte()
        size = r.uleb()
        s = Reader(data, r.pos, r.pos + size)
        r.pos += size
        if sid == 1:  # type
            for _ in range(s.uleb()):
                form = s.byte()
                if form == 0x4E:  # rec group: not expected in WALI modules
                    raise ParseError("recursive type groups are not supported")
                if form != 0x60:
                    raise ParseError("unsupported type form 0x%02x" % form)
                params = [s.valtype() for _ in range(s.uleb())]
                results = [s.valtype() for _ in range(s.uleb())]
                types.append((params, results))
        elif sid == 2:  # import
            for _ in range(s.uleb()):
                mod, field, kind = s.name(), s.name(), s.byte()
                imp = {"module": mod, "name": field, "kind": kind}
                if kind == 0:
                    imp["type"] = s.uleb()
                elif kind == 1:
                    s.valtype()
                    imp["limits"] = s.limits()
                elif kind == 2:
                    imp["limits"] = s.limits()
                elif kind == 3:
                    s.valtype()
                    s.byte()
                elif kind == 4:
                    s.byte()
                    imp["type"] = s.uleb()
                else:
                    raise ParseError("unknown import kind %d" % kind)
                imports.append(imp)
        elif sid == 3:  # function
            funcs = [s.uleb() for _ in range(s.uleb())]
        elif sid == 5:  # memory
            memories = [s.limits() for _ in range(s.uleb())]
        elif sid == 7:  # export
            for _ in range(s.uleb()):
                exports.append({"name": s.name(), "kind": s.byte(), "index": s.uleb()})
    return {"types": types, "imports": imports, "exports": exports,
            "memories": memories, "funcs": funcs}


def read_tsv(path):
    rows = []
    with open(path) as f:
        header = None
        for line in f:
            line = line.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            cols = line.split("\t")
            if header is None:
                header = cols
            else:
                rows.append(dict(zip(header, cols)))
    return rows


def plist(s):
    s = (s or "").strip()
    return [] if s in ("", "-") else [p.strip() for p in s.split(",")]


def find_abi_dir(arg):
    cands = [arg, os.environ.get("WALI_ABI_DIR"),
             os.path.join(HERE, "..", "..", "shared", "wali-abi"),
             os.path.join(HERE, "..", "shared", "wali-abi")]
    for c in cands:
        if c and os.path.isfile(os.path.join(c, "syscalls.tsv")):
            return os.path.normpath(c)
    return None


def load_abi(abi_dir):
    """Returns {import name: [(params, results), ...]} and kinds."""
    spec, aux, observed = {}, {}, {}
    for r in read_tsv(os.path.join(abi_dir, "syscalls.tsv")):
        sig = (plist(r["params"]), ["i64"])
        names = [r["name"]] + [a for a in plist(r.get("aliases", "-").replace(";", ","))]
        for n in names:
            spec["SYS_" + n] = sig
    for r in read_tsv(os.path.join(abi_dir, "aux.tsv")):
        aux[r["name"]] = (plist(r["params"]), plist(r["result"]))
    obs_path = os.path.join(abi_dir, "observed-extra-imports.tsv")
    if os.path.isfile(obs_path):
        for r in read_tsv(obs_path):
            observed.setdefault(r["import"], []).append((plist(r["params"]), plist(r["result"])))
    return spec, aux, observed


def fmt(sig):
    return "(%s) -> (%s)" % (", ".join(sig[0]), ", ".join(sig[1]))


def check(path, abi, args):
    spec, aux, observed = abi
    with open(path, "rb") as f:
        m = parse_module(f.read())
    problems, notes, unlisted = [], [], []
    nimported_funcs = 0
    for imp in m["imports"]:
        where = "%s.%s" % (imp["module"], imp["name"])
        if imp["kind"] != 0:
            kinds = {1: "table", 2: "memory", 3: "global", 4: "tag"}
            problems.append("%s: imported %s (WALI modules import only functions)" % (where, kinds[imp["kind"]]))
            continue
        nimported_funcs += 1
        sig = m["types"][imp["type"]]
        if args.list:
            print("  %-32s %s" % (where, fmt(sig)))
        if imp["module"] != "wali":
            problems.append("%s: import from module %r, not 'wali'" % (where, imp["module"]))
            continue
        name = imp["name"]
        if name in spec:
            if sig != spec[name]:
                seen = list(sig) in [list(o) for o in observed.get(name, [])]
                problems.append("%s: type %s, syscalls.tsv says %s%s" % (
                    where, fmt(sig), fmt(spec[name]),
                    " (this variant is seen in reference-built modules)" if seen else ""))
        elif name in aux:
            if sig != aux[name]:
                problems.append("%s: type %s, aux.tsv says %s" % (where, fmt(sig), fmt(aux[name])))
        elif name.startswith("SYS_"):
            msg = "%s: syscall not in the WALI spec list (engines may return ENOSYS)" % where
            if name in observed and list(sig) not in [list(o) for o in observed[name]]:
                problems.append("%s: type %s differs from every observed type (%s)" % (
                    where, fmt(sig), "; ".join(fmt(o) for o in observed[name])))
            elif sig[1] != ["i64"]:
                problems.append("%s: result %s, syscalls return i64" % (where, fmt(sig)))
            elif args.strict:
                problems.append(msg)
            else:
                unlisted.append(name)
        else:
            problems.append("%s: unknown wali import" % where)

    if unlisted:
        shown = ", ".join(unlisted[:8]) + (", ... (%d more)" % (len(unlisted) - 8) if len(unlisted) > 8 else "")
        notes.append("%d syscall import(s) outside the WALI spec list (engines may return ENOSYS): %s"
                     % (len(unlisted), shown))

    if not args.no_shape:
        exports = {e["name"]: e for e in m["exports"]}
        if m["memories"] == []:
            problems.append("module defines no memory (WALI modules define their own)")
        else:
            mem = m["memories"][0]
            if not mem["shared"]:
                problems.append("memory is not shared (link with -pthread)")
            if mem["max"] is None:
                problems.append("memory has no maximum (link with -Wl,--max-memory=...)")
        if exports.get("memory", {}).get("kind") != 2:
            problems.append('memory is not exported as "memory"')
        start = exports.get("_start")
        if not start or start["kind"] != 0:
            problems.append("no exported function _start")
        else:
            fi = start["index"] - nimported_funcs
            if 0 <= fi < len(m["funcs"]) and m["types"][m["funcs"][fi]] != ([], []):
                problems.append("_start has type %s, expected () -> ()" % fmt(m["types"][m["funcs"][fi]]))
    return problems, notes


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("modules", nargs="+")
    ap.add_argument("--abi-dir")
    ap.add_argument("--list", action="store_true", help="print every import with its type")
    ap.add_argument("--strict", action="store_true", help="syscalls outside the spec list are errors")
    ap.add_argument("--no-shape", action="store_true", help="skip memory/_start checks")
    args = ap.parse_args()
    abi_dir = find_abi_dir(args.abi_dir)
    if not abi_dir:
        print("check-imports: cannot find the WALI ABI tables (syscalls.tsv); pass --abi-dir", file=sys.stderr)
        return 2
    abi = load_abi(abi_dir)
    bad = 0
    for path in args.modules:
        if args.list:
            print("%s:" % path)
        try:
            problems, notes = check(path, abi, args)
        except (OSError, ParseError, IndexError) as e:
            print("%s: error: %s" % (path, e), file=sys.stderr)
            return 2
        for n in notes:
            print("%s: note: %s" % (path, n))
        for p in problems:
            print("%s: error: %s" % (path, p))
        if problems:
            bad += 1
        else:
            print("%s: ok" % path)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
