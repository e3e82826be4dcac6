package nl.tweeling.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.quarkus.test.common.http.TestHTTPResource;
import io.quarkus.test.junit.QuarkusTest;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.eclipse.microprofile.config.ConfigProvider;
import org.junit.jupiter.api.Test;

/**
 * Every command in the docs is run, so none can go stale ("Every command in docs/ is run by a test").
 *
 * <p>The documents are README.md and every {@code docs/**}{@code /*.md}. The conventions (also in
 * docs/architecture.md, "Commands in the docs") are read by {@link DocBlocks}:
 * <ul>
 *   <li>A fenced block marked {@code sh}, {@code bash} or {@code shell} holds commands, and each is run.
 *       A command is a line, with the lines it continues ({@code \} at the end) and the body of a
 *       here-document it opens. Comment lines and blank lines are not commands.</li>
 *   <li>A {@code text} block that directly follows a runnable block (nothing but blank lines between) is the
 *       output of that block's last command: every line of it must appear in what the command printed
 *       (standard output and error together); {@code …} in a line stands for a part that varies (an id, a
 *       time), so the pieces around it must appear in that order.</li>
 *   <li>Any other language ({@code text}, {@code json}, {@code properties}, …) is an example, not run. A
 *       block without a language must not hold a command (a line starting with {@code curl},
 *       {@code ./tweeling}, {@code ogrinfo}, …): the writer says which it is.</li>
 *   <li>{@code ./tweeling up|down|test|bench|logs} start or stop long-running things and are never run here.
 *       Any other command that cannot run against the test app is marked by a comment line right above it,
 *       {@code # not run by DocsCommandsTest: REASON}.</li>
 * </ul>
 *
 * <p>How they run: one bash process per document, so a command may use what an earlier one in the same
 * document made (files, shell variables); the commands run in document order and a document stops at its
 * first failing command. The working directory is a fresh temporary directory holding what a checkout
 * holds for a reader who ran {@code ./tweeling up}: {@code data-samples/} (a link to the repository's),
 * the launcher ({@code ./tweeling} with {@code src/}), {@code .tweeling/admin.key} with the test profile's
 * admin key and {@code .tweeling/env} pointing the launcher at the test database and app. So a doc may only
 * name files that are in the repository or that an earlier command of the same doc creates.
 * {@code http://localhost:8080} and {@code http://127.0.0.1:8080} become the test app's address, in the
 * commands and in the expected output. Each command must exit with 0 (documented {@code curl}s that show
 * a success use {@code -f} or {@code --fail-with-body}). A failure names the document, the line and the
 * command, with what it printed.
 */
@QuarkusTest
class DocsCommandsTest {

    /** The test profile's admin key: SHA-256 is %test.tweeling.security.admin-key-hash (as ImportSupport.ADMIN_KEY). */
    static final String ADMIN_KEY = "twk_test_bootstrap_admin_key_0123456789";

    @TestHTTPResource("/")
    URL root;

