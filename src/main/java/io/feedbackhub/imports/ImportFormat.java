package io.feedbackhub.imports;

import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * One shape of exported feedback a bulk import reads, line by line: the native export, or a vendor's exported
 * scores or feedback. Each is implemented beside the door that knows the shape (api/, dialect/&lt;vendor&gt;/).
 */
public interface ImportFormat {
    /** The value of {@code format=} that picks this shape, e.g. {@code native}. */
    String name();

    /** Whether a line that names no format looks like one of this shape. */
    boolean recognizes(ObjectNode line);

    /**
     * The feedback a line is, with its idempotency key derived from the source record's id (namespaced per format,
     * so that a re-run replays instead of adding) and its {@code created_at}. Throws a core refusal on a bad line.
     */
    ImportRecord read(ObjectNode line);
}
