package io.feedbackhub.insight;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;

/**
 * Answers stats questions from the hourly rollups alone: one read of the rows of one rollup dimension, summed
 * per group by the database (so the cost is O(hours × groups), never O(feedback)), then folded into the caller's
 * local time buckets and turned into rates and intervals here. A second read of the reason rows gives the top
 * reasons where the rollups can answer them exactly.
 */
public final class StatsService {
    static final long MILLIS_PER_HOUR = Duration.ofHours(1).toMillis();
    /** Reads that run beside another read of the same request (virtual threads: a blocked read holds no platform thread). */
    private static final Executor READS = Executors.newVirtualThreadPerTaskExecutor();

    private final RollupReader reader;

    public StatsService(RollupReader reader) {
        this.reader = reader;
    }

    public StatsResult stats(String tenantId, StatsQuery query) {
        var plan = Plan.of(query);
        long fromHour = fromHour(query.from());
        long toHour = toHour(query.to());
        CompletableFuture<Map<List<String>, Accumulator>> apart = null;
        if (!plan.groupsPartition()) {
            // The groups overlap (reasons) or leave feedback out (no such metadata key or content id): count apart.
            var ungrouped = query.ungrouped();
            apart = CompletableFuture.supplyAsync(() -> groups(tenantId, ungrouped, Plan.of(ungrouped), fromHour, toHour), READS);
        }
        var groups = groups(tenantId, query, plan, fromHour, toHour);
        var overall = Accumulator.empty(apart == null ? plan.readsReasons() : Plan.of(query.ungrouped()).readsReasons());
        (apart == null ? groups : await(apart)).values().forEach(overall::merge);
        var stats = new ArrayList<GroupStats>(groups.size());
        groups.forEach((key, acc) -> stats.add(acc.toStats(key, query.topReasons())));
        stats.sort(order(query));
        var notes = new ArrayList<>(plan.notes());
        if (query.groupBy().stream().anyMatch(Dimension::isTime)
                && TimeBuckets.roundsInside(query.zone(), query.from(), query.to())) {
            notes.add("Time zone " + query.zone() + " is not a whole number of hours from UTC. Stats are kept per UTC hour, "
                    + "so each local day, week or month here starts at the first whole UTC hour after local midnight (up to 45 minutes late).");
        }
        var from = Instant.ofEpochMilli(fromHour * MILLIS_PER_HOUR);
        var to = Instant.ofEpochMilli(toHour * MILLIS_PER_HOUR);
        if (!from.equals(query.from()) || !to.equals(query.to())) {
            notes.add("Stats are kept per UTC hour: the range was widened to whole hours, " + from + " to " + to + ".");
        }
        return new StatsResult(from, to, query.zone(), query.filters(), query.groupBy(), overall.toStats(List.of(), query.topReasons()), stats, notes);
    }

    /** Everything matching {@code filters} in the range, summed: one read, no grouping. */
    public CompletableFuture<RollupCounts> totalAsync(String tenantId, Instant from, Instant to, StatsFilters filters) {
        return CompletableFuture.supplyAsync(() -> total(tenantId, from, to, filters), READS);
    }

    /** Everything matching {@code filters} in the range, summed: one read, no grouping. */
    public RollupCounts total(String tenantId, Instant from, Instant to, StatsFilters filters) {
        var plan = Plan.of(new StatsQuery(from, to, java.time.ZoneOffset.UTC, filters, List.of(), 0));
        var rows = reader.sum(selection(tenantId, plan.mainDim(), fromHour(from), toHour(to), filters, plan, EnumSet.noneOf(RollupColumn.class)));
        return rows.stream().map(RollupRow::counts).reduce(RollupCounts.ZERO, RollupCounts::plus);
    }

    static long fromHour(Instant from) {
        return Math.floorDiv(from.toEpochMilli(), MILLIS_PER_HOUR);
    }

    static long toHour(Instant to) {
        return Math.ceilDiv(to.toEpochMilli(), MILLIS_PER_HOUR);
    }