    @Test
    void everyCommandInTheDocsRuns() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        List<String> failures = new ArrayList<>();
        int run = 0;
        List<String> skipped = new ArrayList<>();
        for (Path doc : documents(repo)) {
            DocBlocks blocks = DocBlocks.parse(repo.relativize(doc).toString(), Files.readAllLines(doc, StandardCharsets.UTF_8));
            failures.addAll(blocks.unlabelledCommands());
            for (DocBlocks.Command c : blocks.commands()) {
                if (c.skipReason() != null) {
                    skipped.add(c.where() + " " + c.firstLine() + "  (" + c.skipReason() + ")");
                }
            }
            List<DocBlocks.Command> runnable = blocks.commands().stream().filter(c -> c.skipReason() == null).toList();
            if (runnable.isEmpty()) {
                continue;
            }
            DocRun result = runDocument(repo, runnable);
            run += result.ran();
            failures.addAll(result.failures());
        }
        System.out.printf("DocsCommandsTest: %d commands run, %d not run:%n", run, skipped.size());
        skipped.forEach(s -> System.out.println("  not run: " + s));
        assertTrue(failures.isEmpty(), String.join("\n\n", failures));
        assertTrue(run > 0, "no command found in the docs");
    }

    /** The machinery itself: a failing command is reported with its document, line and command, and stops its document. */
    @Test
    void aFailingCommandIsNamedWithItsDocumentAndLine() throws Exception {
        Path repo = Path.of("").toAbsolutePath();
        List<String> doc = List.of(
                "# Example", "", "```sh", "echo hello > greeting.txt", "grep -q hello greeting.txt \\",
                "  && cat greeting.txt", "```", "", "```text", "hel…o", "```", "",
                "```bash", "# a comment", "cat greeting.txt | grep -q goodbye", "echo never", "```");
        DocBlocks blocks = DocBlocks.parse("docs/example.md", doc);
        assertEquals(List.of(4, 5, 15, 16), blocks.commands().stream().map(DocBlocks.Command::line).toList());
        DocRun result = runDocument(repo, blocks.commands());
        assertEquals(3, result.ran(), result.failures().toString());
        assertEquals(1, result.failures().size(), result.failures().toString());
        String message = result.failures().get(0);
        assertTrue(message.contains("docs/example.md:15") && message.contains("cat greeting.txt | grep -q goodbye")
                && message.contains("exit status 1"), message);

        DocBlocks wrongOutput = DocBlocks.parse("docs/output.md",
                List.of("```sh", "echo 'job 6f0c12 done'", "```", "```text", "job … failed", "```"));
        String outputMessage = runDocument(repo, wrongOutput.commands()).failures().toString();
        assertTrue(outputMessage.contains("docs/output.md:2") && outputMessage.contains("failed"), outputMessage);

        DocBlocks quoted = DocBlocks.parse("docs/quoted.md",
                List.of("```sh", "printf '%s\\n' 'a", "b' \"c # d\" # it's a comment", "echo it\\'s", "```"));
        assertEquals(List.of(2, 4), quoted.commands().stream().map(DocBlocks.Command::line).toList());

        DocBlocks unlabelled = DocBlocks.parse("docs/bare.md", List.of("```", "curl http://localhost:8080/", "```"));
        assertFalse(unlabelled.unlabelledCommands().isEmpty());
        DocBlocks marked = DocBlocks.parse("docs/marked.md",
                List.of("```sh", "./tweeling up", "# not run by DocsCommandsTest: needs a cluster", "kubectl apply -k k8s/base", "```"));
        assertEquals(2, marked.commands().size());
        assertTrue(marked.commands().stream().allMatch(c -> c.skipReason() != null), marked.commands().toString());
    }

    static List<Path> documents(Path repo) throws IOException {
        List<Path> docs = new ArrayList<>();
        docs.add(repo.resolve("README.md"));
        try (Stream<Path> files = Files.walk(repo.resolve("docs"))) {
            files.filter(p -> p.toString().endsWith(".md")).sorted(Comparator.naturalOrder()).forEach(docs::add);
        }
        return docs;
    }

    record DocRun(int ran, List<String> failures) {
    }

    /** Runs the commands of one document in one bash process, in a fresh working directory; see the class comment. */
    DocRun runDocument(Path repo, List<DocBlocks.Command> commands) throws Exception {
        Path work = Files.createTempDirectory("docs-commands-");
        Path out = Files.createTempDirectory("docs-commands-out-");
        Files.createSymbolicLink(work.resolve("data-samples"), repo.resolve("data-samples"));
        Files.createSymbolicLink(work.resolve("src"), repo.resolve("src"));
        Files.createSymbolicLink(work.resolve("tweeling"), repo.resolve("tweeling"));
        Path state = Files.createDirectories(work.resolve(".tweeling"));
        Files.writeString(state.resolve("admin.key"), ADMIN_KEY + "\n");
        Files.writeString(state.resolve("env"), launcherEnv());

        String base = "http://localhost:" + root.getPort();
        StringBuilder script = new StringBuilder("set -o pipefail\n");
        for (int i = 0; i < commands.size(); i++) {
            String text = withTestApp(commands.get(i).text(), base);
            script.append("{\n").append(text).append("\n} >\"$DOCS_OUT/").append(i).append(".out\" 2>&1 </dev/null\n")
                    .append("echo $? >\"$DOCS_OUT/").append(i).append(".rc\"\n")
                    .append("[ \"$(cat \"$DOCS_OUT/").append(i).append(".rc\")\" = 0 ] || exit 0\n");
        }
        ProcessBuilder pb = new ProcessBuilder("bash", "-c", script.toString()).directory(work.toFile())
                .redirectErrorStream(true).redirectOutput(out.resolve("bash.log").toFile());
        Map<String, String> env = pb.environment();
        env.put("DOCS_OUT", out.toString());
        Files.writeString(out.resolve(".curlrc"), "no-progress-meter\n"); // as at a terminal: no meter in the output
        env.put("CURL_HOME", out.toString());
        List.of("http_proxy", "https_proxy", "HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "all_proxy").forEach(env::remove);
        Process p = pb.start();
        if (!p.waitFor(10, TimeUnit.MINUTES)) {
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            fail("the commands of " + commands.get(0).doc() + " took over 10 minutes");
        }
        int ran = 0;
        List<String> failures = new ArrayList<>();
        for (int i = 0; i < commands.size(); i++) {
            DocBlocks.Command c = commands.get(i);
            Path rc = out.resolve(i + ".rc");
            if (!Files.exists(rc)) {
                if (failures.isEmpty()) {
                    failures.add(c.where() + ": never ran: " + c.text() + "\n  bash: " + Files.readString(out.resolve("bash.log")));
                }
                break;
            }
            ran++;
            String printed = Files.readString(out.resolve(i + ".out"), StandardCharsets.UTF_8);
            String status = Files.readString(rc).strip();
            System.out.printf("ran %s (exit %s): %s%n    %s%n", c.where(), status, c.firstLine(),
                    printed.length() > 300 ? printed.substring(0, 300).strip() + " …" : printed.strip());
            if (!status.equals("0")) {
                failures.add(c.where() + ": exit status " + status + " from the command\n  " + c.text()
                        + "\n  which printed:\n" + indent(printed));
                break;
            }
            if (c.expectedOutput() != null) {
                String missing = missingOutput(withTestApp(c.expectedOutput(), base), printed);
                if (missing != null) {
                    failures.add(c.where() + ": the output the doc shows (line " + c.expectedOutputLine()
                            + ") does not match: no \"" + missing + "\" in what the command\n  " + c.text()
                            + "\n  printed:\n" + indent(printed));
                }
            }
        }
        deleteTree(work);
        deleteTree(out);
        return new DocRun(ran, failures);
    }

    static void deleteTree(Path dir) throws IOException {
        try (Stream<Path> paths = Files.walk(dir)) { // links are removed, not followed
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** The first piece of the expected output that the printed text lacks, or null. */
    static String missingOutput(String expected, String printed) {
        for (String line : expected.split("\n")) {
            int from = 0;
            int at = -1;
            for (String piece : line.split("…")) {
                String p = piece.strip();
                if (p.isEmpty()) {
                    continue;
                }
                at = printed.indexOf(p, at < 0 ? 0 : from);
                if (at < 0) {
                    return p;
                }
                from = at + p.length();
            }
        }
        return null;
    }

    static String withTestApp(String text, String base) {
        return text.replace("http://localhost:8080", base).replace("http://127.0.0.1:8080",
                base.replace("localhost", "127.0.0.1"));
    }

    /** .tweeling/env as ./tweeling up writes it, for the test database and app. */
    String launcherEnv() {
        var config = ConfigProvider.getConfig();
        String url = config.getValue("quarkus.datasource.jdbc.url", String.class);
        String user = config.getOptionalValue("quarkus.datasource.username", String.class).orElse("");
        String password = config.getOptionalValue("quarkus.datasource.password", String.class).orElse("");
        return "TWEELING_DB_URL=" + quoted(url) + "\nTWEELING_DB_USER=" + quoted(user)
                + "\nTWEELING_DB_PASSWORD=" + quoted(password) + "\nQUARKUS_HTTP_PORT=" + root.getPort() + "\n";
    }

    static String quoted(String s) {
        return "'" + s.replace("'", "'\\''") + "'";
    }

    static String indent(String s) {
        String trimmed = s.length() > 4000 ? s.substring(0, 4000) + "\n…" : s;
        return "    " + trimmed.strip().replace("\n", "\n    ");
    }
}
