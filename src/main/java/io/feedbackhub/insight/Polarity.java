package io.feedbackhub.insight;

import java.util.Locale;

/** Whether a judgment says the answer was good, bad or in between; null (no polarity) when nothing says. */
public enum Polarity {
    POSITIVE, NEGATIVE, NEUTRAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
