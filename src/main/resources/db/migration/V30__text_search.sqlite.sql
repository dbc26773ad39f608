-- Text search (GET /v1/search, docs/context.md "Search"): FTS5 indexes of message prompts and answers and of feedback
-- comments and corrections, each row under the rowid of its source row, kept in step by triggers. The tables hold
-- their own copy of the text, so a row leaves the index by its rowid alone (an external-content index would need
-- the old text exactly and is corrupted by any mismatch). Tenant, dates and ids are read from the source row, joined
-- on rowid: messages and feedback have no INTEGER PRIMARY KEY, so a VACUUM could renumber their rowids; nothing
-- here runs VACUUM, and a migration that rebuilds either table must rebuild these indexes too.
-- remove_diacritics 0: the same matching as PostgreSQL's 'simple' configuration (café is not cafe in either).
CREATE VIRTUAL TABLE message_text USING fts5(prompt, content, tokenize = 'unicode61 remove_diacritics 0');
CREATE VIRTUAL TABLE feedback_text USING fts5(comment, correction, tokenize = 'unicode61 remove_diacritics 0');
INSERT INTO message_text (rowid, prompt, content) SELECT rowid, prompt, content FROM messages WHERE prompt IS NOT NULL OR content IS NOT NULL;
INSERT INTO feedback_text (rowid, comment, correction) SELECT rowid, comment, correction FROM feedback WHERE comment IS NOT NULL OR correction IS NOT NULL;
-- A feedback write without text (a thumbs up) fires no index work; one with text, one FTS5 insert.
CREATE TRIGGER message_text_inserted AFTER INSERT ON messages WHEN new.prompt IS NOT NULL OR new.content IS NOT NULL BEGIN INSERT INTO message_text (rowid, prompt, content) VALUES (new.rowid, new.prompt, new.content); END;
CREATE TRIGGER message_text_updated AFTER UPDATE OF prompt, content ON messages WHEN old.prompt IS NOT new.prompt OR old.content IS NOT new.content BEGIN DELETE FROM message_text WHERE rowid = old.rowid; INSERT INTO message_text (rowid, prompt, content) SELECT new.rowid, new.prompt, new.content WHERE new.prompt IS NOT NULL OR new.content IS NOT NULL; END;
CREATE TRIGGER message_text_deleted AFTER DELETE ON messages BEGIN DELETE FROM message_text WHERE rowid = old.rowid; END;
CREATE TRIGGER feedback_text_inserted AFTER INSERT ON feedback WHEN new.comment IS NOT NULL OR new.correction IS NOT NULL BEGIN INSERT INTO feedback_text (rowid, comment, correction) VALUES (new.rowid, new.comment, new.correction); END;
CREATE TRIGGER feedback_text_updated AFTER UPDATE OF comment, correction ON feedback WHEN old.comment IS NOT new.comment OR old.correction IS NOT new.correction BEGIN DELETE FROM feedback_text WHERE rowid = old.rowid; INSERT INTO feedback_text (rowid, comment, correction) SELECT new.rowid, new.comment, new.correction WHERE new.comment IS NOT NULL OR new.correction IS NOT NULL; END;
CREATE TRIGGER feedback_text_deleted AFTER DELETE ON feedback BEGIN DELETE FROM feedback_text WHERE rowid = old.rowid; END;
