package io.feedbackhub.reliability;

import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.feedbackhub.json.Json;
import io.feedbackhub.reliability.EveryRoute.Entry;
import io.feedbackhub.testing.Api;
import io.feedbackhub.testing.StoreKind;
import io.feedbackhub.testing.TestHub;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Example;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import net.jqwik.api.Tuple;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Bad input gets a clear 4xx in the door's own error format, never a 5xx and never a partial write (DESIGN.md §4),
 * shown by property-based fuzzing of every JSON body, query parameter and path id of every route the server
 * serves. Each generated case is sent to two nodes, one on SQLite and one on PostgreSQL; each node's tables are
 * summarised before and after, and a refused request must leave the summary as it was. Hostile means: malformed
 * and truncated JSON, NaN/Infinity and other non-JSON tokens, huge numbers, wrong types, deep nesting, long strings,
 * invalid UTF-8 bytes, duplicate keys, odd escapes; in query strings and path ids also malformed percent-escapes,
 * encoded path traversal, control characters and very long values.
 */
class HostileInputTest {
    private static final List<Node> NODES = new ArrayList<>();
    /** Requests sent per property and store, reported at the end (surefire's output file of this class). */
    private static final Map<String, AtomicInteger> CASES = new ConcurrentHashMap<>();
    private static final String SENTINEL = "__hostile_value__";

    record Node(StoreKind store, TestHub hub, TenantData data, List<Entry> routes) {
    }

    /** A transformation of a route's valid body into hostile bytes; shown by its description when a case fails. */
    record Hostile(String description, Function<String, byte[]> apply) {
        @Override
        public String toString() {
            return description;
        }
    }

    @BeforeContainer
    static void start() {
        for (var store : StoreKind.selected()) {
            var hub = TestHub.start(store, EveryRoute.ENVIRONMENT);
            var data = TenantData.seed(hub.api, hub.api.withKey(TestHub.ADMIN_KEY));
            NODES.add(new Node(store, hub, data, EveryRoute.forServed(hub.hub().routes())));
        }
    }

    @AfterContainer
    static void stop() {
        NODES.forEach(n -> n.hub().close());
        NODES.clear();
        int total = CASES.values().stream().mapToInt(AtomicInteger::get).sum();
        System.out.println("HostileInputTest cases sent: " + total + " " + new TreeMap<>(CASES));
    }

    // ---------------------------------------------------------------------------------------------------- bodies

    @Property(tries = 2500, shrinking = ShrinkingMode.BOUNDED)
    void a_hostile_body_is_refused_in_the_doors_shape_and_writes_nothing(@ForAll("routesWithBodies") Entry route,
                                                                         @ForAll("hostileBodies") Hostile hostile) {
        for (var node : NODES) {
            var call = route.calls(node.data().ids).getFirst();
            var bytes = hostile.apply().apply(call.body());
            var r = sendAndCheck(node, "body", route, call.method(), call.target(), bytes);
            boolean leftOut = new String(bytes, StandardCharsets.UTF_8).isBlank() && EveryRoute.OPTIONAL_BODY.contains(route.method() + " " + route.template());
            if (mustBeRefused(bytes) && !leftOut) {
                assertTrue(r.status() >= 400 && r.status() < 500, describe(node, route, call.target(), bytes, r)
                        + "\n  invalid JSON must be a 4xx");
            }
        }
    }

    @Provide
    Arbitrary<Entry> routesWithBodies() {
        return Arbitraries.of(EveryRoute.ALL.stream().filter(Entry::hasBody).toList());
    }

    @Provide
    Arbitrary<Hostile> hostileBodies() {
        return Arbitraries.frequencyOf(
                Tuple.of(3, truncations()),
                Tuple.of(2, insertions()),
                Tuple.of(2, wholeBodies()),
                Tuple.of(8, replacedValues()),
                Tuple.of(2, duplicateKeys()),
                Tuple.of(3, invalidUtf8()),
                Tuple.of(1, extraFields()),
                Tuple.of(2, syntaxOddities()));
    }

    private Arbitrary<Hostile> truncations() {
        return Arbitraries.doubles().between(0, 0.999).ofScale(3).map(f -> new Hostile("truncated at " + f, body ->
                utf8(body.substring(0, (int) (body.length() * f)))));
    }

