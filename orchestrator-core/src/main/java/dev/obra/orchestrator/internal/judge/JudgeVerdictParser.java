package dev.obra.orchestrator.internal.judge;

import com.squareup.moshi.JsonDataException;
import com.squareup.moshi.JsonEncodingException;
import com.squareup.moshi.JsonReader;
import java.io.IOException;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
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

    private static final Pattern THINK = Pattern.compile("<(think|thinking)>.*?</\\1>",
            Pattern.CASE_INSENSITIVE | Pattern.DOTALL);
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
     * @param answer the answer
     * @return the verdict in {@code answer}: the first JSON object with a {@code "score"}, looked for inside code fences first and then in the whole text
     * @throws UnusableAnswerException when there is no complete JSON object with a finite score in 0..1 and a
     *                                 boolean pass
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
        Double score = null;
        Boolean pass = null;
        List<String> issues = new ArrayList<>();
        String summary = "";
        reader.beginObject();
        while (reader.hasNext()) {
            String name = reader.nextName();
            switch (name) {
                case "score":
                    score = score(reader);
                    break;
                case "pass":
                    if (reader.peek() != JsonReader.Token.BOOLEAN) {
                        throw new UnusableAnswerException("\"pass\" must be true or false, was " + reader.peek());
                    }
                    pass = reader.nextBoolean();
                    break;
                case "issues":
                    reader.beginArray();
                    while (reader.hasNext()) {
                        String issue = reader.nextString().strip();
                        if (!issue.isEmpty()) {
                            issues.add(issue);
                        }
                    }
                    reader.endArray();
                    break;
                case "summary":
                    summary = reader.nextString().strip();
                    break;
                default:
                    reader.skipValue();
            }
        }
        reader.endObject();
        if (score == null) {
            throw new NotAVerdict("the JSON object has no \"score\"");
        }
        if (pass == null) {
            throw new UnusableAnswerException("the JSON object has no \"pass\"");
        }
        return new JudgeVerdict(score, pass, issues, summary);
    }

    private static double score(JsonReader reader) throws IOException, UnusableAnswerException {
        if (reader.peek() != JsonReader.Token.NUMBER) {
            throw new UnusableAnswerException("\"score\" must be a number, was " + reader.peek());
        }
        String literal = reader.nextString();
        double value;
        try {
            BigDecimal exact = new BigDecimal(literal);
            if (exact.signum() < 0 || exact.compareTo(BigDecimal.ONE) > 0) {
                throw new UnusableAnswerException("\"score\" must be between 0 and 1, was " + literal);
            }
            value = exact.doubleValue();
        } catch (NumberFormatException | ArithmeticException e) {
            throw new UnusableAnswerException("\"score\" must be a finite number between 0 and 1, was " + literal);
        }
        return value;
    }
}
