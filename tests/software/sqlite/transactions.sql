-- transactions, savepoints, rollbacks, foreign keys and triggers
PRAGMA foreign_keys = ON;
CREATE TABLE account(id INTEGER PRIMARY KEY, owner TEXT, balance INTEGER CHECK (balance >= 0));
CREATE TABLE ledger(id INTEGER PRIMARY KEY, account_id INTEGER REFERENCES account(id) ON DELETE CASCADE, delta INTEGER, note TEXT);
CREATE TABLE audit(id INTEGER PRIMARY KEY, msg TEXT);
CREATE TRIGGER ledger_apply AFTER INSERT ON ledger BEGIN
  UPDATE account SET balance = balance + NEW.delta WHERE id = NEW.account_id;
  INSERT INTO audit(msg) VALUES ('ledger ' || NEW.id || ' applied ' || NEW.delta);
END;
CREATE TRIGGER account_big BEFORE UPDATE OF balance ON account WHEN NEW.balance > 1000 BEGIN
  SELECT RAISE(ABORT, 'balance too large');
END;
CREATE TRIGGER account_gone AFTER DELETE ON account BEGIN
  INSERT INTO audit(msg) VALUES ('account ' || OLD.owner || ' deleted');
END;
INSERT INTO account VALUES (1, 'ann', 100), (2, 'bob', 50);
BEGIN;
INSERT INTO ledger(account_id, delta, note) VALUES (1, -30, 'pay'), (2, 30, 'receive');
COMMIT;
SELECT * FROM account;
BEGIN;
INSERT INTO ledger(account_id, delta, note) VALUES (1, 500, 'bonus');
SELECT balance FROM account WHERE id = 1;
ROLLBACK;
SELECT balance FROM account WHERE id = 1;
INSERT INTO ledger(account_id, delta, note) VALUES (1, -1000, 'overdraft');
INSERT INTO ledger(account_id, delta, note) VALUES (2, 5000, 'too much');
INSERT INTO ledger(account_id, delta, note) VALUES (9, 1, 'no such account');
SELECT * FROM account;
SELECT count(*) FROM ledger;
-- savepoints
SAVEPOINT outer_sp;
INSERT INTO ledger(account_id, delta, note) VALUES (1, 1, 's1');
SAVEPOINT inner_sp;
INSERT INTO ledger(account_id, delta, note) VALUES (1, 2, 's2');
ROLLBACK TO inner_sp;
INSERT INTO ledger(account_id, delta, note) VALUES (1, 4, 's3');
RELEASE inner_sp;
RELEASE outer_sp;
SELECT group_concat(note, ','), sum(delta) FROM ledger WHERE note LIKE 's%';
SELECT balance FROM account WHERE id = 1;
-- deferred constraints and cascade
DELETE FROM account WHERE id = 2;
SELECT count(*) FROM ledger WHERE account_id = 2;
SELECT msg FROM audit ORDER BY id;
BEGIN IMMEDIATE;
UPDATE account SET balance = balance * 2;
END;
SELECT * FROM account;
-- a big transaction
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 5000)
INSERT INTO audit(msg) SELECT 'bulk ' || i FROM n;
COMMIT;
SELECT count(*), max(id) FROM audit;
-- INSTEAD OF trigger on a view
CREATE VIEW balances AS SELECT owner, balance FROM account;
CREATE TRIGGER balances_ins INSTEAD OF INSERT ON balances BEGIN
  INSERT INTO account(owner, balance) VALUES (upper(NEW.owner), NEW.balance);
END;
INSERT INTO balances VALUES ('cy', 7);
SELECT * FROM balances ORDER BY owner;
PRAGMA foreign_key_check;