    private Arbitrary<Hostile> insertions() {
        var chars = Arbitraries.of('{', '}', '[', ']', '"', ',', ':', '\\', 'x', '0', ' ', '\n', '\u0000', '\u007f', 'é', '\u2028');
        return Combinators.combine(Arbitraries.doubles().between(0, 1).ofScale(3), chars).as((f, c) -> new Hostile(
                "inserted U+" + Integer.toHexString(c) + " at " + f, body -> {
            int at = (int) (body.length() * f);
            return utf8(body.substring(0, at) + c + body.substring(at));
        }));
    }

    private Arbitrary<Hostile> wholeBodies() {
        var fixed = Arbitraries.of("", " ", "\n\t", "null", "[]", "[{}]", "42", "-0", "1e999", "\"text\"", "true", "{", "}",
                "{{}}", "{\"\":}", "{\"a\"}", "{\"a\":1", "[", "\"", "{\"a\":1}{\"b\":2}", "{} []", "NaN", "Infinity");
        var random = Arbitraries.strings().all().ofMaxLength(200);
        var bytes = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
        return Arbitraries.oneOf(
                fixed.map(s -> new Hostile("whole body " + Json.write(s), body -> utf8(s))),
                random.map(s -> new Hostile("whole body " + Json.write(s), body -> utf8(s))),
                bytes.map(b -> new Hostile("whole body bytes " + hex(b), body -> b)));
    }

    /** One value of the body (at any depth) replaced by a hostile fragment. */
    private Arbitrary<Hostile> replacedValues() {
        return Combinators.combine(Arbitraries.integers().between(0, 50), fragments()).as((which, fragment) -> new Hostile(
                "value #" + which + " := " + clip(fragment), body -> replaceValue(body, which, utf8(fragment), false)));
    }

    private Arbitrary<Hostile> duplicateKeys() {
        return Combinators.combine(Arbitraries.integers().between(0, 50), Arbitraries.of("\"other\"", "1", "null", "{}", "true"))
                .as((which, other) -> new Hostile("duplicate key of value #" + which + " with " + other,
                        body -> replaceValue(body, which, utf8(other), true)));
    }

    private Arbitrary<Hostile> extraFields() {
        return fragments().map(fragment -> new Hostile("extra field := " + clip(fragment), body -> {
            var at = body.lastIndexOf('}');
            return utf8(body.substring(0, at) + ", \"unexpected_field\": " + fragment + body.substring(at));
        }));
    }

    /** Raw bytes that are not UTF-8 inside a string value (or, when the body has none, at its end). */
    private Arbitrary<Hostile> invalidUtf8() {
        var sequences = Arbitraries.of(new byte[]{(byte) 0x80}, new byte[]{(byte) 0xC3, 0x28}, new byte[]{(byte) 0xFF},
                new byte[]{(byte) 0xFE, (byte) 0xFF}, new byte[]{(byte) 0xC0, (byte) 0xAF}, new byte[]{(byte) 0xE2, (byte) 0x82},
                new byte[]{(byte) 0xED, (byte) 0xA0, (byte) 0x80}, new byte[]{(byte) 0xF4, (byte) 0x90, (byte) 0x80, (byte) 0x80},
                new byte[]{(byte) 0xF8, (byte) 0x88, (byte) 0x80, (byte) 0x80, (byte) 0x80}, new byte[]{(byte) 0xC2});
        return Combinators.combine(Arbitraries.integers().between(0, 50), sequences).as((which, bad) -> new Hostile(
                "invalid UTF-8 " + hex(bad) + " in string #" + which, body -> {
            var quoted = new ByteArrayOutputStream();
            quoted.write('"');
            quoted.writeBytes("note ".getBytes(StandardCharsets.UTF_8));
            quoted.writeBytes(bad);
            quoted.write('"');
            return replaceValue(body, which, quoted.toByteArray(), false);
        }));
    }

