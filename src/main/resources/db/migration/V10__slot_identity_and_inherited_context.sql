-- Which of a feedback's dimensions (thread_id, agent_id, metadata.<key>) it inherited from the registry rather than
-- said itself, as a JSON list: a later registry change recomputes effective = own ∪ context from it (core/Inherited).
ALTER TABLE feedback ADD COLUMN inherited TEXT NOT NULL DEFAULT '[]';
ALTER TABLE feedback_history ADD COLUMN inherited TEXT NOT NULL DEFAULT '[]';
-- Then, in Java (Migrator's step for version 10, store/SlotIdentityStep), once every script of this start has run:
-- each feedback inherits its context from the registry, its slot key is recomputed under the rule that a slot is the
-- most specific target (message, else trace, else thread), content, name and author (a SHA-256 the database cannot
-- compute the same way), duplicates are merged (the latest stays current, the others become its history), the
-- unique slot index is rebuilt, and the rollups are recounted from the live rows.
