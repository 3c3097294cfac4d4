package io.cpa.analysis.api;

import io.cpa.analysis.range.RangeQueries;

import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/** Reads the range parameters of the API, naming the field that is wrong. */
final class RangeParams {
    private static final long MAX_MS = 253_402_300_799_999L; // 9999-12-31

    private RangeParams() {}

    /** {@code prefix} is "" for the range and "base" for a comparison's baseline (field names baseFrom, ...). */
    static RangeQueries.Spec spec(String from, String to, String last, String prefix) {
        Long fromMs = instant(from, field(prefix, "from"));
        Long toMs = instant(to, field(prefix, "to"));
        Long lastMs = duration(last, field(prefix, "last"));
        if (lastMs != null && fromMs != null) {
            throw new BadParameter(field(prefix, "last"), "give either " + field(prefix, "from") + " or " + field(prefix, "last") + ", not both");
        }
        if (lastMs == null && fromMs == null) {
            throw new BadParameter(field(prefix, "from"), field(prefix, "from") + " or " + field(prefix, "last") + " is required");
        }
        if (fromMs != null && toMs != null && toMs <= fromMs) {
            throw new BadParameter(field(prefix, "to"), field(prefix, "to") + " must be after " + field(prefix, "from"));
        }
        return new RangeQueries.Spec(fromMs, toMs, lastMs);
    }

    private static String field(String prefix, String name) {
        return prefix.isEmpty() ? name : prefix + Character.toUpperCase(name.charAt(0)) + name.substring(1);
    }

    /** Epoch milliseconds or an ISO-8601 instant ({@code 2026-11-30T00:00:00Z}). */
    static Long instant(String raw, String field) {
        if (raw == null || raw.isBlank()) return null;
        String v = raw.trim();
        try {
            long ms = v.chars().allMatch(Character::isDigit) ? Long.parseLong(v) : Instant.parse(v).toEpochMilli();
            if (ms >= 0 && ms <= MAX_MS) return ms;
        } catch (NumberFormatException | DateTimeParseException e) {
            // reported below
        }
        throw new BadParameter(field, field + " must be epoch milliseconds or an ISO-8601 instant such as 2026-11-30T00:00:00Z, got '" + raw + "'");
    }

    /** {@code 90s}, {@code 15m}, {@code 1h}, {@code 7d}, {@code 500ms}, or ISO-8601 ({@code PT1H}); positive. */
    static Long duration(String raw, String field) {
        if (raw == null || raw.isBlank()) return null;
        String v = raw.trim().toLowerCase(java.util.Locale.ROOT);
        try {
            long ms;
            if (v.startsWith("p")) ms = Duration.parse(v.toUpperCase(java.util.Locale.ROOT)).toMillis();
            else if (v.endsWith("ms")) ms = Long.parseLong(v.substring(0, v.length() - 2));
            else {
                long n = Long.parseLong(v.substring(0, v.length() - 1));
                ms = switch (v.charAt(v.length() - 1)) {
                    case 's' -> Math.multiplyExact(n, 1000L);
                    case 'm' -> Math.multiplyExact(n, 60_000L);
                    case 'h' -> Math.multiplyExact(n, 3_600_000L);
                    case 'd' -> Math.multiplyExact(n, 86_400_000L);
                    default -> throw new NumberFormatException(v);
                };
            }
            if (ms > 0 && ms <= MAX_MS) return ms;
        } catch (RuntimeException e) {
            // reported below
        }
        throw new BadParameter(field, field + " must be a positive duration such as 1h, 7d or PT30M, got '" + raw + "'");
    }
}
