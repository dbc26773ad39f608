-- Pairwise review queues (issue 16): an item of a pairwise queue is two answers to one prompt, message_id (its
-- first, on which the reviews are written) and other_message_id. A message is the first of at most one pair per queue,
-- so that a reviewer's reviews of two pairs never share a feedback slot.
ALTER TABLE review_items ADD COLUMN other_message_id TEXT;
CREATE INDEX review_items_by_message ON review_items (tenant_id, queue_id, message_id);
