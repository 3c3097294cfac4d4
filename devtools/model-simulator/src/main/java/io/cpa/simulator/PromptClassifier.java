package io.cpa.simulator;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Recognises the method's answer prompt and the five certainty prompt variants in the text of the last user message.
 * Certainty prompts are recognised first: they quote the question and the answer, but never end with {@code Answer:}.
 */
public final class PromptClassifier {

    private static final Pattern OPTION_LINE = Pattern.compile("^\\s*([A-Ha-h]|[1-8])[.)]\\s+(.*\\S)\\s*$");
    private static final Pattern ASKED = Pattern.compile("(?i)\\basked:\\s*");
    private static final Pattern ANSWER_WAS = Pattern.compile("(?i)\\banswer was:\\s*");
    /** The line that follows the quoted answer in every variant: the answer may span several lines before it. */
    private static final Pattern AFTER_ANSWER = Pattern.compile(
            "\\n\\s*(analyse (its|your) answer|how certain are you|on a scale of 1 to 100)", Pattern.CASE_INSENSITIVE);
    /** The caller's marker of a quote cut to its first N characters. */
    private static final Pattern CUT = Pattern.compile("(?s)^(.*?)\\s*(…|\\.\\.\\.)\\s*\\[cut at (\\d+) of (\\d+) characters]$");
    private static final Pattern QUESTION_END = Pattern.compile(
            "(?i)(\\s*\\n\\s*)?(options were:|your answer was:|the model's answer was:|the model’s answer was:)");

    private PromptClassifier() {
    }

    public static Prompt classify(String text) {
        String t = text == null ? "" : text.replace("\r\n", "\n");
        Prompt certainty = certainty(t);
        if (certainty != null) return certainty;
        Prompt answer = answer(t);
        if (answer != null) return answer;
        return new Prompt.Other(t);
    }

    private static Prompt certainty(String t) {
        String lower = t.toLowerCase(Locale.ROOT);
        Matcher asked = ASKED.matcher(t);
        Matcher answerWas = ANSWER_WAS.matcher(t);
        if (!asked.find() || !answerWas.find(asked.end())) return null;
        boolean numericScale = lower.contains("scale of 1 to 100");
        boolean sixLevels = lower.contains("very certain") && lower.contains("very uncertain");
        if (!numericScale && !sixLevels) return null;
        boolean thirdPerson = lower.contains("a language model was asked") || lower.contains("the model's answer was")
                || lower.contains("the model’s answer was");
        boolean optionsShown = lower.contains("options were:") || lower.contains("given other options")
                || lower.contains("given the other options");
        Matcher end = QUESTION_END.matcher(t);
        int questionEnd = end.find(asked.end()) ? end.start() : answerWas.start();
        String question = t.substring(asked.end(), Math.max(asked.end(), questionEnd)).trim();
        Matcher after = AFTER_ANSWER.matcher(t);
        int answerEnd = after.find(answerWas.end()) ? after.start() : t.indexOf('\n', answerWas.end());
        String answer = t.substring(answerWas.end(), answerEnd < 0 ? t.length() : answerEnd).trim();
        if (answer.endsWith(".")) answer = answer.substring(0, answer.length() - 1).trim();
        CertaintyVariant variant = CertaintyVariant.of(numericScale, thirdPerson, optionsShown);
        Matcher cut = CUT.matcher(answer);
        if (cut.matches()) {
            long total = Long.parseLong(cut.group(4));
            return new Prompt.Certainty(variant, question, cut.group(1), true, (int) Math.min(Integer.MAX_VALUE, total));
        }
        return new Prompt.Certainty(variant, question, answer);
    }

    private static Prompt answer(String t) {
        String trimmed = t.strip();
        if (!trimmed.endsWith("Answer:")) return null;
        List<String> lines = List.of(trimmed.substring(0, trimmed.length() - "Answer:".length()).split("\n", -1));
        int end = lines.size();
        while (end > 0 && lines.get(end - 1).isBlank()) end--;
        int start = end;
        while (start > 0 && OPTION_LINE.matcher(lines.get(start - 1)).matches()) start--;
        int count = end - start;
        if (count < 2 || count > 8) return null;
        List<String> labels = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        for (int i = start; i < end; i++) {
            Matcher m = OPTION_LINE.matcher(lines.get(i));
            if (!m.matches()) return null;
            labels.add(m.group(1));
            texts.add(m.group(2).trim());
        }
        if (!consecutive(labels)) return null;
        String question = String.join("\n", lines.subList(0, start)).trim();
        if (question.isEmpty()) return null;
        return new Prompt.Answer(question, labels, texts);
    }

    /** Labels must run A, B, C ... or 1, 2, 3 ... (a question line that happens to start with "A." is not an option). */
    private static boolean consecutive(List<String> labels) {
        char first = labels.get(0).charAt(0);
        if (first != 'A' && first != '1') return false;
        for (int i = 0; i < labels.size(); i++) {
            if (labels.get(i).charAt(0) != first + i) return false;
        }
        return true;
    }

    /** Normalised question text, the key shared by answer and certainty prompts and the question bank. */
    public static String normalise(String question) {
        String lower = question.toLowerCase(Locale.ROOT);
        StringBuilder sb = new StringBuilder(lower.length());
        boolean space = true;
        for (int i = 0; i < lower.length(); i++) {
            char c = lower.charAt(i);
            if (Character.isLetterOrDigit(c)) {
                sb.append(c);
                space = false;
            } else if (!space) {
                sb.append(' ');
                space = true;
            }
        }
        int len = sb.length();
        if (len > 0 && sb.charAt(len - 1) == ' ') sb.setLength(len - 1);
        return sb.toString();
    }
}