    private Arbitrary<Hostile> syntaxOddities() {
        return Arbitraries.of(
                new Hostile("trailing comma", body -> utf8(body.substring(0, body.lastIndexOf('}')) + ",}")),
                new Hostile("comment", body -> utf8("/* c */" + body)),
                new Hostile("trailing garbage", body -> utf8(body + " x")),
                new Hostile("second document", body -> utf8(body + body)),
                new Hostile("byte order mark", body -> utf8("\uFEFF" + body)),
                new Hostile("single quotes", body -> utf8(body.replace('"', '\''))),
                new Hostile("unquoted names", body -> utf8(body.replaceAll("\"([a-z_A-Z]+)\":", "$1:"))),
                new Hostile("UTF-16 encoded", body -> body.getBytes(StandardCharsets.UTF_16)),
                new Hostile("latin-1 é", body -> body.replace("by the caller", "by the caller é").getBytes(StandardCharsets.ISO_8859_1)));
    }

    /** JSON text fragments for one value: non-JSON tokens, huge numbers, wrong types, nesting, long and odd strings. */
    private Arbitrary<String> fragments() {
        var tokens = Arbitraries.of("NaN", "-NaN", "Infinity", "-Infinity", "+1", "01", ".5", "1.", "0x1F", "1e", "-", "undefined",
                "None", "True", "'single'", "\"\\x41\"", "\"\\u12\"", "\"a\nb\"", "\"\u0001\"");
        var numbers = Arbitraries.of("1e400", "-1e400", "1e-400", "1.7976931348623157e309", "18446744073709551616",
                "-9223372036854775809", "123.456e-789", "0.000000000000000000000000000001", "-0", "-0.0", "4.9e-324",
                "9".repeat(99), "9".repeat(101), "1" + "0".repeat(400), "0." + "0".repeat(300) + "1");
        var types = Arbitraries.of("true", "false", "null", "[]", "{}", "[1, \"a\"]", "{\"k\": \"v\"}", "0", "3.14", "\"\"", "\" \"",
                "\"text\"", "[\"a\", \"b\"]", "[null]", "{\"a\": {\"b\": [1, {\"c\": null}]}}");
        var nesting = Combinators.combine(Arbitraries.integers().between(1, 300), Arbitraries.of(true, false)).as((depth, arrays) ->
                arrays ? "[".repeat(depth) + "]".repeat(depth) : "{\"a\":".repeat(depth) + "1" + "}".repeat(depth));
        var longStrings = Combinators.combine(Arbitraries.of(101, 257, 1_001, 10_001, 100_001, 200_001, 1_000_001),
                Arbitraries.of("x", "é", "😀", "\\u0000", "\\n", " ")).as((n, unit) -> "\"" + unit.repeat(n) + "\"");
        var oddStrings = Arbitraries.of("\"\\u0000\"", "\"a\\u0000b\"", "\"\\ud800\"", "\"\\udfff\\ud800\"", "\"\\u202e\"", "\"\\ufeff\"",
                "\"\\uffff\"", "\"\\u0007\"", "\"\\r\\n\"", "\"../../etc/passwd\"", "\"<script>alert(1)</script>\"",
                "\"'; DROP TABLE feedback; --\"", "\"%s%n%x\"", "\"${jndi:ldap://example/x}\"", "\"😀\"", "\"\\ud83d\\ude00\"",
                "\"thumbs_up\\u0000\"", "\"  \"", "\"positive \"", "\"THUMBS_UP\"", "\"+1000000000-01-01T00:00:00Z\"",
                "\"-999999999-01-01T00:00:00Z\"", "\"0000-01-01T00:00:00Z\"", "\"9999-12-31T23:59:59Z\"", "\"2026-02-30T00:00:00Z\"",
                "\"2026-01-01T00:00:00+25:00\"");
        var randomStrings = Arbitraries.strings().all().ofMaxLength(60).map(Json::write);
        var randomNumbers = Arbitraries.bigDecimals().map(java.math.BigDecimal::toString);
        return Arbitraries.frequencyOf(Tuple.of(3, tokens), Tuple.of(3, numbers), Tuple.of(3, types), Tuple.of(2, nesting),
                Tuple.of(2, longStrings), Tuple.of(3, oddStrings), Tuple.of(2, randomStrings), Tuple.of(1, randomNumbers));
    }

