package io.feedbackhub.http;

import io.javalin.Javalin;
import io.javalin.http.Handler;
import io.javalin.http.HandlerType;

import java.util.ArrayList;
import java.util.List;

/**
 * A door's routes, each declared with who may call it: {@code routes.post("/v1/feedback", Access.ANY_CALLER,
 * this::create)}. The hub registers the table with Javalin (the access as the route's role, which {@link AccessGuard}
 * checks before the handler runs), and tests list it to prove every route with every kind of caller.
 */
public final class RouteTable {
    /** One declared route: its method, its path template ({@code /v1/feedback/{id}}) and who may call it. */
    public record Route(HandlerType method, String path, Access access) {
    }

    private record Entry(Route route, Handler handler) {
    }

    private final List<Entry> entries = new ArrayList<>();

    public RouteTable get(String path, Access access, Handler handler) {
        return add(HandlerType.GET, path, access, handler);
    }

    public RouteTable post(String path, Access access, Handler handler) {
        return add(HandlerType.POST, path, access, handler);
    }

    public RouteTable put(String path, Access access, Handler handler) {
        return add(HandlerType.PUT, path, access, handler);
    }

    public RouteTable patch(String path, Access access, Handler handler) {
        return add(HandlerType.PATCH, path, access, handler);
    }

    public RouteTable delete(String path, Access access, Handler handler) {
        return add(HandlerType.DELETE, path, access, handler);
    }

    private RouteTable add(HandlerType method, String path, Access access, Handler handler) {
        for (var e : entries) {
            if (e.route().method() == method && e.route().path().equals(path)) {
                throw new IllegalArgumentException(method + " " + path + " is declared twice");
            }
        }
        entries.add(new Entry(new Route(method, path, access), handler));
        return this;
    }

    /** Every route declared, in declaration order. */
    public List<Route> routes() {
        return entries.stream().map(Entry::route).toList();
    }

    public void registerOn(Javalin app) {
        entries.forEach(e -> app.addHttpHandler(e.route().method(), e.route().path(), e.handler(), e.route().access()));
    }
}
