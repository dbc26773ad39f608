package io.feedbackhub.insight.agreement;

import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;

/** One figure of an {@link AgreementReport}, by the name an alert rule's condition gives it. */
public enum Coefficient {
    PERCENT_AGREEMENT(AgreementReport::percentAgreement),
    COHEN_KAPPA(AgreementReport::cohenKappa),
    FLEISS_KAPPA(AgreementReport::fleissKappa),
    ALPHA_NOMINAL(r -> r.alpha().get(Level.NOMINAL)),
    ALPHA_ORDINAL(r -> r.alpha().get(Level.ORDINAL)),
    ALPHA_INTERVAL(r -> r.alpha().get(Level.INTERVAL));

    private final Function<AgreementReport, Estimate> read;

    Coefficient(Function<AgreementReport, Estimate> read) {
        this.read = read;
    }

    public String wire() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The figure with its interval; undefined without enough overlap, or where the report has no such figure. */
    public Estimate of(AgreementReport report) {
        var e = report.enoughOverlap() ? read.apply(report) : null;
        return e == null ? Estimate.UNDEFINED : e;
    }

    public static Optional<Coefficient> parse(String s) {
        return Arrays.stream(values()).filter(c -> c.wire().equals(s)).findFirst();
    }

    public static String names() {
        return String.join(", ", Arrays.stream(values()).map(Coefficient::wire).toList());
    }
}
