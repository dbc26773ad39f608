package io.feedbackhub.insight;

/** A tenant's scales and polarity rule, from its feedback configs as they are now. */
@FunctionalInterface
public interface ScalesReader {
    Scales of(String tenantId);
}
