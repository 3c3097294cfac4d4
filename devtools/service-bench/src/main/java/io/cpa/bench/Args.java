package io.cpa.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/** {@code --key=value} arguments with defaults; an unknown key is an error naming the known ones. */
final class Args {
    private final Map<String, String> values = new HashMap<>();

    Args(String[] args, Map<String, String> defaults) {
        values.putAll(defaults);
        Set<String> known = defaults.keySet();
        for (String a : args) {
            int eq = a.indexOf('=');
            if (!a.startsWith("--") || eq < 0) throw new IllegalArgumentException("expected --key=value, got " + a);
            String key = a.substring(2, eq);
            if (!known.contains(key)) throw new IllegalArgumentException("unknown argument --" + key + " (known: " + known + ")");
            values.put(key, a.substring(eq + 1));
        }
    }

    String get(String key) {
        return values.get(key);
    }

    int integer(String key) {
        return Integer.parseInt(values.get(key));
    }
}
