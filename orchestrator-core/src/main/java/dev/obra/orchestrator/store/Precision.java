package dev.obra.orchestrator.store;

import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/** The precision records keep, so that every store returns exactly what it was given. */
final class Precision {
    private Precision() {}

    static Instant millis(Instant instant) {
        return instant.truncatedTo(ChronoUnit.MILLIS);
    }

    static Duration millis(Duration duration) {
        return duration.truncatedTo(ChronoUnit.MILLIS);
    }

    static BigDecimal money(BigDecimal usd) {
        return usd.signum() == 0 ? BigDecimal.ZERO : usd.stripTrailingZeros();
    }
}
