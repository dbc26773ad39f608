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

/**
 * Answers stats questions from the hourly rollups alone: one read of the rows of one rollup dimension, summed
 * per group by the database (so the cost is O(hours × groups), never O(feedback)), then folded into the caller's
 * local time buckets and turned into rates and intervals here. A second read of the reason rows gives the top
 * reasons where the rollups can answer them exactly.
 */
public final class StatsService {
    static final long MILLIS_PER_HOUR = Duration.ofHours(1).toMillis();

    /** Values per read of crossed dimensions (one dimension per metadata value): bounded statement size. */
    static final int DIMS_PER_READ = 500;

    private final RollupReader reader;
    private final ScalesReader scalesReader;
    /** Reads that run beside another read of the same request (virtual threads: a blocked read holds no platform thread). */
    private final Executor reads;

    /** {@code reads} runs the reads of one request that go side by side; owned by whoever wires this. */
    public StatsService(RollupReader reader, ScalesReader scales, Executor reads) {
        this.reader = reader;
        this.scalesReader = scales;
        this.reads = reads;
    }

    Scales scales(String tenantId) {
        return scalesReader.of(tenantId);
    }

    public StatsResult stats(String tenantId, StatsQuery query) {
        var plan = Plan.of(query);
        var scales = scales(tenantId);
        long fromHour = fromHour(query.from());
        long toHour = toHour(query.to());
        CompletableFuture<Map<List<String>, Accumulator>> apart = null;
        var ungroupedPlan = plan.groupsPartition() ? plan : Plan.of(query.ungrouped());
        if (!plan.groupsPartition()) {
            // The groups overlap (reasons) or leave feedback out (no such metadata key or content id): count apart.
            var ungrouped = query.ungrouped();
            apart = CompletableFuture.supplyAsync(() -> groups(tenantId, ungrouped, ungroupedPlan, fromHour, toHour), reads);
        }
        var groups = groups(tenantId, query, plan, fromHour, toHour);
        var overall = Accumulator.empty(ungroupedPlan.readsReasons());
        (apart == null ? groups : await(apart)).values().forEach(overall::merge);
        var stats = new ArrayList<GroupStats>(groups.size());
        groups.forEach((key, acc) -> stats.add(acc.toStats(key, query.topReasons(), scales)));
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
        var overallStats = overall.toStats(List.of(), query.topReasons(), scales);
        if (overallStats.means().noOverallMessage() != null) {
            notes.add(overallStats.means().noOverallMessage());
        }
        return new StatsResult(from, to, query.zone(), query.filters(), query.groupBy(), overallStats, stats, notes);
    }

    /** Everything matching {@code filters} in the range, summed per feedback name (the score scales): one read. */
    CompletableFuture<Map<String, RollupCounts>> totalByNameAsync(String tenantId, Instant from, Instant to, StatsFilters filters) {
        return CompletableFuture.supplyAsync(() -> totalByName(tenantId, from, to, filters), reads);
    }

    Map<String, RollupCounts> totalByName(String tenantId, Instant from, Instant to, StatsFilters filters) {
        var plan = Plan.of(new StatsQuery(from, to, java.time.ZoneOffset.UTC, filters, List.of(), 0));
        var rows = reader.sum(selection(tenantId, plan.mainDims(), fromHour(from), toHour(to), filters, plan.dimValueFilter(),
                EnumSet.of(RollupColumn.NAME)));
        var byName = new HashMap<String, RollupCounts>();
        rows.forEach(r -> byName.merge(r.name(), r.counts(), RollupCounts::plus));
        return byName;
    }

    /** Per reason, the counts of the feedback matching {@code filters} in the range that gave it. */
    CompletableFuture<Map<String, RollupCounts>> reasonsAsync(String tenantId, Instant from, Instant to, StatsFilters filters) {
        return CompletableFuture.supplyAsync(() -> {
            var dim = filters.hasMetadata() ? RollupKey.crossed(filters.metadataKey(), filters.metadataValue(), RollupKey.REASON) : RollupKey.REASON;
            var rows = reader.sum(selection(tenantId, List.of(dim), fromHour(from), toHour(to), filters, null, EnumSet.of(RollupColumn.VALUE)));
            var byReason = new HashMap<String, RollupCounts>();
            rows.forEach(r -> byReason.merge(r.dimValue(), r.counts(), RollupCounts::plus));
            return byReason;
        }, reads);
    }

    static long fromHour(Instant from) {
        return Math.floorDiv(from.toEpochMilli(), MILLIS_PER_HOUR);
    }

    static long toHour(Instant to) {
        return Math.ceilDiv(to.toEpochMilli(), MILLIS_PER_HOUR);
    }

