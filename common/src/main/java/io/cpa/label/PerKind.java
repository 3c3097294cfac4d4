package io.cpa.label;

import com.fasterxml.jackson.annotation.JsonProperty;

import java.util.function.Function;

/**
 * One value per {@link LabelKind}. In JSON the fields are the kinds' ids ({@code gold}, {@code human}, {@code judge},
 * {@code user-feedback}), as labellers are written in the API.
 */
public record PerKind<T>(@JsonProperty("gold") T gold, @JsonProperty("human") T human, @JsonProperty("judge") T judge,
                         @JsonProperty("user-feedback") T userFeedback) {

    public static <T> PerKind<T> of(Function<LabelKind, T> value) {
        return new PerKind<>(value.apply(LabelKind.GOLD), value.apply(LabelKind.HUMAN), value.apply(LabelKind.JUDGE),
                value.apply(LabelKind.USER_FEEDBACK));
    }

    public T get(LabelKind kind) {
        return switch (kind) {
            case GOLD -> gold;
            case HUMAN -> human;
            case JUDGE -> judge;
            case USER_FEEDBACK -> userFeedback;
        };
    }
}