    // ------------------------------------------------- encodings and Unicode, at every body route (issue 13 items 5, 6)

    /** An unknown charset is a 415 in the door's shape at every body route, where it was a 500. */
    @Example
    void an_unknown_charset_is_a_415_in_the_doors_shape_at_every_body_route() {
        for (var node : NODES) {
            for (var route : bodyRoutes(node)) {
                for (var charset : List.of("bogus", "\"utf-9\"", "x;y")) {
                    var call = route.calls(node.data().ids).getFirst();
                    var r = sendAndCheck(node, "charset", route, call.method(), call.target(), utf8(call.body()),
                            Map.of("Content-Type", "application/json; charset=" + charset));
                    assertEquals(415, r.status(), describe(node, route, call.target(), utf8(call.body()), r) + "\n  charset=" + charset);
                }
            }
        }
    }

    /**
     * A body in a charset the JVM knows (ISO-8859-1, UTF-16) or compressed with gzip or deflate is answered as the same
     * body sent as plain UTF-8 is: a 2xx where that is a 2xx, the same refusal where that is refused.
     */
    @Example
    void a_body_in_another_known_charset_or_compressed_is_answered_as_its_utf8_text_at_every_body_route() {
        var encodings = List.<Map.Entry<Map<String, String>, Function<String, byte[]>>>of(
                Map.entry(Map.of("Content-Type", "application/json; charset=ISO-8859-1"), s -> s.getBytes(StandardCharsets.ISO_8859_1)),
                Map.entry(Map.of("Content-Type", "application/json; charset=latin1"), s -> s.getBytes(StandardCharsets.ISO_8859_1)),
                Map.entry(Map.of("Content-Type", "application/json; charset=UTF-16"), s -> s.getBytes(StandardCharsets.UTF_16)),
                Map.entry(Map.of("Content-Encoding", "gzip"), s -> gzip(utf8(s))),
                Map.entry(Map.of("Content-Encoding", "deflate"), s -> deflate(utf8(s), false)),
                Map.entry(Map.of("Content-Encoding", "deflate"), s -> deflate(utf8(s), true)),
                Map.entry(Map.of("Content-Encoding", "gzip", "Content-Type", "application/json; charset=iso-8859-1"),
                        s -> gzip(s.getBytes(StandardCharsets.ISO_8859_1))));
        for (var node : NODES) {
            for (var route : bodyRoutes(node)) {
                var call = route.calls(node.data().ids).getFirst();
                var text = call.body().replace("by the caller", "by the caller, café");
                var plain = sendAndCheck(node, "encoding", route, call.method(), call.target(), utf8(text));
                for (var encoding : encodings) {
                    var body = encoding.getValue().apply(text);
                    var r = sendAndCheck(node, "encoding", route, call.method(), call.target(), body, encoding.getKey());
                    var where = describe(node, route, call.target(), body, r) + "\n  sent with " + encoding.getKey()
                            + "; as plain UTF-8: " + plain.status() + " " + clip(plain.body());
                    if (plain.status() < 300) {
                        assertTrue(r.status() < 300, where);
                    } else {
                        assertEquals(plain.status(), r.status(), where);
                    }
                }
            }
        }
    }

    /** A body that decompresses beyond FEEDBACK_HUB_MAX_BODY_BYTES is a 413, however small it is on the wire. */
    @Example
    void a_decompression_bomb_is_a_413_in_the_doors_shape_at_every_body_route() {
        var bomb = gzip(utf8("{\"comment\": \"" + " ".repeat(3 * 1024 * 1024) + "\"}"));
        assertTrue(bomb.length < 10_000, bomb.length + " bytes on the wire");
        for (var node : NODES) {
            for (var route : bodyRoutes(node)) {
                var call = route.calls(node.data().ids).getFirst();
                var r = sendAndCheck(node, "bomb", route, call.method(), call.target(), bomb, Map.of("Content-Encoding", "gzip"));
                if (route.template().equals("/v1/import")) {
                    // streamed, never held whole: the decoded text meets the import's line bound, and its one line is refused
                    assertEquals(422, r.status(), describe(node, route, call.target(), bomb, r));
                    assertTrue(r.body().contains("longer than"), describe(node, route, call.target(), bomb, r));
                } else {
                    assertEquals(413, r.status(), describe(node, route, call.target(), bomb, r));
                }
                var corrupt = sendAndCheck(node, "bomb", route, call.method(), call.target(), java.util.Arrays.copyOf(bomb, 40),
                        Map.of("Content-Encoding", "gzip"));
                assertEquals(400, corrupt.status(), describe(node, route, call.target(), bomb, corrupt) + "\n  truncated gzip");
                var unknown = sendAndCheck(node, "bomb", route, call.method(), call.target(), utf8(call.body()), Map.of("Content-Encoding", "br"));
                assertEquals(415, unknown.status(), describe(node, route, call.target(), bomb, unknown) + "\n  Content-Encoding: br");
            }
        }
    }

