package io.cpa.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Gold answers of multiple-choice questions, keyed by normalised question text. Reads JSONL in the Hugging Face
 * shape {@code {"id", "question", "choices": {"label": [...], "text": [...]}, "answerKey"}}, OpenBookQA's
 * {@code question_stem} in place of {@code question}, and ARC's original shape
 * {@code {"question": {"stem", "choices": [{"label", "text"}]}, "answerKey"}}. The first entry of a question wins.
 */
public final class QuestionBank {

    /** One known question: its options and the gold label. */
    public record Entry(String question, List<String> labels, List<String> texts, String answerKey) {
        public Entry {
            labels = List.copyOf(labels);
            texts = List.copyOf(texts);
        }

        String goldText() {
            int i = labels.indexOf(answerKey);
            return i < 0 ? null : texts.get(i);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private final Map<String, Entry> byQuestion;

    private QuestionBank(Map<String, Entry> byQuestion) {
        this.byQuestion = byQuestion;
    }

    public static QuestionBank empty() {
        return new QuestionBank(Map.of());
    }

    public static QuestionBank load(List<String> paths) {
        Map<String, Entry> map = new HashMap<>();
        for (String p : paths) {
            Path path = Path.of(p);
            try (BufferedReader reader = Files.newBufferedReader(path, StandardCharsets.UTF_8)) {
                String line;
                int lineNo = 0;
                while ((line = reader.readLine()) != null) {
                    lineNo++;
                    if (line.isBlank()) continue;
                    Entry e = parse(line, path + ":" + lineNo);
                    map.putIfAbsent(PromptClassifier.normalise(e.question()), e);
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read questionBank file " + path + ": " + e.getMessage(), e);
            }
        }
        return new QuestionBank(Map.copyOf(map));
    }

    static Entry parse(String line, String where) {
        JsonNode node;
        try {
            node = JSON.readTree(line);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalArgumentException(where + ": not valid JSON: " + e.getOriginalMessage());
        }
        if (node == null || !node.isObject()) throw new IllegalArgumentException(where + ": expected a JSON object");
        String answerKey = text(node.get("answerKey"), where, "answerKey");
        JsonNode q = node.get("question");
        String question;
        List<String> labels = new ArrayList<>();
        List<String> texts = new ArrayList<>();
        if (q != null && q.isObject()) {
            question = text(q.get("stem"), where, "question.stem");
            JsonNode choices = q.get("choices");
            if (choices == null || !choices.isArray()) throw new IllegalArgumentException(where + ": question.choices must be an array");
            for (JsonNode c : choices) {
                labels.add(text(c.get("label"), where, "question.choices[].label"));
                texts.add(text(c.get("text"), where, "question.choices[].text"));
            }
        } else {
            question = q != null ? text(q, where, "question") : text(node.get("question_stem"), where, "question_stem");
            JsonNode choices = node.get("choices");
            if (choices == null || !choices.isObject()) throw new IllegalArgumentException(where + ": choices must be an object");
            JsonNode l = choices.get("label");
            JsonNode t = choices.get("text");
            if (l == null || !l.isArray() || t == null || !t.isArray() || l.size() != t.size()) {
                throw new IllegalArgumentException(where + ": choices.label and choices.text must be arrays of equal length");
            }
            for (int i = 0; i < l.size(); i++) {
                labels.add(text(l.get(i), where, "choices.label[" + i + "]"));
                texts.add(text(t.get(i), where, "choices.text[" + i + "]"));
            }
        }
        if (!labels.contains(answerKey)) {
            throw new IllegalArgumentException(where + ": answerKey '" + answerKey + "' is not one of the labels " + labels);
        }
        return new Entry(question, labels, texts, answerKey);
    }

    private static String text(JsonNode n, String where, String field) {
        if (n == null || !n.isValueNode() || n.asText().isBlank()) {
            throw new IllegalArgumentException(where + ": missing or empty field '" + field + "'");
        }
        return n.asText().trim();
    }

    public int size() {
        return byQuestion.size();
    }

    public Optional<Entry> find(String question) {
        return Optional.ofNullable(byQuestion.get(PromptClassifier.normalise(question)));
    }

    /**
     * The index, among the prompt's options, of the gold answer: matched by option text first (prompts may relabel
     * options), then by label. Empty when the question is unknown or its gold option is not among the prompt's.
     */
    public Optional<Integer> goldIndex(Prompt.Answer prompt) {
        Optional<Entry> entry = find(prompt.question());
        if (entry.isEmpty()) return Optional.empty();
        String goldText = PromptClassifier.normalise(entry.get().goldText());
        for (int i = 0; i < prompt.texts().size(); i++) {
            if (PromptClassifier.normalise(prompt.texts().get(i)).equals(goldText)) return Optional.of(i);
        }
        int byLabel = prompt.labels().indexOf(entry.get().answerKey());
        return byLabel < 0 ? Optional.empty() : Optional.of(byLabel);
    }
}
