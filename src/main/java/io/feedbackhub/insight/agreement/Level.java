package io.feedbackhub.insight.agreement;

import java.util.Locale;

/** Krippendorff's levels of measurement: what a disagreement between two values costs. */
public enum Level {
    /** Any two different values disagree equally. */
    NOMINAL,
    /** Values are ranked; a disagreement costs the mass of values between them (Krippendorff 2011, §E). */
    ORDINAL,
    /** Values are numbers; a disagreement costs their squared difference. */
    INTERVAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }
}
