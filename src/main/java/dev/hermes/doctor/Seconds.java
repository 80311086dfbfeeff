package dev.hermes.doctor;

import java.math.BigDecimal;
import java.time.Duration;

/** "10 s", "0.5 s": durations as the user typed them. */
final class Seconds {
    private Seconds() {
    }

    static String text(Duration d) {
        return BigDecimal.valueOf(d.toMillis()).movePointLeft(3).stripTrailingZeros().toPlainString() + " s";
    }
}
