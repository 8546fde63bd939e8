# sqlite3 over the SDK's SQLite build: in memory and on disk (journal and WAL).
import sqlite3, os, tempfile
con = sqlite3.connect(":memory:")
con.execute("create table t (id integer primary key, name text, score real, data blob)")
con.executemany("insert into t (name, score, data) values (?, ?, ?)", [(f"n{i}", i * 1.5, bytes([i])) for i in range(20)])
print(con.execute("select count(*), sum(score), avg(id), group_concat(name, '|') from t where id % 3 = 0").fetchone())
con.create_function("rev", 1, lambda s: s[::-1])
print(con.execute("select rev(name), hex(data) from t order by id desc limit 3").fetchall())
class Agg:
    def __init__(self): self.v = []
    def step(self, x): self.v.append(x)
    def finalize(self): return ",".join(map(str, sorted(self.v)))
con.create_aggregate("cat", 1, Agg)
print(con.execute("select cat(id) from t where id < 6").fetchone(), sqlite3.sqlite_version_info >= (3, 0, 0))
con.row_factory = sqlite3.Row
row = con.execute("select id, name from t where id = ?", (7,)).fetchone(); print(dict(row), row.keys())
try:
    con.execute("insert into t (id) values (1)")
except sqlite3.IntegrityError as e:
    print("IntegrityError", e)
print(con.execute("select json_object('a', 1, 'b', json_array(1, 2))").fetchone()[0], con.execute("select sqrt(16.0), 7 / 2, 7 % 3").fetchone()[:])
d = tempfile.mkdtemp()
for mode in ["delete", "wal"]:
    path = os.path.join(d, mode + ".db")
    a = sqlite3.connect(path); a.execute(f"pragma journal_mode={mode}"); a.execute("create table k (v)")
    with a:
        a.executemany("insert into k values (?)", [(i,) for i in range(1000)])
    b = sqlite3.connect(path)
    print(mode, b.execute("pragma journal_mode").fetchone(), b.execute("select count(*), sum(v) from k").fetchone())
    a.close(); b.close()
print(sorted(os.listdir(d)))
for f in os.listdir(d): os.unlink(os.path.join(d, f))
os.rmdir(d)