    /**
     * A lone surrogate written as an escape, in any string value or member name of any body, is refused as invalid
     * input in the door's shape (422; 400 at Devic and Langfuse, whose validation status it is) and writes nothing:
     * stored, it became "?", and "\ud800" and "\ud801" were one author.
     */
    @Example
    void a_lone_surrogate_in_any_string_of_any_body_is_refused_as_invalid_input() {
        for (var node : NODES) {
            for (var route : bodyRoutes(node)) {
                var call = route.calls(node.data().ids).getFirst();
                var tree = Json.parse(call.body());
                var strings = new ArrayList<JsonPointer>();
                collect(tree, JsonPointer.empty(), strings, false);
                strings.removeIf(p -> !tree.at(p).isTextual());
                var bodies = new ArrayList<byte[]>();
                for (int i = 0; i < strings.size(); i++) {
                    bodies.add(replaceValue(call.body(), indexAmongValues(tree, strings.get(i)), utf8("\"note \\ud800\""), false));
                }
                bodies.add(utf8("{\"\\udfff\": 1, " + call.body().strip().substring(1)));
                // a route that refuses the valid body before reading it (a spent LangSmith token: 404) may refuse this so too
                var plain = sendAndCheck(node, "surrogate", route, call.method(), call.target(), utf8(call.body()));
                for (var body : bodies) {
                    var r = sendAndCheck(node, "surrogate", route, call.method(), call.target(), body);
                    var where = describe(node, route, call.target(), body, r);
                    int expected = route.door() == EveryRoute.Door.DEVIC || route.door() == EveryRoute.Door.LANGFUSE ? 400 : 422;
                    if (plain.status() >= 300 && r.status() == plain.status()) {
                        continue;
                    }
                    assertEquals(expected, r.status(), where);
                    assertTrue(r.body().contains("surrogate") || r.body().contains("string_unicode"), where);
                }
            }
        }
    }

    private static List<Entry> bodyRoutes(Node node) {
        return node.routes().stream().filter(Entry::hasBody).toList();
    }

    /** The position of {@code pointer} among all values, in the order {@link #replaceValue} counts them. */
    private static int indexAmongValues(JsonNode tree, JsonPointer pointer) {
        var all = new ArrayList<JsonPointer>();
        collect(tree, JsonPointer.empty(), all, false);
        return all.indexOf(pointer);
    }

