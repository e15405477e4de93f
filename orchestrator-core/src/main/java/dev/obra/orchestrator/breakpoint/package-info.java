/**
 * Typed conditions that pause a task and hand it to a human or a program.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.breakpoint;
