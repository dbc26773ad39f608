-- Rollup rows that no live feedback counts in any more are deleted by every write since this version (RollupDeltas):
-- they kept the dimension values of deleted and purged feedback (a purged author's metadata value) visible with zero
-- counts. This removes the ones written before. n counts the feedback in a row, so n = 0 means none.
DELETE FROM feedback_rollups WHERE n = 0;
