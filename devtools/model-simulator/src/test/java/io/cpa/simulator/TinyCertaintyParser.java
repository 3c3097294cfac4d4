package io.cpa.simulator;

import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A test-only parser of the simulator's well-formed certainty replies: value on the method's 0..1 scale. */
final class TinyCertaintyParser {

    private static final List<String> NAMES = List.of("very certain", "fairly certain", "moderately certain",
            "somewhat certain", "not certain", "very uncertain");
    private static final Pattern LETTER = Pattern.compile("^\\W*([a-f])\\b");
    private static final Pattern NUMBER = Pattern.compile("(\\d{1,3})");

    private TinyCertaintyParser() {
    }

    /** Level 0 (very certain) .. 5, or -1 when not parseable. */
    static int level(String reply) {
        String lower = reply.toLowerCase(Locale.ROOT);
        for (int i = 0; i < NAMES.size(); i++) {
            if (lower.contains(NAMES.get(i)) && !(i == 0 && lower.contains("not very certain"))) {
                // "very uncertain" does not contain "very certain", "not certain" is distinct from the others
                return i;
            }
        }
        Matcher m = LETTER.matcher(lower.replace("my answer:", "").trim());
        if (m.find()) return m.group(1).charAt(0) - 'a';
        return -1;
    }

    static OptionalDouble value(String reply, boolean numeric) {
        if (numeric) {
            Matcher m = NUMBER.matcher(reply);
            if (!m.find()) return OptionalDouble.empty();
            int v = Integer.parseInt(m.group(1));
            return OptionalDouble.of((v - 1) / 99.0);
        }
        int level = level(reply);
        return level < 0 ? OptionalDouble.empty() : OptionalDouble.of(1.0 - 0.2 * level);
    }
}
