package io.feedbackhub.contract;

import static org.junit.jupiter.api.Assertions.fail;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.OpenApiInteractionValidator.SpecSource;
import com.atlassian.oai.validator.model.SimpleRequest;
import com.atlassian.oai.validator.model.SimpleResponse;
import com.atlassian.oai.validator.report.LevelResolver;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.util.OpenApiLoader;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.parameters.Parameter;
import io.swagger.v3.oas.models.servers.Server;
import io.swagger.v3.parser.core.models.ParseOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * One vendor's OpenAPI document (a test resource such as {@code contracts/scale.yaml}) that real
 * requests and responses of a compatibility dialect are checked against.
 *
 * <pre>{@code
 * OpenApiContract scale = OpenApiContract.load("contracts/scale.yaml");
 * scale.assertValid("PUT", "/v4/threads/t1/messages/a1/feedback", headers, requestJson,
 *                   200, responseHeaders, responseJson);
 * }</pre>
 *
 * Paths are the vendor's paths, without Feedback Hub's {@code /compat/<dialect>} prefix. A path may
 * include the base path of the document's server or not ({@code /v1/agents/...} and
 * {@code /agents/...} are the same for Contextual AI).
 *
 * <p>Checks: path and method exist, path/header parameters, security headers, request body
 * (JSON Schema 2020-12 as OpenAPI 3.1 uses it, formats such as uuid and date-time included),
 * response status is documented, response body. Properties a schema does not mention are
 * allowed unless that schema says {@code additionalProperties: false} (plain JSON Schema rules).
 * A body without a Content-Type header is taken as {@code application/json}.
 *
 * <p>Each violation reads {@code "[message.key] text"}; {@link #ignoring(String...)} drops keys
 * that a test deliberately departs from (e.g. {@code validation.request.security.missing}).
 */
public final class OpenApiContract {

    /** Built-in rule of the validator that forbids undeclared properties everywhere: off. */
    private static final String STRICT_ADDITIONAL_PROPERTIES = "validation.schema.additionalProperties";

    private final String resourceName;
    private final String specText;
    private final List<String> serverBasePaths;
    private final Set<String> ignoredKeys;
    private final OpenApiInteractionValidator validator;

    private OpenApiContract(String resourceName, String specText, Set<String> ignoredKeys) {
        this.resourceName = resourceName;
        this.specText = specText;
        this.ignoredKeys = Set.copyOf(ignoredKeys);
        OpenAPI api = new OpenApiLoader().loadApi(SpecSource.inline(specText), List.of(), parseOptions());
        applyInheritedDeclarations(api);
        this.serverBasePaths = serverBasePaths(api);
        LevelResolver.Builder levels = LevelResolver.create()
                .withLevel(STRICT_ADDITIONAL_PROPERTIES, ValidationReport.Level.IGNORE);
        for (String key : ignoredKeys) {
            levels.withLevel(key, ValidationReport.Level.IGNORE);
        }
        this.validator = OpenApiInteractionValidator.createFor(api)
                .withBasePathOverride("/")
                .withLevelResolver(levels.build())
                .build();
    }

    /** Loads a document from the test classpath, e.g. {@code "contracts/parea.yaml"}. */
    public static OpenApiContract load(String resourceName) {
        try (InputStream in = OpenApiContract.class.getClassLoader().getResourceAsStream(resourceName)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resourceName);
            }
            return new OpenApiContract(resourceName, new String(in.readAllBytes(), StandardCharsets.UTF_8), Set.of());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A document given as text (JSON or YAML), e.g. {@code /openapi.json} as a running server serves it;
     * {@code name} only labels failure messages.
     */
    public static OpenApiContract parse(String name, String specText) {
        return new OpenApiContract(name, specText, Set.of());
    }

    /** The same document with these message keys no longer reported. */
    public OpenApiContract ignoring(String... messageKeys) {
        Set<String> keys = new HashSet<>(ignoredKeys);
        keys.addAll(Arrays.asList(messageKeys));
        return new OpenApiContract(resourceName, specText, keys);
    }

    /**
     * Human-readable violations of the document by this request and its response; empty when both
     * conform. {@code headers}, {@code responseHeaders} may be null; a null or empty body means none.
     * {@code path} may carry a query string.
     */
    public List<String> violations(String method, String path, Map<String, String> headers, String requestBody,
                                   int status, Map<String, String> responseHeaders, String responseBody) {
        int q = path.indexOf('?');
        SimpleRequest.Builder request = new SimpleRequest.Builder(method.toUpperCase(Locale.ROOT),
                withoutServerBasePath(q < 0 ? path : path.substring(0, q)));
        for (String pair : (q < 0 ? "" : path.substring(q + 1)).split("&")) {
            if (!pair.isEmpty()) {
                String[] nameValue = pair.split("=", 2);
                request.withQueryParam(decode(nameValue[0]), decode(nameValue.length > 1 ? nameValue[1] : ""));
            }
        }
        boolean hasRequestBody = requestBody != null && !requestBody.isEmpty();
        headersInto(headers, hasRequestBody, request::withHeader);
        if (hasRequestBody) {
            request.withBody(requestBody);
        }

        SimpleResponse.Builder response = new SimpleResponse.Builder(status);
        boolean hasResponseBody = responseBody != null && !responseBody.isEmpty();
        headersInto(responseHeaders, hasResponseBody, response::withHeader);
        if (hasResponseBody) {
            response.withBody(responseBody);
        }

        List<String> out = new ArrayList<>();
        for (ValidationReport.Message m : validator.validate(request.build(), response.build()).getMessages()) {
            if (m.getLevel() == ValidationReport.Level.ERROR) {
                StringBuilder line = new StringBuilder("[").append(m.getKey()).append("] ").append(m.getMessage());
                m.getAdditionalInfo().forEach(info -> line.append(" (").append(info).append(')'));
                m.getNestedMessages().forEach(n -> line.append("\n    - ").append(n.getMessage()));
                out.add(line.toString());
            }
        }
        return out;
    }

    /** Fails the test with all violations, naming the document and the interaction. */
    public void assertValid(String method, String path, Map<String, String> headers, String requestBody,
                            int status, Map<String, String> responseHeaders, String responseBody) {
        List<String> violations = violations(method, path, headers, requestBody, status, responseHeaders, responseBody);
        if (!violations.isEmpty()) {
            fail(method + " " + path + " -> " + status + " breaks " + resourceName + ":\n  "
                    + String.join("\n  ", violations)
                    + "\nrequest body: " + requestBody + "\nresponse body: " + responseBody);
        }
    }

    private interface HeaderSink {
        void add(String name, String... values);
    }

    private static void headersInto(Map<String, String> headers, boolean hasBody, HeaderSink sink) {
        boolean contentTypeGiven = false;
        if (headers != null) {
            for (Map.Entry<String, String> h : headers.entrySet()) {
                if (h.getValue() != null) {
                    sink.add(h.getKey(), h.getValue());
                }
                contentTypeGiven |= h.getKey().equalsIgnoreCase("Content-Type");
            }
        }
        if (hasBody && !contentTypeGiven) {
            sink.add("Content-Type", "application/json");
        }
    }

    private String withoutServerBasePath(String path) {
        for (String base : serverBasePaths) {
            if (path.startsWith(base + "/")) {
                return path.substring(base.length());
            }
        }
        return path;
    }

    private static String decode(String s) {
        return URLDecoder.decode(s, StandardCharsets.UTF_8);
    }

    /** The validator's own defaults (refs resolved, combinators kept). */
    private static ParseOptions parseOptions() {
        ParseOptions options = new ParseOptions();
        options.setResolve(true);
        options.setResolveFully(true);
        options.setResolveCombinators(false);
        options.setExplicitObjectSchema(false);
        return options;
    }

    /**
     * OpenAPI lets operations inherit the top-level {@code security} (unless they declare their own)
     * and their path item's {@code parameters} (unless they redefine the same name and location).
     * The validator reads only the operation's own, so copy both down.
     */
    private static void applyInheritedDeclarations(OpenAPI api) {
        if (api.getPaths() == null) {
            return;
        }
        for (PathItem path : api.getPaths().values()) {
            for (Operation operation : path.readOperations()) {
                if (operation.getSecurity() == null && api.getSecurity() != null) {
                    operation.setSecurity(api.getSecurity());
                }
                for (Parameter inherited : path.getParameters() == null ? List.<Parameter>of() : path.getParameters()) {
                    List<Parameter> own = operation.getParameters() == null ? new ArrayList<>() : operation.getParameters();
                    boolean overridden = own.stream().anyMatch(p ->
                            p.getName().equals(inherited.getName()) && p.getIn().equals(inherited.getIn()));
                    if (!overridden) {
                        own.add(inherited);
                        operation.setParameters(own);
                    }
                }
            }
        }
    }

    /** Non-root paths of the document's {@code servers[].url}, such as {@code /v1}. */
    private static List<String> serverBasePaths(OpenAPI api) {
        List<String> bases = new ArrayList<>();
        for (Server server : api.getServers() == null ? List.<Server>of() : api.getServers()) {
            String p = URI.create(server.getUrl()).getPath();
            if (p != null && p.length() > 1) {
                bases.add(p.endsWith("/") ? p.substring(0, p.length() - 1) : p);
            }
        }
        return bases;
    }
}
