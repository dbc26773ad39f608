package io.feedbackhub.core;

/** One problem with one input field; {@code field} is the native snake_case name (dotted for nested fields). */
public record FieldError(String field, String message, String code) {
    public static FieldError of(String field, String message) {
        return new FieldError(field, message, "invalid");
    }

    public static FieldError missing(String field) {
        return new FieldError(field, "is required", "missing");
    }
}
