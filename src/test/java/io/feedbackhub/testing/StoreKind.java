package io.feedbackhub.testing;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/** The two stores every HTTP test runs against. */
public enum StoreKind {
    SQLITE, POSTGRES;

    /**
     * The system property naming the stores the store-parameterized tests run against, e.g. {@code sqlite} (the
     * {@code -Pquick} profile sets it); unset, they run against every store.
     */
    public static final String SELECTION_PROPERTY = "feedbackhub.test.stores";

    /** The stores of {@link #SELECTION_PROPERTY}, or all of them. */
    public static List<StoreKind> selected() {
        var selection = System.getProperty(SELECTION_PROPERTY, "").strip();
        if (selection.isEmpty()) {
            return List.of(values());
        }
        return Arrays.stream(selection.split(",")).map(String::strip).map(StoreKind::named).distinct().toList();
    }

    private static StoreKind named(String name) {
        try {
            return valueOf(name.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(SELECTION_PROPERTY + " names an unknown store \"" + name
                    + "\"; the stores are " + Arrays.toString(values()).toLowerCase(Locale.ROOT), e);
        }
    }
}
