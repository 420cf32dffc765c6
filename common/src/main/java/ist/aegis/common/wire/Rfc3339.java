package ist.aegis.common.wire;

import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;

/** Formats instants the way every Aegis API does: RFC 3339 in UTC, to the second, such as {@code 2026-12-04T20:15:00Z}. */
public final class Rfc3339 {

    private Rfc3339() {
    }

    public static String format(Instant instant) {
        return DateTimeFormatter.ISO_INSTANT.format(instant.truncatedTo(ChronoUnit.SECONDS));
    }
}
