package io.feedbackhub.insight.agreement;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** One figure of an {@link AgreementReport}, by the name an alert rule's condition gives it. */
public enum Coefficient {
    PERCENT_AGREEMENT, COHEN_KAPPA, FLEISS_KAPPA, ALPHA_NOMINAL, ALPHA_ORDINAL, ALPHA_INTERVAL;

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Coefficient> parse(String s) {
        return Arrays.stream(values()).filter(c -> c.wire().equals(s)).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Coefficient::wire).toList());
    }
}
