package io.cpa.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;

/**
 * The form an API key is configured in: {@code sha256:<64 hex digits>}, so that a configuration file, an environment
 * listing or a log of either never holds a usable key. {@code printf %s KEY | sha256sum} gives the same hex digits;
 * {@code java -cp cpa-common.jar io.cpa.auth.KeyDigest KEY} prints the whole value.
 */
public final class KeyDigest {
    public static final String PREFIX = "sha256:";

    private KeyDigest() {}

    /** The SHA-256 of the key's UTF-8 bytes. */
    public static byte[] of(String key) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }

    /** {@code sha256:<hex>} of a key. */
    public static String format(String key) {
        return PREFIX + HexFormat.of().formatHex(of(key));
    }

    /** The digest bytes of a configured {@code sha256:<hex>} value; the message says what is wrong, never the value. */
    public static byte[] parse(String configured) {
        if (configured == null) throw new IllegalArgumentException("digest is missing");
        String d = configured.strip().toLowerCase(Locale.ROOT);
        if (!d.startsWith(PREFIX)) throw new IllegalArgumentException("digest must be sha256:<64 hex digits>");
        String hex = d.substring(PREFIX.length());
        if (hex.length() != 64) throw new IllegalArgumentException("digest must be sha256:<64 hex digits>, has " + hex.length() + " digits");
        try {
            return HexFormat.of().parseHex(hex);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("digest must be sha256:<64 hex digits>, has a character that is not hex");
        }
    }

    /** Prints {@code sha256:<hex>} of the key given as the argument (or read from the first line of standard input). */
    public static void main(String[] args) throws java.io.IOException {
        String key = args.length > 0 ? args[0]
                : new java.io.BufferedReader(new java.io.InputStreamReader(System.in, StandardCharsets.UTF_8)).readLine();
        if (key == null || key.isEmpty()) {
            System.err.println("usage: KeyDigest KEY   (or the key on standard input)");
            System.exit(2);
        }
        System.out.println(format(key));
    }
}
