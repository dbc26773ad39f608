package io.feedbackhub.store;

import io.feedbackhub.core.Feedback;
import io.feedbackhub.core.FeedbackFilter;
import io.feedbackhub.core.FeedbackQuery;
import io.feedbackhub.core.FeedbackStore;
import io.feedbackhub.core.FeedbackWrites;
import io.feedbackhub.core.Order;
import io.feedbackhub.core.Page;
import io.feedbackhub.store.NamedSql.Params;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/** Feedback in SQLite or PostgreSQL: writes through group commit, reads straight from the pool. */
public final class JdbcFeedbackStore implements FeedbackStore, AutoCloseable {
    private static final NamedSql FIND = NamedSql.of("SELECT " + FeedbackRows.COLUMNS + " FROM feedback WHERE tenant_id = :tenant AND id = :id");
    private static final NamedSql HISTORY = NamedSql.of("SELECT " + FeedbackRows.COLUMNS
            + " FROM feedback_history WHERE tenant_id = :tenant AND id = :id ORDER BY revision");

    private static final NamedSql BY_CLIENT_FEEDBACK_ID = NamedSql.of("SELECT " + FeedbackRows.COLUMNS
            + " FROM feedback WHERE tenant_id = :tenant AND id = (SELECT feedback_id FROM idempotency_keys"
            + " WHERE tenant_id = :tenant AND client_feedback_id = :key)");

    private final Database database;
    private final GroupCommitWriter<JdbcFeedbackWrites> writer;

    /** {@code recorders} makes the {@link ChangeRecorder} of each write transaction. */
    public JdbcFeedbackStore(Database database, int writerThreads, int maxBatch, IntConsumer batchSizes, Supplier<ChangeRecorder> recorders) {
        this.database = database;
        var knownTargets = new KnownTargets();
        this.writer = new GroupCommitWriter<>(database, c -> new JdbcFeedbackWrites(c, database.kind(), knownTargets, recorders.get()),
                JdbcFeedbackWrites::beforeCommit, JdbcFeedbackWrites::afterCommit, writerThreads, maxBatch, batchSizes);
    }

    @Override
    public <T> CompletableFuture<T> submit(Function<FeedbackWrites, T> work) {
        return writer.submit(work::apply);
    }

    /**
     * Runs {@code work} on the feedback writer and waits for its commit: a registry write, so that it, the
     * re-attribution of the feedback it concerns and their rollups commit together, serialized with feedback writes.
     */
    <T> T write(Function<JdbcFeedbackWrites, T> work) {
        try {
            return writer.submit(work).join();
        } catch (CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    @Override
    public Optional<Feedback> find(String tenantId, String id) {
        return database.read(c -> {
            try (var s = FIND.prepare(c, Params.of("tenant", tenantId).and("id", id)); var rs = s.executeQuery()) {
                return rs.next() ? Optional.of(FeedbackRows.map(rs)) : Optional.empty();
            }
        });
    }

    @Override
    public List<Feedback> history(String tenantId, String id) {
        return database.read(c -> {
            try (var s = HISTORY.prepare(c, Params.of("tenant", tenantId).and("id", id)); var rs = s.executeQuery()) {
                var revisions = new ArrayList<Feedback>();
                while (rs.next()) {
                    revisions.add(FeedbackRows.map(rs));
                }
                return revisions;
            }
        });
    }

    /** Live records only, in id order (ids are UUIDv7, so id order is creation order). */
    @Override
    public Page<Feedback> list(String tenantId, FeedbackQuery q) {
        var params = Params.of("tenant", tenantId);
        var sql = live(FeedbackRows.COLUMNS, params, q.filter());
        if (q.afterId() != null) {
            sql.append(q.order() == Order.NEWEST_FIRST ? " AND id < :after_id" : " AND id > :after_id");
            params.and("after_id", q.afterId());
        }
        sql.append(orderBy(q.order())).append(" LIMIT :limit OFFSET :offset");
        params.and("limit", q.limit() + 1).and("offset", q.offset());
        var statement = NamedSql.of(sql.toString());
        return database.read(c -> {
            try (var s = statement.prepare(c, params); var rs = s.executeQuery()) {
                var items = new ArrayList<Feedback>();
                while (rs.next()) {
                    items.add(FeedbackRows.map(rs));
                }
                return page(items, q.limit(), Feedback::id);
            }
        });
    }

    @Override
    public long count(String tenantId, FeedbackFilter filter) {
        var params = Params.of("tenant", tenantId);
        var statement = NamedSql.of(live("COUNT(*)", params, filter).toString());
        return database.read(c -> {
            try (var s = statement.prepare(c, params); var rs = s.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        });
    }

    /**
     * One statement, bounded by its LIMIT, its rows mapped one at a time. Auto-commit (not a transaction, which on
     * SQLite would hold the write lock for the scan): PostgreSQL then reads the bounded result whole.
     */
    @Override
    public boolean scan(String tenantId, FeedbackFilter filter, Order order, int max, Consumer<Feedback> visitor) {
        var params = Params.of("tenant", tenantId);
        var sql = live(FeedbackRows.COLUMNS, params, filter).append(orderBy(order)).append(" LIMIT :limit");
        params.and("limit", max + 1);
        var statement = NamedSql.of(sql.toString());
        return database.read(c -> {
            try (var s = statement.prepare(c, params); var rs = s.executeQuery()) {
                for (int seen = 0; rs.next(); seen++) {
                    if (seen == max) {
                        return true;
                    }
                    visitor.accept(FeedbackRows.map(rs));
                }
                return false;
            }
        });
    }

    private StringBuilder live(String select, Params params, FeedbackFilter filter) {
        var sql = new StringBuilder("SELECT " + select + " FROM feedback WHERE tenant_id = :tenant AND deleted_at IS NULL");
        FeedbackFilterSql.append(sql, params, filter, database.kind());
        return sql;
    }

    private static String orderBy(Order order) {
        return order == Order.NEWEST_FIRST ? " ORDER BY id DESC" : " ORDER BY id";
    }

    @Override
    public Optional<Feedback> findByClientFeedbackId(String tenantId, String clientFeedbackId) {
        return database.read(c -> {
            try (var s = BY_CLIENT_FEEDBACK_ID.prepare(c, Params.of("tenant", tenantId).and("key", clientFeedbackId));
                 var rs = s.executeQuery()) {
                return rs.next() ? Optional.of(FeedbackRows.map(rs)) : Optional.empty();
            }
        });
    }

    static <T> Page<T> page(List<T> itemsPlusOne, int limit, Function<T, String> id) {
        if (itemsPlusOne.size() <= limit) {
            return new Page<>(itemsPlusOne, null);
        }
        var items = itemsPlusOne.subList(0, limit);
        return new Page<>(List.copyOf(items), id.apply(items.get(limit - 1)));
    }

    @Override
    public void close() {
        writer.close();
    }
}
