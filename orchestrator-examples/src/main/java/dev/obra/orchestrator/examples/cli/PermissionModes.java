package dev.obra.orchestrator.examples.cli;

import dev.obra.orchestrator.agent.claude.PermissionMode;
import java.util.Arrays;
import java.util.stream.Collectors;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** Reads a permission mode by the name the Claude Code CLI uses (acceptEdits, bypassPermissions, ...). */
final class PermissionModes implements ITypeConverter<PermissionMode> {
    @Override
    public PermissionMode convert(String value) {
        return Arrays.stream(PermissionMode.values())
                .filter(m -> m.cliValue().equalsIgnoreCase(value) || m.name().equalsIgnoreCase(value))
                .findFirst()
                .orElseThrow(() -> new TypeConversionException("'" + value + "' is not a permission mode; use one of "
                        + Arrays.stream(PermissionMode.values())
                                .map(PermissionMode::cliValue)
                                .collect(Collectors.joining(", "))));
    }
}