    /**
     * The groups of one query. The reason rows are read on a second connection while the main rows are read, so a
     * dashboard waits for the slower of the two scans, not for both; except where the reason rows depend on the
     * metadata values the main read finds (grouped by a metadata key), which are read after it.
     */
    private Map<List<String>, Accumulator> groups(String tenantId, StatsQuery query, Plan plan, long fromHour, long toHour) {
        var columns = EnumSet.of(RollupColumn.LABEL, RollupColumn.NAME);
        query.groupBy().forEach(d -> plan.column(d).ifPresent(columns::add));
        CompletableFuture<List<RollupRow>> reasonRows = null;
        if (plan.readsReasons() && plan.reasonDims() != null) {
            var reasonColumns = EnumSet.of(RollupColumn.VALUE);
            query.groupBy().forEach(d -> plan.reasonColumn(d).ifPresent(reasonColumns::add));
            var selection = selection(tenantId, plan.reasonDims(), fromHour, toHour, query.filters(), null, reasonColumns).countingOnly();
            reasonRows = CompletableFuture.supplyAsync(() -> reader.sum(selection), reads);
        }
        var dims = plan.mainDims() != null ? plan.mainDims() : discoveredDims(tenantId, query.filters(), plan, plan.detailDim(), fromHour, toHour);
        var folder = new KeyFolder(query, plan, false);
        var groups = new HashMap<List<String>, Accumulator>();
        try {
            for (var row : sumAll(tenantId, dims, fromHour, toHour, query.filters(), plan.dimValueFilter(), columns)) {
                groups.computeIfAbsent(folder.key(row), k -> Accumulator.empty(plan.readsReasons())).add(row);
            }
        } catch (RuntimeException e) {
            if (reasonRows != null) {
                reasonRows.cancel(false);
            }
            throw e;
        }
        if (plan.readsReasons()) {
            List<RollupRow> rows;
            if (reasonRows != null) {
                rows = await(reasonRows);
            } else {
                // grouped by a metadata key: the reasons of each value the main read found
                var values = groups.keySet().stream().map(k -> k.get(plan.metadataGroupIndex())).filter(java.util.Objects::nonNull)
                        .distinct().map(v -> RollupKey.crossed(plan.metadataKey(), v, RollupKey.REASON)).toList();
                var reasonColumns = EnumSet.of(RollupColumn.VALUE, RollupColumn.DIM);
                query.groupBy().forEach(d -> plan.reasonColumn(d).ifPresent(reasonColumns::add));
                rows = values.isEmpty() ? List.of() : sumAll(tenantId, values, fromHour, toHour, query.filters(), null, reasonColumns, true);
            }
            var reasonFolder = new KeyFolder(query, plan, true);
            for (var row : rows) {
                var group = groups.get(reasonFolder.key(row));
                if (group != null) {
                    group.addReason(row.dimValue(), row.counts().n());
                }
            }
        }
        return groups;
    }

    /** The crossed dimensions ({@code meta:<key>=<value>|reason}) of every value the metadata key has in the range. */
    private List<String> discoveredDims(String tenantId, StatsFilters filters, Plan plan, String detail, long fromHour, long toHour) {
        var values = reader.sum(selection(tenantId, List.of(RollupKey.meta(plan.metadataKey())), fromHour, toHour, filters, null,
                EnumSet.of(RollupColumn.VALUE)).countingOnly());
        return values.stream().map(r -> RollupKey.crossed(plan.metadataKey(), r.dimValue(), detail)).toList();
    }

    private List<RollupRow> sumAll(String tenantId, List<String> dims, long fromHour, long toHour, StatsFilters f, String valueFilter,
                                   EnumSet<RollupColumn> columns) {
        return sumAll(tenantId, dims, fromHour, toHour, f, valueFilter, columns, false);
    }

