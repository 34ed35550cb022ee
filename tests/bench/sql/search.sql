-- search.sql - `winback list --limit 50 search=faulty`: a full-text search
-- over the narrative answers, as query.c builds it (each word quoted for
-- FTS5), count then the first page.
SELECT count(*) FROM sessions s WHERE s.training = 0 AND s.id IN
  (SELECT a.session_id FROM answers a WHERE a.rowid IN
    (SELECT rowid FROM answers_fts WHERE answers_fts MATCH '"faulty"'));
SELECT s.id, s.uuid, s.account, s.salesperson, s.day, s.status, s.training,
       s.type, s.source, s.stability, s.control, s.priority, s.overridden,
       s.items_done, s.items_total, s.outcome, s.outcome_date
  FROM sessions s WHERE s.training = 0 AND s.id IN
  (SELECT a.session_id FROM answers a WHERE a.rowid IN
    (SELECT rowid FROM answers_fts WHERE answers_fts MATCH '"faulty"'))
  ORDER BY s.day DESC, s.id DESC LIMIT 50 OFFSET 0;
