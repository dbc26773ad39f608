-- Text search (GET /v1/search, docs/context.md "Search"): GIN indexes over the 'simple' text-search configuration
-- (words lowercased, no stemming, no stop words), built into PostgreSQL, so no extension has to be installed.
-- Every run of characters other than letters and digits becomes a space first: PostgreSQL's parser would otherwise
-- read "4632-476f" as the words "4632" and "-476" and "f", while SQLite's FTS5, and the query's words
-- (core.TextSearch), cut text at every such run. The queries in store.JdbcSearchStore repeat these expressions
-- exactly, or the planner cannot use the indexes. Feedback without text (most of it: thumbs) stays out of the index.
CREATE INDEX messages_text_search ON messages USING GIN (to_tsvector('simple',
    regexp_replace(COALESCE(prompt, '') || ' ' || COALESCE(content, ''), '[^[:alnum:]]+', ' ', 'g')));
CREATE INDEX feedback_text_search ON feedback USING GIN (to_tsvector('simple',
    regexp_replace(COALESCE(comment, '') || ' ' || COALESCE(correction, ''), '[^[:alnum:]]+', ' ', 'g')))
    WHERE comment IS NOT NULL OR correction IS NOT NULL;
