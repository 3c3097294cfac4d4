package io.cpa.docs;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every relative link in the repository's Markdown files, and every repository path to a {@code docs/*.md} file named
 * in the production Java sources (Javadoc), points at a file that exists. Runs with the common module's tests; the repository root is the
 * system property {@code cpa.repo.root}, else the nearest directory above the working directory that holds
 * {@code mvnw} and {@code common/}.
 */
class DocumentationLinksTest {
    /** Build output, VCS data and run state: not the repository's documentation. */
    private static final Set<String> SKIPPED_DIRS = Set.of("target", ".git", ".cpa-run", "node_modules", ".mvn", ".idea");
    /** {@code [text](dest)} or {@code ![alt](dest)}; dest up to whitespace or the closing parenthesis, an optional title after it. */
    private static final Pattern INLINE_LINK = Pattern.compile("\\]\\(\\s*<?([^)\\s>]+)>?(?:\\s+\"[^\"]*\")?\\s*\\)");
    /** {@code [label]: dest} reference definitions. */
    private static final Pattern REFERENCE_LINK = Pattern.compile("^\\s{0,3}\\[[^\\]]+\\]:\\s*<?(\\S+?)>?(?:\\s+.*)?$");
    private static final Pattern INLINE_CODE = Pattern.compile("(`+).*?\\1");
    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(```|~~~)");
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");
    /** A repository path to a Markdown file in a docs folder, as Javadoc names it: {@code docs/method.md}. */
    private static final Pattern JAVA_DOCS_PATH = Pattern.compile("(?<![\\w/.-])((?:[\\w-]+/)*docs/[\\w.-]+\\.md)\\b");

    @Test
    void everyRelativeMarkdownLinkPointsAtAnExistingFile() {
        Path root = repoRoot();
        List<Path> markdown = files(root, ".md");
        assertThat(markdown).as("Markdown files under " + root).contains(root.resolve("README.md"));

        List<Link> links = new ArrayList<>();
        for (Path file : markdown) links.addAll(relativeLinks(file));
        assertThat(links).as("relative links found (the top README links the module READMEs)").hasSizeGreaterThan(5);

        assertThat(broken(root, links)).as("broken relative links (file:line -> target)").isEmpty();
    }

    @Test
    void everyDocsPathNamedInJavaSourcesExists() {
        Path root = repoRoot();
        List<String> broken = new ArrayList<>();
        int found = 0;
        for (Path source : files(root, ".java")) {
            // production sources only: tests (this one included) may name paths that must not exist
            if (!root.relativize(source).toString().replace('\\', '/').contains("src/main/java/")) continue;
            List<String> lines = read(source);
            for (int i = 0; i < lines.size(); i++) {
                Matcher m = JAVA_DOCS_PATH.matcher(lines.get(i));
                while (m.find()) {
                    found++;
                    if (!Files.isRegularFile(root.resolve(m.group(1)))) {
                        broken.add(root.relativize(source) + ":" + (i + 1) + " -> " + m.group(1));
                    }
                }
            }
        }
        assertThat(found).as("docs/*.md paths named in Java sources").isPositive();
        assertThat(broken).as("docs paths in Java sources that do not exist (resolved from the repository root)").isEmpty();
    }

    /** The checker itself: it must find a broken link, and must not be fooled by code, URLs or anchors. */
    @Test
    void theCheckerReportsBrokenLinksAndIgnoresWhatIsNotALink(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("guide"));
        Files.writeString(dir.resolve("guide/here.md"), "# here\n");
        Files.writeString(dir.resolve("README.md"), String.join("\n",
                "See [here](guide/here.md#here), [top](#top), [web](https://example.com/x.md), [mail](mailto:a@b.c).",
                "A [missing one](guide/missing.md) and an image ![pic](img/none.png \"title\").",
                "`[not a link](in/code.md)` in inline code.",
                "```",
                "[not a link either](in/fence.md)",
                "```",
                "[ref]: guide/gone.md",
                "[encoded](guide/here%2Emd)"));

        List<String> broken = broken(dir, relativeLinks(dir.resolve("README.md")));

        assertThat(broken).containsExactly(
                "README.md:2 -> guide/missing.md",
                "README.md:2 -> img/none.png",
                "README.md:7 -> guide/gone.md");
    }

    // ---------------------------------------------------------------- the checker

    private record Link(Path file, int line, String target) {}

    /** Each link whose file does not exist, as {@code file:line -> target} with the file relative to {@code root}. */
    private static List<String> broken(Path root, List<Link> links) {
        List<String> broken = new ArrayList<>();
        for (Link l : links) {
            String path = l.target();
            int cut = path.indexOf('#');
            if (cut >= 0) path = path.substring(0, cut);
            cut = path.indexOf('?');
            if (cut >= 0) path = path.substring(0, cut);
            if (path.isEmpty()) continue; // an anchor in the same file
            Path resolved = l.file().getParent().resolve(URLDecoder.decode(path, StandardCharsets.UTF_8)).normalize();
            if (!Files.exists(resolved)) broken.add(root.relativize(l.file()) + ":" + l.line() + " -> " + l.target());
        }
        return broken;
    }

    private static List<Link> relativeLinks(Path file) {
        List<Link> out = new ArrayList<>();
        List<String> lines = read(file);
        boolean inFence = false;
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (FENCE.matcher(line).find()) {
                inFence = !inFence;
                continue;
            }
            if (inFence) continue;
            String text = INLINE_CODE.matcher(line).replaceAll("");
            List<String> targets = new ArrayList<>();
            Matcher inline = INLINE_LINK.matcher(text);
            while (inline.find()) targets.add(inline.group(1));
            Matcher reference = REFERENCE_LINK.matcher(text);
            if (reference.matches()) targets.add(reference.group(1));
            for (String t : targets) {
                if (SCHEME.matcher(t).find() || t.startsWith("//")) continue; // http:, https:, mailto: ...
                out.add(new Link(file, i + 1, t));
            }
        }
        return out;
    }

    private static List<Path> files(Path root, String suffix) {
        List<Path> out = new ArrayList<>();
        try {
            Files.walkFileTree(root, new java.nio.file.SimpleFileVisitor<>() {
                @Override
                public java.nio.file.FileVisitResult preVisitDirectory(Path dir, java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (!dir.equals(root) && SKIPPED_DIRS.contains(dir.getFileName().toString())) {
                        return java.nio.file.FileVisitResult.SKIP_SUBTREE;
                    }
                    return java.nio.file.FileVisitResult.CONTINUE;
                }

                @Override
                public java.nio.file.FileVisitResult visitFile(Path file, java.nio.file.attribute.BasicFileAttributes attrs) {
                    if (file.getFileName().toString().endsWith(suffix)) out.add(file);
                    return java.nio.file.FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        out.sort(null);
        return out;
    }

    private static List<String> read(Path file) {
        try {
            return Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    static Path repoRoot() {
        String configured = System.getProperty("cpa.repo.root");
        if (configured != null && !configured.isBlank()) return Paths.get(configured).toAbsolutePath().normalize();
        for (Path p = Paths.get("").toAbsolutePath(); p != null; p = p.getParent()) {
            if (Files.isRegularFile(p.resolve("mvnw")) && Files.isDirectory(p.resolve("common"))) return p;
        }
        throw new IllegalStateException("no repository root above " + Paths.get("").toAbsolutePath()
                + " (a directory with mvnw and common/); set -Dcpa.repo.root");
    }
}
