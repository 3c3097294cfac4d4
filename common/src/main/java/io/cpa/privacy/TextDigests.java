package io.cpa.privacy;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Optional;

/**
 * The digest that stands for a withheld text, so that equal texts can still be told equal. With a key
 * ({@code cpa.privacy.digest-key}) it is HMAC-SHA-256 ({@code hmac-sha256:<hex>}); without one a plain SHA-256
 * ({@code sha256:<hex>}), which anyone can reverse for short or guessable texts ("A", "yes", a known question) by
 * hashing candidates, so a deployment that withholds text should configure a key. The key is never shown.
 */
public final class TextDigests {
    public static final String HMAC_PREFIX = "hmac-sha256:";
    public static final String SHA256_PREFIX = "sha256:";
    /** Shorter keys make HMAC guessable; RFC 2104 recommends at least the hash's output length, 16 bytes is the floor here. */
    public static final int MIN_KEY_BYTES = 16;

    private final byte[] key;

    private TextDigests(byte[] key) {
        this.key = key;
    }

    /** A digest without a key: plain SHA-256. */
    public static TextDigests unkeyed() {
        return new TextDigests(null);
    }

    public static TextDigests keyed(byte[] key) {
        if (key == null || key.length < MIN_KEY_BYTES) {
            throw new IllegalArgumentException("cpa.privacy.digest-key: at least " + MIN_KEY_BYTES + " bytes are needed");
        }
        return new TextDigests(key.clone());
    }

    /** From the configured key, base64; absent or blank gives the unkeyed digest. A bad key fails naming the key, never its value. */
    public static TextDigests fromBase64(Optional<String> base64Key) {
        if (base64Key.isEmpty() || base64Key.get().isBlank()) return unkeyed();
        byte[] key;
        try {
            key = Base64.getDecoder().decode(base64Key.get().strip());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("cpa.privacy.digest-key: not base64");
        }
        return keyed(key);
    }

    public boolean isKeyed() {
        return key != null;
    }

    /** The digest of a text (of its UTF-8 bytes); null for null. */
    public String digest(String text) {
        if (text == null) return null;
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        try {
            if (key == null) return SHA256_PREFIX + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            return HMAC_PREFIX + HexFormat.of().formatHex(mac.doFinal(bytes));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK lacks SHA-256 or HmacSHA256", e);
        }
    }

    @Override
    public String toString() {
        return key == null ? "TextDigests[sha256]" : "TextDigests[hmac-sha256, key=***]";
    }
}
