package io.feedbackhub.store;

import io.feedbackhub.auth.TeamRole;
import io.feedbackhub.people.PeopleStore;
import io.feedbackhub.people.Person;
import io.feedbackhub.people.SessionInfo;
import io.feedbackhub.store.NamedSql.Params;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** People, sessions and invitations in SQLite or PostgreSQL (migrations V21, V27). */
public final class JdbcPeopleStore implements PeopleStore {
    private static final String PERSON_COLUMNS = "p.tenant_id, p.id, p.email, p.name, p.role, p.created_at, p.password_hash";
    private static final NamedSql INSERT_PERSON = NamedSql.of("""
            INSERT INTO people (tenant_id, id, email, name, password_hash, role, created_at)
            VALUES (:tenant, :id, :email, :name, :hash, :role, :now) ON CONFLICT DO NOTHING""");
    private static final NamedSql BY_EMAIL = NamedSql.of("SELECT " + PERSON_COLUMNS
            + " FROM people p WHERE p.tenant_id = :tenant AND p.email = :email AND p.removed_at IS NULL");
    private static final NamedSql BY_EMAIL_ANY_TENANT = NamedSql.of("SELECT " + PERSON_COLUMNS
            + " FROM people p WHERE p.email = :email AND p.removed_at IS NULL ORDER BY p.created_at, p.id");
    private static final NamedSql BY_ID = NamedSql.of("SELECT " + PERSON_COLUMNS
            + " FROM people p WHERE p.tenant_id = :tenant AND p.id = :id AND p.removed_at IS NULL");
    private static final NamedSql LIST = NamedSql.of("SELECT " + PERSON_COLUMNS
            + " FROM people p WHERE p.tenant_id = :tenant AND p.removed_at IS NULL ORDER BY p.created_at, p.id");
    private static final NamedSql ANY = NamedSql.of("SELECT 1 FROM people WHERE tenant_id = :tenant AND removed_at IS NULL LIMIT 1");
    private static final NamedSql SET_ROLE = NamedSql.of(
            "UPDATE people SET role = :role WHERE tenant_id = :tenant AND id = :id AND removed_at IS NULL");
    private static final NamedSql SET_PASSWORD = NamedSql.of(
            "UPDATE people SET name = :name, password_hash = :hash WHERE tenant_id = :tenant AND id = :id AND removed_at IS NULL");
    private static final NamedSql SET_HASH = NamedSql.of(
            "UPDATE people SET password_hash = :hash WHERE tenant_id = :tenant AND id = :id AND removed_at IS NULL");
    private static final NamedSql REMOVE = NamedSql.of(
            "UPDATE people SET removed_at = :now WHERE tenant_id = :tenant AND id = :id AND removed_at IS NULL");
    private static final NamedSql REVOKE_PERSONS_SESSIONS = NamedSql.of(
            "UPDATE sessions SET revoked_at = :now WHERE tenant_id = :tenant AND person_id = :id AND revoked_at IS NULL");
    private static final NamedSql INSERT_SESSION = NamedSql.of("""
            INSERT INTO sessions (token_hash, id, tenant_id, person_id, csrf_token, created_from, user_agent, created_at,
                                  last_seen_at, idle_expires_at, absolute_expires_at)
            VALUES (:hash, :id, :tenant, :person, :csrf, :address, :agent, :now, :now, :idle, :absolute)""");
    private static final NamedSql PASSWORD_HASH = NamedSql.of(
            "SELECT password_hash FROM people WHERE tenant_id = :tenant AND id = :id AND removed_at IS NULL");
    private static final NamedSql REVOKE_OTHER_SESSIONS = NamedSql.of("""
            UPDATE sessions SET revoked_at = :now
            WHERE tenant_id = :tenant AND person_id = :id AND id <> :kept AND revoked_at IS NULL""");
    private static final NamedSql LIVE_SESSIONS = NamedSql.of("""
            SELECT id, created_at, last_seen_at, idle_expires_at, absolute_expires_at, created_from, user_agent FROM sessions
            WHERE tenant_id = :tenant AND person_id = :person AND revoked_at IS NULL
              AND idle_expires_at > :now AND absolute_expires_at > :now
            ORDER BY created_at DESC, id""");
    private static final NamedSql REVOKE_OWN_SESSION = NamedSql.of("""
            UPDATE sessions SET revoked_at = :now
            WHERE tenant_id = :tenant AND person_id = :person AND id = :id AND revoked_at IS NULL
              AND idle_expires_at > :now AND absolute_expires_at > :now""");
    private static final NamedSql REMOVE_ENDED_SESSIONS = NamedSql.of(
            "DELETE FROM sessions WHERE revoked_at IS NOT NULL OR idle_expires_at <= :now OR absolute_expires_at <= :now");
    private static final NamedSql REMOVE_SPENT_INVITATIONS = NamedSql.of(
            "DELETE FROM invitations WHERE accepted_at IS NOT NULL OR expires_at <= :now");
    private static final NamedSql SESSION = NamedSql.of("SELECT " + PERSON_COLUMNS + """
            , s.id AS session_id, s.token_hash, s.csrf_token, s.created_at AS session_created, s.last_seen_at,
              s.idle_expires_at, s.absolute_expires_at
            FROM sessions s JOIN people p ON p.tenant_id = s.tenant_id AND p.id = s.person_id
            WHERE s.token_hash = :hash AND s.revoked_at IS NULL AND p.removed_at IS NULL""");
    private static final NamedSql TOUCH = NamedSql.of(
            "UPDATE sessions SET last_seen_at = :now, idle_expires_at = :idle WHERE id = :id AND revoked_at IS NULL");
    private static final NamedSql REVOKE_SESSION = NamedSql.of("UPDATE sessions SET revoked_at = :now WHERE id = :id AND revoked_at IS NULL");
    private static final NamedSql INSERT_INVITATION = NamedSql.of("""
            INSERT INTO invitations (token_hash, tenant_id, email, role, invited_by, created_at, expires_at)
            VALUES (:hash, :tenant, :email, :role, :by, :now, :expires)""");
    private static final NamedSql INVITATION = NamedSql.of("""
            SELECT token_hash, tenant_id, email, role, invited_by, created_at, expires_at, accepted_at
            FROM invitations WHERE token_hash = :hash""");
    private static final NamedSql PENDING_INVITATIONS = NamedSql.of("""
            SELECT token_hash, tenant_id, email, role, invited_by, created_at, expires_at, accepted_at
            FROM invitations WHERE tenant_id = :tenant AND accepted_at IS NULL AND expires_at > :now
            ORDER BY created_at DESC, token_hash""");
    private static final NamedSql ACCEPT = NamedSql.of(
            "UPDATE invitations SET accepted_at = :now WHERE token_hash = :hash AND accepted_at IS NULL");