    private static byte[] gzip(byte[] bytes) {
        var out = new ByteArrayOutputStream();
        try (var gz = new java.util.zip.GZIPOutputStream(out)) {
            gz.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** zlib-wrapped deflate (what RFC 9110 names deflate), or with {@code raw} the bare deflate some clients send. */
    private static byte[] deflate(byte[] bytes, boolean raw) {
        var out = new ByteArrayOutputStream();
        try (var d = new java.util.zip.DeflaterOutputStream(out, new java.util.zip.Deflater(java.util.zip.Deflater.DEFAULT_COMPRESSION, raw))) {
            d.write(bytes);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    // ----------------------------------------------------------------------------------------------- query strings

    @Property(tries = 1500, shrinking = ShrinkingMode.BOUNDED)
    void hostile_query_parameters_are_refused_in_the_doors_shape_and_write_nothing(@ForAll("routesAndQueries") Tuple.Tuple2<Entry, String> routeAndQuery) {
        var route = routeAndQuery.get1();
        for (var node : NODES) {
            var call = route.calls(node.data().ids).getFirst();
            var target = call.path() + "?" + routeAndQuery.get2();
            sendAndCheck(node, "query", route, call.method(), target, call.body() == null ? null : utf8(call.body()));
        }
    }

    /** Any route, most often one that reads query parameters, with parameters mostly of the names it reads. */
    @Provide
    Arbitrary<Tuple.Tuple2<Entry, String>> routesAndQueries() {
        var readers = EveryRoute.ALL.stream().filter(e -> !e.queryNames().isEmpty()).toList();
        var routes = Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(readers)), Tuple.of(1, Arbitraries.of(EveryRoute.ALL)));
        return routes.flatMap(route -> hostileQueries(route.queryNames()).map(query -> Tuple.of(route, query)));
    }

    private Arbitrary<String> hostileQueries(List<String> known) {
        var others = Arbitraries.of("", "x", "metadata.", "metadata.%00", "metadata." + "k".repeat(70), "a.", "b.x", "a.metadata.", "%zz",
                "limit%00", "group_by", "tz", "format", "cursor", "a.from", "b.to", "limit[]", "__proto__", "top_reasons");
        var names = known.isEmpty() ? others : Arbitraries.frequencyOf(Tuple.of(4, Arbitraries.of(known)), Tuple.of(1, others));
        var values = Arbitraries.oneOf(Arbitraries.of("", "%00", "%zz", "%", "%C3%28", "%FF", "%ED%A0%80", "NaN", "Infinity", "-Infinity",
                        "1e309", "-1", "0", "2147483648", "-2147483649", "99999999999999999999", "1.5", "abc", "..%2F..%2Fetc%2Fpasswd",
                        "../../etc/passwd", "x".repeat(5000), "%E2%80%AE", "2026-13-45T99:99:99Z", "2026-01-01T00:00:00Z",
                        "0000-01-01T00:00:00Z", "%2B1000000000-01-01T00:00:00Z", "-1000000000-01-01T00:00:00Z",
                        "-999999999-01-01T00:00:00Z", "%2B999999999-12-31T23:59:59Z", "1970-01-01T00:00:00Z", "label,label,label",
                        "metadata.", "metadata.%00", "metadata." + "k".repeat(70), "Europe/Paris", "Mars/Olympus", "GMT%2B99",
                        "%2B18:00", "-18:01", "jsonl", "csv", "xml", "preference_pairs", "YzE6", "YzE6eA", "Yz", "%2B", "+", "true", "[]",
                        "%7B%7D", "%0D%0AX-Injected:%201", "user", "ROBOT", "thumbs_up", ",", "day,label,metadata.model,metadata.%00",
                        "agent_id,agent_id"),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(30).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)),
                Arbitraries.strings().all().ofMaxLength(30).map(s -> URLEncoder.encode(s, StandardCharsets.UTF_8)),
                Arbitraries.strings().withCharRange('!', '~').ofMaxLength(30).map(s -> s.replace("#", "%23").replace(" ", "")));
        var pair = Combinators.combine(names, values, Arbitraries.of(true, false)).as((n, v, withValue) -> withValue ? n + "=" + v : n);
        return pair.list().ofMinSize(1).ofMaxSize(5).map(pairs -> String.join("&", pairs));
    }

    // -------------------------------------------------------------------------------------------------- path ids

    @Property(tries = 1200, shrinking = ShrinkingMode.BOUNDED)
    void hostile_path_ids_are_refused_in_the_doors_shape_and_write_nothing(@ForAll("routesWithParams") Entry route,
                                                                          @ForAll("hostileSegments") String segment,
                                                                          @ForAll @IntRange(min = 0, max = 1) int which) {
        for (var node : NODES) {
            var ids = node.data().ids;
            var params = new java.util.HashMap<String, String>();
            route.params().apply(ids).forEach((k, v) -> params.put(k, EveryRoute.encode(v)));
            var names = route.paramNames();
            params.put(names.get(which % names.size()), segment);
            var path = rawPath(route.template(), params);
            var call = route.calls(ids).getFirst();
            sendAndCheck(node, "path", route, call.method(), path, call.body() == null ? null : utf8(call.body()));
        }
    }

