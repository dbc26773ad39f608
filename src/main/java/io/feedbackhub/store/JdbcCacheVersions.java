package io.feedbackhub.store;

import io.feedbackhub.core.CacheVersions;
import io.feedbackhub.store.Database.SqlWork;
import io.feedbackhub.store.NamedSql.Params;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.function.LongSupplier;
import java.util.function.Predicate;

/**
 * The versions of cached data as this node sees them: read from {@code cache_versions} every {@link #POLL_INTERVAL},
 * and raised by {@link #changing} in the transaction of every change, which also advances this node's own view at
 * once when it commits. A version row polled rather than PostgreSQL's LISTEN/NOTIFY: one mechanism for both stores
 * (SQLite has no notifications, and the command line changes the SQLite file from another process), no connection
 * held out of the pool, and a notification lost with a dropped connection cannot leave a node stale, since trust
 * lapses with the polls: a version is {@link #current} only while the read that saw it began less than
 * {@link #TRUSTED_FOR} ago (RELIABILITY.md, "Key and config caches").
 */
public final class JdbcCacheVersions implements CacheVersions, AutoCloseable {
    static final Duration POLL_INTERVAL = Duration.ofMillis(250);
    /**
     * Under the one second promised for a revocation or a config change: a change committed before a poll began is seen
     * by that poll, and no cache answer is given on a poll older than this, so no request later than this after a
     * commit is answered from before it.
     */
    static final Duration TRUSTED_FOR = Duration.ofMillis(750);
    private static final Logger log = LoggerFactory.getLogger(JdbcCacheVersions.class);
    private static final NamedSql READ = NamedSql.of("SELECT topic, version FROM cache_versions");
    private static final NamedSql RAISE = NamedSql.of(
            "UPDATE cache_versions SET version = version + 1 WHERE topic = :topic RETURNING version");
    private static final Topic[] TOPICS = Topic.values();

    private final Database database;
    private final LongSupplier nanoTime;
    private final AtomicLongArray seen = new AtomicLongArray(TOPICS.length);
    /** When the last successful read began (System.nanoTime); meaningful once {@link #read} is true. */
    private volatile long readStarted;
    private volatile boolean read;
    private volatile boolean failing;
    private ScheduledExecutorService poller;

    /** Not polling until {@link #start()}: until then nothing is current and caches read through. */
    public JdbcCacheVersions(Database database) {
        this(database, System::nanoTime);
    }

    JdbcCacheVersions(Database database, LongSupplier nanoTime) {
        this.database = database;
        this.nanoTime = nanoTime;
    }

    /** Reads the versions once, then every {@link #POLL_INTERVAL} on a thread of its own until {@link #close()}. */
    public synchronized JdbcCacheVersions start() {
        if (poller == null) {
            poll();
            poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("cache-versions").daemon().factory());
            poller.scheduleWithFixedDelay(this::poll, POLL_INTERVAL.toMillis(), POLL_INTERVAL.toMillis(), TimeUnit.MILLISECONDS);
        }
        return this;
    }

    @Override
    public OptionalLong current(Topic topic) {
        if (!read || nanoTime.getAsLong() - readStarted >= TRUSTED_FOR.toNanos()) {
            return OptionalLong.empty();
        }
        return OptionalLong.of(seen.get(topic.ordinal()));
    }

    /**
     * Runs {@code work} in one transaction that also raises {@code topic}'s version when {@code changed} says its result
     * changed something, and once it committed, advances this node's view to that version: the node that made a change
     * never serves what it replaced. A change refused or of nothing (an unknown key revoked) leaves every cache be.
     */
    <T> T changing(Topic topic, SqlWork<T> work, Predicate<? super T> changed) {
        record Outcome<T>(T result, long version) {
        }
        var outcome = database.inTransaction(c -> {
            var result = work.run(c);
            return new Outcome<>(result, changed.test(result) ? raise(c, topic) : -1);
        });
        seen.accumulateAndGet(topic.ordinal(), outcome.version(), Math::max);
        return outcome.result();
    }

    private static long raise(Connection c, Topic topic) throws SQLException {
        try (var s = RAISE.prepare(c, Params.of("topic", topic.stored)); var rs = s.executeQuery()) {
            if (!rs.next()) {
                throw new IllegalStateException("cache_versions has no row for " + topic.stored);
            }
            return rs.getLong(1);
        }
    }

    /** One read of every version; a failed read leaves trust to lapse, and is logged when reads start and stop failing. */
    void poll() {
        long started = nanoTime.getAsLong();
        try {
            database.read(c -> {
                try (var s = READ.prepare(c, new Params()); var rs = s.executeQuery()) {
                    while (rs.next()) {
                        for (var topic : TOPICS) {
                            if (topic.stored.equals(rs.getString(1))) {
                                seen.accumulateAndGet(topic.ordinal(), rs.getLong(2), Math::max);
                            }
                        }
                    }
                }
                return null;
            });
            readStarted = started;
            read = true;
            if (failing) {
                failing = false;
                log.info("cache versions read again: key and config caches serve again");
            }
        } catch (RuntimeException e) {
            if (!failing) {
                failing = true;
                log.warn("cache versions unreadable: key and config lookups go to the database until they are read again: {}", e.toString());
            }
        }
    }

    @Override
    public synchronized void close() {
        if (poller != null) {
            poller.shutdownNow();
            poller = null;
        }
    }
}
