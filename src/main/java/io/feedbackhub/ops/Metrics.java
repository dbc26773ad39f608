package io.feedbackhub.ops;

import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * The few Prometheus series an operator needs, in the text exposition format: request rates and latencies
 * per route, group-commit batch sizes, store failures. Small enough to keep without a metrics library.
 */
public final class Metrics {
    private static final double[] LATENCY_BUCKETS = {0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5};
    private static final double[] BATCH_BUCKETS = {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024};

    /** Keyed by the values, their label text written at scrape: a request builds no strings (bench/RESULTS.md). */
    private record RequestKey(String method, String route, int status) {
    }

    private final Map<RequestKey, LongAdder> requests = new ConcurrentHashMap<>();
    private final Map<String, Histogram> latencies = new ConcurrentHashMap<>();
    private final Histogram batchSizes = new Histogram(BATCH_BUCKETS);
    private final LongAdder storeUnavailable = new LongAdder();

    public void request(String method, String route, int status, double seconds) {
        requests.computeIfAbsent(new RequestKey(method, route, status), k -> new LongAdder()).increment();
        latencies.computeIfAbsent(route, k -> new Histogram(LATENCY_BUCKETS)).observe(seconds);
    }

    public void writeBatch(int size) {
        batchSizes.observe(size);
    }

    public void storeUnavailable() {
        storeUnavailable.increment();
    }

    public String scrape() {
        var out = new StringBuilder();
        out.append("# HELP feedbackhub_http_requests_total HTTP requests by method, route template and status.\n");
        out.append("# TYPE feedbackhub_http_requests_total counter\n");
        var byLabels = new TreeMap<String, LongAdder>();
        requests.forEach((k, n) -> byLabels.put(labels("method", k.method(), "route", k.route(), "status", Integer.toString(k.status())), n));
        byLabels.forEach((labels, n) -> out.append("feedbackhub_http_requests_total").append(labels).append(' ').append(n.sum()).append('\n'));
        out.append("# HELP feedbackhub_http_request_duration_seconds Time to answer a request, by route template.\n");
        out.append("# TYPE feedbackhub_http_request_duration_seconds histogram\n");
        var latencyByLabels = new TreeMap<String, Histogram>();
        latencies.forEach((route, h) -> latencyByLabels.put(labels("route", route), h));
        latencyByLabels.forEach((labels, h) -> h.write(out, "feedbackhub_http_request_duration_seconds", labels));
        out.append("# HELP feedbackhub_write_batch_size Writes committed together by one group-commit transaction.\n");
        out.append("# TYPE feedbackhub_write_batch_size histogram\n");
        batchSizes.write(out, "feedbackhub_write_batch_size", "");
        out.append("# HELP feedbackhub_store_unavailable_total Requests answered 503 because the database was unavailable.\n");
        out.append("# TYPE feedbackhub_store_unavailable_total counter\n");
        out.append("feedbackhub_store_unavailable_total ").append(storeUnavailable.sum()).append('\n');
        return out.toString();
    }

    private static String labels(String... pairs) {
        var sb = new StringBuilder("{");
        for (int i = 0; i < pairs.length; i += 2) {
            sb.append(i == 0 ? "" : ",").append(pairs[i]).append("=\"")
                    .append(pairs[i + 1].replace("\\", "\\\\").replace("\"", "\\\"").replace("\n", "\\n")).append('"');
        }
        return sb.append('}').toString();
    }

    private static final class Histogram {
        private final double[] bounds;
        private final LongAdder[] counts;
        private final LongAdder count = new LongAdder();
        private final java.util.concurrent.atomic.DoubleAdder sum = new java.util.concurrent.atomic.DoubleAdder();

        Histogram(double[] bounds) {
            this.bounds = bounds;
            this.counts = new LongAdder[bounds.length];
            for (int i = 0; i < bounds.length; i++) {
                counts[i] = new LongAdder();
            }
        }

        void observe(double value) {
            for (int i = 0; i < bounds.length; i++) {
                if (value <= bounds[i]) {
                    counts[i].increment();
                }
            }
            count.increment();
            sum.add(value);
        }

        void write(StringBuilder out, String name, String labels) {
            var inner = labels.isEmpty() ? "" : labels.substring(1, labels.length() - 1) + ",";
            for (int i = 0; i < bounds.length; i++) {
                out.append(name).append("_bucket{").append(inner).append("le=\"").append(bounds[i]).append("\"} ").append(counts[i].sum()).append('\n');
            }
            out.append(name).append("_bucket{").append(inner).append("le=\"+Inf\"} ").append(count.sum()).append('\n');
            out.append(name).append("_sum").append(labels).append(' ').append(sum.sum()).append('\n');
            out.append(name).append("_count").append(labels).append(' ').append(count.sum()).append('\n');
        }
    }
}