    @Provide
    Arbitrary<Entry> routesWithParams() {
        return Arbitraries.of(EveryRoute.ALL.stream().filter(e -> !e.paramNames().isEmpty()).toList());
    }

    /** Path segments as they go on the wire: encoded traversal, malformed escapes, control characters, long ids. */
    @Provide
    Arbitrary<String> hostileSegments() {
        var fixed = Arbitraries.of("..", ".", "%2e%2e", "%2E%2E%2F%2E%2E%2Fetc%2Fpasswd", "..%2F..%2F..%2Fetc%2Fpasswd", "..%5C..%5Cwindows",
                "a%2Fb", "%2F", "%00", "a%00b", "%0D%0A", "%0A", "%09", "%7F", "%C3%28", "%FF", "%ED%A0%80", "%zz", "%", "%2", "%25",
                "%3F", "%23", "%3B", ";x=1", "%20", "%20%20", "+", "%2B", "x".repeat(257), "x".repeat(5000), "%E2%80%AE",
                "%F0%9F%98%80", "%EF%BB%BF", "CON", "~", "%7E", "null", "undefined", "0", "-1", "1e999", "NaN",
                "00000000-0000-0000-0000-000000000000", "FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF", "{id}", "%7Bid%7D", "*", "%2A",
                "'%20OR%20'1'%3D'1", "%27%3B%20DROP%20TABLE%20feedback%3B--");
        var random = Arbitraries.strings().all().ofMinLength(1).ofMaxLength(40).map(EveryRoute::encode);
        return Arbitraries.frequencyOf(Tuple.of(3, fixed), Tuple.of(1, random));
    }

