package dev.obra.orchestrator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.decision.Decision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The rules of STYLE.md that the compiler cannot check. */
class ArchitectureTest {
    private static final Path SOURCES = Path.of("src/main/java/dev/obra/orchestrator");
    private static final List<String> API_PACKAGES = List.of("", "agent", "llm", "quality", "decision", "breakpoint",
            "event", "store");
    private static final Pattern IMPORT = Pattern.compile("^import\\s+(static\\s+)?([\\w.]+)", Pattern.MULTILINE);
    private static final List<String> FORBIDDEN = List.of("okhttp3.", "okio.", "com.squareup.moshi.",
            "org.apache.commons.exec.", "org.jooq.", "dev.obra.orchestrator.agent.claude.",
            "dev.obra.orchestrator.llm.ollama.", "dev.obra.orchestrator.llm.openai.", "dev.obra.orchestrator.sqlite.");

    @Test
    void apiPackagesImportNoAdapterAndNoWireLibrary() throws IOException {
        List<String> violations = new ArrayList<>();
        int files = 0;
        for (String pkg : API_PACKAGES) {
            Path dir = pkg.isEmpty() ? SOURCES : SOURCES.resolve(pkg);
            try (Stream<Path> list = Files.list(dir)) {
                for (Path file : (Iterable<Path>) list.filter(p -> p.toString().endsWith(".java"))::iterator) {
                    files++;
                    String source = Files.readString(file);
                    Matcher m = IMPORT.matcher(source);
                    while (m.find()) {
                        String imported = m.group(2);
                        if (FORBIDDEN.stream().anyMatch(imported::startsWith)) {
                            violations.add(SOURCES.relativize(file) + " imports " + imported);
                        }
                    }
                    FORBIDDEN.stream().filter(f -> source.contains(f.substring(0, f.length() - 1) + "."))
                            .filter(f -> !source.contains("import " + f))
                            .forEach(f -> violations.add(SOURCES.relativize(file) + " names " + f + " inline"));
                }
            }
        }
        assertThat(files).as("API source files found").isGreaterThan(40);
        assertThat(violations).isEmpty();
    }

    @Test
    void theSetOfDecisionsIsPinned() {
        assertThat(Decision.class.getPermittedSubclasses()).extracting(Class::getSimpleName)
                .containsExactlyInAnyOrder("Proceed", "Retry", "Clarify", "Escalate", "Abort");
    }
}
