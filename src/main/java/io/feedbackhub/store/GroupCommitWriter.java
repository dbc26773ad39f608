package io.feedbackhub.store;

import io.feedbackhub.core.ConcurrentChange;
import io.feedbackhub.core.Refusal;
import io.feedbackhub.core.StoreFailure;
import io.feedbackhub.core.StoreUnavailable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * Group commit: writes submitted concurrently are run by a few writer threads, as many as are waiting
 * (up to {@code maxBatch}) in one transaction, and each caller is answered only after that transaction
 * committed. One fsync then serves a whole batch.
 *
 * <p>A work item either succeeds, or refuses before writing (a {@link Refusal}, answered to its caller
 * alone), or fails. On a failure the batch is rolled back and each item runs again in a transaction of
 * its own, so one bad item never fails its neighbours; when the database itself is unavailable the
 * whole batch is answered at once instead.
 *
 * @param <X> the transaction handle the work items use
 */
final class GroupCommitWriter<X> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(GroupCommitWriter.class);
    private static final int ATTEMPTS_ON_DEADLOCK = 3;

    private final Database database;
    private final Function<Connection, X> openTx;
    private final SqlConsumer<X> beforeCommit;
    private final Consumer<X> afterCommit;
    private final int maxBatch;
    private final IntConsumer batchSizes;
    private final BlockingQueue<Pending<X, ?>> queue = new LinkedBlockingQueue<>();
    private final List<Thread> writers = new ArrayList<>();
    private volatile boolean accepting = true;

    private record Pending<X, T>(Function<X, T> work, CompletableFuture<T> result, AtomicBoolean taken) {
        /** True for the one who takes the item: its batch, or the deadline that answers it before any batch did. */
        boolean take() {
            return taken.compareAndSet(false, true);
        }

        /** Runs the work; returns how to answer the caller once the transaction has committed. */
        Runnable runIn(X tx) {
            try {
                var value = work.apply(tx);
                return () -> result.complete(value);
            } catch (Refusal refusal) {
                return () -> result.completeExceptionally(refusal);
            }
        }
    }

    @FunctionalInterface
    interface SqlConsumer<X> {
        void accept(X tx) throws SQLException;
    }

    GroupCommitWriter(Database database, Function<Connection, X> openTx, SqlConsumer<X> beforeCommit,
                      Consumer<X> afterCommit, int writerThreads, int maxBatch, IntConsumer batchSizes) {
        this.database = database;
        this.openTx = openTx;
        this.beforeCommit = beforeCommit;
        this.afterCommit = afterCommit;
        this.maxBatch = maxBatch;
        this.batchSizes = batchSizes;
        for (int i = 0; i < writerThreads; i++) {
            var thread = Thread.ofPlatform().name("group-commit-" + i).daemon(true).unstarted(this::loop);
            writers.add(thread);
            thread.start();
        }
    }

    <T> CompletableFuture<T> submit(Function<X, T> work) {
        var result = new CompletableFuture<T>();
        if (!accepting) {
            result.completeExceptionally(new StoreUnavailable("the server is shutting down", null));
        } else {
            var pending = new Pending<>(work, result, new AtomicBoolean());
            var deadline = database.after(database.timeout(), () -> {
                if (pending.take()) {
                    result.completeExceptionally(new StoreUnavailable("the write waited " + database.timeout().toMillis()
                            + " ms for the store; nothing was written", null));
                }
            });
            result.whenComplete((value, failure) -> deadline.cancel(false));
            queue.add(pending);
        }
        return result;
    }

    private void loop() {
        var batch = new ArrayList<Pending<X, ?>>(maxBatch);
        while (accepting || !queue.isEmpty()) {
            try {
                var first = queue.poll(100, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, maxBatch - 1);
                batch.removeIf(item -> !item.take()); // already answered by its deadline: never run
                if (batch.isEmpty()) {
                    continue;
                }
                batchSizes.accept(batch.size());
                runBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } catch (Throwable unexpected) {
                // Last resort: the writer must outlive anything, and no caller may wait forever.
                log.error("group commit writer failed a batch of {}", batch.size(), unexpected);
                batch.forEach(item -> item.result().completeExceptionally(unexpected));
            } finally {
                batch.clear();
            }
        }
    }

    private void runBatch(List<Pending<X, ?>> batch) {
        try {
            commit(batch);
        } catch (Exception | AssertionError e) { // pgjdbc throws AssertionError for a batch on a dead connection
            var failure = unwrap(e);
            if (isUnavailable(failure)) {
                batch.forEach(item -> answerFailure(item, failure, 1));
            } else {
                log.debug("batch of {} failed, running its items one by one: {}", batch.size(), failure.toString());
                batch.forEach(this::runAlone);
            }
        }
    }

    private void runAlone(Pending<X, ?> item) {
        for (int attempt = 1; ; attempt++) {
            try {
                commit(List.of(item));
                return;
            } catch (Exception | AssertionError e) {
                var failure = unwrap(e);
                if (!isRetryable(failure)) {
                    answerFailure(item, failure, attempt);
                    return;
                }
                if (attempt >= ATTEMPTS_ON_DEADLOCK) {
                    // still contended after several runs: busy, not broken; the caller may retry later
                    item.result().completeExceptionally(new StoreUnavailable("write contended " + attempt + " times: " + failure.getMessage(), failure));
                    return;
                }
            }
        }
    }

    private static void answerFailure(Pending<?, ?> item, Throwable failure, int attempts) {
        if (failure instanceof StoreUnavailable unavailable) {
            item.result().completeExceptionally(unavailable);
        } else if (!(failure instanceof SQLException) && isUnavailable(failure)) {
            item.result().completeExceptionally(new StoreUnavailable("database connection lost: " + failure.getMessage(), failure));
        } else if (failure instanceof SQLException sql) {
            var classified = StoreErrors.classify(sql);
            if (classified instanceof StoreFailure) { // neither unavailable nor refused input: unexpected
                log.error("write failed after {} attempt(s)", attempts, sql);
            }
            item.result().completeExceptionally(classified);
        } else {
            log.error("write failed after {} attempt(s)", attempts, failure);
            item.result().completeExceptionally(failure);
        }
    }

    /** Runs the items in one transaction and answers them only once it committed. */
    private void commit(List<Pending<X, ?>> items) throws SQLException {
        var answers = new ArrayList<Runnable>(items.size());
        var tx = database.transaction(connection -> {
            var opened = openTx.apply(connection);
            for (var item : items) {
                answers.add(item.runIn(opened));
            }
            beforeCommit.accept(opened);
            return opened;
        });
        // committed: nothing from here on may make the batch run again
        try {
            afterCommit.accept(tx);
        } catch (RuntimeException e) {
            log.warn("after-commit step failed; the batch is committed", e);
        }
        if (answers.size() == 1) {
            answers.get(0).run();
        } else {
            // Waking each caller's virtual thread was a tenth of the writer's Java samples (bench/RESULTS.md): one
            // virtual thread wakes them all, and the writer goes on to the next batch.
            Thread.startVirtualThread(() -> answers.forEach(Runnable::run));
        }
    }

    /** Deadlock, serialization failure, or a concurrent change the core detected: running again may succeed. */
    private static boolean isRetryable(Throwable failure) {
        return failure instanceof ConcurrentChange || failure instanceof SQLException sql && StoreErrors.isRetryable(sql);
    }

    private static Throwable unwrap(Throwable e) {
        return e instanceof SqlFailure f ? f.getCause() : e;
    }

    /** The failure, or what caused or accompanied it, says the database connection is gone. */
    private static boolean isUnavailable(Throwable failure) {
        if (failure == null) {
            return false;
        }
        if (failure instanceof StoreUnavailable) {
            return true;
        }
        if (failure instanceof SQLException sql && StoreErrors.isUnavailable(sql)) {
            return true;
        }
        for (var suppressed : failure.getSuppressed()) {
            if (isUnavailable(suppressed)) {
                return true;
            }
        }
        return failure.getCause() != failure && isUnavailable(failure.getCause());
    }

    /** Stops taking work, lets the writers finish everything already queued, then returns. */
    @Override
    public void close() {
        accepting = false;
        for (var thread : writers) {
            try {
                thread.join(TimeUnit.SECONDS.toMillis(30));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        // a submit racing with close may have queued after the writers left
        for (Pending<X, ?> left; (left = queue.poll()) != null; ) {
            left.take();
            left.result().completeExceptionally(new StoreUnavailable("the server is shutting down", null));
        }
    }
}
