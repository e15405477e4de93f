/**
 * An {@link dev.obra.orchestrator.llm.LlmInterface} for Ollama's native HTTP API.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.llm.ollama;
