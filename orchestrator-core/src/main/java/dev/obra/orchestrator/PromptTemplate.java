package dev.obra.orchestrator;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * A {@link PromptBuilder} from a text with {@code {{name}}} placeholders. The template is checked when it is
 * created: an unknown placeholder, an unclosed <code>{{</code>, or a template without {@code {{task}}} is an
 * {@link IllegalArgumentException} then, never an empty string later. Immutable and thread-safe.
 *
 * <p>Placeholders: {@code task}, {@code acceptance_criteria}, {@code working_directory}, {@code iteration},
 * {@code max_iterations}, {@code feedback}, {@code issues}, {@code guidance}. The last four sections render with
 * their own heading, or as nothing when there is nothing to say.
 */
public final class PromptTemplate implements PromptBuilder {

    /** The resource that holds the default template. */
    public static final String DEFAULT_RESOURCE = "/dev/obra/orchestrator/default-prompt.md";

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{\\{\\s*([A-Za-z0-9_]*)\\s*}}");
    private static final Map<String, Function<PromptContext, String>> VARIABLES = Map.of(
            "task", c -> c.task().description().strip(),
            "acceptance_criteria", PromptTemplate::criteria,
            "working_directory",
                    c -> c.workingDirectory().map(Object::toString).orElse("(the agent's current directory)"),
            "iteration", c -> Integer.toString(c.iteration()),
            "max_iterations", c -> Integer.toString(c.maxIterations()),
            "feedback",
                    c -> c.feedback()
                            .map(f -> "\n## Feedback on your previous attempt\n" + f.strip() + "\n")
                            .orElse(""),
            "issues", c -> c.issues().isEmpty() ? "" : "\n## Issues to address\n" + bullets(c.issues()),
            "guidance", c -> c.guidance().isEmpty() ? "" : "\n## Guidance from a reviewer\n" + bullets(c.guidance()));

    private static final PromptTemplate DEFAULT = of(loadDefault());

    private final List<String> literals;
    private final List<Function<PromptContext, String>> values;

    private PromptTemplate(List<String> literals, List<Function<PromptContext, String>> values) {
        this.literals = literals;
        this.values = values;
    }

    /**
     * Returns the default template, from {@link #DEFAULT_RESOURCE}.
     *
     * @return the default template, from {@link #DEFAULT_RESOURCE}
     */
    public static PromptTemplate defaultTemplate() {
        return DEFAULT;
    }

    /**
     * Returns a template for {@code text}.
     *
     * @param text the text
     * @return a template for {@code text}
     * @throws IllegalArgumentException for an unknown placeholder, an unclosed one, or no {@code {{task}}}
     */
    public static PromptTemplate of(String text) {
        requireNonNull(text, "text");
        List<String> literals = new ArrayList<>();
        List<Function<PromptContext, String>> values = new ArrayList<>();
        Set<String> unknown = new TreeSet<>();
        boolean hasTask = false;
        Matcher m = PLACEHOLDER.matcher(text);
        int last = 0;
        while (m.find()) {
            String literal = text.substring(last, m.start());
            checkNoStrayBraces(literal);
            literals.add(literal);
            String name = m.group(1);
            Function<PromptContext, String> value = VARIABLES.get(name);
            if (value == null) {
                unknown.add(name);
            }
            hasTask |= name.equals("task");
            values.add(value);
            last = m.end();
        }
        String tail = text.substring(last);
        checkNoStrayBraces(tail);
        literals.add(tail);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown placeholder(s) "
                    + unknown.stream().map(n -> "{{" + n + "}}").collect(Collectors.joining(", "))
                    + " in the prompt template; known: "
                    + new TreeSet<>(VARIABLES.keySet()));
        }
        if (!hasTask) {
            throw new IllegalArgumentException(
                    "the prompt template has no {{task}} placeholder, so the agent would " + "never see the task");
        }
        return new PromptTemplate(List.copyOf(literals), List.copyOf(values));
    }

    @Override
    public String build(PromptContext context) {
        requireNonNull(context, "context");
        StringBuilder out = new StringBuilder(1024);
        for (int i = 0; i < values.size(); i++) {
            out.append(literals.get(i)).append(values.get(i).apply(context));
        }
        return out.append(literals.get(literals.size() - 1)).toString();
    }

    private static void checkNoStrayBraces(String literal) {
        int at = literal.indexOf("{{");
        if (at >= 0) {
            throw new IllegalArgumentException("unclosed or malformed placeholder in the prompt template near '"
                    + literal.substring(at, Math.min(literal.length(), at + 30)) + "'");
        }
    }

    private static String criteria(PromptContext c) {
        return c.task().acceptanceCriteria().isEmpty()
                ? ""
                : "\n## Acceptance criteria\n" + bullets(c.task().acceptanceCriteria());
    }

    private static String bullets(List<String> lines) {
        return lines.stream().map(l -> "- " + l.strip().replace("\n", "\n  ")).collect(Collectors.joining("\n")) + "\n";
    }

    private static String loadDefault() {
        try (InputStream in = PromptTemplate.class.getResourceAsStream(DEFAULT_RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("the default prompt template " + DEFAULT_RESOURCE + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the default prompt template " + DEFAULT_RESOURCE, e);
        }
    }
}
