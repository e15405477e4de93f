/**
 * <b>Not API</b>: reading the local LLM judge's verdict out of what a model really writes (JSON, fenced or
 * surrounded by prose). Nothing here is covered by compatibility between releases; any class may change or
 * disappear in any release. Use the public packages instead.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.internal.judge;
