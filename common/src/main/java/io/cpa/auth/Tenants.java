package io.cpa.auth;

import java.util.regex.Pattern;

/**
 * Tenants: every answer, certainty, label, series, alert and report belongs to exactly one, and a caller reads only
 * its own. A deployment that never configures tenants has one, {@value #DEFAULT}, and nothing about it shows.
 */
public final class Tenants {
    /** The tenant of data and callers that name none. */
    public static final String DEFAULT = "default";
    /** A caller's tenant that sees every tenant's data; only ever granted explicitly to an admin. */
    public static final String ALL = "*";
    /** The attribute of a Quarkus {@code SecurityIdentity} that holds the caller's tenant. */
    public static final String IDENTITY_ATTRIBUTE = "cpa.tenant";

    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]{0,62}");

    private Tenants() {}

    /** A tenant name as stored: null or blank is {@link #DEFAULT}; otherwise lower-case letters, digits, '.', '_', '-'. */
    public static String normalize(String tenant) {
        if (tenant == null || tenant.isBlank()) return DEFAULT;
        String t = tenant.strip();
        if (!NAME.matcher(t).matches())
            throw new IllegalArgumentException("tenant '" + t + "' is not 1-63 of [a-z0-9._-] starting with a letter or digit");
        return t;
    }

    /**
     * The tenant a caller acts for, from the {@value #IDENTITY_ATTRIBUTE} attribute of its identity: missing or blank is
     * {@link #DEFAULT}, {@link #ALL} stays all, anything else must be a valid name (a malformed attribute is a
     * configuration error and fails closed).
     */
    public static String ofCaller(Object attribute) {
        if (attribute == null) return DEFAULT;
        if (!(attribute instanceof String s)) {
            throw new IllegalArgumentException("the caller's tenant attribute is a " + attribute.getClass().getSimpleName() + ", not a name");
        }
        if (ALL.equals(s.strip())) return ALL;
        return normalize(s);
    }

    /**
     * The tenant of what a caller of {@code callerTenant} sends in (answers, runs, studies): its own; the default for a
     * caller of every tenant, since data belongs to exactly one.
     */
    public static String ofData(String callerTenant) {
        return callerTenant == null || ALL.equals(callerTenant) ? DEFAULT : normalize(callerTenant);
    }

    /** Whether a caller of {@code callerTenant} may see data of {@code dataTenant} (null data tenant is the default). */
    public static boolean sees(String callerTenant, String dataTenant) {
        if (ALL.equals(callerTenant)) return true;
        String data = dataTenant == null ? DEFAULT : dataTenant;
        return data.equals(callerTenant == null ? DEFAULT : callerTenant);
    }
}
