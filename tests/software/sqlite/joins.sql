-- joins, subqueries, compound selects, views, upsert and RETURNING
.mode column
.headers on
CREATE TABLE dept(id INTEGER PRIMARY KEY, name TEXT UNIQUE);
CREATE TABLE emp(id INTEGER PRIMARY KEY, name TEXT, dept_id INTEGER REFERENCES dept(id), salary INTEGER, manager_id INTEGER);
INSERT INTO dept VALUES (1, 'eng'), (2, 'sales'), (3, 'hr'), (4, 'empty');
INSERT INTO emp VALUES (1, 'ann', 1, 120, NULL), (2, 'bo', 1, 100, 1), (3, 'cy', 2, 90, 1), (4, 'di', 2, 95, 3),
                       (5, 'ed', 3, 70, 1), (6, 'flo', NULL, 60, 5), (7, 'gus', 1, 110, 2);
SELECT e.name, d.name AS dept FROM emp e JOIN dept d ON d.id = e.dept_id ORDER BY e.id;
SELECT d.name, count(e.id) AS n, coalesce(sum(e.salary), 0) AS total FROM dept d LEFT JOIN emp e ON e.dept_id = d.id GROUP BY d.id ORDER BY d.id;
SELECT e.name, m.name AS manager FROM emp e LEFT JOIN emp m ON m.id = e.manager_id ORDER BY e.id;
SELECT d.name, e.name FROM dept d CROSS JOIN emp e WHERE e.salary > 105 ORDER BY 1, 2;
SELECT e.name FROM emp e RIGHT JOIN dept d ON d.id = e.dept_id WHERE e.id IS NULL OR d.id = 3 ORDER BY d.id;
SELECT e.name, d.name FROM emp e FULL OUTER JOIN dept d ON d.id = e.dept_id WHERE e.id IS NULL OR d.id IS NULL ORDER BY 1, 2;
SELECT name, salary FROM emp WHERE salary > (SELECT avg(salary) FROM emp) ORDER BY salary DESC;
SELECT name FROM dept d WHERE NOT EXISTS (SELECT 1 FROM emp WHERE dept_id = d.id);
SELECT name FROM emp WHERE dept_id IN (SELECT id FROM dept WHERE name LIKE '%s%') ORDER BY name;
SELECT name, (SELECT name FROM dept WHERE id = emp.dept_id) AS dn FROM emp ORDER BY id LIMIT 3;
SELECT x.dn, x.top FROM (SELECT dept_id AS dn, max(salary) AS top FROM emp GROUP BY dept_id) x ORDER BY x.dn;
SELECT name FROM emp WHERE salary >= 100 UNION SELECT name FROM dept ORDER BY 1;
SELECT dept_id FROM emp UNION ALL SELECT id FROM dept ORDER BY 1;
SELECT id FROM dept INTERSECT SELECT dept_id FROM emp ORDER BY 1;
SELECT id FROM dept EXCEPT SELECT dept_id FROM emp;
CREATE VIEW payroll AS SELECT d.name AS dept, e.name AS emp, e.salary FROM emp e JOIN dept d ON d.id = e.dept_id;
SELECT dept, sum(salary) FROM payroll GROUP BY dept ORDER BY 2 DESC;
CREATE TABLE kv(k TEXT PRIMARY KEY, v INTEGER, hits INTEGER DEFAULT 1);
INSERT INTO kv(k, v) VALUES ('a', 1), ('b', 2);
INSERT INTO kv(k, v) VALUES ('a', 10), ('c', 3) ON CONFLICT(k) DO UPDATE SET v = excluded.v, hits = hits + 1;
INSERT INTO kv(k, v) VALUES ('b', 20) ON CONFLICT DO NOTHING;
SELECT * FROM kv ORDER BY k;
INSERT INTO kv(k, v) VALUES ('d', 4) RETURNING k, v * 100 AS big;
UPDATE kv SET v = v + 1 WHERE v < 5 RETURNING k, v;
DELETE FROM kv WHERE k = 'c' RETURNING *;
INSERT OR REPLACE INTO kv VALUES ('a', 99, 0);
INSERT OR IGNORE INTO kv VALUES ('a', 0, 0);
SELECT * FROM kv ORDER BY k;
.mode box
SELECT d.name, group_concat(e.name, ',') AS members FROM dept d JOIN emp e ON e.dept_id = d.id GROUP BY d.id ORDER BY d.id;
.mode csv
SELECT * FROM emp WHERE dept_id = 1 ORDER BY id;
.mode json
SELECT id, name, salary FROM emp WHERE id < 3;
.mode insert emp2
SELECT * FROM emp WHERE id = 6;
