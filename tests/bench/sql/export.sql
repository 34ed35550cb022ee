-- export.sql - `winback export --format csv`: the reads export.c makes for
-- the default filter (real sessions), written as CSV by the shell: the
-- forms used, the sessions by id with their summary, then all their
-- answers in session order (winback walks both cursors side by side).
-- winback does more with the same rows: one column per question and per
-- option of a multiple choice, labels beside codes, formula neutralising;
-- the ratio is the price of that.
.mode csv
.headers on
.once sqlite.csv
SELECT DISTINCT s.form_id FROM sessions s WHERE s.training = 0 ORDER BY 1;
.once sqlite.csv
SELECT s.id, s.uuid, s.account, s.salesperson, s.form_id, s.form_version, s.status,
       s.training, s.created, s.updated, s.day, s.loss_date, s.type, s.source,
       s.stability, s.control, s.priority, s.overridden, s.items_done, s.items_total,
       s.outcome, s.outcome_date, s.outcome_note,
       (SELECT count(*) FROM comments c WHERE c.session_id = s.id)
  FROM sessions s WHERE s.training = 0 ORDER BY s.id;
.once sqlite-answers.csv
SELECT a.session_id, a.qid, a.value, a.dontknow FROM answers a
  WHERE a.session_id IN (SELECT s.id FROM sessions s WHERE s.training = 0)
  ORDER BY a.session_id;