    private static String rawPath(String template, Map<String, String> rawValues) {
        var m = EveryRoute.PARAM.matcher(template);
        var out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, java.util.regex.Matcher.quoteReplacement(rawValues.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    // ------------------------------------------------------------------------------------------------- checking

    /** Sends one case and checks what holds for every case: no 5xx; a refusal in the door's shape that wrote nothing. */
    private static Api.Response sendAndCheck(Node node, String kind, Entry route, String method, String target, byte[] body) {
        return sendAndCheck(node, kind, route, method, target, body, Map.of());
    }

    private static Api.Response sendAndCheck(Node node, String kind, Entry route, String method, String target, byte[] body,
                                             Map<String, String> extraHeaders) {
        var before = summary(node);
        var headers = route.headers(TestHub.ADMIN_KEY);
        var all = new java.util.HashMap<>(extraHeaders);
        all.put(headers[0], headers[1]);
        var r = RawHttp.send(node.hub().port(), method, target, body, all);
        CASES.computeIfAbsent(kind + "/" + node.store().name().toLowerCase(), k -> new AtomicInteger()).incrementAndGet();
        var where = describe(node, route, target, body, r);
        assertTrue(r.status() < 500, where + "\n  a 5xx");
        if (r.status() >= 400) {
            assertTrue(DoorShape.matches(route.door(), r), where + "\n  not in the " + route.door() + " error shape");
            assertEquals(before, summary(node), where + "\n  a refused request wrote something");
        } else if (method.equals("GET") || method.equals("OPTIONS")) {
            assertEquals(before, summary(node), where + "\n  a read wrote something");
        }
        return r;
    }

    /**
     * Row counts and high-water marks of every table a request can write: a refused request that wrote anything
     * (a row, a revision, an update, a revoked key, a rollup count) changes it.
     */
    private static List<Object> summary(Node node) {
        return node.hub().hub().database().read(c -> {
            try (var s = c.createStatement(); var rs = s.executeQuery("""
                    SELECT (SELECT COUNT(*) FROM feedback), (SELECT COALESCE(SUM(revision), 0) FROM feedback),
                           (SELECT COALESCE(MAX(updated_at), 0) FROM feedback), (SELECT COUNT(deleted_at) FROM feedback),
                           (SELECT COUNT(*) FROM feedback_history), (SELECT COUNT(*) FROM idempotency_keys),
                           (SELECT COUNT(*) FROM agents), (SELECT COALESCE(MAX(updated_at), 0) FROM agents),
                           (SELECT COUNT(*) FROM threads), (SELECT COALESCE(MAX(updated_at), 0) FROM threads),
                           (SELECT COUNT(*) FROM messages), (SELECT COALESCE(MAX(updated_at), 0) FROM messages),
                           (SELECT COUNT(*) FROM feedback_configs), (SELECT COALESCE(MAX(updated_at), 0) FROM feedback_configs),
                           (SELECT COUNT(*) FROM api_keys), (SELECT COUNT(revoked_at) FROM api_keys), (SELECT COUNT(*) FROM tenants),
                           (SELECT COALESCE(SUM(n), 0) FROM feedback_rollups)""")) {
                rs.next();
                var values = new ArrayList<Object>();
                for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
                    values.add(rs.getLong(i));
                }
                return values;
            }
        });
    }

    /** Whether the server must refuse these bytes: not UTF-8, or not one JSON object of whole characters under the server's own parser rules. */
    private static boolean mustBeRefused(byte[] body) {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(body)).toString();
        } catch (CharacterCodingException notUtf8) {
            return true;
        }
        try {
            return !(Json.parse(text) instanceof ObjectNode);
        } catch (Json.MalformedJson | io.feedbackhub.core.InvalidInput malformedOrNotUnicode) {
            return true;
        }
    }

    /**
     * The body with its value number {@code which} (in document order, modulo their count) replaced by raw bytes,
     * or, with {@code duplicate}, kept and followed by a second member of the same name.
     */
    private static byte[] replaceValue(String body, int which, byte[] fragment, boolean duplicate) {
        JsonNode tree = Json.parse(body);
        var pointers = new ArrayList<JsonPointer>();
        collect(tree, JsonPointer.empty(), pointers, duplicate);
        if (pointers.isEmpty()) {
            return utf8(body);
        }
        var pointer = pointers.get(which % pointers.size());
        var original = tree.at(pointer).toString();
        var parent = tree.at(pointer.head());
        var name = pointer.last().getMatchingProperty();
        if (parent instanceof ObjectNode o) {
            o.set(name, TextNode.valueOf(SENTINEL));
        } else {
            ((ArrayNode) parent).set(pointer.last().getMatchingIndex(), TextNode.valueOf(SENTINEL));
        }
        var text = tree.toString();
        int at = text.indexOf("\"" + SENTINEL + "\"");
        var out = new ByteArrayOutputStream();
        out.writeBytes(utf8(text.substring(0, at)));
        if (duplicate) {
            out.writeBytes(utf8(original + ", " + Json.write(name) + ": "));
        }
        out.writeBytes(fragment);
        out.writeBytes(utf8(text.substring(at + SENTINEL.length() + 2)));
        return out.toByteArray();
    }

    private static void collect(JsonNode node, JsonPointer at, List<JsonPointer> out, boolean membersOnly) {
        if (node instanceof ObjectNode o) {
            o.properties().forEach(e -> {
                var child = at.appendProperty(e.getKey());
                out.add(child);
                collect(e.getValue(), child, out, membersOnly);
            });
        } else if (node instanceof ArrayNode a) {
            for (int i = 0; i < a.size(); i++) {
                var child = at.appendIndex(i);
                if (!membersOnly) {
                    out.add(child);
                }
                collect(a.get(i), child, out, membersOnly);
            }
        }
    }

    private static String describe(Node node, Entry route, String target, byte[] body, Api.Response r) {
        var shown = body == null ? "" : new String(body, StandardCharsets.UTF_8);
        return node.store() + " " + route.method() + " " + clip(target) + (body == null ? "" : " body " + clip(shown)) + "\n  -> "
                + r.status() + " " + r.header("Content-Type") + " " + clip(r.body());
    }

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static String clip(String s) {
        return s.length() > 300 ? s.substring(0, 300) + "…(" + s.length() + " chars)" : s;
    }

    private static String hex(byte[] bytes) {
        var sb = new StringBuilder();
        for (int i = 0; i < Math.min(bytes.length, 40); i++) {
            sb.append(String.format("%02X", bytes[i]));
        }
        return sb.toString();
    }
}
