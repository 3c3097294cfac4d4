package io.cpa.dataset;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.cpa.question.ChoiceOption;
import io.cpa.question.Question;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * Loads multiple-choice questions from Hugging Face JSONL exports (one JSON object per line, UTF-8).
 *
 * <ul>
 *   <li>Empty and blank lines are skipped (line numbers in messages still count them).</li>
 *   <li>{@code choices.label} and {@code choices.text} must be arrays of the same length, 2 to 8 strings (ARC's
 *       numeric labels may also be JSON numbers and are read as text).</li>
 *   <li>An {@code answerKey} that is empty, null or absent gives gold {@code null} (test splits have none); a
 *       non-empty one must be one of the labels.</li>
 *   <li>The id is the row's {@code id}; RiddleSense rows have none, so their id is {@code rs-} and the first 16 hex
 *       digits of SHA-256 over the question and the option texts: stable when the file is reordered or
 *       re-downloaded.</li>
 * </ul>
 * Every problem is a {@link DatasetException} naming the source, line and field.
 */
public final class DatasetLoader {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private DatasetLoader() {}

    public static List<Question> load(Path file, DatasetFormat format) {
        String name = file.getFileName() == null ? file.toString() : file.getFileName().toString();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            return load(reader, name, format);
        } catch (IOException e) {
            throw new DatasetException(name, 0, null, "cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    /** Loads a file bundled on the classpath, e.g. {@code datasets/commonsense_qa-sample.jsonl}. */
    public static List<Question> loadResource(String classpathResource, DatasetFormat format) {
        String path = classpathResource.startsWith("/") ? classpathResource.substring(1) : classpathResource;
        ClassLoader cl = Thread.currentThread().getContextClassLoader();
        if (cl == null) cl = DatasetLoader.class.getClassLoader();
        InputStream in = cl.getResourceAsStream(path);
        if (in == null) throw new DatasetException(path, 0, null, "no such classpath resource");
        try (Reader reader = new InputStreamReader(in, StandardCharsets.UTF_8)) {
            return load(reader, path, format);
        } catch (IOException e) {
            throw new DatasetException(path, 0, null, "cannot read: " + e.getMessage(), e);
        }
    }

    /**
     * @param sourceName the name used in error messages, e.g. the file name
     */
    public static List<Question> load(Reader reader, String sourceName, DatasetFormat format) {
        BufferedReader lines = reader instanceof BufferedReader br ? br : new BufferedReader(reader);
        List<Question> out = new ArrayList<>();
        int lineNo = 0;
        try {
            String line;
            while ((line = lines.readLine()) != null) {
                lineNo++;
                if (lineNo == 1 && line.startsWith("\uFEFF")) line = line.substring(1);
                if (line.isBlank()) continue;
                out.add(row(line, new At(sourceName, lineNo), format));
            }
        } catch (IOException e) {
            throw new DatasetException(sourceName, lineNo, null, "cannot read: " + e.getMessage(), e);
        }
        return out;
    }

    private record At(String source, int line) {
        DatasetException error(String field, String problem) {
            return new DatasetException(source, line, field, problem);
        }
    }

    private static Question row(String line, At at, DatasetFormat format) {
        JsonNode node;
        try {
            node = MAPPER.readTree(line);
        } catch (JsonProcessingException e) {
            throw new DatasetException(at.source(), at.line(), null, "not JSON: " + e.getOriginalMessage(), e);
        }
        if (node == null || !node.isObject()) throw at.error(null, "expected a JSON object");

        String text = requiredText(node, format.questionField(), at);
        JsonNode choices = node.get("choices");
        if (choices == null || !choices.isObject()) throw at.error("choices", "expected an object with label and text");
        List<String> labels = stringArray(choices, "label", at);
        List<String> texts = stringArray(choices, "text", at);
        if (labels.size() != texts.size()) {
            throw at.error("choices.text", "expected " + labels.size() + " entries like choices.label, got " + texts.size());
        }
        if (labels.size() < 2 || labels.size() > 8) {
            throw at.error("choices.label", "expected 2 to 8 options, got " + labels.size());
        }
        List<ChoiceOption> options = new ArrayList<>(labels.size());
        for (int i = 0; i < labels.size(); i++) {
            String label = labels.get(i).strip();
            if (label.isEmpty()) throw at.error("choices.label[" + i + "]", "blank label");
            if (labels.subList(0, i).stream().map(String::strip).anyMatch(label::equals)) {
                throw at.error("choices.label[" + i + "]", "duplicate label '" + label + "'");
            }
            options.add(new ChoiceOption(label, texts.get(i)));
        }

        String gold = null;
        JsonNode key = node.get("answerKey");
        if (key != null && !key.isNull()) {
            if (!key.isValueNode() || key.isBoolean()) throw at.error("answerKey", "expected a string");
            String k = key.asText().strip();
            if (!k.isEmpty()) {
                if (options.stream().noneMatch(o -> o.label().equals(k))) {
                    throw at.error("answerKey", "'" + k + "' is not one of the labels " + labels);
                }
                gold = k;
            }
        }

        String id = format.hasId() ? requiredText(node, "id", at) : contentId(text, texts);
        try {
            return new Question(id, format.datasetName(), text, options, gold);
        } catch (IllegalArgumentException e) {
            throw at.error(null, e.getMessage());
        }
    }

    private static String requiredText(JsonNode node, String field, At at) {
        JsonNode v = node.get(field);
        if (v == null || v.isNull()) throw at.error(field, "missing");
        if (!v.isTextual()) throw at.error(field, "expected a string");
        if (v.asText().isBlank()) throw at.error(field, "blank");
        return v.asText();
    }

    private static List<String> stringArray(JsonNode choices, String name, At at) {
        String field = "choices." + name;
        JsonNode v = choices.get(name);
        if (v == null || v.isNull()) throw at.error(field, "missing");
        if (!v.isArray()) throw at.error(field, "expected an array");
        List<String> out = new ArrayList<>(v.size());
        for (int i = 0; i < v.size(); i++) {
            JsonNode e = v.get(i);
            boolean labelNumber = name.equals("label") && e.isIntegralNumber();
            if (!e.isTextual() && !labelNumber) throw at.error(field + "[" + i + "]", "expected a string");
            out.add(e.asText());
        }
        return out;
    }

    private static String contentId(String question, List<String> texts) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            sha.update(question.getBytes(StandardCharsets.UTF_8));
            for (String t : texts) {
                sha.update((byte) 0);
                sha.update(t.getBytes(StandardCharsets.UTF_8));
            }
            return "rs-" + HexFormat.of().formatHex(sha.digest()).substring(0, 16);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java platform", e);
        }
    }
}
