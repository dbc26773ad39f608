package io.feedbackhub.context;

import com.fasterxml.jackson.databind.JsonNode;

import java.util.ArrayList;
import java.util.List;

/**
 * A document a retrieval returned, as any door read it: its id (what chunk feedback's content_id names), title,
 * source (a link or any other name of where it came from) and the text it said.
 */
public record TracedDocument(String id, String title, String source, String text) {
    /**
     * The documents of a JSON list as the SDKs write them: LangChain's {@code {pageContent, metadata: {...}}},
     * {@code {id, content|text|page_content, title|name, source|url}}; the id from {@code id}, {@code document_id} or
     * the metadata's {@code id}, {@code chunk_id}, {@code doc_id}, {@code document_id}. Anything else in the list is
     * left out; a document without an id is kept with a null id, for the recorder to skip.
     */
    public static List<TracedDocument> listed(JsonNode documents) {
        var out = new ArrayList<TracedDocument>();
        if (documents == null || !documents.isArray()) {
            return out;
        }
        for (var doc : documents) {
            if (!doc.isObject()) {
                continue;
            }
            var meta = doc.path("metadata");
            out.add(new TracedDocument(
                    first(doc.path("id"), doc.path("document_id"), meta.path("id"), meta.path("chunk_id"), meta.path("doc_id"), meta.path("document_id")),
                    first(doc.path("title"), meta.path("title"), doc.path("name"), meta.path("name")),
                    first(doc.path("source"), doc.path("url"), meta.path("source"), meta.path("url")),
                    first(doc.path("pageContent"), doc.path("page_content"), doc.path("content"), doc.path("text"))));
        }
        return out;
    }

    private static String first(JsonNode... nodes) {
        for (var n : nodes) {
            if ((n.isTextual() || n.isNumber()) && !n.asText().isBlank()) {
                return n.asText();
            }
        }
        return null;
    }
}
