-- indexes, constraints, query plans, a larger data set from a recursive CTE
CREATE TABLE t(id INTEGER PRIMARY KEY, a INTEGER, b TEXT, c REAL);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 20000)
INSERT INTO t(a, b, c) SELECT (i * 7919) % 1000, 'row' || i, i / 3.0 FROM n;
SELECT count(*), sum(a), min(b), max(b), round(sum(c), 3) FROM t;
EXPLAIN QUERY PLAN SELECT * FROM t WHERE a = 5;
CREATE INDEX t_a ON t(a);
EXPLAIN QUERY PLAN SELECT * FROM t WHERE a = 5;
SELECT count(*), min(id), max(id) FROM t WHERE a = 5;
CREATE INDEX t_ab ON t(a, b);
CREATE UNIQUE INDEX t_b ON t(b);
CREATE INDEX t_expr ON t(lower(b));
CREATE INDEX t_partial ON t(c) WHERE a > 900;
EXPLAIN QUERY PLAN SELECT b FROM t WHERE a = 7 ORDER BY b;
EXPLAIN QUERY PLAN SELECT id FROM t WHERE lower(b) = 'row77';
SELECT id FROM t WHERE lower(b) = 'row77';
SELECT count(*) FROM t WHERE a > 900 AND c < 100;
INSERT INTO t(a, b) VALUES (1, 'row1');
SELECT count(*) FROM t WHERE b = 'row1';
ANALYZE;
SELECT tbl, idx FROM sqlite_stat1 ORDER BY tbl, idx;
SELECT name, tbl_name FROM sqlite_master WHERE type = 'index' ORDER BY name;
PRAGMA index_info(t_ab);
PRAGMA index_list(t);
-- constraints
CREATE TABLE c(id INTEGER PRIMARY KEY, v INTEGER NOT NULL CHECK (v >= 0), u TEXT UNIQUE, d TEXT DEFAULT 'dflt' COLLATE NOCASE);
INSERT INTO c(v, u) VALUES (1, 'x');
INSERT INTO c(v, u) VALUES (-1, 'y');
INSERT INTO c(v, u) VALUES (NULL, 'z');
INSERT INTO c(v, u) VALUES (2, 'x');
INSERT INTO c(v, u, d) VALUES (3, 'w', 'ABC');
SELECT * FROM c ORDER BY id;
SELECT count(*) FROM c WHERE d = 'abc';
-- without rowid, collations, strict tables
CREATE TABLE wr(k TEXT PRIMARY KEY, v) WITHOUT ROWID;
INSERT INTO wr VALUES ('b', 2), ('a', 1), ('C', 3);
SELECT * FROM wr ORDER BY k;
SELECT * FROM wr ORDER BY k COLLATE NOCASE;
CREATE TABLE s(i INTEGER, t TEXT) STRICT;
INSERT INTO s VALUES (1, 'ok');
INSERT INTO s VALUES ('x', 'bad');
SELECT * FROM s;
DROP INDEX t_expr;
REINDEX t;
PRAGMA integrity_check;
