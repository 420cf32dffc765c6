package ist.aegis.k8s.manifests;

import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespace;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Service;
import io.fabric8.kubernetes.api.model.ServicePort;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.networking.v1.NetworkPolicy;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.PolicyRuleBuilder;
import io.fabric8.kubernetes.api.model.rbac.Role;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

/**
 * Checks what the chart promises, object by object: in the committed plain manifests (default
 * values) always, and in the renders of {@code k8s/ci/check.sh} when it has run (the tests on
 * those are skipped otherwise).
 */
class ChartBehaviourTest {

    private static final Path MODULE = Path.of(System.getProperty("aegis.k8s.module", "."));

    private static List<HasMetadata> manifests() throws IOException {
        List<String> problems = new ArrayList<>();
        List<HasMetadata> objects = new ArrayList<>();
        for (String file : List.of("00-namespace.yaml", "10-aegis.yaml")) {
            Manifests.load(MODULE.resolve("manifests").resolve(file), problems).forEach(loaded -> objects.add(loaded.object()));
        }
        assertEquals(List.of(), problems);
        return objects;
    }

    private static List<HasMetadata> render(String name) throws IOException {
        Path file = MODULE.resolve("target/rendered").resolve(name);
        assumeTrue(Files.exists(file), file + " is absent: run k8s/ci/check.sh to render it");
        List<String> problems = new ArrayList<>();
        List<HasMetadata> objects = new ArrayList<>();
        Manifests.load(file, problems).forEach(loaded -> objects.add(loaded.object()));
        assertEquals(List.of(), problems);
        return objects;
    }

    private static <T extends HasMetadata> Optional<T> find(List<HasMetadata> objects, Class<T> type, String name) {
        return objects.stream().filter(type::isInstance).map(type::cast)
                .filter(object -> object.getMetadata().getName().equals(name)).findFirst();
    }

    private static <T extends HasMetadata> T get(List<HasMetadata> objects, Class<T> type, String name) {
        return find(objects, type, name).orElseThrow(() -> new AssertionError(type.getSimpleName() + " " + name + " is missing"));
    }

    private static PolicyRule rule(String apiGroup, String resource, List<String> names, String... verbs) {
        return new PolicyRuleBuilder().withApiGroups(apiGroup).withResources(resource)
                .withResourceNames(names == null ? List.of() : names)
                .withVerbs(verbs).build();
    }

    private static String env(Container container, String name) {
        return container.getEnv().stream().filter(env -> env.getName().equals(name)).map(EnvVar::getValue).findFirst()
                .orElse(null);
    }

    @Test
    void defaultsInstallIntoAegisSystem() throws IOException {
        List<HasMetadata> objects = manifests();

        Namespace namespace = get(objects, Namespace.class, "aegis-system");
        assertEquals("restricted", namespace.getMetadata().getLabels().get("pod-security.kubernetes.io/enforce"));
        for (HasMetadata object : objects) {
            if (!(object instanceof Namespace) && !(object instanceof ClusterRole)
                    && !object.getKind().equals("ClusterRoleBinding")) {
                assertEquals("aegis-system", object.getMetadata().getNamespace(), object.getKind() + " " + object.getMetadata().getName());
            }
        }
    }

    @Test
    void workloadsHaveFixedShapes() throws IOException {
        List<HasMetadata> objects = manifests();

        Deployment safe = get(objects, Deployment.class, "aegis-safe");
        assertEquals(1, safe.getSpec().getReplicas());
        assertEquals("Recreate", safe.getSpec().getStrategy().getType());
        StatefulSet sentinel = get(objects, StatefulSet.class, "aegis-sentinel");
        assertEquals(1, sentinel.getSpec().getReplicas());
        assertEquals(List.of("aegis", "serve"), sentinel.getSpec().getTemplate().getSpec().getContainers().get(0).getCommand());
        get(objects, Deployment.class, "aegis-notary");

        for (String name : List.of("aegis-safe", "aegis-notary")) {
            List<ServicePort> ports = get(objects, Service.class, name).getSpec().getPorts();
            assertEquals(1, ports.size(), name);
            assertEquals(8443, ports.get(0).getPort(), name);
        }
    }

    @Test
    void tokensMountedOnlyWhereApiIsUsed() throws IOException {
        List<HasMetadata> objects = manifests();

        assertFalse(get(objects, StatefulSet.class, "aegis-sentinel").getSpec().getTemplate().getSpec()
                .getAutomountServiceAccountToken());
        assertTrue(get(objects, Deployment.class, "aegis-safe").getSpec().getTemplate().getSpec()
                .getAutomountServiceAccountToken());
        assertTrue(get(objects, Deployment.class, "aegis-notary").getSpec().getTemplate().getSpec()
                .getAutomountServiceAccountToken());
    }

