-- stats.sql - `winback stats`: what stats.c runs for the default filter
-- (real sessions): the totals, one grouped query per grouping (type,
-- source, salesperson, quarter), and the median days from loss to win-back.
SELECT '' AS k, s.outcome, count(*), sum(s.type IS NOT NULL),
       sum(s.type IS NOT NULL AND (s.overridden & 1) <> 0),
       sum(s.type IS NOT NULL AND (s.overridden & 2) <> 0),
       sum(s.type IS NOT NULL AND s.overridden <> 0)
  FROM sessions s WHERE s.training = 0 GROUP BY 1, 2;
SELECT coalesce(s.type, '') AS k, s.outcome, count(*), sum(s.type IS NOT NULL),
       sum(s.type IS NOT NULL AND (s.overridden & 1) <> 0),
       sum(s.type IS NOT NULL AND (s.overridden & 2) <> 0),
       sum(s.type IS NOT NULL AND s.overridden <> 0)
  FROM sessions s WHERE s.training = 0 GROUP BY 1, 2;
SELECT coalesce(s.source, '') AS k, s.outcome, count(*), sum(s.type IS NOT NULL),
       sum(s.type IS NOT NULL AND (s.overridden & 1) <> 0),
       sum(s.type IS NOT NULL AND (s.overridden & 2) <> 0),
       sum(s.type IS NOT NULL AND s.overridden <> 0)
  FROM sessions s WHERE s.training = 0 GROUP BY 1, 2;
SELECT coalesce(s.salesperson, '') COLLATE NOCASE AS k, s.outcome, count(*),
       sum(s.type IS NOT NULL),
       sum(s.type IS NOT NULL AND (s.overridden & 1) <> 0),
       sum(s.type IS NOT NULL AND (s.overridden & 2) <> 0),
       sum(s.type IS NOT NULL AND s.overridden <> 0)
  FROM sessions s WHERE s.training = 0 GROUP BY 1, 2;
SELECT CASE WHEN s.day IS NULL THEN '' ELSE substr(s.day, 1, 4) || 'Q' ||
       ((CAST(substr(s.day, 6, 2) AS INTEGER) + 2) / 3) END AS k,
       s.outcome, count(*), sum(s.type IS NOT NULL),
       sum(s.type IS NOT NULL AND (s.overridden & 1) <> 0),
       sum(s.type IS NOT NULL AND (s.overridden & 2) <> 0),
       sum(s.type IS NOT NULL AND s.overridden <> 0)
  FROM sessions s WHERE s.training = 0 GROUP BY 1, 2;
SELECT avg(d), max(c) FROM (SELECT julianday(s.outcome_date) - julianday(s.day) AS d,
       row_number() OVER (ORDER BY julianday(s.outcome_date) - julianday(s.day)) AS rn,
       count(*) OVER () AS c FROM sessions s
  WHERE s.training = 0 AND s.outcome = 'won_back'
    AND julianday(s.outcome_date) IS NOT NULL AND julianday(s.day) IS NOT NULL)
  WHERE rn IN ((c + 1) / 2, (c + 2) / 2);
