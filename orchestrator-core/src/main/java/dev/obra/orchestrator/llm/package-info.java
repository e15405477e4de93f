/**
 * The local-LLM seam used to judge results.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.llm;
