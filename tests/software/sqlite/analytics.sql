-- window functions, CTEs (recursive), JSON functions and operators
.mode list
.separator " | "
CREATE TABLE sales(region TEXT, month INTEGER, amount REAL);
INSERT INTO sales VALUES ('north', 1, 100), ('north', 2, 150), ('north', 3, 120), ('north', 4, 200),
                         ('south', 1, 80), ('south', 2, 80), ('south', 3, 140), ('south', 4, 90),
                         ('west', 1, 300), ('west', 2, 50);
SELECT region, month, amount,
       row_number() OVER w, rank() OVER (PARTITION BY region ORDER BY amount DESC), dense_rank() OVER (ORDER BY amount),
       sum(amount) OVER (PARTITION BY region ORDER BY month ROWS UNBOUNDED PRECEDING) AS running,
       avg(amount) OVER (PARTITION BY region ORDER BY month ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) AS smooth,
       lag(amount, 1, 0) OVER w, lead(amount) OVER w, first_value(amount) OVER w, last_value(amount) OVER w,
       ntile(2) OVER w, percent_rank() OVER w, cume_dist() OVER w
FROM sales WINDOW w AS (PARTITION BY region ORDER BY month) ORDER BY region, month;
SELECT region, sum(amount) AS total, rank() OVER (ORDER BY sum(amount) DESC) FROM sales GROUP BY region ORDER BY total DESC;
SELECT month, group_concat(region, ',') OVER (ORDER BY month RANGE BETWEEN CURRENT ROW AND CURRENT ROW) FROM sales WHERE region != 'west' ORDER BY month, region;
SELECT region, amount, sum(amount) FILTER (WHERE month > 2) OVER (PARTITION BY region) FROM sales ORDER BY 1, 2;
SELECT month, amount, nth_value(amount, 2) OVER (ORDER BY month, region ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING) FROM sales WHERE region = 'south';
SELECT amount, count(*) OVER (ORDER BY amount GROUPS BETWEEN 1 PRECEDING AND CURRENT ROW EXCLUDE TIES) FROM sales ORDER BY amount, region;
-- recursive CTEs
WITH RECURSIVE fib(n, a, b) AS (SELECT 1, 0, 1 UNION ALL SELECT n + 1, b, a + b FROM fib WHERE n < 60)
SELECT n, a FROM fib WHERE n % 10 = 0;
CREATE TABLE tree(id INTEGER PRIMARY KEY, parent INTEGER, name TEXT);
INSERT INTO tree VALUES (1, NULL, 'root'), (2, 1, 'a'), (3, 1, 'b'), (4, 2, 'a1'), (5, 2, 'a2'), (6, 5, 'a2x'), (7, 3, 'b1');
WITH RECURSIVE walk(id, path, depth) AS (
  SELECT id, name, 0 FROM tree WHERE parent IS NULL
  UNION ALL SELECT t.id, w.path || '/' || t.name, w.depth + 1 FROM tree t JOIN walk w ON t.parent = w.id ORDER BY 3 DESC)
SELECT printf('%.*c%s', depth * 2, ' ', path) FROM walk;
WITH RECURSIVE x(i) AS (VALUES(1) UNION ALL SELECT i + 1 FROM x LIMIT 1000) SELECT count(*), sum(i) FROM x;
WITH a AS MATERIALIZED (SELECT region, sum(amount) s FROM sales GROUP BY region), b AS (SELECT max(s) m FROM a)
SELECT region FROM a, b WHERE s = m;
WITH RECURSIVE mandel(x, y) AS (SELECT 0, 0 UNION ALL SELECT x + 1, y FROM mandel WHERE x < 39 UNION ALL SELECT 0, y + 1 FROM mandel WHERE x = 0 AND y < 11),
 it(x, y, cr, ci, zr, zi, k) AS (
  SELECT x, y, -2.0 + x * 0.065, -1.2 + y * 0.22, 0.0, 0.0, 0 FROM mandel
  UNION ALL SELECT x, y, cr, ci, zr * zr - zi * zi + cr, 2 * zr * zi + ci, k + 1 FROM it WHERE zr * zr + zi * zi < 4 AND k < 30)
SELECT group_concat(c, '') FROM (SELECT y, x, substr(' .:-=+*#%@', 1 + min(max(k) / 3, 9), 1) AS c FROM it GROUP BY y, x ORDER BY y, x) GROUP BY y ORDER BY y;
-- JSON
SELECT json('{"a": [1, 2, {"b": null}], "c": "x"}'), json_valid('{bad'), json_type('[1, 2.5, "s"]', '$[1]');
SELECT json_extract('{"a": {"b": [10, 20, 30]}}', '$.a.b[1]'), '{"a": {"b": 5}}' -> '$.a', '{"a": {"b": 5}}' ->> '$.a.b', '[1,2,3]' ->> 2;
SELECT json_object('k', 1, 'arr', json_array(1, 'two', 3.5, NULL), 'nested', json_object('t', json('true')));
SELECT json_insert('{"a":1}', '$.b', 2), json_replace('{"a":1}', '$.a', 'x'), json_set('{"a":1}', '$.c[#]', 5), json_remove('[1,2,3]', '$[0]'), json_patch('{"a":1,"b":2}', '{"b":null,"c":3}');
SELECT key, value, type, fullkey FROM json_each('{"x": 1, "y": [2, 3], "z": {"w": "deep"}}');
SELECT fullkey, atom FROM json_tree('{"p": [1, {"q": 2}]}') WHERE atom IS NOT NULL;
SELECT region, json_group_array(amount), json_group_object(CAST(month AS TEXT), amount) FROM sales GROUP BY region ORDER BY region;
SELECT json_array_length('[1, [2, 3], 4]'), json_array_length('{"a": [1, 2]}', '$.a'), json_quote('a"b'), json('  [ 1e2 , -0.5 ] ');
CREATE TABLE docs(id INTEGER PRIMARY KEY, body TEXT);
INSERT INTO docs(body) VALUES ('{"user": "ann", "tags": ["x", "y"], "score": 9.5}'), ('{"user": "bob", "tags": [], "score": 7}'), ('{"user": "cy", "tags": ["y"]}');
SELECT body ->> '$.user', json_array_length(body, '$.tags'), coalesce(body ->> '$.score', 'none') FROM docs ORDER BY id;
SELECT d.body ->> 'user', t.value FROM docs d, json_each(d.body, '$.tags') t ORDER BY 1, 2;
