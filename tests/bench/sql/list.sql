-- list.sql - `winback list --limit 50`: the review screen's first page.
-- What query.c runs for the default filter (real sessions only), sorted
-- by date, newest first: query_count, then query_page.
SELECT count(*) FROM sessions s WHERE s.training = 0;
SELECT s.id, s.uuid, s.account, s.salesperson, s.day, s.status, s.training,
       s.type, s.source, s.stability, s.control, s.priority, s.overridden,
       s.items_done, s.items_total, s.outcome, s.outcome_date
  FROM sessions s WHERE s.training = 0
  ORDER BY s.day DESC, s.id DESC LIMIT 50 OFFSET 0;
