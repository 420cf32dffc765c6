package ist.aegis.k8s.manifests;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Validates the Kubernetes objects Aegis ships against the fabric8 model classes (unknown fields
 * fail) and against {@link ManifestRules}. It always checks the committed plain manifests
 * ({@code manifests/}, rendered from the chart with default values) and the examples; when
 * {@code k8s/ci/check.sh} has run, it also checks every helm render that script wrote to
 * {@code target/rendered/} (default and non-default values). helm itself is not needed here.
 */
class RenderedManifestsTest {

    private static final Path MODULE = Path.of(System.getProperty("aegis.k8s.module", "."));
    private static final Path MANIFESTS = MODULE.resolve("manifests");
    private static final Path EXAMPLES = MODULE.resolve("examples");
    private static final Path RENDERED = MODULE.resolve("target/rendered");

    // A workload's namespace gets the CA ConfigMap copied by an admin, as the chart README shows.
    private static final Set<String> EXAMPLE_EXTERNAL = Set.of("ConfigMap/aegis-ca");

    @Test
    void plainManifestsArePresent() {
        for (String name : List.of("00-namespace.yaml", "10-aegis.yaml")) {
            assertTrue(Files.isRegularFile(MANIFESTS.resolve(name)), MANIFESTS.resolve(name) + " is missing");
        }
    }

    @TestFactory
    Stream<DynamicTest> everyObjectSetPassesTheRules() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        tests.add(DynamicTest.dynamicTest("manifests", () -> assertNoProblems(yamlFiles(MANIFESTS), Set.of())));
        for (Path example : yamlFiles(EXAMPLES)) {
            tests.add(DynamicTest.dynamicTest("examples/" + example.getFileName(),
                    () -> assertNoProblems(List.of(example), EXAMPLE_EXTERNAL)));
        }
        for (Path render : yamlFiles(RENDERED)) {
            tests.add(DynamicTest.dynamicTest("rendered/" + render.getFileName(),
                    () -> assertNoProblems(List.of(render), Set.of())));
        }
        return tests.stream();
    }

    @Test
    void rulesReportEveryBreach() throws IOException {
        Path bad = Path.of("src/test/resources/manifests/breaches.yaml");
        if (!Files.exists(bad)) {
            bad = MODULE.resolve("src/test/resources/manifests/breaches.yaml");
        }
        List<String> problems = check(List.of(bad), Set.of());

        assertEquals(List.of(
                "breaches.yaml document 1 (apps/v1 Deployment bad): unknown field(s) [runAsNonroot] at"
                        + " .spec.template.spec.containers[0].securityContext",
                "breaches.yaml document 3 (v1 Sevrice typo): kind v1 Sevrice has no model class: a typo in apiVersion or kind?",
                "breaches.yaml document 1 (apps/v1 Deployment bad) container app: runAsNonRoot is not true",
                "breaches.yaml document 1 (apps/v1 Deployment bad) container app: readOnlyRootFilesystem is not true",
                "breaches.yaml document 1 (apps/v1 Deployment bad) container app: allowPrivilegeEscalation is not false",
                "breaches.yaml document 1 (apps/v1 Deployment bad) container app: does not drop ALL capabilities",
                "breaches.yaml document 1 (apps/v1 Deployment bad) container app: seccomp profile is null, not RuntimeDefault",
                "breaches.yaml document 1 (apps/v1 Deployment bad) container app: has no cpu request",
                "breaches.yaml document 1 (apps/v1 Deployment bad) container app: has no memory limit",
                "breaches.yaml document 1 (apps/v1 Deployment bad) container app: has no memory request",
                "breaches.yaml document 1 (apps/v1 Deployment bad) container app: has no HTTP readiness probe",
                "breaches.yaml document 2 (rbac.authorization.k8s.io/v1 Role greedy): rule 0 has a wildcard in verbs",
                "breaches.yaml document 2 (rbac.authorization.k8s.io/v1 Role greedy): has no metadata.namespace",
                "breaches.yaml document 1 (apps/v1 Deployment bad): refers to ServiceAccount app, which nothing defines"
                        + " or creates",
                "breaches.yaml document 1 (apps/v1 Deployment bad): refers to Secret app-tls, which nothing defines"
                        + " or creates",
                "breaches.yaml document 2 (rbac.authorization.k8s.io/v1 Role greedy): refers to Secret aegis-saef-tls,"
                        + " which nothing defines or creates"),
                problems);
    }

    private static void assertNoProblems(List<Path> files, Set<String> external) throws IOException {
        assertFalse(files.isEmpty(), "no YAML files to check");
        List<String> problems = check(files, external);
        assertTrue(problems.isEmpty(), String.join("\n", problems));
    }

    private static List<String> check(List<Path> files, Set<String> external) throws IOException {
        List<String> problems = new ArrayList<>();
        List<Manifests.Loaded> objects = new ArrayList<>();
        for (Path file : files) {
            objects.addAll(Manifests.load(file, problems));
        }
        ManifestRules.checkPodSecurity(objects, problems);
        ManifestRules.checkRbacWildcards(objects, problems);
        ManifestRules.checkNamespaces(objects, problems);
        ManifestRules.checkReferences(objects, external, problems);
        return problems;
    }

    private static List<Path> yamlFiles(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.filter(file -> file.getFileName().toString().endsWith(".yaml")).sorted().toList();
        }
    }
}
