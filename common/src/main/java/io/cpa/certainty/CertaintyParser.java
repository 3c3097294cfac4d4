package io.cpa.certainty;

import io.cpa.prompt.CertaintyPromptVariant;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads the verbalized certainty from a model's reply. Every reply is classified ({@link ParseStatus}); the raw text
 * is always kept and nothing is imputed.
 *
 * <h2>Normalisation</h2>
 * NFKC (full-width letters, digits, parentheses and period become ASCII), ideographic full stop {@code 。} to
 * {@code .}, curly quotes to straight ones, markdown emphasis/heading/code marks ({@code * _ # `}) removed, lower case,
 * {@code n't} spelled out ({@code isn't} -> {@code is not}, {@code can't}/{@code cannot} -> {@code can not}).
 *
 * <h2>Six-level replies ({@link #parseLevels(String)})</h2>
 * <b>Phrases</b>, matched leftmost and, at one position, longest first:
 * <ul>
 *   <li>{@code very certain}, {@code fairly certain}, {@code moderately certain}, {@code somewhat certain},
 *       {@code not certain}, {@code very uncertain}: the six levels.</li>
 *   <li>Off-scale, recognised so that they cannot be misread, and never mapped to a level: {@code not} followed by one
 *       or two words and then {@code certain}/{@code uncertain} ({@code not very certain}, {@code not at all certain},
 *       {@code not 100% certain}), {@code not certain at all}, and {@code uncertain} without {@code very}.
 *       "Not very certain" is a hedge somewhere below very certain, not a point on the scale: mapping it to
 *       {@code e} (or any level) would impute a value the model did not give, so alone it reads as {@code NONE}.</li>
 * </ul>
 * <b>Letters</b> {@code a}-{@code f}: {@code (b)}, {@code [b]}, {@code b.} or {@code b)} followed by the end of the
 * line, punctuation or a scale phrase (so that an echoed option line {@code A. a shop} is not a level), a reply made
 * only of letters ({@code b}, {@code **B**}, {@code 'b'}, {@code b or c}), or a bare letter after a marker such as
 * {@code answer:}, {@code option}, {@code I choose}, {@code I'd say} (followed by the end, punctuation or a scale
 * phrase, so that "option a language model" is not a letter). A letter right after a mention of the answer under
 * evaluation ("the model's answer was B", "the model chose option B", "answer was B") is an echo of that answer and
 * ignored, and so is a letter after "the correct answer is". A letter directly followed by its own phrase
 * ({@code b. Fairly Certain}) is one mention; a letter directly followed by another level's phrase
 * ({@code a. Fairly Certain}) is a contradiction and counts as two levels.
 *
 * <b>Spelling</b>: the two words of a phrase may be joined by hyphens or broken by line breaks and runs of spaces, and
 * markdown around them is ignored: {@code Fairly-Certain}, {@code very - uncertain}, {@code **Moderately**   certain},
 * {@code Somewhat\ncertain}, {@code ~~b~~} (the marks only; struck text is read) and zero-width spaces all parse as
 * the level they spell.
 *
 * <p><b>Ranges</b> between two levels name both ends, so with nothing else chosen they are {@code AMBIGUOUS}, never
 * one end and never the midpoint: {@code fairly to moderately certain}, {@code between fairly and very certain},
 * {@code moderately-to-fairly certain}, {@code somewhat or not certain}, {@code b to c}, {@code I'd say b-c},
 * {@code between b and c}. A marked choice after a range still decides: "Somewhere between fairly and moderately
 * certain; if I must pick, my answer: b" is {@code b}. The scale echo {@code a-f} is not a range.
 *
 * <h2>Deciding</h2>
 * <ol>
 *   <li><b>Echoed scale</b>: when letter+phrase pairs name four or more different levels, the reply repeats the
 *       option list; the first unmarked pair of each level is dropped and only what remains can be a choice.</li>
 *   <li><b>Marked choice</b>: mentions right after an explicit marker ({@code answer:}, {@code my answer},
 *       {@code final answer}, {@code choice}, {@code option}, {@code rating}, {@code certainty}, {@code level},
 *       {@code I choose/select/pick/go with/rate it as}), and a reply that is only letters, take precedence over
 *       unmarked ones. Conversational lead-ins ({@code I'd say}, {@code I am}) do not mark a choice: "I am fairly
 *       certain, no, very certain" stays ambiguous.</li>
 *   <li>Otherwise phrase mentions count, and bare letters only when the reply has no phrase (a phrase is the more
 *       explicit form, and a stray capital letter is often the echoed answer option).</li>
 *   <li>One distinct level: {@code OK} (a level repeated is still one level). Several: {@code AMBIGUOUS}.
 *       None: {@code REFUSED} when the reply declines ("I cannot determine", "As an AI", "I'm unable to" ...),
 *       else {@code AMBIGUOUS} when it only echoed the scale, else {@code NONE}.</li>
 * </ol>
 * A refusal phrase next to a clear level does not make the reply a refusal: "As an AI I have no feelings, but I'd
 * say b. Fairly Certain" is {@code OK}.
 *
 * <h2>Numeric replies ({@link #parseNumber(String)})</h2>
 * Integers 1-100, alone or as {@code 85%}, {@code 85/100}, {@code 85 out of 100}, {@code 85 percent},
 * {@code Certainty: 85}. An echo of the scale ({@code 1 to 100}, {@code 1-100}, {@code 1 and 100}) is ignored.
 * Numbers marked as the certainty (a {@code %}, {@code /100}, {@code out of 100}, or after {@code certainty},
 * {@code confidence}, {@code certain}, {@code score}, {@code rating}, {@code answer}, {@code level}) take precedence
 * over other numbers. One distinct value: {@code OK}. Several different values, or a range ({@code 80-90}):
 * {@code AMBIGUOUS}. Only numbers off the scale (0, above 100, negative, with a fraction such as {@code 0.85}, or on
 * another scale such as {@code 8/10} or {@code 4 out of 5}): {@code NONE}, never clamped or rescaled. A number glued
 * to a word by a hyphen ({@code GPT-4}) is a name, not a reading. Numbers in words are not read ({@code NONE}).
 * No number and a refusal: {@code REFUSED}.
 */
public final class CertaintyParser {

    /** between the two words of a level phrase: spaces, line breaks or hyphens ({@code fairly-certain}) */
    private static final String GAP = "(?:\\s|-)+";
    private static final String LEVEL_PHRASES =
            "(?<offneg>\\bnot\\s+(?:(?!(?:un)?certain\\b)[\\w%]+\\s+){1,2}(?:un)?certain\\b|\\bnot\\s+certain\\s+at\\s+all\\b)"
                    + "|(?<a>\\bvery" + GAP + "certain\\b)"
                    + "|(?<b>\\bfairly" + GAP + "certain\\b)"
                    + "|(?<c>\\bmoderately" + GAP + "certain\\b)"
                    + "|(?<d>\\bsomewhat" + GAP + "certain\\b)"
                    + "|(?<e>\\bnot" + GAP + "certain\\b)"
                    + "|(?<f>\\bvery" + GAP + "uncertain\\b)"
                    + "|(?<offun>\\buncertain\\b)";
    private static final Pattern PHRASE = Pattern.compile(LEVEL_PHRASES);

    private static final String PHRASE_START = "(?:very|fairly|moderately|somewhat|not)\\s";
    /** {@code (b)} or {@code [b]} */
    private static final Pattern LETTER_BRACKETED = Pattern.compile("[(\\[]\\s*([a-f])\\s*[)\\]]");
    /**
     * {@code b.} or {@code b)} not part of a word or of {@code i.e.}, followed by the end of the line, punctuation or a
     * scale phrase; {@code A. a shop} is an option line, not a level
     */
    private static final Pattern LETTER_PUNCT = Pattern.compile(
            "(?<![\\w.'])([a-f])[.)](?=[ \\t]*(?:$|\\n|[^\\w\\s]|" + PHRASE_START + "))");
    /** a bare letter after a marker */
    private static final Pattern LETTER_AFTER_MARKER = Pattern.compile(
            "(?:\\banswer|\\bchoice|\\boption|\\bselection|\\brating|\\blevel|\\bcertainty|\\bchoose|\\bselect|\\bpick"
                    + "|\\bgo\\s+with|\\bsay)\\s*(?:is|would\\s+be|will\\s+be|:|-|=)?\\s*['\"]?([a-f])(?![\\w'])"
                    + "(?=[ \\t]*(?:$|\\n|[^\\w\\s]|" + PHRASE_START + "))");
    /** a reply made only of scale letters and connectors: {@code b}, {@code **B**}, {@code b or c}, {@code b/c} */
    private static final Pattern ONLY_LETTERS = Pattern.compile("^(?:[^\\w]|\\b(?:or|and|maybe|either|perhaps)\\b|\\b[a-f]\\b)+$");
    private static final Pattern SINGLE_LETTER = Pattern.compile("\\b[a-f]\\b");

    /** the text right before a letter that makes it an echo of the answer under evaluation */
    private static final Pattern ANSWER_ECHO_BEFORE = Pattern.compile(
            "(?:model'?s?\\s+(?:answer|choice|chose|selected|picked|selection)|\\bits\\s+answer|\\banswer\\s+was"
                    + "|\\b(?:correct|right|true|best)\\s+(?:answer|option|choice)"
                    + "|\\bmodel\\s+(?:chose|selected|picked|answered))\\s*(?:was|is|:)?\\s*(?:option|choice)?\\s*[(\\[]?\\s*$");
    /** the text right before a mention that marks it as the chosen level */
    private static final Pattern MARKER_BEFORE = Pattern.compile(
            "(?:\\banswer\\s*:|\\b(?:my|final)\\s+answer|\\bchoice|\\boption|\\bselection|\\brating|\\bcertainty(?:\\s+level)?|\\blevel"
                    + "|\\bi(?:\\s+would|'d|'ll|\\s+will)?\\s+(?:choose|select|pick|go\\s+with|rate\\s+it(?:\\s+as)?))"
                    + "\\s*(?:is|would\\s+be|will\\s+be|:|-|=|as)?\\s*(?:option|choice)?\\s*[(\\[]?\\s*$");
    /**
     * An elliptic range of two phrases sharing one "certain": {@code fairly to moderately certain},
     * {@code between fairly and very certain}, {@code moderately-to-fairly certain}, {@code fairly/very certain}.
     */
    private static final Pattern PHRASE_RANGE = Pattern.compile(
            "\\b(?<from>very|fairly|moderately|somewhat)(?:\\s+certain)?\\s*(?:-\\s*)?(?:to|or|and|/|-)(?:\\s*-)?\\s*"
                    + "(?<to>very|fairly|moderately|somewhat|not)" + GAP + "(?<un>un)?certain\\b");
    /**
     * A range of two letters: {@code b to c}, {@code b-c}, {@code between b and c}; the scale echo {@code a-f} is not
     * one, and neither is {@code b/c} inside a sentence (the abbreviation of "because").
     */
    private static final Pattern LETTER_RANGE = Pattern.compile(
            "(?<![\\w.'])(?<between>between\\s+)?(?<from>[a-f])\\s*(?:-|to|(?<=between\\s{1,3}[a-f]\\s{0,3})and)\\s*(?<to>[a-f])(?![\\w'])");
    private static final Pattern PAIR_GAP = Pattern.compile("[\\s.):\\-]*");

    private static final Pattern REFUSAL = Pattern.compile(
            "\\bas\\s+an\\s+ai\\b"
                    + "|\\b(?:i|i'm|i\\s+am)\\s+(?:can\\s+not|could\\s+not|will\\s+not|unable\\s+to|not\\s+able\\s+to|not\\s+in\\s+a\\s+position\\s+to)\\b"
                    + "|\\bunable\\s+to\\s+(?:determine|assess|answer|provide|evaluate|say)"
                    + "|\\bcan\\s+not\\s+be\\s+determined\\b"
                    + "|\\bi\\s+(?:must|have\\s+to)\\s+decline\\b|\\bi\\s+refuse\\b"
                    + "|\\bi\\s+do\\s+not\\s+have\\s+(?:enough|sufficient|personal|the\\s+ability)"
                    + "|\\bnot\\s+possible\\s+(?:for\\s+me\\s+)?to\\s+(?:determine|say|assess)");

    private static final Pattern SCALE_ECHO = Pattern.compile("\\b1\\s*(?:to|and|-|–|—)\\s*100\\b");
    private static final Pattern NUMBER = Pattern.compile(
            "(?<![\\w.])(?<sign>-)?(?<num>\\d+(?:[.,]\\d+)?)"
                    + "(?<unit>\\s*%|\\s*/\\s*(?<den>\\d+)\\b|\\s+out\\s+of\\s+(?<outof>\\d+)\\b|\\s*percent\\b)?(?![\\w])");
    private static final Pattern NUMBER_MARKER_BEFORE = Pattern.compile(
            "(?:certainty|confidence|certain|score|rating|answer|level)\\s*(?:is|would\\s+be|of|at|:|-|=|about|around)?\\s*(?:is|of|at|about|around)?\\s*$");

    private enum Kind { PHRASE, LETTER, PAIRED }

    private record Mention(int start, int end, CertaintyLevel level, Kind kind, boolean marked) {}

    private CertaintyParser() {}

    /** Reads a reply to the given prompt variant: a number for {@code numeric}, a scale level for the others. */
    public static VerbalizedCertainty parse(String reply, CertaintyPromptVariant variant) {
        return variant.numericScale() ? parseNumber(reply) : parseLevels(reply);
    }

    // ------------------------------------------------------------------ six levels

    public static VerbalizedCertainty parseLevels(String reply) {
        String raw = reply == null ? "" : reply;
        String t = normalise(raw);
        if (t.isBlank()) return VerbalizedCertainty.failed(ParseStatus.NONE, raw);

        List<Mention> phrases = new ArrayList<>();
        Matcher pm = PHRASE.matcher(t);
        while (pm.find()) {
            CertaintyLevel level = phraseLevel(pm);
            if (level != null) phrases.add(new Mention(pm.start(), pm.end(), level, Kind.PHRASE, marked(t, pm.start())));
        }
        List<Mention> mentions = new ArrayList<>(pairLetters(t, letters(t), phrases));
        mentions.addAll(ranges(t));
        mentions.sort(Comparator.comparingInt(Mention::start));

        boolean echoed = false;
        Set<CertaintyLevel> pairedLevels = EnumSet.noneOf(CertaintyLevel.class);
        for (Mention m : mentions) if (m.kind() == Kind.PAIRED) pairedLevels.add(m.level());
        if (pairedLevels.size() >= 4) {
            echoed = true;
            Set<CertaintyLevel> dropped = EnumSet.noneOf(CertaintyLevel.class);
            List<Mention> kept = new ArrayList<>();
            for (Mention m : mentions) {
                if (m.kind() == Kind.PAIRED && !m.marked() && dropped.add(m.level())) continue;
                kept.add(m);
            }
            mentions = kept;
        }

        List<Mention> candidates = mentions.stream().filter(Mention::marked).toList();
        if (candidates.isEmpty()) {
            candidates = mentions.stream().filter(m -> m.kind() != Kind.LETTER).toList();
        }
        if (candidates.isEmpty()) candidates = mentions;

        Set<CertaintyLevel> levels = EnumSet.noneOf(CertaintyLevel.class);
        for (Mention m : candidates) levels.add(m.level());
        if (levels.size() == 1) return VerbalizedCertainty.ofLevel(levels.iterator().next(), raw);
        if (levels.size() > 1) return VerbalizedCertainty.failed(ParseStatus.AMBIGUOUS, raw);
        if (REFUSAL.matcher(t).find()) return VerbalizedCertainty.failed(ParseStatus.REFUSED, raw);
        return VerbalizedCertainty.failed(echoed ? ParseStatus.AMBIGUOUS : ParseStatus.NONE, raw);
    }

    /**
     * Both ends of every range the reply names, as phrase mentions (a range is never read as one of its ends, nor as
     * a midpoint between them): with nothing else chosen the reply is ambiguous, and a marked choice still wins.
     */
    private static List<Mention> ranges(String t) {
        List<Mention> out = new ArrayList<>();
        Matcher pr = PHRASE_RANGE.matcher(t);
        while (pr.find()) {
            CertaintyLevel from = modifierLevel(pr.group("from"), false);
            CertaintyLevel to = modifierLevel(pr.group("to"), pr.group("un") != null);
            if (to == null || from == to) continue;
            boolean marked = marked(t, pr.start());
            out.add(new Mention(pr.start(), pr.end(), from, Kind.PHRASE, marked));
            out.add(new Mention(pr.start(), pr.end(), to, Kind.PHRASE, marked));
        }
        Matcher lr = LETTER_RANGE.matcher(t);
        while (lr.find()) {
            char from = lr.group("from").charAt(0), to = lr.group("to").charAt(0);
            if (from == to || (Math.min(from, to) == 'a' && Math.max(from, to) == 'f')) continue; // the scale echoed
            boolean marked = marked(t, lr.start());
            out.add(new Mention(lr.start(), lr.end(), CertaintyLevel.values()[from - 'a'], Kind.PHRASE, marked));
            out.add(new Mention(lr.start(), lr.end(), CertaintyLevel.values()[to - 'a'], Kind.PHRASE, marked));
        }
        return out;
    }

    /** The level a modifier names before "certain" (or, for {@code very}, before "uncertain"); null off the scale. */
    private static CertaintyLevel modifierLevel(String modifier, boolean uncertain) {
        if (uncertain) return modifier.equals("very") ? CertaintyLevel.VERY_UNCERTAIN : null;
        return switch (modifier) {
            case "very" -> CertaintyLevel.VERY_CERTAIN;
            case "fairly" -> CertaintyLevel.FAIRLY_CERTAIN;
            case "moderately" -> CertaintyLevel.MODERATELY_CERTAIN;
            case "somewhat" -> CertaintyLevel.SOMEWHAT_CERTAIN;
            case "not" -> CertaintyLevel.NOT_CERTAIN;
            default -> null;
        };
    }

    private static CertaintyLevel phraseLevel(Matcher m) {
        if (m.group("a") != null) return CertaintyLevel.VERY_CERTAIN;
        if (m.group("b") != null) return CertaintyLevel.FAIRLY_CERTAIN;
        if (m.group("c") != null) return CertaintyLevel.MODERATELY_CERTAIN;
        if (m.group("d") != null) return CertaintyLevel.SOMEWHAT_CERTAIN;
        if (m.group("e") != null) return CertaintyLevel.NOT_CERTAIN;
        if (m.group("f") != null) return CertaintyLevel.VERY_UNCERTAIN;
        return null; // off-scale
    }

    /** Letter mentions keyed by the letter's position, so that the forms overlapping on one letter count once. */
    private static List<Mention> letters(String t) {
        TreeMap<Integer, Mention> byPos = new TreeMap<>();
        if (ONLY_LETTERS.matcher(t).matches()) {
            Matcher m = SINGLE_LETTER.matcher(t);
            while (m.find()) byPos.put(m.start(), letter(t, m.start(), m.end(), true));
        }
        for (Pattern p : List.of(LETTER_BRACKETED, LETTER_PUNCT, LETTER_AFTER_MARKER)) {
            Matcher m = p.matcher(t);
            while (m.find()) {
                int s = m.start(1);
                if (byPos.containsKey(s)) continue;
                if (ANSWER_ECHO_BEFORE.matcher(t.substring(Math.max(0, s - 40), s)).find()) continue;
                // the mention spans the closing bracket or period, so pairing looks after it
                byPos.put(s, letter(t, s, m.end(), false));
            }
        }
        return new ArrayList<>(byPos.values());
    }

    private static Mention letter(String t, int start, int end, boolean marked) {
        CertaintyLevel level = CertaintyLevel.values()[t.charAt(start) - 'a'];
        return new Mention(start, end, level, Kind.LETTER, marked || marked(t, openingBracketStart(t, start)));
    }

    private static int openingBracketStart(String t, int letterPos) {
        int i = letterPos;
        while (i > 0 && (t.charAt(i - 1) == '(' || t.charAt(i - 1) == '[' || t.charAt(i - 1) == ' ')) i--;
        return i;
    }

    /** Merges a letter directly followed by its own phrase into one PAIRED mention. */
    private static List<Mention> pairLetters(String t, List<Mention> letters, List<Mention> phrases) {
        List<Mention> out = new ArrayList<>();
        Set<Mention> consumed = new HashSet<>();
        for (Mention l : letters) {
            Mention pairedWith = null;
            for (Mention p : phrases) {
                if (p.start() < l.end() || consumed.contains(p)) continue;
                if (PAIR_GAP.matcher(t.substring(l.end(), p.start())).matches() && p.level() == l.level()) pairedWith = p;
                break;
            }
            if (pairedWith == null && nextPhraseDisagrees(t, l, phrases)) {
                // "a. Fairly Certain": the label and the phrase contradict each other; both count, so it is ambiguous
                out.add(new Mention(l.start(), l.end(), l.level(), Kind.PHRASE, l.marked()));
            } else if (pairedWith == null) {
                out.add(l);
            } else {
                consumed.add(pairedWith);
                out.add(new Mention(l.start(), pairedWith.end(), l.level(), Kind.PAIRED, l.marked() || pairedWith.marked()));
            }
        }
        for (Mention p : phrases) if (!consumed.contains(p)) out.add(p);
        return out;
    }

    private static boolean nextPhraseDisagrees(String t, Mention letter, List<Mention> phrases) {
        for (Mention p : phrases) {
            if (p.start() < letter.end()) continue;
            return p.level() != letter.level() && PAIR_GAP.matcher(t.substring(letter.end(), p.start())).matches();
        }
        return false;
    }

    private static boolean marked(String t, int start) {
        return MARKER_BEFORE.matcher(t.substring(Math.max(0, start - 40), start)).find();
    }

    // ------------------------------------------------------------------ numbers

    public static VerbalizedCertainty parseNumber(String reply) {
        String raw = reply == null ? "" : reply;
        String t = SCALE_ECHO.matcher(normalise(raw)).replaceAll(" ");
        if (t.isBlank()) return VerbalizedCertainty.failed(ParseStatus.NONE, raw);

        Set<Integer> valid = new HashSet<>();
        Set<Integer> validMarked = new HashSet<>();
        boolean offScale = false;
        Matcher m = NUMBER.matcher(t);
        while (m.find()) {
            String num = m.group("num");
            // "gpt-4", "top-5": a number glued to a word by a hyphen is part of a name, not a reading
            if (m.group("sign") == null && m.start() > 1 && t.charAt(m.start() - 1) == '-'
                    && Character.isLetter(t.charAt(m.start() - 2))) continue;
            boolean negative = m.group("sign") != null && !precededByDigit(t, m.start());
            boolean fractional = num.contains(".") || num.contains(",");
            String denominator = m.group("den") != null ? m.group("den") : m.group("outof");
            boolean otherScale = denominator != null && !denominator.equals("100");
            if (negative || fractional || otherScale || num.length() > 3) {
                offScale = true;
                continue;
            }
            int v = Integer.parseInt(num);
            if (v < 1 || v > 100) {
                offScale = true;
                continue;
            }
            valid.add(v);
            boolean marked = m.group("unit") != null
                    || NUMBER_MARKER_BEFORE.matcher(t.substring(Math.max(0, m.start() - 30), m.start())).find();
            if (marked) validMarked.add(v);
        }
        Set<Integer> chosen = validMarked.isEmpty() ? valid : validMarked;
        if (chosen.size() == 1) return VerbalizedCertainty.ofNumber(chosen.iterator().next(), raw);
        if (chosen.size() > 1) return VerbalizedCertainty.failed(ParseStatus.AMBIGUOUS, raw);
        if (REFUSAL.matcher(t).find()) return VerbalizedCertainty.failed(ParseStatus.REFUSED, raw);
        return VerbalizedCertainty.failed(ParseStatus.NONE, raw);
    }

    /** A '-' right after a number (with optional space) is a range dash, not a sign. */
    private static boolean precededByDigit(String t, int dashPos) {
        int i = dashPos - 1;
        while (i >= 0 && t.charAt(i) == ' ') i--;
        return i >= 0 && Character.isDigit(t.charAt(i));
    }

    // ------------------------------------------------------------------ normalisation

    static String normalise(String raw) {
        String s = Normalizer.normalize(raw, Normalizer.Form.NFKC);
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\u3002', '\uFF61' -> sb.append('.');
                case '\u2018', '\u2019', '\u201B', '\u2032', '`' -> sb.append(c == '`' ? ' ' : '\'');
                case '\u201C', '\u201D', '\u201E', '\u00AB', '\u00BB' -> sb.append('"');
                case '\u3010', '\u300C' -> sb.append('[');
                case '\u3011', '\u300D' -> sb.append(']');
                case '\u2013', '\u2014', '\u2212' -> sb.append('-');
                case '*', '_', '#', '~' -> sb.append(' ');
                case '\u200B', '\u200C', '\u200D', '\u2060', '\uFEFF' -> sb.append(' ');
                default -> sb.append(c);
            }
        }
        String t = sb.toString().toLowerCase(Locale.ROOT);
        t = t.replaceAll("\\bcannot\\b", "can not")
                .replaceAll("\\bcan't\\b", "can not")
                .replaceAll("\\bwon't\\b", "will not")
                .replaceAll("n't\\b", " not");
        return t.replaceAll("[ \\t\\x0B\\f\\r]+", " ").strip();
    }
}