    @Test
    void rbacGrantsExactlyWhatIsNeeded() throws IOException {
        List<HasMetadata> objects = manifests();

        assertEquals(List.of(rule("authentication.k8s.io", "tokenreviews", null, "create"), rule("", "pods", null, "get")),
                get(objects, ClusterRole.class, "aegis-notary-aegis-system").getRules());
        assertEquals(List.of(rule("", "secrets", List.of("aegis-notary-signing-key"), "get", "update"),
                rule("", "secrets", null, "create")), get(objects, Role.class, "aegis-notary").getRules());
        assertEquals(List.of(rule("", "secrets", null, "get", "list", "create", "update", "delete")),
                get(objects, Role.class, "aegis-safe").getRules());
        assertEquals(List.of(rule("", "pods", List.of("aegis-sentinel-0"), "get"),
                rule("", "pods/exec", List.of("aegis-sentinel-0"), "create", "get")),
                get(objects, Role.class, "aegis-admin").getRules());
    }

    @Test
    void networkPoliciesAdmitOnlyServicePorts() throws IOException {
        List<HasMetadata> objects = manifests();

        for (String name : List.of("aegis-safe", "aegis-notary")) {
            NetworkPolicy policy = get(objects, NetworkPolicy.class, name);
            assertEquals(1, policy.getSpec().getIngress().size(), name);
            assertEquals(List.of(8443, 9000), policy.getSpec().getIngress().get(0).getPorts().stream()
                    .map(port -> port.getPort().getIntVal()).toList(), name);
        }
        NetworkPolicy sentinel = get(objects, NetworkPolicy.class, "aegis-sentinel");
        assertEquals(List.of("Ingress"), sentinel.getSpec().getPolicyTypes());
        assertTrue(sentinel.getSpec().getIngress() == null || sentinel.getSpec().getIngress().isEmpty());
    }

    @Test
    void certificateJobIsAnInstallHook() throws IOException {
        Job job = get(manifests(), Job.class, "aegis-certs");

        assertEquals("pre-install,pre-upgrade", job.getMetadata().getAnnotations().get("helm.sh/hook"));
        assertTrue(job.getSpec().getTemplate().getSpec().getContainers().get(0).getArgs().contains("--namespace=aegis-system"));
    }

    @Test
    void otherNamespaceReachesEveryName() throws IOException {
        List<HasMetadata> objects = render("other-namespace.yaml");

        get(objects, Namespace.class, "security");
        Container notary = get(objects, Deployment.class, "aegis-notary").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("https://aegis-notary.security.svc", env(notary, "NOTARY_ISSUER"));
        assertEquals("example.org", env(notary, "NOTARY_TRUST_DOMAIN"));
        Container safe = get(objects, Deployment.class, "aegis-safe").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("https://aegis-notary.security.svc:8443/notary/v1/jwks", env(safe, "SAFE_NOTARY_JWKS_URL"));
        Container sentinel = get(objects, StatefulSet.class, "aegis-sentinel").getSpec().getTemplate().getSpec()
                .getContainers().get(0);
        assertEquals("https://aegis-safe.security.svc:8443", env(sentinel, "SENTINEL_SAFE_URL"));
        assertTrue(get(objects, Job.class, "aegis-certs").getSpec().getTemplate().getSpec().getContainers().get(0).getArgs()
                .containsAll(List.of("--namespace=security", "--trust-domain=example.org")));
    }

    @Test
    void memoryStoreWithManualKeyNeedsNoApi() throws IOException {
        List<HasMetadata> objects = render("memory-manual.yaml");

        assertTrue(find(objects, Role.class, "aegis-safe").isEmpty());
        assertFalse(get(objects, Deployment.class, "aegis-safe").getSpec().getTemplate().getSpec()
                .getAutomountServiceAccountToken());
        assertTrue(get(objects, Service.class, "aegis-safe").getSpec().getPublishNotReadyAddresses());
    }

    @Test
    void fileStoreWithAutoKeyGetsNarrowRole() throws IOException {
        List<HasMetadata> objects = render("file-store-auto.yaml");

        assertEquals(List.of(rule("", "secrets", List.of("aegis-safe-root-key"), "get"), rule("", "secrets", null, "create")),
                get(objects, Role.class, "aegis-safe").getRules());
        get(objects, PersistentVolumeClaim.class, "aegis-safe-data");
        Container safe = get(objects, Deployment.class, "aegis-safe").getSpec().getTemplate().getSpec().getContainers().get(0);
        assertEquals("/var/lib/aegis/safe", env(safe, "SAFE_STORE_DIRECTORY"));
        assertTrue(safe.getVolumeMounts().stream().anyMatch(mount -> mount.getMountPath().equals("/var/lib/aegis")));
    }

    @Test
    void certManagerReplacesTheJob() throws IOException {
        List<HasMetadata> objects = render("cert-manager.yaml");

        assertTrue(find(objects, Job.class, "aegis-certs").isEmpty());
        GenericKubernetesResource safe = get(objects, GenericKubernetesResource.class, "aegis-safe");
        assertEquals("Certificate", safe.getKind());
        assertEquals("aegis-safe-tls", safe.get("spec", "secretName"));
        assertEquals(List.of("spiffe://aegis.ist/system/safe"), safe.get("spec", "uris"));
        assertEquals(List.of("aegis-safe", "aegis-safe.aegis-system", "aegis-safe.aegis-system.svc",
                "aegis-safe.aegis-system.svc.cluster.local"), safe.get("spec", "dnsNames"));
    }
}
