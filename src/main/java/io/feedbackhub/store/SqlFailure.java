package io.feedbackhub.store;

import java.sql.SQLException;

/**
 * Carries a SQLException through interfaces that cannot declare it (the core's ports), inside the store only: the writer
 * and {@link Database#read}/{@link Database#inTransaction} unwrap and classify it ({@link StoreErrors}).
 */
final class SqlFailure extends RuntimeException {
    SqlFailure(SQLException cause) {
        super(cause.getMessage(), cause);
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
