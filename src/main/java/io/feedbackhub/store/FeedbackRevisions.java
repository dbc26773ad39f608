package io.feedbackhub.store;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.Optional;

/** One revision of a feedback record exactly as it was written: the live row if it is still current, else its history. */
final class FeedbackRevisions {
    private static final NamedSql REVISION = NamedSql.of(
            "SELECT " + FeedbackRows.COLUMNS + " FROM feedback WHERE tenant_id = :tenant AND id = :id AND revision = :revision"
            + " UNION ALL SELECT " + FeedbackRows.COLUMNS + " FROM feedback_history WHERE tenant_id = :tenant AND id = :id AND revision = :revision");

    private FeedbackRevisions() {
    }

    /** Empty once the record was purged (or never had that revision). */
    static Optional<Feedback> find(Connection connection, String tenantId, String id, int revision) throws SQLException {
        try (var s = REVISION.prepare(connection, Params.of("tenant", tenantId).and("id", id).and("revision", revision));
             var rs = s.executeQuery()) {
            return rs.next() ? Optional.of(FeedbackRows.map(rs)) : Optional.empty();
        }
    }
}
