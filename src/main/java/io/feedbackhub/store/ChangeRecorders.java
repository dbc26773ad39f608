package io.feedbackhub.store;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.Message;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Supplier;

/** Several {@link ChangeRecorder}s of one write transaction, told every change in turn and flushed in order. */
public final class ChangeRecorders implements ChangeRecorder {
    private final List<ChangeRecorder> all;

    private ChangeRecorders(List<ChangeRecorder> all) {
        this.all = all;
    }

    /** The webhook outbox, then the live review filters: what every feedback write transaction records. */
    public static Supplier<ChangeRecorder> withLiveReviewFilters(Supplier<ChangeRecorder> outbox) {
        return () -> new ChangeRecorders(List.of(outbox.get(), new LiveReviewFilters()));
    }

    @Override
    public void change(Feedback before, Feedback after) {
        all.forEach(r -> r.change(before, after));
    }

    @Override
    public void message(String tenantId, Message after) {
        all.forEach(r -> r.message(tenantId, after));
    }

    @Override
    public void purgedAuthor(String tenantId, String authorId) {
        all.forEach(r -> r.purgedAuthor(tenantId, authorId));
    }

    @Override
    public void flush(Connection connection) throws SQLException {
        for (var r : all) {
            r.flush(connection);
        }
    }
}
