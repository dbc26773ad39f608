package io.feedbackhub.store;

import io.feedbackhub.core.Failure;
import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.core.StoreFailure;
import io.feedbackhub.core.StoreUnavailable;

import java.sql.SQLException;
import java.sql.SQLTransientConnectionException;
import java.util.Set;

/** Turns SQL failures into what the layers above can act on, so nothing above the store sees SQLException. */
final class StoreErrors {
    /** SQLite result codes (primary, low byte) meaning "the database is busy, locked or gone", not "your SQL is wrong". */
    private static final Set<Integer> SQLITE_UNAVAILABLE = Set.of(5, 6, 10, 13, 14);
    private static final Set<String> UNSTORABLE_TEXT = Set.of("22021", "22P05");

    private StoreErrors() {
    }

    static Failure classify(SQLException e) {
        if (isUnavailable(e)) {
            return new StoreUnavailable("database unavailable: " + e.getMessage(), e);
        }
        if (UNSTORABLE_TEXT.contains(e.getSQLState())) {
            // PostgreSQL keeps no U+0000 in text (22021) nor what it cannot encode (22P05): bad input, not a broken server
            return new InvalidInput(new FieldError("", "text must not contain the NUL character (U+0000)", "string_unstorable"));
        }
        return new StoreFailure("database error: " + e.getMessage(), e);
    }

    static boolean isUnavailable(SQLException e) {
        if (e instanceof SQLTransientConnectionException) {
            return true; // the pool timed out waiting for a connection
        }
        var state = e.getSQLState();
        if (state != null) {
            // 08: connection exception; 57P0x: admin/crash shutdown, cannot connect now; 53: insufficient resources
            return state.startsWith("08") || state.startsWith("57P0") || state.startsWith("53");
        }
        return e.getClass().getName().startsWith("org.sqlite") && SQLITE_UNAVAILABLE.contains(e.getErrorCode() & 0xFF);
    }

    /** Deadlock or serialization failure: the same work may succeed when run again. */
    static boolean isRetryable(SQLException e) {
        var state = e.getSQLState();
        return "40001".equals(state) || "40P01".equals(state);
    }
}
