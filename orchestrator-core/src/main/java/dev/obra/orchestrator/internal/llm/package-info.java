/**
 * <b>Not API</b>: HTTP to local LLM servers, shared by the Ollama and OpenAI-compatible clients: timeouts, retries, structured-output fallback, error bodies and the JSON on the wire. Nothing here is covered by compatibility between releases; any class may change or
 * disappear in any release. Use the public packages instead.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.internal.llm;