    private List<RollupRow> sumAll(String tenantId, List<String> dims, long fromHour, long toHour, StatsFilters f, String valueFilter,
                                   EnumSet<RollupColumn> columns, boolean countOnly) {
        if (dims.isEmpty()) {
            return List.of();
        }
        var all = new ArrayList<RollupRow>();
        for (int i = 0; i < dims.size(); i += DIMS_PER_READ) {
            var part = dims.subList(i, Math.min(dims.size(), i + DIMS_PER_READ));
            var selection = selection(tenantId, part, fromHour, toHour, f, valueFilter, columns);
            all.addAll(reader.sum(countOnly ? selection.countingOnly() : selection));
        }
        return all;
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

    private static RollupSelection selection(String tenantId, List<String> dims, long fromHour, long toHour, StatsFilters f,
                                             String valueFilter, EnumSet<RollupColumn> columns) {
        return new RollupSelection(tenantId, dims, fromHour, toHour, f.agentId(), f.name(), f.label(), f.sourceSurface(), valueFilter, columns, false);
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
        private final Plan plan;
        private final boolean reasonRead;

        KeyFolder(StatsQuery query, Plan plan, boolean reasonRead) {
            this.dimensions = query.groupBy();
            this.plan = plan;
            this.reasonRead = reasonRead;
            for (var d : dimensions) {
                buckets.add(d.isTime() ? new TimeBuckets(d.kind(), query.zone()) : null);
            }
        }

        List<String> key(RollupRow row) {
            var key = new ArrayList<String>(dimensions.size());
            for (int i = 0; i < dimensions.size(); i++) {
                var d = dimensions.get(i);
                String value;
                if (d.isTime()) {
                    value = buckets.get(i).label(row.hour());
                } else if (d.kind() == Dimension.Kind.METADATA) {
                    value = metadataValue(row);
                } else {
                    value = row.value(d.column());
                }
                key.add(value == null || value.isEmpty() ? null : value);
            }
            return java.util.Collections.unmodifiableList(key);
        }

        private String metadataValue(RollupRow row) {
            if (plan.metadataFiltered()) {
                return plan.metadataValue();
            }
            if (!reasonRead && plan.detailDim() == null) {
                return row.dimValue();
            }
            return RollupKey.crossedValue(row.dim(), plan.metadataKey(), reasonRead ? RollupKey.REASON : plan.detailDim());
        }
    }

    /** Sums of one group while the rows stream in; score moments apart per feedback name, as each has its own scale. */
    private static final class Accumulator {
        private RollupCounts counts = RollupCounts.ZERO;
        private final Map<String, Long> labels = new HashMap<>();
        private final Map<String, RollupCounts> byName = new HashMap<>();
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
            byName.merge(row.name(), row.counts(), RollupCounts::plus);
        }

        void addReason(String reason, long n) {
            reasons.merge(reason, n, Long::sum);
        }

        void merge(Accumulator other) {
            counts = counts.plus(other.counts);
            other.labels.forEach((label, n) -> labels.merge(label, n, Long::sum));
            other.byName.forEach((name, c) -> byName.merge(name, c, RollupCounts::plus));
            if (reasons != null && other.reasons != null) {
                other.reasons.forEach((reason, n) -> reasons.merge(reason, n, Long::sum));
            }
        }

        GroupStats toStats(List<String> key, int topReasons, Scales scales) {
            var labelCounts = new LinkedHashMap<String, Long>();
            mostFirst(labels).stream().filter(e -> !e.getKey().isEmpty()).forEach(e -> labelCounts.put(e.getKey(), e.getValue()));
            List<ReasonCount> top = reasons == null ? null : mostFirst(reasons).stream().limit(topReasons)
                    .map(e -> new ReasonCount(e.getKey(), e.getValue())).toList();
            var means = ScoreMeans.of(byName, scales);
            return new GroupStats(key, counts.n(), labelCounts, labels.getOrDefault("", 0L),
                    PositiveRate.of(counts.positive(), counts.negative()), means.overall(), means,
                    counts.commented(), counts.n() == 0 ? null : (double) counts.commented() / counts.n(), top);
        }

        private static List<Map.Entry<String, Long>> mostFirst(Map<String, Long> counts) {
            return counts.entrySet().stream().filter(e -> e.getValue() > 0)
                    .sorted(Map.Entry.<String, Long>comparingByValue().reversed().thenComparing(Map.Entry.comparingByKey()))
                    .toList();
        }
    }

