/**
 * Events a listener receives while tasks run.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.event;
