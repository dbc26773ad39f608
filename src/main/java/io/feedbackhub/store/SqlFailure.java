package io.feedbackhub.store;

import java.sql.SQLException;

/** Carries a SQLException through interfaces that cannot declare it (the core's ports); unwrapped by the writer. */
final class SqlFailure extends RuntimeException {
    SqlFailure(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