    /**
     * Which rollup rows answer a query, or why none can. Beside the common columns (agent, name, label, surface), the
     * rollups keep reasons, content ids and each metadata key as dimensions, and reasons and content ids crossed with
     * each metadata key. So a query may use one metadata key (filter or grouping) together with reasons or content ids;
     * two metadata keys, or reasons with content ids, are never crossed.
     *
     * @param mainDims     the dimensions of the main read; null when they are the crossed dimensions of every value the
     *                     grouped metadata key has (found by a first read)
     * @param detailDim    {@link RollupKey#REASON} or {@link RollupKey#CONTENT} when grouped by one of them
     * @param reasonDims   the dimensions of the top-reasons read; null when they follow the metadata values found
     */
    record Plan(List<String> mainDims, String dimValueFilter, String detailDim, String metadataKey, boolean metadataFiltered,
                String metadataValue, int metadataGroupIndex, boolean groupsPartition, boolean readsReasons, List<String> reasonDims,
                List<String> notes) {

        static Plan of(StatsQuery q) {
            validateGroupBy(q.groupBy());
            var f = q.filters();
            var metadata = new LinkedHashMap<String, String>(); // key -> what asked for it
            var details = new LinkedHashMap<String, String>();
            int metadataGroupIndex = -1;
            for (int i = 0; i < q.groupBy().size(); i++) {
                var d = q.groupBy().get(i);
                switch (d.kind()) {
                    case METADATA -> {
                        metadata.putIfAbsent(d.metadataKey(), "group_by=" + d.wire());
                        metadataGroupIndex = i;
                    }
                    case REASON -> details.put(RollupKey.REASON, "group_by=reason");
                    case CONTENT_ID -> details.put(RollupKey.CONTENT, "group_by=content_id");
                    default -> {
                    }
                }
            }
            if (f.hasMetadata()) {
                metadata.putIfAbsent(f.metadataKey(), "the filter metadata." + f.metadataKey());
            }
            if (metadata.size() > 1 || details.size() > 1) {
                var asked = new ArrayList<>(metadata.size() > 1 ? metadata.values() : details.values());
                throw new InvalidInput(new FieldError("group_by",
                        "cannot combine " + String.join(" with ", asked) + " exactly: the rollups cross reasons and content ids "
                                + "with each metadata key, but never two metadata keys with one another, nor reasons with content ids. "
                                + "Use at most one metadata key (filter or grouping) and at most one of reason and content_id (the "
                                + "agent_id, name, label and source_surface filters and groupings combine with anything).", "unanswerable"));
            }
            var key = metadata.isEmpty() ? null : metadata.keySet().iterator().next();
            var detail = details.isEmpty() ? null : details.keySet().iterator().next();
            boolean filtered = f.hasMetadata();
            var value = filtered ? f.metadataValue() : null;
            List<String> mainDims;
            String valueFilter = null;
            if (key == null) {
                mainDims = List.of(detail == null ? RollupKey.ALL : detail);
            } else if (detail == null) {
                mainDims = List.of(RollupKey.meta(key));
                valueFilter = value;
            } else if (filtered) {
                mainDims = List.of(RollupKey.crossed(key, value, detail));
            } else {
                mainDims = null;
            }
            boolean partition = detail == null && (key == null || filtered);
            boolean reasonsAnswerable = detail == null;
            List<String> reasonDims = key == null ? List.of(RollupKey.REASON)
                    : filtered ? List.of(RollupKey.crossed(key, value, RollupKey.REASON)) : null;
            var notes = new ArrayList<String>();
            for (var d : q.groupBy()) {
                switch (d.kind()) {
                    case REASON -> notes.add("Grouped by reason: a feedback with several reasons counts once in each of "
                            + "their groups, so the groups add up to more than the overall total.");
                    case CONTENT_ID -> notes.add("Grouped by content_id: only feedback about a retrieved chunk appears in the groups; "
                            + "overall counts all feedback that matches the filters.");
                    case METADATA -> {
                        if (!filtered) {
                            notes.add("Grouped by metadata." + d.metadataKey() + ": only feedback that has this key appears in the groups; "
                                    + "overall counts all feedback that matches the filters.");
                        }
                    }
                    default -> {
                    }
                }
            }
            if (RollupKey.CONTENT.equals(detail) && q.topReasons() > 0) {
                notes.add("top_reasons is null in the groups: the rollups do not cross reasons with content ids, so they cannot "
                        + "be counted exactly within these groups.");
            }
            return new Plan(mainDims, valueFilter, detail, key, filtered, value, metadataGroupIndex, partition,
                    reasonsAnswerable && q.topReasons() > 0, reasonDims, notes);
        }

        /** The rollup column a grouping reads in the main read; empty when it is constant there (a filtered metadata key). */
        java.util.Optional<RollupColumn> column(Dimension d) {
            if (d.kind() != Dimension.Kind.METADATA) {
                return java.util.Optional.of(d.column());
            }
            if (metadataFiltered) {
                return java.util.Optional.empty();
            }
            return java.util.Optional.of(detailDim == null ? RollupColumn.VALUE : RollupColumn.DIM);
        }

        /** The rollup column a grouping reads in the reason read (dim_value holds the reason there). */
        java.util.Optional<RollupColumn> reasonColumn(Dimension d) {
            if (d.kind() != Dimension.Kind.METADATA) {
                return java.util.Optional.of(d.column());
            }
            return metadataFiltered ? java.util.Optional.empty() : java.util.Optional.of(RollupColumn.DIM);
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
