package dev.actorkit.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Keeps the guide honest: every Java block in {@code docs/*.md} and in the root {@code README.md} is
 * preceded by {@code <!-- snippet: SomeGuideTest#tag -->} and is, character for character (after
 * removing the common indentation), the region between {@code // tag::tag[]} and {@code // end::tag[]}
 * of that test class, which runs and asserts its outcome. The class may live in any module's
 * {@code docs} test package, next to the code its page is about.
 */
class DocsSnippetsTest {

    private static final Pattern MARKER = Pattern.compile("<!-- snippet: (\\w+)#([\\w-]+) -->");

    private static Path projectRoot() {
        Path dir = Path.of("").toAbsolutePath();
        while (dir != null && !(Files.isDirectory(dir.resolve("docs")) && Files.isDirectory(dir.resolve("actor-core")))) {
            dir = dir.getParent();
        }
        if (dir == null) {
            fail("cannot find the project root (with docs/ and actor-core/) above " + Path.of("").toAbsolutePath());
        }
        return dir;
    }

    private static List<Path> pages(Path root) throws IOException {
        List<Path> pages = new ArrayList<>();
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            docs.filter(p -> p.toString().endsWith(".md")).sorted().forEach(pages::add);
        }
        pages.add(root.resolve("README.md"));
        return pages;
    }

    @Test
    void everyJavaBlockInTheDocsIsATestedSnippet() throws IOException {
        Path root = projectRoot();
        List<String> problems = new ArrayList<>();
        int checked = 0;

        for (Path page : pages(root)) {
            if (!Files.exists(page)) {
                problems.add(root.relativize(page) + " is missing");
                continue;
            }
            List<String> lines = Files.readAllLines(page);
            for (int i = 0; i < lines.size(); i++) {
                if (!lines.get(i).strip().equals("```java")) {
                    continue;
                }
                String where = root.relativize(page) + ":" + (i + 1);
                Matcher marker = i > 0 ? MARKER.matcher(lines.get(i - 1).strip()) : null;
                int end = i + 1;
                while (end < lines.size() && !lines.get(end).strip().equals("```")) {
                    end++;
                }
                String block = String.join("\n", lines.subList(i + 1, end));
                if (marker == null || !marker.matches()) {
                    problems.add(where + ": java block without a <!-- snippet: Class#tag --> line before it");
                    continue;
                }
                Path source = guideSource(root, marker.group(1));
                if (source == null) {
                    problems.add(where + ": no test class " + marker.group(1) + ".java in a docs test folder of any module");
                    continue;
                }
                String region = region(Files.readAllLines(source), marker.group(2));
                if (region == null) {
                    problems.add(where + ": no region tag::" + marker.group(2) + "[] in " + marker.group(1));
                } else if (!region.equals(block)) {
                    problems.add(where + ": differs from " + marker.group(1) + "#" + marker.group(2)
                            + "\n--- expected (from the test) ---\n" + region + "\n--- found in the page ---\n" + block);
                }
                checked++;
            }
        }

        assertThat(problems).isEmpty();
        assertThat(checked).as("snippets checked").isGreaterThan(10);
    }

    /**
     * A newcomer must not need {@code javap} to find a class: every page of {@code docs/} with examples
     * lists the imports they use, as a snippet ({@code SomeGuideTest#imports}) that the test compiles.
     */
    @Test
    void everyPageWithExamplesListsTheirImports() throws IOException {
        Path root = projectRoot();
        List<String> withoutImports = new ArrayList<>();
        try (Stream<Path> docs = Files.list(root.resolve("docs"))) {
            for (Path page : docs.filter(p -> p.toString().endsWith(".md")).sorted().toList()) {
                String text = Files.readString(page);
                boolean examples = text.lines().anyMatch(line -> line.strip().equals("```java"));
                if (examples && !Pattern.compile("<!-- snippet: \\w+#imports -->").matcher(text).find()) {
                    withoutImports.add(root.relativize(page).toString());
                }
            }
        }

        assertThat(withoutImports).as("pages whose examples do not list their imports").isEmpty();
    }

    /**
     * The guide test named {@code simpleName}: in a {@code docs} package under some module's
     * {@code src/test/java}, so that a module's own page (the starter's, the test kit's) is checked by
     * the test that runs its examples.
     */
    private static Path guideSource(Path root, String simpleName) throws IOException {
        try (Stream<Path> files = Files.walk(root, 12)) {
            return files.filter(path -> path.getFileName().toString().equals(simpleName + ".java"))
                    .filter(path -> path.getParent().getFileName().toString().equals("docs"))
                    .filter(path -> path.toString().contains("src" + java.io.File.separator + "test" + java.io.File.separator + "java"))
                    .filter(path -> !path.toString().contains(java.io.File.separator + "target" + java.io.File.separator))
                    .findFirst()
                    .orElse(null);
        }
    }

    /** The lines between the tags, without their common indentation and trailing blanks. */
    private static String region(List<String> source, String tag) {
        int start = indexOf(source, "// tag::" + tag + "[]", 0);
        if (start < 0) {
            return null;
        }
        int end = indexOf(source, "// end::" + tag + "[]", start + 1);
        if (end < 0) {
            return null;
        }
        List<String> lines = source.subList(start + 1, end);
        int indent = lines.stream()
                .filter(line -> !line.isBlank())
                .mapToInt(line -> line.length() - line.stripLeading().length())
                .min()
                .orElse(0);
        return String.join("\n", lines.stream()
                .map(line -> line.isBlank() ? "" : line.substring(indent).stripTrailing())
                .toList());
    }

    private static int indexOf(List<String> lines, String marker, int from) {
        for (int i = from; i < lines.size(); i++) {
            if (lines.get(i).strip().equals(marker)) {
                return i;
            }
        }
        return -1;
    }
}