    /**
     * The groups of one query. The reason rows are read on a second connection while the main rows are read, so a
     * dashboard waits for the slower of the two scans, not for both.
     */
    private Map<List<String>, Accumulator> groups(String tenantId, StatsQuery query, Plan plan, long fromHour, long toHour) {
        var folder = new KeyFolder(query);
        var columns = EnumSet.of(RollupColumn.LABEL);
        query.groupBy().forEach(d -> columns.add(d.column()));
        CompletableFuture<List<RollupRow>> reasonRows = null;
        if (plan.readsReasons()) {
            var reasonColumns = EnumSet.of(RollupColumn.VALUE);
            query.groupBy().forEach(d -> reasonColumns.add(d.column()));
            var selection = selection(tenantId, RollupKey.REASON, fromHour, toHour, query.filters(), plan, reasonColumns).countingOnly();
            reasonRows = CompletableFuture.supplyAsync(() -> reader.sum(selection), READS);
        }
        var groups = new HashMap<List<String>, Accumulator>();
        try {
            for (var row : reader.sum(selection(tenantId, plan.mainDim(), fromHour, toHour, query.filters(), plan, columns))) {
                groups.computeIfAbsent(folder.key(row), k -> Accumulator.empty(plan.readsReasons())).add(row);
            }
        } catch (RuntimeException e) {
            if (reasonRows != null) {
                reasonRows.cancel(false);
            }
            throw e;
        }
        if (reasonRows != null) {
            for (var row : await(reasonRows)) {
                var group = groups.get(folder.key(row));
                if (group != null) {
                    group.addReason(row.dimValue(), row.counts().n());
                }
            }
        }
        return groups;
    }

    static <T> T await(CompletableFuture<T> future) {
        try {
            return future.join();
        } catch (java.util.concurrent.CompletionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw e;
        }
    }

    private static RollupSelection selection(String tenantId, String dim, long fromHour, long toHour, StatsFilters f, Plan plan,
                                             EnumSet<RollupColumn> columns) {
        var value = dim.equals(plan.mainDim()) ? plan.dimValueFilter() : null;
        return new RollupSelection(tenantId, dim, fromHour, toHour, f.agentId(), f.name(), f.label(), f.sourceSurface(), value, columns, false);
    }

    /** By time when the first grouping is time (a chart), otherwise the largest groups first (a ranking). */
    private static Comparator<GroupStats> order(StatsQuery query) {
        Comparator<GroupStats> byKey = (a, b) -> {
            for (int i = 0; i < a.key().size(); i++) {
                int c = Comparator.nullsFirst(Comparator.<String>naturalOrder()).compare(a.key().get(i), b.key().get(i));
                if (c != 0) {
                    return c;
                }
            }
            return 0;
        };
        if (!query.groupBy().isEmpty() && query.groupBy().getFirst().isTime()) {
            return byKey;
        }
        return Comparator.comparingLong(GroupStats::total).reversed().thenComparing(byKey);
    }

    /** Turns a rollup row into the key of its group: time buckets folded into the caller's zone. */
    private static final class KeyFolder {
        private final List<Dimension> dimensions;
        private final List<TimeBuckets> buckets = new ArrayList<>();

        KeyFolder(StatsQuery query) {
            this.dimensions = query.groupBy();
            for (var d : dimensions) {
                buckets.add(d.isTime() ? new TimeBuckets(d.kind(), query.zone()) : null);
            }
        }

        List<String> key(RollupRow row) {
            var key = new ArrayList<String>(dimensions.size());
            for (int i = 0; i < dimensions.size(); i++) {
                var d = dimensions.get(i);
                var value = d.isTime() ? buckets.get(i).label(row.hour()) : row.value(d.column());
                key.add(value == null || value.isEmpty() ? null : value);
            }
            return java.util.Collections.unmodifiableList(key);
        }
    }

    /** Sums of one group while the rows stream in. */
    private static final class Accumulator {
        private RollupCounts counts = RollupCounts.ZERO;
        private final Map<String, Long> labels = new HashMap<>();
        private final Map<String, Long> reasons;

        private Accumulator(boolean reasons) {
            this.reasons = reasons ? new HashMap<>() : null;
        }

        static Accumulator empty(boolean reasons) {
            return new Accumulator(reasons);
        }

        void add(RollupRow row) {
            counts = counts.plus(row.counts());
            labels.merge(row.label(), row.counts().n(), Long::sum);
        }

        void addReason(String reason, long n) {
            reasons.merge(reason, n, Long::sum);
        }

        void merge(Accumulator other) {
            counts = counts.plus(other.counts);
            other.labels.forEach((label, n) -> labels.merge(label, n, Long::sum));
            if (reasons != null && other.reasons != null) {
                other.reasons.forEach((reason, n) -> reasons.merge(reason, n, Long::sum));
            }
        }

