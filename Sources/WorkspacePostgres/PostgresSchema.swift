/// The schema of the PostgreSQL store, as numbered migrations. `kam_schema` records the ones
/// applied; a database that has applied a number above the last one here was written by a newer
/// kam and is refused. The tables follow kam.sqlite's (same columns, snake_case, `users` because
/// `user` is reserved); timestamps stay ISO 8601 text, so a copy between the two is exact.
enum PostgresSchema {
    struct Migration {
        var version: Int
        var name: String
        var statements: [String]
    }

    /// Serialises migrations across server instances opening the same database at once.
    static let lockKey: Int64 = 0x6b61_6d5f_7363_6865  // "kam_sche"

    static let bookkeeping = """
        CREATE TABLE IF NOT EXISTS kam_schema (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())
        """

    static let migrations: [Migration] = [
        Migration(version: 1, name: "requests, audit, published plans, reviews, users, sessions, idempotency keys", statements: [
            // Request numbers from a sequence: unique across server processes; a rolled-back
            // insert leaves a gap, never a duplicate.
            "CREATE SEQUENCE request_number",
            """
            CREATE TABLE request (
                id text PRIMARY KEY, week text NOT NULL, account text NOT NULL, skill text NOT NULL,
                hours double precision NOT NULL, priority text NOT NULL, onsite boolean NOT NULL, single_expert boolean NOT NULL,
                requested_by text NOT NULL, note text, status text NOT NULL, allocated double precision NOT NULL DEFAULT 0,
                created_at text NOT NULL, updated_at text NOT NULL, filed_after_version integer)
            """,
            "CREATE INDEX request_week ON request (week)",
            "CREATE TABLE audit (id bigserial PRIMARY KEY, at text NOT NULL, actor text NOT NULL, action text NOT NULL, subject text NOT NULL, detail text NOT NULL)",
            "CREATE INDEX audit_subject ON audit (subject)",
            """
            CREATE TABLE plan (
                id bigserial PRIMARY KEY, week text NOT NULL, version integer NOT NULL, published_at text NOT NULL, published_by text NOT NULL,
                superseded boolean NOT NULL, objective double precision NOT NULL, plan_json text NOT NULL, UNIQUE (week, version))
            """,
            "CREATE TABLE plan_hours (plan_id bigint NOT NULL REFERENCES plan (id) ON DELETE CASCADE, expert text NOT NULL, account text NOT NULL, hours double precision NOT NULL, position integer NOT NULL)",
            "CREATE INDEX plan_hours_plan ON plan_hours (plan_id)",
            "CREATE TABLE plan_calendar (plan_id bigint NOT NULL REFERENCES plan (id) ON DELETE CASCADE, manager text NOT NULL, events text NOT NULL)",
            "CREATE INDEX plan_calendar_plan ON plan_calendar (plan_id)",
            "CREATE TABLE reviewed (week text PRIMARY KEY, fingerprint text NOT NULL, at text NOT NULL)",
            """
            CREATE TABLE users (
                id text PRIMARY KEY, role text NOT NULL, manager text, token_hash text NOT NULL UNIQUE, password_hash text,
                feed_token text NOT NULL UNIQUE, created_at text NOT NULL, revoked_at text)
            """,
            "CREATE TABLE session (id_hash text PRIMARY KEY, user_id text NOT NULL, csrf_token text NOT NULL, created_at text NOT NULL, expires_at text NOT NULL)",
            "CREATE INDEX session_by_user ON session (user_id)",
            "CREATE TABLE idempotency (user_id text NOT NULL, key text NOT NULL, body_hash text NOT NULL, request_id text NOT NULL, PRIMARY KEY (user_id, key))",
        ]),
        Migration(version: 2, name: "request approvals", statements: [
            "ALTER TABLE request ADD COLUMN rejection_reason text",
        ]),
        Migration(version: 3, name: "planner controls", statements: [
            """
            CREATE TABLE control (
                week text NOT NULL, key text NOT NULL, kind text NOT NULL, expert text NOT NULL, target_kind text NOT NULL, target text NOT NULL,
                hours double precision, mode text, set_by text NOT NULL, set_at text NOT NULL, PRIMARY KEY (week, key))
            """,
        ]),
        Migration(version: 4, name: "visit log", statements: [
            """
            CREATE TABLE visit_log (
                id bigserial PRIMARY KEY, account text NOT NULL, date text NOT NULL, outcome text NOT NULL, note text,
                logged_by text NOT NULL, at text NOT NULL)
            """,
            "CREATE INDEX visit_log_account ON visit_log (account)",
        ]),
        Migration(version: 5, name: "calls in the visit log", statements: [
            "ALTER TABLE visit_log ADD COLUMN channel text NOT NULL DEFAULT 'visit'",
        ]),
        // Feed tokens kept as SHA-256 in hex, as Credentials.hash makes them (tokens are ASCII).
        Migration(version: 6, name: "calendar feed tokens hashed", statements: [
            "ALTER TABLE users RENAME COLUMN feed_token TO feed_token_hash",
            "UPDATE users SET feed_token_hash = encode(sha256(convert_to(feed_token_hash, 'UTF8')), 'hex')",
        ]),
    ]
}
