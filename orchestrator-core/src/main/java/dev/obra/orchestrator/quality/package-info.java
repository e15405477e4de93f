/**
 * Evidence about one iteration: validation, quality scoring, confidence, workspace changes, verification.
 *
 * <p>All parameters and return values are non-null unless documented otherwise.
 */
package dev.obra.orchestrator.quality;