    private static final RowMapper<Person> PERSON = rs -> new Person(rs.getString("id"), rs.getString("tenant_id"),
            rs.getString("email"), rs.getString("name"), TeamRole.parse(rs.getString("role")).orElseThrow(),
            Instant.ofEpochMilli(rs.getLong("created_at")));
    private static final RowMapper<StoredPerson> STORED_PERSON = rs -> new StoredPerson(PERSON.map(rs), rs.getString("password_hash"));

    private static final RowMapper<StoredInvitation> INVITATION_ROW = rs -> {
        long accepted = rs.getLong("accepted_at");
        var acceptedAt = rs.wasNull() ? null : Instant.ofEpochMilli(accepted);
        return new StoredInvitation(rs.getString("token_hash"), rs.getString("tenant_id"), rs.getString("email"),
                TeamRole.parse(rs.getString("role")).orElseThrow(), rs.getString("invited_by"), instant(rs, "created_at"),
                instant(rs, "expires_at"), acceptedAt);
    };

    private final Database database;

    public JdbcPeopleStore(Database database) {
        this.database = database;
    }

    @Override
    public boolean addPerson(StoredPerson stored) {
        var p = stored.person();
        return update(INSERT_PERSON, Params.of("tenant", p.tenantId()).and("id", p.id()).and("email", p.email()).and("name", p.name())
                .and("hash", stored.passwordHash()).and("role", p.role().wire()).and("now", p.createdAt().toEpochMilli()));
    }

