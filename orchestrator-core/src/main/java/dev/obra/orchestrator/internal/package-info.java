/**
 * Not API: implementation details that may change in any release.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.internal;
