package io.cpa.certainty;

import io.cpa.prompt.CertaintyPromptVariant;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads a verbalized certainty from a reply to a certainty prompt. */
public final class CertaintyParser {
    private static final Pattern LETTER = Pattern.compile("^\\W*([a-f])\\W*(?:$|[.)]\\s)");

    public VerbalizedCertainty parse(String reply, CertaintyPromptVariant variant) {
        String raw = reply == null ? "" : reply;
        String text = raw.toLowerCase(Locale.ROOT);
        Set<CertaintyLevel> found = EnumSet.noneOf(CertaintyLevel.class);
        for (CertaintyLevel l : CertaintyLevel.values()) {
            if (Pattern.compile("(?<!not )\\b" + l.phrase().toLowerCase(Locale.ROOT) + "\\b").matcher(text).find()) found.add(l);
        }
        if (found.isEmpty()) {
            Matcher m = LETTER.matcher(text.strip() + " ");
            if (m.find()) found.add(CertaintyLevel.values()[m.group(1).charAt(0) - 'a']);
        }
        if (found.size() == 1) return VerbalizedCertainty.ofLevel(found.iterator().next(), raw);
        return VerbalizedCertainty.failed(found.isEmpty() ? ParseStatus.NONE : ParseStatus.AMBIGUOUS, raw);
    }
}
