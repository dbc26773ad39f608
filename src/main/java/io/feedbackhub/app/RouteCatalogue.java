package io.feedbackhub.app;

import io.javalin.config.JavalinConfig;
import io.javalin.config.RouterConfig;
import io.javalin.event.HandlerMetaInfo;
import io.javalin.http.HandlerType;
import io.javalin.router.matcher.PathParser;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every HTTP route as it is added, heard through Javalin's {@code events.handlerAdded}: the routes a node serves
 * and the methods a path is served with, without reading Javalin's internal router. Paths match as Javalin matches
 * them ({@link PathParser} under the same router settings).
 */
final class RouteCatalogue {
    private record Entry(FeedbackHub.Route route, HandlerType method, PathParser path) {
    }

    private final List<Entry> entries = new CopyOnWriteArrayList<>();
    private RouterConfig routing;

    /** Listens on {@code javalin}'s handler events; call while configuring, once its router settings are set. */
    void listenTo(JavalinConfig javalin) {
        routing = javalin.router;
        javalin.events.handlerAdded(this::add);
    }

    List<FeedbackHub.Route> routes() {
        return entries.stream().map(Entry::route).toList();
    }

    /** Whether {@code path} is served with {@code method}. */
    boolean serves(HandlerType method, String path) {
        return entries.stream().anyMatch(e -> e.method() == method && e.path().matches(path));
    }

    private void add(HandlerMetaInfo handler) {
        if (handler.getHttpMethod().isHttpMethod()) {
            entries.add(new Entry(new FeedbackHub.Route(handler.getHttpMethod().name(), handler.getPath()),
                    handler.getHttpMethod(), new PathParser(handler.getPath(), routing)));
        }
    }
}
