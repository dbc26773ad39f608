package io.feedbackhub.insight;

import java.util.Locale;
import java.util.Optional;

/** One way to group stats: a time bucket in the caller's zone, a column of the rollups, or a metadata key. */
public record Dimension(Kind kind, String metadataKey) {
    public static final String METADATA_PREFIX = "metadata.";
    /** What {@code group_by} accepts, for error messages. */
    public static final String ALLOWED = "day, week, month, agent_id, name, label, reason, source_surface, content_id, metadata.<key>";

    public enum Kind {
        DAY, WEEK, MONTH, AGENT_ID, NAME, LABEL, REASON, SOURCE_SURFACE, CONTENT_ID, METADATA;

        String wire() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    public static Dimension of(Kind kind) {
        return new Dimension(kind, null);
    }

    public static Dimension metadata(String key) {
        return new Dimension(Kind.METADATA, key);
    }

    /** {@code day}, {@code agent_id}, {@code metadata.prompt_version}, …; empty for anything else. */
    public static Optional<Dimension> parse(String text) {
        if (text.startsWith(METADATA_PREFIX) && text.length() > METADATA_PREFIX.length()) {
            return Optional.of(metadata(text.substring(METADATA_PREFIX.length())));
        }
        for (var kind : Kind.values()) {
            if (kind != Kind.METADATA && kind.wire().equals(text)) {
                return Optional.of(of(kind));
            }
        }
        return Optional.empty();
    }

    public String wire() {
        return kind == Kind.METADATA ? METADATA_PREFIX + metadataKey : kind.wire();
    }

    public boolean isTime() {
        return kind == Kind.DAY || kind == Kind.WEEK || kind == Kind.MONTH;
    }

    /** The rollup dimension whose rows carry this grouping in {@code dim_value}, or empty for the common columns. */
    Optional<String> rollupDim() {
        return switch (kind) {
            case REASON -> Optional.of(RollupKey.REASON);
            case CONTENT_ID -> Optional.of(RollupKey.CONTENT);
            case METADATA -> Optional.of(RollupKey.meta(metadataKey));
            default -> Optional.empty();
        };
    }

    /** The rollup column this grouping reads. */
    RollupColumn column() {
        return switch (kind) {
            case DAY, WEEK, MONTH -> RollupColumn.HOUR;
            case AGENT_ID -> RollupColumn.AGENT;
            case NAME -> RollupColumn.NAME;
            case LABEL -> RollupColumn.LABEL;
            case SOURCE_SURFACE -> RollupColumn.SURFACE;
            case REASON, CONTENT_ID, METADATA -> RollupColumn.VALUE;
        };
    }
}
