package io.cpa.answer.auth;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;

/**
 * The API keys callers of the proxy and the ingest API must present. Keys are kept only as SHA-256 digests and a
 * presented key is compared with every one of them by {@link MessageDigest#isEqual} (constant time in the digest
 * length, and no early exit across keys), so neither a key's content nor its length leaks through timing.
 * With no key configured, authentication is off.
 */
public final class ApiKeys {
    private final List<byte[]> digests;

    public ApiKeys(List<String> keys) {
        this.digests = keys.stream().map(String::strip).filter(k -> !k.isEmpty()).map(ApiKeys::sha256).toList();
    }

    public boolean enabled() {
        return !digests.isEmpty();
    }

    public boolean accepts(String presented) {
        if (!enabled()) return true;
        if (presented == null || presented.isEmpty()) return false;
        byte[] candidate = sha256(presented);
        boolean match = false;
        for (byte[] d : digests) match |= MessageDigest.isEqual(d, candidate);
        return match;
    }

    /** The token of an {@code Authorization: Bearer <token>} header, else null. */
    public static String bearer(String authorization) {
        if (authorization == null) return null;
        String a = authorization.strip();
        return a.regionMatches(true, 0, "Bearer ", 0, 7) ? a.substring(7).strip() : null;
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JVM", e);
        }
    }
}
