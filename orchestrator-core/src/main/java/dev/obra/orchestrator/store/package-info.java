/**
 * Where tasks, sessions and iterations are recorded, and how task metrics are summed.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.store;
