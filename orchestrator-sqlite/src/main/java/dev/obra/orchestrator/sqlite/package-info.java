/**
 * The session store in SQL: {@link dev.obra.orchestrator.sqlite.JooqSessionStore} on SQLite, H2 or PostgreSQL. Every
 * other type here is an implementation detail; the generated table classes in {@code .schema} are not API either.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.sqlite;
