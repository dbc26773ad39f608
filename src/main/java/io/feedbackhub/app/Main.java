package io.feedbackhub.app;

import io.feedbackhub.auth.IssuedKey;
import io.feedbackhub.auth.KeyService;
import io.feedbackhub.auth.Role;
import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.people.Passwords;
import io.feedbackhub.people.People;
import io.feedbackhub.store.JdbcPeopleStore;
import io.feedbackhub.core.StoreUnavailable;
import io.javalin.util.JavalinBindException;
import io.feedbackhub.core.Actor;
import io.feedbackhub.core.FeedbackService;
import io.feedbackhub.core.RegistryService;
import io.feedbackhub.json.Json;
import io.feedbackhub.store.Database;
import io.feedbackhub.store.JdbcCacheVersions;
import io.feedbackhub.store.JdbcConfigStore;
import io.feedbackhub.store.ChangeRecorders;
import io.feedbackhub.store.JdbcFeedbackStore;
import io.feedbackhub.store.JdbcKeyStore;
import io.feedbackhub.store.JdbcRegistryStore;
import io.feedbackhub.store.JdbcWebhookStores;
import io.feedbackhub.webhooks.EventBodies;
import io.feedbackhub.webhooks.OutboxWriter;
import io.feedbackhub.webhooks.WriteActivity;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * {@code java -jar feedback-hub.jar [serve]} starts a node; the other subcommands manage tenants and keys
 * against the configured store:
 * <pre>
 *   tenant create NAME | tenant list
 *   key create --tenant ID --role admin|secret|publishable [--name NAME] [--origin URL]...
 *   key list --tenant ID | key revoke KEY_ID
 *   import FILE --tenant ID [--format native|langfuse|langsmith]
 *   user create --email E --role owner|admin|editor|viewer [--tenant ID]
 * </pre>
 */
public final class Main {
    private Main() {
    }

    public static void main(String[] args) {
        Config config;
        try {
            config = Config.fromEnvironment();
        } catch (IllegalArgumentException e) {
            System.err.println("configuration error: " + e.getMessage());
            System.exit(2);
            return;
        }
        if (args.length == 0 || args[0].equals("serve")) {
            serve(config);
        } else {
            System.exit(manage(config, Arrays.asList(args), System.out, System.err));
        }
    }

    private static void serve(Config config) {
        FeedbackHub hub;
        try {
            hub = new FeedbackHub(config);
        } catch (RuntimeException e) {
            if (!(e instanceof StoreUnavailable) && !isSqlFailure(e)) {
                throw e;
            }
            refuse("the store cannot be opened and written (" + deepestMessage(e) + "): " + (config.usesPostgres()
                    ? "check the PostgreSQL server named by FEEDBACK_HUB_DATABASE_URL"
                    : "free space on the disk holding " + config.dataDir().toAbsolutePath() + ", or check its permissions"));
            return;
        }
        try {
            hub.start();
        } catch (JavalinBindException e) {
            hub.close();
            refuse("address already in use: " + config.host() + ":" + config.port()
                    + " (another process listens there; set FEEDBACK_HUB_PORT to a free port)");
            return;
        }
        Runtime.getRuntime().addShutdownHook(new Thread(hub::close, "shutdown"));
        System.out.println("Feedback Hub is running at http://localhost:" + hub.port() + "  (docs: /docs, health: /healthz)");
        hub.bootstrapKeys().ifPresent(keys -> printBootstrapKeys(keys, config));
        hub.ownerInvitation().ifPresent(invitation -> System.out.println("No one can sign in yet: open " + invitation.link(hub.publicUrl())
                + " to become the owner (valid until " + invitation.expiresAt() + ")."));
    }

