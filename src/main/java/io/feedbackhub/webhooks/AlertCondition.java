package io.feedbackhub.webhooks;

import io.feedbackhub.core.FieldError;
import io.feedbackhub.core.InvalidInput;
import io.feedbackhub.insight.agreement.Coefficient;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What an alert rule watches: {@code rate(<label>) <op> <number>} (the share of feedback with that label among all
 * feedback the rule selects), {@code mean(score) <op> <number>}, or {@code agreement(<coefficient>) <op> <number>}
 * (a figure of the agreement report between the raters of one name, e.g. {@code agreement(cohen_kappa) < 0.6});
 * op is one of {@code > >= < <=}.
 */
public record AlertCondition(Metric metric, String label, Coefficient coefficient, Op op, double threshold) {
    private static final Pattern SYNTAX = Pattern.compile(
            "\\s*(rate\\(\\s*([A-Za-z0-9_.:-]{1,100})\\s*\\)|mean\\(\\s*score\\s*\\)|agreement\\(\\s*([a-z_]{1,40})\\s*\\))"
                    + "\\s*(>=|<=|>|<)\\s*([-+]?[0-9]*\\.?[0-9]+(?:[eE][-+]?[0-9]+)?)\\s*");

    public enum Metric {RATE, MEAN, AGREEMENT}

    public enum Op {
        GT(">"), GE(">="), LT("<"), LE("<=");

        final String symbol;

        Op(String symbol) {
            this.symbol = symbol;
        }

        boolean holds(double value, double threshold) {
            return switch (this) {
                case GT -> value > threshold;
                case GE -> value >= threshold;
                case LT -> value < threshold;
                case LE -> value <= threshold;
            };
        }

        /** Does the value have to rise (true) or fall to make the condition true? */
        boolean upward() {
            return this == GT || this == GE;
        }
    }

    public static AlertCondition parse(String text) {
        var m = SYNTAX.matcher(text == null ? "" : text);
        if (!m.matches()) {
            throw new InvalidInput(new FieldError("condition", "must read rate(<label>) <op> <number>, mean(score) <op> <number> or "
                    + "agreement(<coefficient>) <op> <number> with op one of > >= < <=, e.g. \"rate(thumbs_down) > 0.2\"; got \"" + text + "\"",
                    "condition_syntax"));
        }
        var head = m.group(1).toLowerCase(Locale.ROOT);
        var metric = head.startsWith("rate") ? Metric.RATE : head.startsWith("mean") ? Metric.MEAN : Metric.AGREEMENT;
        Op op = null;
        for (var o : Op.values()) {
            if (o.symbol.equals(m.group(4))) {
                op = o;
            }
        }
        double threshold = Double.parseDouble(m.group(5));
        Coefficient coefficient = null;
        if (metric == Metric.AGREEMENT) {
            coefficient = Coefficient.parse(m.group(3)).orElseThrow(() -> new InvalidInput(new FieldError("condition",
                    "agreement() takes one of " + Coefficient.names() + ", got \"" + m.group(3) + "\"", "enum")));
            double low = coefficient == Coefficient.PERCENT_AGREEMENT ? 0 : -1;
            if (threshold < low || threshold > 1) {
                throw new InvalidInput(FieldError.of("condition", coefficient.wire() + " lies from " + number(low) + " to 1, got " + m.group(5)));
            }
        }
        if (metric == Metric.RATE && (threshold < 0 || threshold > 1)) {
            throw new InvalidInput(FieldError.of("condition", "a rate is a share from 0 to 1 (0.2 is 20 %), got " + m.group(5)));
        }
        return new AlertCondition(metric, metric == Metric.RATE ? m.group(2) : null, coefficient, op, threshold);
    }

    @Override
    public String toString() {
        var head = switch (metric) {
            case RATE -> "rate(" + label + ")";
            case MEAN -> "mean(score)";
            case AGREEMENT -> "agreement(" + coefficient.wire() + ")";
        };
        return head + " " + op.symbol + " " + number(threshold);
    }

    private static String number(double d) {
        return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
    }
}
