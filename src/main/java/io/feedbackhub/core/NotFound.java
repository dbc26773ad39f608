package io.feedbackhub.core;

/** The thing does not exist for this tenant. Deliberately silent on whether it exists for another one. */
public final class NotFound extends Refusal {
    public NotFound(String what, String id) {
        super(what + " " + id + " not found");
    }
}