    /** A disk full, a file unreadable, a server unreachable: the pool or a migration failed on the database. */
    private static boolean isSqlFailure(Throwable e) {
        for (var cause = e; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause instanceof java.sql.SQLException) {
                return true;
            }
        }
        return false;
    }

    private static String deepestMessage(Throwable e) {
        var deepest = e;
        while (deepest.getCause() != null && deepest.getCause() != deepest) {
            deepest = deepest.getCause();
        }
        return deepest.getMessage();
    }

    /** One line an operator can act on, no stack trace; exit status 1. */
    private static void refuse(String reason) {
        System.err.println("Feedback Hub cannot start: " + reason);
        System.exit(1);
    }

    /**
     * Printed once, on the first start against an empty store, and never logged. A key the operator chose
     * (FEEDBACK_HUB_INIT_*_KEY) is theirs already and is not printed: the output may end up in a log collector.
     */
    private static void printBootstrapKeys(List<IssuedKey> keys, Config config) {
        System.out.println();
        System.out.println("First start: created the default tenant " + keys.get(0).key().tenantId() + " and these keys.");
        boolean shown = false;
        for (var k : keys) {
            var role = k.key().role();
            var chosen = role == Role.ADMIN ? config.initAdminKey().isPresent() : config.initSecretKey().isPresent();
            if (chosen) {
                System.out.printf("  %-7s key: the one set in FEEDBACK_HUB_INIT_%s_KEY (not shown)%n", role.wire(),
                        role.wire().toUpperCase(java.util.Locale.ROOT));
            } else {
                System.out.printf("  %-7s key: %s%n", role.wire(), k.secret());
                shown = true;
            }
        }
        if (shown) {
            System.out.println("They are shown only now; store them safely.");
        }
        System.out.println();
    }

    static int manage(Config config, List<String> args, PrintStream out, PrintStream err) {
        try (var database = config.databaseUrl().map(url -> Database.postgres(url, 2, config.storeTimeout()))
                .orElseGet(() -> Database.sqlite(config.dataDir(), 2, config.storeTimeout()))) {
            database.migrate();
            // not polling: a one-shot command caches nothing, and its changes raise the versions the servers poll
            var versions = new JdbcCacheVersions(database);
            var keys = new KeyService(new JdbcKeyStore(database, versions), versions, Clock.systemUTC());
            if (!args.isEmpty() && args.get(0).equals("import")) {
                return importFile(config, database, versions, keys, args.subList(1, args.size()), out, err);
            }
            // "tenants list", "keys create" read as well as the singular
            var command = String.join(" ", args.subList(0, Math.min(2, args.size()))).replaceFirst("^(tenant|key)s\\b", "$1");
            var options = args.subList(Math.min(2, args.size()), args.size());
            switch (command) {
                case "tenant create" -> {
                    if (options.size() != 1) {
                        return usage(err, "tenant create NAME");
                    }
                    var tenant = keys.createTenant(options.get(0));
                    out.println(tenant.id() + "\t" + tenant.name());
                }
                case "tenant list" -> keys.tenants().forEach(t -> out.println(t.id() + "\t" + t.name() + "\t" + t.createdAt()));
                case "key create" -> {
                    var tenant = option(options, "--tenant");
                    var role = option(options, "--role").flatMap(Role::parse);
                    if (tenant.isEmpty() || role.isEmpty()) {
                        return usage(err, "key create --tenant ID --role admin|secret|publishable [--name NAME] [--origin URL]...");
                    }
                    var issued = keys.issue(tenant.get(), role.get(), option(options, "--name").orElse(null), all(options, "--origin"));
                    out.println(issued.key().id() + "\t" + issued.key().role().wire() + "\t" + issued.secret());
                }
                case "key list" -> {
                    var tenant = option(options, "--tenant");
                    if (tenant.isEmpty()) {
                        return usage(err, "key list --tenant ID");
                    }
                    keys.list(tenant.get()).forEach(k -> out.println(k.id() + "\t" + k.role().wire() + "\t" + k.prefix() + "…\t"
                            + (k.name() == null ? "" : k.name()) + "\t" + (k.revokedAt() == null ? "active" : "revoked " + k.revokedAt())));
                }
                case "key revoke" -> {
                    if (options.size() != 1) {
                        return usage(err, "key revoke KEY_ID");
                    }
                    if (!keys.revokeAnyTenant(options.get(0))) {
                        err.println("no active key with id " + options.get(0));
                        return 1;
                    }
                    out.println("revoked " + options.get(0));
                }
                case "user create" -> {
                    var email = option(options, "--email");
                    var role = option(options, "--role").flatMap(TeamRole::parse);
                    var tenant = option(options, "--tenant").or(() -> keys.tenants().stream().findFirst().map(t -> t.id()));
                    if (email.isEmpty() || role.isEmpty() || tenant.isEmpty()) {
                        return usage(err, "user create --email E --role owner|admin|editor|viewer [--tenant ID]");
                    }
                    if (keys.tenants().stream().noneMatch(t -> t.id().equals(tenant.get()))) {
                        err.println("error: no tenant with id " + tenant.get() + " (tenant list shows them)");
                        return 1;
                    }
                    var people = new People(new JdbcPeopleStore(database), new Passwords(), config.signIn().invitationTtl(), Clock.systemUTC());
                    var invitation = people.invite(tenant.get(), email.get(), role.get(), "command line", TeamRole.OWNER);
                    out.println(invitation.link(config.publicUrl().orElse("http://localhost:" + config.port())));
                    err.println("a one-time sign-in link for " + invitation.email() + " (" + invitation.role().wire() + "), valid until "
                            + invitation.expiresAt() + ": it sets their name and password");
                }
                default -> {
                    return usage(err, "serve | tenant create NAME | tenant list | key create ... | key list --tenant ID | key revoke KEY_ID"
                            + " | import FILE --tenant ID [--format F] | user create --email E --role R [--tenant ID]");
                }
            }
            return 0;
        } catch (RuntimeException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }

    /**
     * Imports a file of exported feedback into a tenant through the same write path as the API (validation, configs,
     * rollups, webhook outbox); a progress line on stderr after every batch, the summary as JSON on stdout. Exit 0
     * when every line was imported or replayed, 1 when some lines were refused (they are listed in the summary).
     */
    private static int importFile(Config config, Database database, JdbcCacheVersions versions, KeyService keys, List<String> options,
                                  PrintStream out, PrintStream err) {
        var usage = "import FILE --tenant ID [--format native|langfuse|langsmith]";
        var tenant = option(options, "--tenant");
        if (options.isEmpty() || options.get(0).startsWith("--") || tenant.isEmpty()) {
            return usage(err, usage);
        }
        if (keys.tenants().stream().noneMatch(t -> t.id().equals(tenant.get()))) {
            err.println("error: no tenant with id " + tenant.get() + " (tenant list shows them)");
            return 1;
        }
        var file = Path.of(options.get(0));
        var clock = Clock.systemUTC();
        // this process dispatches nothing: its write activity is nobody's concern, its events wait for a node to send them
        var json = Json.mapper();
        var outbox = ChangeRecorders.withLiveReviewFilters(
                new JdbcWebhookStores(database, json).outbox(() -> new OutboxWriter(new WriteActivity(), new EventBodies(json))));
        try (var store = new JdbcFeedbackStore(database, config.writerThreads(), config.writeBatchMax(), size -> {
        }, outbox); var in = Files.newInputStream(file)) {
            var importer = FeedbackHub.importer(json, new FeedbackService(store, new JdbcConfigStore(database, versions), clock),
                    new RegistryService(new JdbcRegistryStore(database, store), clock));
            var format = option(options, "--format").map(name -> importer.format(name).orElse(null));
            if (format.isPresent() && format.get() == null) {
                err.println("error: --format must be one of " + importer.formatNames());
                return 2;
            }
            var summary = importer.run(Actor.trusted(tenant.get(), null), in, java.nio.charset.StandardCharsets.UTF_8, format.orElse(null), s -> err.println(
                    "import " + file.getFileName() + ": " + s.read() + " lines read, " + s.created() + " created, "
                            + s.updated() + " updated, " + s.replayed() + " replayed, " + s.failed() + " failed"));
            out.println(summary.json().toString());
            return summary.failed() == 0 ? 0 : 1;
        } catch (NoSuchFileException e) {
            err.println("error: no file " + file);
            return 1;
        } catch (IOException e) {
            err.println("error: cannot read " + file + ": " + e.getMessage());
            return 1;
        }
    }

    private static int usage(PrintStream err, String usage) {
        err.println("usage: java -jar feedback-hub.jar " + usage);
        return 2;
    }

    private static Optional<String> option(List<String> options, String name) {
        var values = all(options, name);
        return values.isEmpty() ? Optional.empty() : Optional.of(values.get(0));
    }

    private static List<String> all(List<String> options, String name) {
        var values = new ArrayList<String>();
        for (int i = 0; i + 1 < options.size(); i++) {
            if (options.get(i).equals(name)) {
                values.add(options.get(i + 1));
            }
        }
        return values;
    }
}
