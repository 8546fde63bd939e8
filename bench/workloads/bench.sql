-- Fixed SQLite workload for bench/run.py (run on a :memory: database via the sqlite3 shell):
-- bulk inserts in a transaction (recursive CTE), an index, aggregate and join queries.
-- Prints deterministic results only.
CREATE TABLE items(id INTEGER PRIMARY KEY, grp INTEGER, name TEXT, price REAL, qty INTEGER);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 100000)
INSERT INTO items(grp, name, price, qty)
  SELECT (i * 7919) % 1000, 'item-' || ((i * 104729) % 100000), ((i * 31) % 10000) / 100.0, (i * 13) % 50 FROM n;
COMMIT;
CREATE INDEX items_grp ON items(grp);
CREATE INDEX items_name ON items(name);
CREATE TABLE groups(grp INTEGER PRIMARY KEY, label TEXT);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < 999)
INSERT INTO groups SELECT i, 'group ' || (i % 37) FROM n;
COMMIT;
SELECT count(*), sum(qty), round(sum(price * qty), 2) FROM items;
SELECT grp, count(*), round(avg(price), 4), max(qty) FROM items WHERE grp BETWEEN 100 AND 104 GROUP BY grp ORDER BY grp;
SELECT g.label, count(*), sum(i.qty) FROM items i JOIN groups g ON g.grp = i.grp GROUP BY g.label ORDER BY 3 DESC, 1 LIMIT 5;
SELECT count(*) FROM items WHERE name LIKE 'item-1999%';
SELECT count(DISTINCT name), min(name), max(name) FROM items;
UPDATE items SET price = price * 1.1 WHERE grp % 10 = 0;
SELECT round(total(price), 2) FROM items;
DELETE FROM items WHERE qty = 0;
SELECT count(*) FROM items;
