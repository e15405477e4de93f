/**
 * The orchestrator: tasks, results and the builder that wires an agent, a judge and a store together.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator;