    @Override
    public List<StoredPerson> peopleByEmail(String email) {
        return database.read(c -> all(c, BY_EMAIL_ANY_TENANT, Params.of("email", email), STORED_PERSON));
    }

    @Override
    public Optional<StoredPerson> personByEmail(String tenantId, String email) {
        return database.read(c -> all(c, BY_EMAIL, Params.of("tenant", tenantId).and("email", email), STORED_PERSON)).stream().findFirst();
    }

    @Override
    public Optional<Person> person(String tenantId, String personId) {
        return database.read(c -> all(c, BY_ID, Params.of("tenant", tenantId).and("id", personId), PERSON)).stream().findFirst();
    }

    @Override
    public List<Person> people(String tenantId) {
        return database.read(c -> all(c, LIST, Params.of("tenant", tenantId), PERSON));
    }

    @Override
    public boolean hasPeople(String tenantId) {
        return !database.read(c -> all(c, ANY, Params.of("tenant", tenantId), rs -> 1)).isEmpty();
    }

    @Override
    public boolean setRole(String tenantId, String personId, TeamRole role) {
        return update(SET_ROLE, Params.of("tenant", tenantId).and("id", personId).and("role", role.wire()));
    }

    @Override
    public boolean setNameAndPassword(String tenantId, String personId, String name, String passwordHash) {
        return update(SET_PASSWORD, Params.of("tenant", tenantId).and("id", personId).and("name", name).and("hash", passwordHash));
    }

