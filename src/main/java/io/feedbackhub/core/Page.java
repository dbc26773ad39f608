package io.feedbackhub.core;

import java.util.List;

/** One page of a listing; {@code nextAfter} is the last id when more rows may follow, else null. */
public record Page<T>(List<T> items, String nextAfter) {
}
