package io.cpa.alert;

import com.fasterxml.jackson.core.JsonProcessingException;
import io.cpa.event.AlertEvent;
import io.cpa.event.EventJson;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the alert rules remember about one series between snapshots. Immutable; {@link #toJson()} and
 * {@link #fromJson(String)} are its form in a state store.
 *
 * @param window          the window the state was built on; a state of another window is not reused
 * @param rhoBaseline     the reference rho of rho-drop, once learnt
 * @param eceBaseline     the reference IC ECE of ic-ece-rise, once learnt (only value, n and received are used)
 * @param change          the Page-Hinkley detector of rho-change
 * @param changeFedAt     where the detector was last fed: the series' received count (count windows) or the
 *                        snapshot time in ms (time windows); 0 before the first value
 * @param changeDirection the direction of the open rho-change alert, null when none is open
 * @param open            the OPEN event of each open alert, by rule id: at most one per rule
 * @param recent          the latest alert events, oldest first, at most {@link AlertRules#keepEvents()}
 */
public record SeriesAlertState(String window, Baseline rhoBaseline, Baseline eceBaseline, PageHinkley change,
                               long changeFedAt, PageHinkley.Change changeDirection, Map<String, AlertEvent> open,
                               List<AlertEvent> recent) {

    /** A reference value with the interval it was measured with (lower = upper = value for a configured one). */
    public record Baseline(double value, double lower, double upper, long n, long received) {}

    public SeriesAlertState {
        change = change == null ? PageHinkley.EMPTY : change;
        open = open == null ? Map.of() : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(open));
        recent = recent == null ? List.of() : List.copyOf(recent);
    }

    public static SeriesAlertState empty(String window) {
        return new SeriesAlertState(window, null, null, PageHinkley.EMPTY, 0, null, Map.of(), List.of());
    }

    public String toJson() {
        return EventJson.write(this);
    }

    public static SeriesAlertState fromJson(String json) {
        try {
            return EventJson.mapper().readValue(json, SeriesAlertState.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("unreadable alert state: " + e.getOriginalMessage(), e);
        }
    }
}