    @Override
    public boolean remove(String tenantId, String personId, Instant at) {
        var params = Params.of("tenant", tenantId).and("id", personId).and("now", at.toEpochMilli());
        return database.inTransaction(c -> {
            try (var s = REMOVE.prepare(c, params)) {
                if (s.executeUpdate() != 1) {
                    return false;
                }
            }
            try (var s = REVOKE_PERSONS_SESSIONS.prepare(c, params)) {
                s.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public void addSession(StoredSession session, String clientAddress, String userAgent) {
        update(INSERT_SESSION, Params.of("hash", session.tokenHash()).and("id", session.id()).and("tenant", session.person().tenantId())
                .and("person", session.person().id()).and("csrf", session.csrfToken()).and("address", clientAddress).and("agent", userAgent)
                .and("now", session.createdAt().toEpochMilli()).and("idle", session.idleExpiresAt().toEpochMilli())
                .and("absolute", session.absoluteExpiresAt().toEpochMilli()));
    }

    @Override
    public Optional<String> passwordHash(String tenantId, String personId) {
        return database.read(c -> all(c, PASSWORD_HASH, Params.of("tenant", tenantId).and("id", personId),
                rs -> Optional.ofNullable(rs.getString("password_hash")))).stream().findFirst().flatMap(h -> h);
    }

    @Override
    public boolean changePassword(String tenantId, String personId, String passwordHash, String keptSessionId, Instant at) {
        var params = Params.of("tenant", tenantId).and("id", personId).and("hash", passwordHash).and("kept", keptSessionId)
                .and("now", at.toEpochMilli());
        return database.inTransaction(c -> {
            try (var s = SET_HASH.prepare(c, params)) {
                if (s.executeUpdate() != 1) {
                    return false;
                }
            }
            try (var s = REVOKE_OTHER_SESSIONS.prepare(c, params)) {
                s.executeUpdate();
            }
            return true;
        });
    }

    @Override
    public List<SessionInfo> liveSessions(String tenantId, String personId, Instant now) {
        return database.read(c -> all(c, LIVE_SESSIONS, Params.of("tenant", tenantId).and("person", personId).and("now", now.toEpochMilli()),
                rs -> {
                    var idle = instant(rs, "idle_expires_at");
                    var absolute = instant(rs, "absolute_expires_at");
                    return new SessionInfo(rs.getString("id"), instant(rs, "created_at"), instant(rs, "last_seen_at"),
                            idle.isBefore(absolute) ? idle : absolute, rs.getString("created_from"), rs.getString("user_agent"));
                }));
    }

    @Override
    public boolean revokeSession(String tenantId, String personId, String sessionId, Instant at) {
        return update(REVOKE_OWN_SESSION, Params.of("tenant", tenantId).and("person", personId).and("id", sessionId)
                .and("now", at.toEpochMilli()));
    }

    @Override
    public int removeEndedSessions(Instant now) {
        return deleted(REMOVE_ENDED_SESSIONS, now);
    }

    @Override
    public int removeSpentInvitations(Instant now) {
        return deleted(REMOVE_SPENT_INVITATIONS, now);
    }

    private int deleted(NamedSql sql, Instant now) {
        return database.inTransaction(c -> {
            try (var s = sql.prepare(c, Params.of("now", now.toEpochMilli()))) {
                return s.executeUpdate();
            }
        });
    }

    @Override
    public Optional<StoredSession> session(String tokenHash) {
        return database.read(c -> all(c, SESSION, Params.of("hash", tokenHash), rs -> new StoredSession(rs.getString("session_id"),
                rs.getString("token_hash"), rs.getString("csrf_token"), PERSON.map(rs), instant(rs, "session_created"),
                instant(rs, "last_seen_at"), instant(rs, "idle_expires_at"), instant(rs, "absolute_expires_at")))).stream().findFirst();
    }

    @Override
    public void touch(String sessionId, Instant lastSeenAt, Instant idleExpiresAt) {
        update(TOUCH, Params.of("id", sessionId).and("now", lastSeenAt.toEpochMilli()).and("idle", idleExpiresAt.toEpochMilli()));
    }

    @Override
    public void revokeSession(String sessionId, Instant at) {
        update(REVOKE_SESSION, Params.of("id", sessionId).and("now", at.toEpochMilli()));
    }

    @Override
    public void addInvitation(StoredInvitation i) {
        update(INSERT_INVITATION, Params.of("hash", i.tokenHash()).and("tenant", i.tenantId()).and("email", i.email())
                .and("role", i.role().wire()).and("by", i.invitedBy()).and("now", i.createdAt().toEpochMilli())
                .and("expires", i.expiresAt().toEpochMilli()));
    }

    @Override
    public Optional<StoredInvitation> invitation(String tokenHash) {
        return database.read(c -> all(c, INVITATION, Params.of("hash", tokenHash), INVITATION_ROW)).stream().findFirst();
    }

    @Override
    public List<StoredInvitation> pendingInvitations(String tenantId, Instant now) {
        return database.read(c -> all(c, PENDING_INVITATIONS, Params.of("tenant", tenantId).and("now", now.toEpochMilli()), INVITATION_ROW));
    }

    @Override
    public boolean accept(String tokenHash, Instant at) {
        return update(ACCEPT, Params.of("hash", tokenHash).and("now", at.toEpochMilli()));
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        return Instant.ofEpochMilli(rs.getLong(column));
    }

    private boolean update(NamedSql sql, Params params) {
        return database.inTransaction(c -> {
            try (var s = sql.prepare(c, params)) {
                return s.executeUpdate() == 1;
            }
        });
    }

    private static <T> List<T> all(Connection c, NamedSql sql, Params params, RowMapper<T> mapper) throws SQLException {
        try (var s = sql.prepare(c, params); var rs = s.executeQuery()) {
            var all = new ArrayList<T>();
            while (rs.next()) {
                all.add(mapper.map(rs));
            }
            return all;
        }
    }
}
