package io.feedbackhub.insight;

import java.util.List;

/** Reads summed rollups; implemented in SQL by the store. Never touches feedback rows. */
public interface RollupReader {
    List<RollupRow> sum(RollupSelection selection);
}
