package dev.obra.orchestrator.internal.judge;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okio.Buffer;

/**
 * Reads a judge's verdict out of what a local model actually sends: reasoning blocks, code fences, prose around the
 * JSON, numbers that overflow, answers cut off in the middle. Thread-safe.
 */
public final class JudgeVerdictParser {

    /** The JSON Schema the judge is asked to follow. */
    public static final String SCHEMA = "{\"type\":\"object\",\"properties\":{"
            + "\"score\":{\"type\":\"number\",\"minimum\":0,\"maximum\":1},"
            + "\"pass\":{\"type\":\"boolean\"},"
            + "\"issues\":{\"type\":\"array\",\"items\":{\"type\":\"string\"}},"
            + "\"summary\":{\"type\":\"string\"}},"
            + "\"required\":[\"score\",\"pass\",\"issues\",\"summary\"],\"additionalProperties\":false}";

    private static final Pattern THINK =
            Pattern.compile("<(think|thinking)>.*?</\\1>", Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
    private static final Pattern OPEN_THINK = Pattern.compile("<(think|thinking)>", Pattern.CASE_INSENSITIVE);
    private static final int MAX_CANDIDATES = 50;
    private static final Pattern FENCE = Pattern.compile("```[a-zA-Z0-9_-]*\\s*\\n?(.*?)```", Pattern.DOTALL);

    /** Why an answer could not be used; the message is fit to tell the model in a repair request. */
    public static class UnusableAnswerException extends Exception {
        private static final long serialVersionUID = 1L;

        UnusableAnswerException(String message) {
            super(message);
        }
    }

    /** A complete JSON object without a score: something else in braces, so the search goes on. */
    private static final class NotAVerdict extends UnusableAnswerException {
        private static final long serialVersionUID = 1L;

        NotAVerdict(String message) {
            super(message);
        }
    }

    /**
     * Returns the verdict in {@code answer}: the first JSON object with a {@code "score"}, looked for inside code
     * fences first and then in the whole text. Objects without a score (a brace in prose, a code snippet) are
     * passed over; an object with a score that is not usable is final, and so is one that never closes.
     *
     * <p>A verdict whose score is missing, out of range or not a number is still returned, with the score empty
     * and the problem named ({@link JudgeVerdict#scoreProblem()}): its pass/fail and issues count. A score written
     * as a string ({@code "0.8"}), a pass written as {@code "true"} and issues written as objects are read.
     *
     * @param answer the judge model's whole answer text, possibly with {@code <think>} blocks and code fences
     * @return the verdict found in {@code answer}
     * @throws UnusableAnswerException when there is no complete JSON object with a {@code "pass"} that reads as
     *                                 true or false
     */
    public JudgeVerdict parse(String answer) throws UnusableAnswerException {
        String text = THINK.matcher(answer).replaceAll("");
        if (OPEN_THINK.matcher(text).find()) {
            throw new UnusableAnswerException("the answer has an unclosed <think> block and no verdict after it");
        }
        List<String> places = new ArrayList<>();
        for (Matcher fence = FENCE.matcher(text); fence.find(); ) {
            places.add(fence.group(1));
        }
        places.add(text);
        UnusableAnswerException firstProblem = null;
        int tried = 0;
        for (String place : places) {
            for (int start = place.indexOf('{'); start >= 0 && tried < MAX_CANDIDATES; tried++) {
                int end = objectEnd(place, start);
                try {
                    return read(place.substring(start, end));
                } catch (NotAVerdict e) {
                    firstProblem = firstProblem == null ? e : firstProblem;
                } catch (JsonEncodingException | JsonDataException e) {
                    firstProblem = firstProblem == null
                            ? new UnusableAnswerException("the JSON object is malformed: " + e.getMessage())
                            : firstProblem;
                } catch (IOException e) {
                    throw new UnusableAnswerException("the JSON object could not be read: " + e.getMessage());
                }
                start = place.indexOf('{', start + 1);
            }
        }
        throw firstProblem != null ? firstProblem : new UnusableAnswerException("the answer contains no JSON object");
    }

    /** Returns the index after the object that starts at {@code start}. */
    private static int objectEnd(String text, int start) throws UnusableAnswerException {
        int depth = 0;
        boolean inString = false;
        for (int i = start; i < text.length(); i++) {
            char c = text.charAt(i);
            if (inString) {
                if (c == '\\') {
                    i++;
                } else if (c == '"') {
                    inString = false;
                }
            } else if (c == '"') {
                inString = true;
            } else if (c == '{') {
                depth++;
            } else if (c == '}' && --depth == 0) {
                return i + 1;
            }
        }
        throw new UnusableAnswerException("the JSON object is truncated (it never closes)");
    }

    private static JudgeVerdict read(String json) throws IOException, UnusableAnswerException {
        JsonReader reader = JsonReader.of(new Buffer().writeUtf8(json));
        Score score = null;
        Boolean pass = null;
        List<String> issues = new ArrayList<>();
        String summary = "";
        reader.beginObject();
        while (reader.hasNext()) {
            String name = reader.nextName();
            switch (name) {
                case "score" -> score = score(reader);
                case "pass" -> pass = pass(reader);
                case "issues" -> issues(reader, issues);
                case "summary" -> {
                    summary = reader.peek() == JsonReader.Token.STRING
                            ? reader.nextString().strip()
                            : skip(reader);
                }
                default -> reader.skipValue();
            }
        }
        reader.endObject();
        if (score == null && pass == null) {
            throw new NotAVerdict("the JSON object has no \"score\"");
        }
        if (pass == null) {
            throw new UnusableAnswerException("the JSON object has no \"pass\"");
        }
        JudgeVerdict verdict = JudgeVerdict.scored(0, pass, issues, summary);
        if (score == null) {
            return verdict.withoutScore("the JSON object has no \"score\"");
        }
        return score.problem == null
                ? JudgeVerdict.scored(score.value, pass, issues, summary)
                : verdict.withoutScore(score.problem);
    }

    /** A score as read: a value, or why there is none. */
    private static final class Score {
        final double value;
        final String problem;

        Score(double value, String problem) {
            this.value = value;
            this.problem = problem;
        }
    }

    /** Reads a number, or a string holding one ({@code "0.8"}), as local models often write it. */
    private static Score score(JsonReader reader) throws IOException {
        JsonReader.Token token = reader.peek();
        if (token != JsonReader.Token.NUMBER && token != JsonReader.Token.STRING) {
            reader.skipValue();
            return new Score(0, "score must be a number between 0 and 1; you answered " + describe(token));
        }
        String literal = reader.nextString().strip();
        try {
            BigDecimal exact = new BigDecimal(literal);
            if (exact.signum() < 0 || exact.compareTo(BigDecimal.ONE) > 0) {
                return new Score(0, "score must be between 0 and 1; you answered " + literal);
            }
            return new Score(exact.doubleValue(), null);
        } catch (NumberFormatException | ArithmeticException e) {
            return new Score(0, "score must be a finite number between 0 and 1; you answered " + literal);
        }
    }

    /** Reads a boolean, or the strings {@code "true"}/{@code "false"}/{@code "pass"}/{@code "fail"}. */
    private static boolean pass(JsonReader reader) throws IOException, UnusableAnswerException {
        JsonReader.Token token = reader.peek();
        if (token == JsonReader.Token.BOOLEAN) {
            return reader.nextBoolean();
        }
        if (token == JsonReader.Token.STRING) {
            String word = reader.nextString().strip().toLowerCase(Locale.ROOT);
            if (word.equals("true") || word.equals("pass") || word.equals("yes")) {
                return true;
            }
            if (word.equals("false") || word.equals("fail") || word.equals("no")) {
                return false;
            }
            throw new UnusableAnswerException("\"pass\" must be true or false, was \"" + word + "\"");
        }
        throw new UnusableAnswerException("\"pass\" must be true or false, was " + describe(token));
    }

    /**
     * Reads the issues: strings, or objects as local models write them ({@code {"file": "A.java", "problem":
     * "..."}}), turned into one line each; a single string is one issue.
     */
    private static void issues(JsonReader reader, List<String> issues) throws IOException {
        if (reader.peek() == JsonReader.Token.STRING) {
            add(issues, reader.nextString());
            return;
        }
        if (reader.peek() != JsonReader.Token.BEGIN_ARRAY) {
            reader.skipValue();
            return;
        }
        reader.beginArray();
        while (reader.hasNext()) {
            Object item = reader.readJsonValue();
            if (item instanceof Map<?, ?> map) {
                add(issues, issueLine(map));
            } else if (item != null) {
                add(
                        issues,
                        item instanceof Double number && number == Math.rint(number)
                                ? String.valueOf(number.longValue())
                                : String.valueOf(item));
            }
        }
        reader.endArray();
    }

    private static final List<String> WHERE = List.of("file", "path", "location", "line");
    private static final List<String> WHAT =
            List.of("problem", "issue", "description", "message", "detail", "reason", "text");

    /** Returns "file:line: problem" for an issue object, or its values joined when its keys are unknown. */
    private static String issueLine(Map<?, ?> issue) {
        List<String> where = new ArrayList<>();
        for (String key : WHERE) {
            Object value = issue.get(key);
            if (value != null && !String.valueOf(value).isBlank()) {
                where.add(
                        value instanceof Double number
                                ? String.valueOf(number.longValue())
                                : String.valueOf(value).strip());
            }
        }
        List<String> what = new ArrayList<>();
        for (String key : WHAT) {
            Object value = issue.get(key);
            if (value != null && !String.valueOf(value).isBlank()) {
                what.add(String.valueOf(value).strip());
            }
        }
        if (what.isEmpty()) {
            issue.forEach((k, v) -> {
                if (!WHERE.contains(String.valueOf(k)) && v != null) {
                    what.add(k + ": " + v);
                }
            });
        }
        String place = String.join(":", where);
        String text = String.join("; ", what);
        return place.isEmpty() ? text : text.isEmpty() ? place : place + ": " + text;
    }

    private static void add(List<String> issues, String issue) {
        String line = issue.strip();
        if (!line.isEmpty()) {
            issues.add(line);
        }
    }

    private static String skip(JsonReader reader) throws IOException {
        reader.skipValue();
        return "";
    }

    private static String describe(JsonReader.Token token) {
        return token.name().toLowerCase(Locale.ROOT).replace('_', ' ');
    }
}
