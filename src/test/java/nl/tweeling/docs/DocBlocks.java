package nl.tweeling.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The fenced code blocks of one Markdown document and the commands in them, by the conventions that
 * {@link DocsCommandsTest} documents. Plain Java: no I/O, no Quarkus.
 */
final class DocBlocks {

    /** Block languages whose lines are commands to run. */
    static final Set<String> RUNNABLE = Set.of("sh", "bash", "shell");
    /** The comment that marks the next command as not run, with the reason after it. */
    static final String NOT_RUN = "# not run by DocsCommandsTest:";

    private static final Pattern FENCE = Pattern.compile("^\\s{0,3}(`{3,}|~{3,})\\s*([\\w+-]*).*$");
    private static final Pattern HEREDOC = Pattern.compile("(?<!<)<<(?!<)-?\\s*['\"]?(\\w+)['\"]?");
    /** A line that starts like a command; in a block without a language it is an error. */
    private static final Pattern COMMAND_LIKE = Pattern.compile(
            "^\\s*(\\$\\s+)?(curl|\\./tweeling|ogrinfo|ogr2ogr|psql|kcat|mosquitto_pub|mosquitto_sub|kubectl|java|mvn|\\./mvnw|zcat|jq)\\b.*");
    /** Launcher commands that start or stop long-running things: never run by the test. */
    private static final Pattern LONG_RUNNING = Pattern.compile("^\\./tweeling\\s+(up|down|test|bench|logs)\\b.*");

    /**
     * One command: its document, first line (1-based), text (continuation lines and here-document body
     * included), the reason it is not run (or null), and the expected output shown after it (or null).
     */
    record Command(String doc, int line, String text, String skipReason, String expectedOutput, int expectedOutputLine) {
        String where() {
            return doc + ":" + line;
        }

        String firstLine() {
            return text.lines().findFirst().orElse("");
        }

        Command withOutput(String output, int at) {
            return new Command(doc, line, text, skipReason, output, at);
        }
    }

    private final List<Command> commands = new ArrayList<>();
    private final List<String> unlabelled = new ArrayList<>();

    private DocBlocks() {
    }

    List<Command> commands() {
        return commands;
    }

    /** Blocks without a language that hold a command: each a message naming the document and line. */
    List<String> unlabelledCommands() {
        return unlabelled;
    }

    static DocBlocks parse(String doc, List<String> lines) {
        DocBlocks result = new DocBlocks();
        int lastRunnableEnd = -1;
        int i = 0;
        while (i < lines.size()) {
            Matcher open = FENCE.matcher(lines.get(i));
            if (!open.matches()) {
                i++;
                continue;
            }
            String fence = open.group(1);
            String language = open.group(2).toLowerCase();
            int start = i + 1;
            int end = start;
            while (end < lines.size() && !lines.get(end).strip().startsWith(fence)) {
                end++;
            }
            List<String> body = lines.subList(start, Math.min(end, lines.size()));
            if (RUNNABLE.contains(language)) {
                result.readCommands(doc, start, body);
                lastRunnableEnd = end;
            } else if (language.equals("text") && lastRunnableEnd >= 0 && onlyBlank(lines, lastRunnableEnd + 1, i)
                    && !result.commands.isEmpty()) {
                Command last = result.commands.remove(result.commands.size() - 1);
                result.commands.add(last.withOutput(String.join("\n", body), start + 1));
            } else if (language.isEmpty()) {
                for (int k = 0; k < body.size(); k++) {
                    if (COMMAND_LIKE.matcher(body.get(k)).matches()) {
                        result.unlabelled.add(doc + ":" + (start + k + 1) + ": a block without a language holds the command \""
                                + body.get(k).strip() + "\": fence it as ```sh to have DocsCommandsTest run it, or as ```text "
                                + "when it is not meant to be run as it stands (a synopsis, an example of output)");
                        break;
                    }
                }
            }
            i = end + 1;
        }
        return result;
    }

    private static boolean onlyBlank(List<String> lines, int from, int to) {
        for (int k = from; k < to; k++) {
            if (!lines.get(k).isBlank()) {
                return false;
            }
        }
        return true;
    }

    /** body: the block's lines; start: the index (0-based) of its first line in the document. */
    private void readCommands(String doc, int start, List<String> body) {
        String skip = null;
        int k = 0;
        while (k < body.size()) {
            String line = body.get(k);
            String stripped = line.strip();
            if (stripped.isEmpty()) {
                k++;
                continue;
            }
            if (stripped.startsWith("#")) {
                if (stripped.startsWith(NOT_RUN)) {
                    skip = stripped.substring(NOT_RUN.length()).strip();
                }
                k++;
                continue;
            }
            int first = k;
            StringBuilder text = new StringBuilder(line);
            StringBuilder shell = new StringBuilder(line); // the text without here-document bodies, for quotes
            String heredocEnd = heredocWord(line);
            while (k + 1 < body.size() && (line.endsWith("\\") || heredocEnd != null || openQuote(shell))) {
                k++;
                line = body.get(k);
                text.append('\n').append(line);
                if (heredocEnd != null) {
                    if (line.strip().equals(heredocEnd)) {
                        heredocEnd = null;
                        line = "";
                    }
                } else {
                    shell.append('\n').append(line);
                    heredocEnd = heredocWord(line);
                }
            }
            k++;
            String reason = skip;
            if (reason == null && LONG_RUNNING.matcher(stripped).matches()) {
                reason = "starts or stops long-running services (./tweeling up, down, test, bench, logs are never run here)";
            }
            commands.add(new Command(doc, start + first + 1, text.toString(), reason, null, 0));
            skip = null;
        }
    }

    /** Whether the text ends inside a single- or double-quoted string (so the command goes on). */
    static boolean openQuote(CharSequence text) {
        char quote = 0;
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (quote == '\'') {
                if (c == '\'') {
                    quote = 0;
                }
            } else if (c == '\\') {
                i++;
            } else if (quote == '"') {
                if (c == '"') {
                    quote = 0;
                }
            } else if (c == '\'' || c == '"') {
                quote = c;
            } else if (c == '#' && (i == 0 || Character.isWhitespace(text.charAt(i - 1)))) {
                while (i < text.length() && text.charAt(i) != '\n') {
                    i++;
                }
            }
        }
        return quote != 0;
    }

    private static String heredocWord(String line) {
        Matcher m = HEREDOC.matcher(line);
        return m.find() ? m.group(1) : null;
    }
}
