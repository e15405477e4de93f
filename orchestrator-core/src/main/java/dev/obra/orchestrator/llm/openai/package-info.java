/**
 * An {@link dev.obra.orchestrator.llm.LlmInterface} for OpenAI-compatible servers (llama.cpp, vLLM, LM Studio, Ollama /v1).
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.llm.openai;
