package io.feedbackhub.settings;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/**
 * Whether a project's viewers read the free text of feedback: its comments and its corrections. Both are what end
 * users typed, and a correction is often a comment in another form ("it should have said: …, my account is …"), so
 * hiding one without the other would hide nothing.
 */
public enum ViewerComments {
    SHOWN, HIDDEN;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<ViewerComments> parse(String text) {
        return Arrays.stream(values()).filter(v -> v.wire().equals(text)).findFirst();
    }
}
