package io.feedbackhub.store;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.Message;

import java.sql.Connection;
import java.sql.SQLException;

/**
 * What else a feedback write transaction must record about the changes it makes (the webhook outbox): told of each
 * change as it happens and written just before the transaction commits, so that both commit or neither does.
 * One instance per transaction; {@link JdbcFeedbackStore} takes a factory of them.
 */
public interface ChangeRecorder {
    /** The record went from {@code before} to {@code after}; either may be null (none) or a tombstone; after null is a purge. */
    void change(Feedback before, Feedback after);

    /** A message was registered or changed in this transaction ({@code after} as stored); most recorders ignore it. */
    default void message(String tenantId, Message after) {
    }

    /** Everything the author wrote is being erased in this transaction. */
    void purgedAuthor(String tenantId, String authorId);

    /** Writes what was recorded on the transaction's connection; called once, just before commit. */
    void flush(Connection connection) throws SQLException;
}