        GroupStats toStats(List<String> key, int topReasons) {
            var labelCounts = new LinkedHashMap<String, Long>();
            mostFirst(labels).stream().filter(e -> !e.getKey().isEmpty()).forEach(e -> labelCounts.put(e.getKey(), e.getValue()));
            List<ReasonCount> top = reasons == null ? null : mostFirst(reasons).stream().limit(topReasons)
                    .map(e -> new ReasonCount(e.getKey(), e.getValue())).toList();
            return new GroupStats(key, counts.n(), labelCounts, labels.getOrDefault("", 0L),
                    PositiveRate.of(counts.positive(), counts.negative()),
                    MeanScore.of(counts.scoreN(), counts.scoreSum(), counts.scoreSq()),
                    counts.commented(), counts.n() == 0 ? null : (double) counts.commented() / counts.n(), top);
        }

        private static List<Map.Entry<String, Long>> mostFirst(Map<String, Long> counts) {
            return counts.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .toList();
        }
    }

    /**
     * Which rollup rows answer a query, or why none can. The rollups keep reasons, content ids and each metadata
     * key as separate single dimensions next to the common columns (agent, name, label, surface), so a query may
     * use at most one of them, across its groupings and its metadata filter.
     */
    record Plan(String mainDim, String dimValueFilter, boolean groupsPartition, boolean reasonsAnswerable, boolean readsReasons,
                List<String> notes) {

        static Plan of(StatsQuery q) {
            validateGroupBy(q.groupBy());
            var f = q.filters();
            var dims = new LinkedHashMap<String, String>(); // rollup dim -> what asked for it
            for (var d : q.groupBy()) {
                d.rollupDim().ifPresent(dim -> dims.putIfAbsent(dim, "group_by=" + d.wire()));
            }
            if (f.hasMetadata()) {
                dims.putIfAbsent(RollupKey.meta(f.metadataKey()), "the filter metadata." + f.metadataKey());
            }
            if (dims.size() > 1) {
                    // Only one metadata filter is accepted, so a conflict always involves a grouping.
                throw new InvalidInput(new FieldError("group_by",
                        "cannot combine " + String.join(" with ", dims.values()) + " exactly: the rollups count reasons, "
                                + "content ids and each metadata key separately, never crossed with one another. Use at most one "
                                + "of them across group_by and the metadata filter (the agent_id, name, label and source_surface "
                                + "filters and groupings combine with anything).", "unanswerable"));
            }
            var mainDim = dims.isEmpty() ? RollupKey.ALL : dims.keySet().iterator().next();
            String valueFilter = f.hasMetadata() ? f.metadataValue() : null;
            boolean partition = mainDim.equals(RollupKey.ALL) || f.hasMetadata();
            boolean reasonsAnswerable = mainDim.equals(RollupKey.ALL);
            var notes = new ArrayList<String>();
            for (var d : q.groupBy()) {
                switch (d.kind()) {
                    case REASON -> notes.add("Grouped by reason: a feedback with several reasons counts once in each of "
                            + "their groups, so the groups add up to more than the overall total.");
                    case CONTENT_ID -> notes.add("Grouped by content_id: only feedback about a retrieved chunk appears in the groups; "
                            + "overall counts all feedback that matches the filters.");
                    case METADATA -> {
                        if (!f.hasMetadata()) {
                            notes.add("Grouped by metadata." + d.metadataKey() + ": only feedback that has this key appears in the groups; "
                                    + "overall counts all feedback that matches the filters.");
                        }
                    }
                    default -> {
                    }
                }
            }
            if (!reasonsAnswerable && q.topReasons() > 0 && q.groupBy().stream().noneMatch(d -> d.kind() == Dimension.Kind.REASON)) {
                notes.add("top_reasons is null: the rollups do not split reasons by " + (f.hasMetadata() || mainDim.startsWith(RollupKey.META_PREFIX)
                        ? "metadata" : "content id") + ", so they cannot be counted exactly within these groups.");
            }
            return new Plan(mainDim, valueFilter, partition, reasonsAnswerable, reasonsAnswerable && q.topReasons() > 0, notes);
        }

        private static void validateGroupBy(List<Dimension> groupBy) {
            if (groupBy.size() > StatsQuery.MAX_GROUP_BY) {
                throw new InvalidInput(FieldError.of("group_by", "takes at most " + StatsQuery.MAX_GROUP_BY + " dimensions, got "
                        + groupBy.size() + ": " + groupBy.stream().map(Dimension::wire).toList()));
            }
            if (new HashSet<>(groupBy).size() < groupBy.size()) {
                throw new InvalidInput(FieldError.of("group_by", "names the same dimension twice: " + groupBy.stream().map(Dimension::wire).toList()));
            }
            if (groupBy.stream().filter(Dimension::isTime).count() > 1) {
                throw new InvalidInput(FieldError.of("group_by", "takes at most one of day, week and month"));
            }
        }
    }
}
