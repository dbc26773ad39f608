package io.feedbackhub.core;

import java.util.List;
import java.util.StringJoiner;

/**
 * The input broke one or more rules; carries every field error found, not only the first. An answer lists at most
 * {@link #MAX_SHOWN} of them ({@link #shown()}) and counts the rest ({@link #omitted()}): a body of 60,000 unknown
 * keys must not buy a 6 MB answer.
 */
public final class InvalidInput extends Refusal {
    /** The most field errors one answer lists, at every door. */
    public static final int MAX_SHOWN = 100;

    private final List<FieldError> errors;

    public InvalidInput(List<FieldError> errors) {
        super(message(errors));
        this.errors = List.copyOf(errors);
    }

    public InvalidInput(FieldError error) {
        this(List.of(error));
    }

    public List<FieldError> errors() {
        return errors;
    }

    /** The errors an answer lists: the first {@link #MAX_SHOWN}. */
    public List<FieldError> shown() {
        return errors.size() <= MAX_SHOWN ? errors : errors.subList(0, MAX_SHOWN);
    }

    /** How many errors an answer leaves out. */
    public int omitted() {
        return errors.size() - shown().size();
    }

    /** Built once, in linear time, from the errors shown (a fold of string concatenations was quadratic). */
    private static String message(List<FieldError> errors) {
        if (errors.isEmpty()) {
            return "invalid input";
        }
        var text = new StringJoiner("; ");
        errors.stream().limit(MAX_SHOWN).forEach(e -> text.add(e.field() + ": " + e.message()));
        if (errors.size() > MAX_SHOWN) {
            text.add("and " + (errors.size() - MAX_SHOWN) + " more errors not listed");
        }
        return text.toString();
    }
}
