package dev.obra.orchestrator.examples.bench;

import java.io.PrintStream;
import java.util.Locale;

/** Prints figures in the harness's one format: {@code bench NAME: VALUE UNIT (baseline VALUE UNIT, ratio R)}. */
final class Report {
    private final PrintStream out;

    Report(PrintStream out) {
        this.out = out;
    }

    /** Prints one figure with the baseline it is compared with; the ratio is {@code value / baseline}. */
    void figure(String name, double value, double baseline, String unit) {
        double ratio = baseline == 0 ? Double.NaN : value / baseline;
        out.printf(
                Locale.ROOT,
                "bench %s: %s %s (baseline %s %s, ratio %.2f)%n",
                name,
                format(value),
                unit,
                format(baseline),
                unit,
                ratio);
    }

    /** Prints a note that is not a figure (what ran, how many samples, counters). */
    void note(String text) {
        out.println("# " + text);
    }

    private static String format(double value) {
        double abs = Math.abs(value);
        if (abs >= 100) {
            return String.format(Locale.ROOT, "%.1f", value);
        }
        if (abs >= 1) {
            return String.format(Locale.ROOT, "%.2f", value);
        }
        return String.format(Locale.ROOT, "%.4f", value);
    }
}
