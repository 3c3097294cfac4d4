package io.cpa.analysis.tenant;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import io.cpa.auth.Tenants;
import io.cpa.event.CertaintyEvent;
import io.cpa.event.EventJson;
import io.cpa.event.SeriesKey;

import java.util.List;
import java.util.TreeSet;

/**
 * Which records a caller sees: the one rule of the analysis API, applied by every resource. A caller of one tenant
 * sees the series (and their snapshots, answers, history, ranges, alerts, skips, reports) whose key carries its
 * tenant; a caller of {@link Tenants#ALL} sees every series. A key the caller does not see is answered exactly as a key
 * that does not exist, so nothing tells the two apart; a malformed key exists for nobody but a caller of every tenant,
 * to whom it is answered as before.
 */
public final class TenantScope {
    /** A study's certainties of several tenants asked by a caller of every tenant without saying which. */
    public static final class AmbiguousStudy extends RuntimeException {
        public AmbiguousStudy(String message) {
            super(message);
        }
    }

    private final String caller;

    private TenantScope(String caller) {
        this.caller = caller;
    }

    /** @param callerTenant a tenant name or {@link Tenants#ALL} */
    public static TenantScope of(String callerTenant) {
        return new TenantScope(callerTenant == null ? Tenants.DEFAULT : callerTenant);
    }

    public boolean seesEveryTenant() {
        return Tenants.ALL.equals(caller);
    }

    /** Whether the caller sees the series of this key. */
    public boolean seesSeries(String key) {
        if (seesEveryTenant()) return true;
        if (key == null) return false;
        try {
            return Tenants.sees(caller, SeriesKey.tenantOf(key));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** The elements of a JSON array whose {@code field} names a series the caller sees, in their order. */
    public ArrayNode seriesOnly(JsonNode array, String field) {
        ArrayNode out = EventJson.mapper().createArrayNode();
        for (JsonNode element : array) {
            if (seesSeries(element.path(field).asText(null))) out.add(element);
        }
        return out;
    }

    /**
     * The certainties of one study that make its report: a caller of one tenant gets its own tenant's (none: the study
     * does not exist for it); a caller of every tenant gets those of {@code tenant} when it names one, else those of
     * the only tenant the study has, and {@link AmbiguousStudy} when it has several, so that no report mixes tenants.
     */
    public List<CertaintyEvent> studyCertainties(List<CertaintyEvent> events, String tenant) {
        String of;
        if (!seesEveryTenant()) {
            of = caller;
        } else if (tenant != null && !tenant.isBlank()) {
            of = Tenants.normalize(tenant);
        } else {
            TreeSet<String> tenants = new TreeSet<>();
            for (CertaintyEvent e : events) {
                String t = tenantOf(e);
                if (t != null) tenants.add(t);
            }
            if (tenants.size() > 1) {
                throw new AmbiguousStudy("the study's certainties belong to " + tenants.size() + " tenants " + tenants
                        + ": name one with tenant=");
            }
            if (tenants.isEmpty()) return List.of();
            of = tenants.first();
        }
        return events.stream().filter(e -> of.equals(tenantOf(e))).toList();
    }

    /** The tenant of a certainty, null when its series key is malformed (such a record belongs to nobody). */
    private static String tenantOf(CertaintyEvent e) {
        try {
            return e.tenantOrDefault();
        } catch (IllegalArgumentException ex) {
            return null;
        }
    }

    @Override
    public String toString() {
        return "TenantScope[" + caller + "]";
    }
}
