-- filter.sql - `winback list --limit 50 type=bought_away`: the first page
-- with a filter, as query.c builds it (count, then the page).
SELECT count(*) FROM sessions s WHERE s.type = 'bought_away' AND s.training = 0;
SELECT s.id, s.uuid, s.account, s.salesperson, s.day, s.status, s.training,
       s.type, s.source, s.stability, s.control, s.priority, s.overridden,
       s.items_done, s.items_total, s.outcome, s.outcome_date
  FROM sessions s WHERE s.type = 'bought_away' AND s.training = 0
  ORDER BY s.day DESC, s.id DESC LIMIT 50 OFFSET 0;
