package nl.tweeling.k8s;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Renders the kustomize base k8s/base with {@code kubectl kustomize} and checks the manifests. No
 * cluster is needed. The output is read as text: a small indentation-based helper finds the block
 * under a key, which is enough for kubectl's regular output (two-space indent, sequences at their
 * key's column) and independent of key order, which differs between kustomize versions.
 */
class KustomizeBaseTest {

    private static final String BASE = "k8s/base";
    private static final long TIMEOUT_SECONDS = 60;
    private static final String MISSING_KUBECTL = "kubectl is not on the PATH, so " + BASE
            + " cannot be rendered. Install Debian's kubectl: apt-get update && apt-get install -y"
            + " --no-install-recommends kubernetes-client (Debian 12's package for /usr/bin/kubectl;"
            + " where a 'kubectl' package is available, that one works too). ./tweeling test installs it.";

    private static final Pattern DOC_SEPARATOR = Pattern.compile("(?m)^---[ \\t]*$\\n?");
    private static final Pattern KIND = Pattern.compile("(?m)^kind:[ \\t]*(\\S+)[ \\t]*$");
    private static final Pattern KEY_LINE = Pattern.compile("^( *)(- )?([^\\s:#-][^:]*):[ \\t]*$");

    private static String rendered;
    private static final Map<String, List<String>> DOCS_BY_KIND = new LinkedHashMap<>();

    @BeforeAll
    static void renderBase() throws IOException, InterruptedException {
        Path kubectl = findOnPath("kubectl");
        if (kubectl == null) {
            fail(MISSING_KUBECTL);
        }
        Path root = Path.of("").toAbsolutePath();
        assertTrue(Files.isRegularFile(root.resolve(BASE).resolve("kustomization.yaml")),
                "no " + BASE + "/kustomization.yaml under the working directory " + root
                        + " (the test must run from the Maven project root)");

        Path out = Files.createTempFile("tweeling-kustomize-", ".yaml");
        Path err = Files.createTempFile("tweeling-kustomize-", ".err");
        try {
            Process process = new ProcessBuilder(kubectl.toString(), "kustomize", BASE)
                    .directory(root.toFile())
                    .redirectOutput(out.toFile())
                    .redirectError(err.toFile())
                    .start();
            process.getOutputStream().close();
            if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                fail("'" + kubectl + " kustomize " + BASE + "' did not finish within " + TIMEOUT_SECONDS + " s");
            }
            String stderr = Files.readString(err, StandardCharsets.UTF_8);
            assertEquals(0, process.exitValue(),
                    "'" + kubectl + " kustomize " + BASE + "' failed:\n" + stderr);
            rendered = Files.readString(out, StandardCharsets.UTF_8).replace("\r\n", "\n");
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }

        for (String doc : DOC_SEPARATOR.split(rendered)) {
            if (doc.isBlank()) {
                continue;
            }
            Matcher kind = KIND.matcher(doc);
            assertTrue(kind.find(), "a rendered document without a top-level kind:\n" + doc);
            DOCS_BY_KIND.computeIfAbsent(kind.group(1), k -> new ArrayList<>()).add(doc);
        }
    }

    @Test
    void rendersOneOfEachKind() {
        for (String kind : List.of("Deployment", "Service", "ConfigMap", "Secret", "PodDisruptionBudget")) {
            List<String> docs = DOCS_BY_KIND.get(kind);
            assertNotNull(docs, "no " + kind + " in the rendered base; kinds found: " + DOCS_BY_KIND.keySet());
            assertEquals(1, docs.size(), "expected exactly one " + kind);
        }
    }

    @Test
    void everyObjectIsLabelledAndNoNamespaceIsSet() {
        assertFalse(Pattern.compile("(?m)^[ \\t]*namespace:").matcher(rendered).find(),
                "the base must not set a namespace:\n" + rendered);
        DOCS_BY_KIND.values().stream().flatMap(List::stream).forEach(doc -> {
            String labels = block(block(doc, "metadata"), "labels");
            assertEquals("tweeling", value(labels, "app.kubernetes.io/part-of"), doc);
            assertEquals("tweeling", value(labels, "app.kubernetes.io/name"), doc);
        });
    }

    @Test
    void deploymentRunsTwoReplicasOfTheImageOnHttp8080() throws IOException {
        String deployment = only("Deployment");
        assertEquals("tweeling", value(block(deployment, "metadata"), "name"));
        String spec = block(deployment, "spec");
        assertEquals("2", value(spec, "replicas"), "replicas");
        assertEquals("tweeling", value(block(block(spec, "selector"), "matchLabels"), "app.kubernetes.io/name"));
        assertEquals("tweeling", value(block(block(block(spec, "template"), "metadata"), "labels"),
                "app.kubernetes.io/name"));
        assertEquals("0", value(block(block(spec, "strategy"), "rollingUpdate"), "maxUnavailable"));
        assertEquals("30", value(spec, "terminationGracePeriodSeconds"));

        String container = block(spec, "containers");
        assertEquals("tweeling:0.1.0", value(container, "image"), "image");
        String ports = block(container, "ports");
        assertEquals("8080", value(ports, "containerPort"), "container port");
        assertEquals("http", value(ports, "name"), "container port name");

        String envFrom = block(container, "envFrom");
        assertEquals("tweeling-config", value(block(envFrom, "configMapRef"), "name"));
        assertEquals("tweeling-secrets", value(block(envFrom, "secretRef"), "name"));
        // kubectl folds a long value onto more-indented continuation lines
        Matcher jvm = Pattern.compile("(?m)^[ \\t]*- name: (?:JAVA_TOOL_OPTIONS|JAVA_OPTS)[ \\t]*\\n([ \\t]+)value: (.+(?:\\n\\1[ \\t]+\\S.*)*)$")
                .matcher(block(container, "env"));
        assertTrue(jvm.find(), "no JAVA_TOOL_OPTIONS or JAVA_OPTS in the container's env:\n" + container);
        // the same JVM as ./tweeling up runs (src/main/sh/app.sh, APP_JAVA_OPTS), where the benchmarks measure it
        List<String> flags = appJavaOptions();
        assertTrue(flags.contains("-Xmx256m") && flags.contains("-XX:+UseSerialGC"), "APP_JAVA_OPTS: " + flags);
        List<String> k8s = List.of(jvm.group(2).replace("\"", "").trim().split("\\s+"));
        assertEquals(flags, k8s, "the container's JVM options differ from src/main/sh/app.sh's APP_JAVA_OPTS");
    }

    /** The flags of {@code APP_JAVA_OPTS=( … )} in src/main/sh/app.sh (the array may span lines). */
    static List<String> appJavaOptions() throws IOException {
        String sh = java.nio.file.Files.readString(java.nio.file.Path.of("src/main/sh/app.sh"));
        Matcher m = Pattern.compile("(?m)^APP_JAVA_OPTS=\\(([^)]*)\\)").matcher(sh);
        assertTrue(m.find(), "no APP_JAVA_OPTS=( … ) in src/main/sh/app.sh");
        return List.of(m.group(1).trim().split("\\s+"));
    }

    @Test
    void deploymentResourcesFitTheJvm() {
        String resources = block(block(only("Deployment"), "containers"), "resources");
        String limits = block(resources, "limits");
        String requests = block(resources, "requests");
        assertEquals("512Mi", value(limits, "memory"), "memory limit");
        assertEquals("2", value(limits, "cpu"), "cpu limit");
        assertEquals("384Mi", value(requests, "memory"), "memory request");
        assertEquals("250m", value(requests, "cpu"), "cpu request");
    }

    @Test
    void deploymentProbesUseTheQuarkusHealthEndpoints() {
        String container = block(only("Deployment"), "containers");
        String readiness = block(block(container, "readinessProbe"), "httpGet");
        assertEquals("/q/health/ready", value(readiness, "path"), "readiness probe path");
        assertEquals("http", value(readiness, "port"), "readiness probe port");
        String liveness = block(block(container, "livenessProbe"), "httpGet");
        assertEquals("/q/health/live", value(liveness, "path"), "liveness probe path");
        assertEquals("http", value(liveness, "port"), "liveness probe port");

        String startup = block(container, "startupProbe");
        assertEquals("/q/health/live", value(block(startup, "httpGet"), "path"), "startup probe path");
        int budget = intValue(startup, "initialDelaySeconds", 0)
                + intValue(startup, "periodSeconds", 10) * intValue(startup, "failureThreshold", 3);
        assertTrue(budget >= 60, "the startup probe gives up after " + budget + " s; Flyway may need a minute");
    }

    @Test
    void deploymentIsLockedDown() {
        String podSpec = block(block(only("Deployment"), "template"), "spec");
        String container = block(podSpec, "containers");
        // runAsNonRoot and seccomp may be set on the pod or on the container
        assertTrue(Pattern.compile("(?m)^[ \\t]*runAsNonRoot: true$").matcher(podSpec).find(), podSpec);
        assertFalse(Pattern.compile("(?m)^[ \\t]*runAsNonRoot: false$").matcher(podSpec).find(), podSpec);
        assertTrue(Pattern.compile("(?m)^[ \\t]*seccompProfile:\\n[ \\t]+type: RuntimeDefault$").matcher(podSpec).find(),
                "no seccompProfile RuntimeDefault:\n" + podSpec);

        String security = block(container, "securityContext");
        assertEquals("false", value(security, "allowPrivilegeEscalation"));
        assertEquals("true", value(security, "readOnlyRootFilesystem"));
        assertTrue(Pattern.compile("(?m)^[ \\t]*- ALL$").matcher(block(block(security, "capabilities"), "drop")).find(),
                "capabilities do not drop ALL:\n" + security);

        String mounts = block(container, "volumeMounts");
        assertEquals("/tmp", value(mounts, "mountPath"));
        String volumes = block(podSpec, "volumes");
        assertEquals(value(mounts, "name"), value(volumes, "name"), "the /tmp mount is not the declared volume");
        assertTrue(volumes.contains("emptyDir:"), "/tmp is not an emptyDir:\n" + volumes);
    }

    @Test
    void serviceExposesPort80ToHttp() {
        String service = only("Service");
        assertEquals("tweeling", value(block(service, "metadata"), "name"));
        String spec = block(service, "spec");
        assertEquals("ClusterIP", value(spec, "type"));
        String ports = block(spec, "ports");
        assertEquals("80", value(ports, "port"), "Service port");
        assertEquals("http", value(ports, "targetPort"), "Service targetPort");
        assertEquals("tweeling", value(block(spec, "selector"), "app.kubernetes.io/name"));
    }

    @Test
    void configMapPointsAtTheOperatorServices() {
        String configMap = only("ConfigMap");
        assertEquals("tweeling-config", value(block(configMap, "metadata"), "name"));
        String data = block(configMap, "data");
        assertEquals("jdbc:postgresql://tweeling-db-rw:5432/tweeling", value(data, "TWEELING_DB_URL"));
        assertEquals("tweeling-kafka-bootstrap:9092", value(data, "TWEELING_KAFKA"));
        assertTrue(Pattern.compile("(?m)^[ \\t]*TWEELING_SAMPLE_LOAD: (\"false\"|'false')$").matcher(data).find(),
                "TWEELING_SAMPLE_LOAD must be the string \"false\":\n" + data);
        assertTrue(Pattern.compile("(?m)^[ \\t]*QUARKUS_HTTP_PORT: (\"8080\"|'8080')$").matcher(data).find(),
                "QUARKUS_HTTP_PORT must be the string \"8080\":\n" + data);
    }

    @Test
    void secretHoldsOnlyPlaceholders() {
        String secret = only("Secret");
        assertEquals("tweeling-secrets", value(block(secret, "metadata"), "name"));
        assertEquals("Opaque", value(secret, "type"));
        String stringData = block(secret, "stringData");
        assertEquals("change-me", value(stringData, "TWEELING_DB_PASSWORD"));
        assertEquals("change-me", value(stringData, "TWEELING_LOADER_PASSWORD"));
        String adminHash = value(stringData, "TWEELING_ADMIN_KEY_HASH");
        assertTrue(adminHash.isEmpty() || adminHash.contains("change-me"),
                "TWEELING_ADMIN_KEY_HASH in the base must be empty or a placeholder, not " + adminHash);
    }

    @Test
    void theAppAndTheLoaderAreRolesOfTheirOwnNotPostgres() {
        String stringData = block(only("Secret"), "stringData");
        String app = value(stringData, "TWEELING_DB_USER");
        String loader = value(stringData, "TWEELING_LOADER_USER");
        assertEquals("tweeling", app, "the app's role (k8s/README.md, \"Database roles\")");
        assertEquals("tweeling_loader", loader, "the imports' loader role (k8s/README.md, \"Database roles\")");
        assertNotEquals("postgres", app);
        assertNotEquals(app, loader);
    }

    @Test
    void podDisruptionBudgetKeepsOnePodUp() {
        String pdb = only("PodDisruptionBudget");
        String spec = block(pdb, "spec");
        assertEquals("1", value(spec, "minAvailable"));
        assertEquals("tweeling", value(block(block(spec, "selector"), "matchLabels"), "app.kubernetes.io/name"));
    }

    // --- helpers ----------------------------------------------------------------------------------

    private static Path findOnPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return null;
        }
        for (String dir : path.split(File.pathSeparator)) {
            if (dir.isEmpty()) {
                continue;
            }
            Path candidate = Path.of(dir, program);
            if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    private static String only(String kind) {
        List<String> docs = DOCS_BY_KIND.get(kind);
        assertNotNull(docs, "no " + kind + " in the rendered base");
        assertEquals(1, docs.size(), "expected exactly one " + kind);
        return docs.get(0);
    }

    /**
     * The lines nested under {@code key:} in {@code yaml}: the key line's value is a mapping or a
     * sequence. Of several such keys, the least indented (then the first) is taken, so
     * {@code block(doc, "spec")} is the top-level spec.
     */
    static String block(String yaml, String key) {
        String[] lines = yaml.split("\n", -1);
        int best = -1;
        int bestColumn = Integer.MAX_VALUE;
        for (int i = 0; i < lines.length; i++) {
            Matcher m = KEY_LINE.matcher(lines[i]);
            if (m.matches() && m.group(3).equals(key)) {
                int column = m.group(1).length() + (m.group(2) == null ? 0 : 2);
                if (column < bestColumn) {
                    best = i;
                    bestColumn = column;
                }
            }
        }
        if (best < 0) {
            fail("no '" + key + ":' block in:\n" + yaml);
        }
        StringBuilder nested = new StringBuilder();
        for (int i = best + 1; i < lines.length; i++) {
            String line = lines[i];
            if (!line.isBlank()) {
                int indent = line.length() - line.stripLeading().length();
                boolean deeper = indent > bestColumn;
                boolean sequenceItem = indent == bestColumn && line.startsWith("- ", indent);
                if (!deeper && !sequenceItem) {
                    break;
                }
            }
            nested.append(line).append('\n');
        }
        return nested.toString();
    }

    /** The scalar value of the first {@code key: value} line in {@code yaml}, without its quotes. */
    static String value(String yaml, String key) {
        Matcher m = Pattern.compile("(?m)^[ \\t]*(?:- )?" + Pattern.quote(key) + ":[ \\t]+(.*?)[ \\t]*$").matcher(yaml);
        if (!m.find()) {
            fail("no '" + key + ": value' in:\n" + yaml);
        }
        String v = m.group(1);
        if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"") || v.startsWith("'") && v.endsWith("'"))) {
            v = v.substring(1, v.length() - 1);
        }
        return v;
    }

    private static int intValue(String yaml, String key, int absent) {
        Matcher m = Pattern.compile("(?m)^[ \\t]*" + Pattern.quote(key) + ":[ \\t]+(\\d+)[ \\t]*$").matcher(yaml);
        return m.find() ? Integer.parseInt(m.group(1)) : absent;
    }
}
