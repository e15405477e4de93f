/**
 * The agent seam: what the orchestrator asks a coding agent to do and what it gets back.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.agent;
