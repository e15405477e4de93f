package dev.obra.orchestrator.internal.process;

import static org.assertj.core.api.Assertions.assertThat;

import dev.obra.orchestrator.internal.evidence.Verifier;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ExecutablesTest {
    @TempDir
    Path dir;

    @Test
    void aRelativePathIsResolvedAgainstTheBase() throws IOException {
        Path tool = executable(dir.resolve("bin/tool"));

        assertThat(Executables.find("bin/tool", dir, "")).contains(tool);
        assertThat(Executables.find(tool.toString(), Path.of("/elsewhere"), "")).contains(tool);
    }

    @Test
    void aPathThatIsMissingOrNotExecutableIsNotFound() throws IOException {
        Files.writeString(dir.resolve("plain"), "");

        assertThat(Executables.find("./plain", dir, "")).isEmpty();
        assertThat(Executables.find("./missing", dir, "")).isEmpty();
    }

    @Test
    void aBareNameIsLookedUpInThePathVariableInOrder() throws IOException {
        Files.createDirectories(dir.resolve("a"));
        Files.writeString(dir.resolve("a/tool"), ""); // not executable: skipped
        Path second = executable(dir.resolve("b/tool"));
        executable(dir.resolve("c/tool"));
        String path = String.join(
                File.pathSeparator,
                "",
                dir.resolve("a").toString(),
                dir.resolve("b").toString(),
                dir.resolve("c").toString());

        assertThat(Executables.find("tool", dir.resolve("c"), path)).contains(second);
        assertThat(Executables.find("other", dir, path)).isEmpty();
        assertThat(Executables.find("tool", dir, "")).isEmpty();
        assertThat(Executables.isPath("tool")).isFalse();
        assertThat(Executables.isPath("./tool")).isTrue();
    }

    @Test
    void theVerifierNamesTheProgramItCannotFind() {
        assertThat(Verifier.findProblem("./missing", Optional.of(dir)))
                .contains("verification program " + dir.toAbsolutePath().resolve("./missing")
                        + " does not exist or is not executable");
        assertThat(Verifier.findProblem("sh", Optional.of(dir))).isEmpty();
    }

    private static Path executable(Path file) throws IOException {
        Files.createDirectories(file.getParent());
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
        return file;
    }
}
