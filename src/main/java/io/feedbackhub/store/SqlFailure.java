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

    /** A step of SQL work, run where the interface it implements cannot declare {@link SQLException}. */
    @FunctionalInterface
    interface Step<T> {
        T run() throws SQLException;
    }

    /** Runs {@code step}, carrying its SQL failure out as this. */
    static <T> T carry(Step<T> step) {
        try {
            return step.run();
        } catch (SQLException e) {
            throw new SqlFailure(e);
        }
    }

    @Override
    public synchronized SQLException getCause() {
        return (SQLException) super.getCause();
    }
}
