-- an on-disk database in the scratch cwd: journal modes (rollback, WAL with shared-memory index),
-- two connections with file locking, mmap I/O, checkpoints, VACUUM, ATTACH, backup/restore, dump
.open main.db
PRAGMA page_size = 4096;
PRAGMA journal_mode;
CREATE TABLE items(id INTEGER PRIMARY KEY, name TEXT, qty INTEGER, payload BLOB);
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
INSERT INTO items(name, qty, payload) SELECT 'item' || i, i % 17, randomblob(100) FROM n;
SELECT count(*), sum(qty) FROM items;
PRAGMA journal_mode = TRUNCATE;
UPDATE items SET qty = qty + 1 WHERE id % 2 = 0;
PRAGMA journal_mode = PERSIST;
DELETE FROM items WHERE id > 2900;
PRAGMA journal_mode = MEMORY;
INSERT INTO items(name, qty) VALUES ('memory-journal', 1);
PRAGMA journal_mode = DELETE;
SELECT count(*), sum(qty) FROM items;
PRAGMA journal_mode = WAL;
PRAGMA synchronous = NORMAL;
BEGIN;
INSERT INTO items(name, qty) VALUES ('wal1', 100), ('wal2', 200);
COMMIT;
SELECT name, qty FROM items WHERE name LIKE 'wal%' ORDER BY id;
.shell ls main.db* | sort
-- a second connection in the same process sees committed WAL data; writers lock each other out
.connection 1
.open main.db
PRAGMA busy_timeout = 0;
PRAGMA journal_mode;
SELECT count(*), sum(qty) FROM items;
BEGIN IMMEDIATE;
INSERT INTO items(name, qty) VALUES ('from-conn1', 7);
.connection 0
PRAGMA busy_timeout = 0;
INSERT INTO items(name, qty) VALUES ('blocked', 1);
SELECT count(*) FROM items WHERE name = 'from-conn1';
.connection 1
COMMIT;
.connection 0
SELECT count(*) FROM items WHERE name IN ('from-conn1', 'blocked');
.connection close 1
PRAGMA wal_checkpoint(TRUNCATE);
PRAGMA mmap_size = 4194304;
SELECT count(*), sum(length(payload)), sum(qty) FROM items;
UPDATE items SET name = upper(name) WHERE id <= 10;
SELECT group_concat(name, ',') FROM (SELECT name FROM items WHERE id <= 5 ORDER BY id);
PRAGMA mmap_size = 0;
PRAGMA integrity_check;
-- attach a second file, copy data across
ATTACH 'other.db' AS other;
CREATE TABLE other.copy AS SELECT id, name FROM items WHERE qty = 5;
SELECT count(*) FROM other.copy;
DETACH other;
-- back to rollback journal, shrink with VACUUM
DELETE FROM items WHERE id > 100;
PRAGMA journal_mode = DELETE;
PRAGMA page_count;
VACUUM;
PRAGMA page_count;
PRAGMA freelist_count;
.backup backup.db
.open backup.db
SELECT count(*), sum(qty) FROM items;
.open other.db
SELECT count(*) FROM copy;
.open main.db
.restore backup.db
SELECT count(*) FROM items;
CREATE TABLE small(a, b);
INSERT INTO small VALUES (1, 'one'), (2, x'0102'), (3, NULL), (4, 2.5);
.dump small
.tables
.schema items
.shell ls *.db* | sort
.system rm backup.db
.shell ls *.db* | sort
