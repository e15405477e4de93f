package dev.obra.orchestrator.testing;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Command lines for the child JVMs of tests: this JVM's java, class path, and a umask Java cannot set itself. */
public final class ChildJvms {
    private ChildJvms() {}

    /**
     * Returns the java launcher of this JVM.
     *
     * @return its path
     */
    public static Path java() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * Returns the command {@code java options... -cp <this JVM's class path> main args...}.
     *
     * @param options options of the java launcher, before the class path
     * @param main the main class, from this JVM's class path
     * @param args its arguments
     * @return a new, modifiable list
     */
    public static List<String> mainClass(List<String> options, Class<?> main, List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java().toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(args);
        return command;
    }

    /**
     * Returns a prefix that runs the rest of a command line under {@code umask}: {@code python} sets it, then
     * replaces itself with that command, since a JVM cannot set its own umask.
     *
     * @param python the python3 to run, a bare name on the PATH or a path
     * @param umask the umask, such as {@code 0022}
     * @return the prefix, to put before the command
     */
    public static List<String> underUmask(String python, int umask) {
        return List.of(
                python,
                "-c",
                "import os, sys; os.umask(0o" + String.format("%03o", umask)
                        + "); os.execv(sys.argv[1], sys.argv[1:])");
    }
}
