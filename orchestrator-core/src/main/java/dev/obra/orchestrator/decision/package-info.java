/**
 * Choosing what happens after an iteration.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.decision;
