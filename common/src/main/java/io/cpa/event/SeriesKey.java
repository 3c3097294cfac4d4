package io.cpa.event;

import io.cpa.auth.Tenants;

import java.util.Objects;

/**
 * A series: one tenant's model, source (route, application or dataset) and certainty prompt variant. Two tenants may
 * run the same model from a source of the same name, so the tenant is part of the identity.
 * Its string form is the Kafka key of {@code cpa.certainties}, so one series always lands on one partition:
 * {@code model|source|variant} for the default tenant (so keys, URLs and stored state of a deployment without tenants
 * never change), {@code model|source|variant|tenant} for any other.
 */
public record SeriesKey(String model, String source, String variant, String tenant) {
    private static final char SEP = '|';

    public SeriesKey {
        model = clean(model, "model");
        source = clean(source, "source");
        variant = clean(variant, "variant");
        tenant = Tenants.normalize(tenant);
    }

    /** A series of the default tenant. */
    public SeriesKey(String model, String source, String variant) {
        this(model, source, variant, null);
    }

    private static String clean(String s, String field) {
        Objects.requireNonNull(s, field);
        if (s.isBlank()) throw new IllegalArgumentException("series " + field + " is blank");
        if (s.indexOf(SEP) >= 0) throw new IllegalArgumentException("series " + field + " contains '|': " + s);
        return s;
    }

    /** {@code model|source|variant}, with {@code |tenant} appended unless the tenant is the default. */
    public String key() {
        String base = model + SEP + source + SEP + variant;
        return Tenants.DEFAULT.equals(tenant) ? base : base + SEP + tenant;
    }

    /** Reads {@code model|source|variant} (the default tenant) or {@code model|source|variant|tenant}. */
    public static SeriesKey parse(String key) {
        String[] parts = key.split("\\|", -1);
        if (parts.length == 3) return new SeriesKey(parts[0], parts[1], parts[2]);
        if (parts.length == 4) {
            if (parts[3].isBlank()) throw new IllegalArgumentException("series key has a blank tenant: " + key);
            return new SeriesKey(parts[0], parts[1], parts[2], parts[3]);
        }
        throw new IllegalArgumentException("series key is not model|source|variant[|tenant]: " + key);
    }

    /** The tenant of a series key string; {@link Tenants#DEFAULT} for a three-part key. Throws on a malformed key. */
    public static String tenantOf(String key) {
        return parse(key).tenant();
    }

    @Override
    public String toString() { return key(); }
}
