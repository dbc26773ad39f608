package io.feedbackhub.app;

import java.util.AbstractMap;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * The FEEDBACK_HUB_* values given at start-up, noting every name start-up looks up: the readers of the settings
 * ({@link Config}, {@code WebhookSettings}, {@link DevicConversations}) are then the one list of known names, and a
 * given name none of them looked up is a typo, refused with the closest known name.
 */
final class GivenSettings extends AbstractMap<String, String> {
    /**
     * Read from the environment by others, never from the file: logback's level, and the names the docs' client
     * examples export in the shell that may start the server too.
     */
    static final Set<String> ENVIRONMENT_ONLY = Set.of("FEEDBACK_HUB_CONFIG_FILE", "FEEDBACK_HUB_LOG_LEVEL",
            "FEEDBACK_HUB_URL", "FEEDBACK_HUB_KEY", "FEEDBACK_HUB_SECRET_KEY");

    private final Map<String, String> values;
    private final Set<String> lookedUp = new HashSet<>();

    GivenSettings(Map<String, String> values) {
        this.values = Map.copyOf(values);
    }

    @Override
    public String get(Object name) {
        lookedUp.add((String) name);
        return values.get(name);
    }

    @Override
    public String getOrDefault(Object name, String defaultValue) {
        lookedUp.add((String) name);
        return values.getOrDefault(name, defaultValue);
    }

    @Override
    public boolean containsKey(Object name) {
        lookedUp.add((String) name);
        return values.containsKey(name);
    }

    @Override
    public Set<Entry<String, String>> entrySet() {
        return values.entrySet();
    }

    /** Call once every reader has run; {@code where} says where the names came from. */
    void refuseUnknown(Set<String> names, Set<String> alsoKnown, String where) {
        var known = new HashSet<>(lookedUp);
        known.addAll(alsoKnown);
        names.stream().filter(name -> !known.contains(name)).sorted().findFirst().ifPresent(unknown -> {
            var closest = known.stream().min(Comparator.comparingInt((String k) -> editDistance(unknown, k)).thenComparing(k -> k));
            throw new IllegalArgumentException("unknown setting " + unknown + where
                    + closest.map(k -> "; did you mean " + k + "?").orElse(""));
        });
    }

    /** Levenshtein's: insertions, deletions and substitutions of one character each count one. */
    static int editDistance(String a, String b) {
        var previous = new int[b.length() + 1];
        var current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            var swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
