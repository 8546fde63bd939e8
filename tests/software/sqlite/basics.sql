-- tables, types, inserts, updates, deletes, aggregates, expressions and built-in functions
.headers on
.mode list
CREATE TABLE people(id INTEGER PRIMARY KEY, name TEXT NOT NULL, age INTEGER, city TEXT, score REAL, data BLOB);
INSERT INTO people(name, age, city, score, data) VALUES
  ('Alice', 30, 'Paris', 88.5, x'00ff'),
  ('Bob', 25, 'Berlin', 72.25, NULL),
  ('Carol', 35, 'Paris', 91.0, x'cafe'),
  ('Dave', NULL, 'Rome', NULL, NULL),
  ('Eve', 28, 'Berlin', 65.125, zeroblob(4)),
  ('Frank', 41, NULL, 79.9, NULL);
SELECT * FROM people ORDER BY id;
SELECT typeof(id), typeof(name), typeof(age), typeof(score), typeof(data), length(data) FROM people WHERE id IN (1, 4, 5);
SELECT city, count(*) AS n, avg(age), sum(score), min(score), max(score), group_concat(name, '+') FROM people GROUP BY city ORDER BY city;
SELECT city, count(*) FROM people GROUP BY city HAVING count(*) > 1 ORDER BY 2 DESC, 1;
SELECT name FROM people WHERE name LIKE '_a%' OR name GLOB 'E*' ORDER BY name;
SELECT name, CASE WHEN age IS NULL THEN 'unknown' WHEN age < 30 THEN 'young' ELSE 'older' END AS band FROM people ORDER BY name;
SELECT coalesce(city, '-'), ifnull(age, -1), nullif(city, 'Paris') FROM people ORDER BY id;
SELECT DISTINCT city FROM people WHERE city IS NOT NULL ORDER BY city DESC;
SELECT name FROM people ORDER BY score DESC NULLS LAST LIMIT 3 OFFSET 1;
UPDATE people SET score = score + 10 WHERE city = 'Berlin';
DELETE FROM people WHERE age IS NULL;
SELECT changes(), total_changes(), last_insert_rowid();
SELECT id, name, score FROM people ORDER BY id;
-- expressions and functions
SELECT 1 + 2 * 3, 7 / 2, 7 / 2.0, 7 % 3, -7 % 3, 1 << 10, 255 & 15, 5 | 2, ~0, 2.5 * 4;
SELECT upper('mixed Case'), lower('MiXeD'), length('héllo'), substr('abcdef', 2, 3), substr('abcdef', -2), replace('a-b-c', '-', '+');
SELECT trim('  x  '), ltrim('xxabc', 'x'), rtrim('abc  '), instr('hello', 'll'), hex('AB'), quote('it''s'), char(72, 105);
SELECT printf('%5d|%-5s|%.3f|%e|%x|%c|%%|%q|%Q', 42, 'ab', 3.14159, 12345.678, 255, 'z', 'o''k', NULL);
SELECT round(2.5), round(-2.5), round(3.14159, 2), abs(-5), max(1, 9, 3), min('b', 'a'), sign(-3.5), random() IS NOT NULL;
SELECT 0.1 + 0.2, 1e308 * 10, -1e308 * 10, 1 / 0, 9223372036854775807 + 1, CAST('12abc' AS INTEGER), CAST(3.99 AS INTEGER), CAST(x'41' AS TEXT);
SELECT 1.0 / 3, 2.0 / 3, 100.0 / 7, 1e-10, 123456789.123456789, 1.5e300 * 1e8, 0.000001234;
SELECT sqrt(2), pow(2, 10), exp(1), ln(10), log10(1000), log(2, 8), floor(-2.5), ceil(2.1), pi(), sin(pi() / 6), atan2(1, 1);
SELECT date('2024-02-29', '+1 year'), date('2024-01-31', '+1 month'), time('12:34:56', '+90 minutes'), datetime(0, 'unixepoch'),
       julianday('2000-01-01'), strftime('%Y-%j %w %H:%M:%f', '2023-11-14 22:13:20.123'), datetime('2024-03-10 12:00', 'start of month', '+1 day', 'weekday 0');
SELECT unixepoch('2024-01-01'), date(1700000000, 'unixepoch'), strftime('%s', '1970-01-02');
SELECT typeof(1), typeof(1.0), typeof('1'), typeof(x'01'), typeof(NULL), 1 = 1.0, '1' = 1, 'a' < 'b', x'01' > 'z';
SELECT iif(1 > 2, 'yes', 'no'), likelihood(1, 0.5), zeroblob(3) = x'000000', length(randomblob(16));
