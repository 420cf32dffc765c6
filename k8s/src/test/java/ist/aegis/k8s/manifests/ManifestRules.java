package ist.aegis.k8s.manifests;

import io.fabric8.kubernetes.api.model.Capabilities;
import io.fabric8.kubernetes.api.model.ConfigMap;
import io.fabric8.kubernetes.api.model.Container;
import io.fabric8.kubernetes.api.model.EnvFromSource;
import io.fabric8.kubernetes.api.model.EnvVar;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.LocalObjectReference;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.PersistentVolumeClaim;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodSecurityContext;
import io.fabric8.kubernetes.api.model.PodSpec;
import io.fabric8.kubernetes.api.model.Probe;
import io.fabric8.kubernetes.api.model.Quantity;
import io.fabric8.kubernetes.api.model.Secret;
import io.fabric8.kubernetes.api.model.SecurityContext;
import io.fabric8.kubernetes.api.model.ServiceAccount;
import io.fabric8.kubernetes.api.model.Volume;
import io.fabric8.kubernetes.api.model.VolumeProjection;
import io.fabric8.kubernetes.api.model.apps.DaemonSet;
import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.batch.v1.CronJob;
import io.fabric8.kubernetes.api.model.batch.v1.Job;
import io.fabric8.kubernetes.api.model.rbac.ClusterRole;
import io.fabric8.kubernetes.api.model.rbac.ClusterRoleBinding;
import io.fabric8.kubernetes.api.model.rbac.PolicyRule;
import io.fabric8.kubernetes.api.model.rbac.Role;
import io.fabric8.kubernetes.api.model.rbac.RoleBinding;
import io.fabric8.kubernetes.api.model.rbac.RoleRef;
import io.fabric8.kubernetes.api.model.rbac.Subject;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The rules every rendered Aegis object set must meet. Pods stay within the restricted Pod
 * Security Standard and have resource requests and limits. No RBAC rule has a wildcard. Every
 * referenced Secret, ConfigMap, ServiceAccount, Role and claim is defined in the set or made at
 * run time. Each rule adds one line per breach to a problem list.
 */
final class ManifestRules {

    /** Secrets the aegis-certs Job creates; they count as defined in a set that contains that Job. */
    static final Set<String> JOB_SECRETS = Set.of("aegis-internal-ca", "aegis-safe-tls", "aegis-notary-tls",
            "aegis-sentinel-tls");
    /** ConfigMaps the aegis-certs Job creates. */
    static final Set<String> JOB_CONFIGMAPS = Set.of("aegis-ca");
    /** Secrets the services create at run time: Safe's automatic root key and Notary's signing keys. */
    static final Set<String> RUNTIME_SECRETS = Set.of("aegis-safe-root-key", "aegis-notary-signing-key");

    private ManifestRules() {
    }

    /** A pod template, with the place of the object that contains it for messages. */
    record PodTemplate(String place, PodSpec spec, boolean longRunning) {
    }

    static List<PodTemplate> podTemplates(List<Manifests.Loaded> objects) {
        List<PodTemplate> pods = new ArrayList<>();
        for (Manifests.Loaded loaded : objects) {
            HasMetadata object = loaded.object();
            if (object instanceof Deployment deployment) {
                pods.add(new PodTemplate(loaded.place(), deployment.getSpec().getTemplate().getSpec(), true));
            } else if (object instanceof StatefulSet statefulSet) {
                pods.add(new PodTemplate(loaded.place(), statefulSet.getSpec().getTemplate().getSpec(), true));
            } else if (object instanceof DaemonSet daemonSet) {
                pods.add(new PodTemplate(loaded.place(), daemonSet.getSpec().getTemplate().getSpec(), true));
            } else if (object instanceof Job job) {
                pods.add(new PodTemplate(loaded.place(), job.getSpec().getTemplate().getSpec(), false));
            } else if (object instanceof CronJob cronJob) {
                pods.add(new PodTemplate(loaded.place(),
                        cronJob.getSpec().getJobTemplate().getSpec().getTemplate().getSpec(), false));
            } else if (object instanceof Pod pod) {
                pods.add(new PodTemplate(loaded.place(), pod.getSpec(), false));
            }
        }
        return pods;
    }

    /** Checks the restricted Pod Security Standard, resources, and probes on long-running containers. */
    static void checkPodSecurity(List<Manifests.Loaded> objects, List<String> problems) {
        for (PodTemplate pod : podTemplates(objects)) {
            PodSpec spec = pod.spec();
            PodSecurityContext podContext = spec.getSecurityContext() == null ? new PodSecurityContext()
                    : spec.getSecurityContext();
            if (Boolean.TRUE.equals(spec.getHostNetwork()) || Boolean.TRUE.equals(spec.getHostPID())
                    || Boolean.TRUE.equals(spec.getHostIPC())) {
                problems.add(pod.place() + ": shares a host namespace");
            }
            for (Volume volume : list(spec.getVolumes())) {
                if (volume.getHostPath() != null) {
                    problems.add(pod.place() + ": volume " + volume.getName() + " is a hostPath");
                }
            }
            if (Long.valueOf(0).equals(podContext.getRunAsUser())) {
                problems.add(pod.place() + ": the pod runs as user 0");
            }

            List<Container> containers = new ArrayList<>(list(spec.getContainers()));
            containers.addAll(list(spec.getInitContainers()));
            for (Container container : containers) {
                checkContainer(pod, podContext, container, problems);
            }
        }
    }

    private static void checkContainer(PodTemplate pod, PodSecurityContext podContext, Container container,
            List<String> problems) {
        String place = pod.place() + " container " + container.getName();
        SecurityContext context = container.getSecurityContext() == null ? new SecurityContext()
                : container.getSecurityContext();

        boolean nonRoot = context.getRunAsNonRoot() != null ? context.getRunAsNonRoot()
                : Boolean.TRUE.equals(podContext.getRunAsNonRoot());
        if (!nonRoot) {
            problems.add(place + ": runAsNonRoot is not true");
        }
        if (Long.valueOf(0).equals(context.getRunAsUser())) {
            problems.add(place + ": runs as user 0");
        }
        if (!Boolean.TRUE.equals(context.getReadOnlyRootFilesystem())) {
            problems.add(place + ": readOnlyRootFilesystem is not true");
        }
        if (!Boolean.FALSE.equals(context.getAllowPrivilegeEscalation())) {
            problems.add(place + ": allowPrivilegeEscalation is not false");
        }
        if (Boolean.TRUE.equals(context.getPrivileged())) {
            problems.add(place + ": is privileged");
        }
        Capabilities capabilities = context.getCapabilities();
        if (capabilities == null || !list(capabilities.getDrop()).contains("ALL")) {
            problems.add(place + ": does not drop ALL capabilities");
        }
        if (capabilities != null && !list(capabilities.getAdd()).isEmpty()
                && !list(capabilities.getAdd()).equals(List.of("NET_BIND_SERVICE"))) {
            problems.add(place + ": adds capabilities " + capabilities.getAdd());
        }
        String seccomp = context.getSeccompProfile() != null ? context.getSeccompProfile().getType()
                : podContext.getSeccompProfile() != null ? podContext.getSeccompProfile().getType() : null;
        if (!"RuntimeDefault".equals(seccomp) && !"Localhost".equals(seccomp)) {
            problems.add(place + ": seccomp profile is " + seccomp + ", not RuntimeDefault");
        }

        Map<String, Quantity> limits = container.getResources() == null ? Map.of() : map(container.getResources().getLimits());
        Map<String, Quantity> requests = container.getResources() == null ? Map.of() : map(container.getResources().getRequests());
        for (String resource : List.of("cpu", "memory")) {
            if (!limits.containsKey(resource)) {
                problems.add(place + ": has no " + resource + " limit");
            }
            if (!requests.containsKey(resource)) {
                problems.add(place + ": has no " + resource + " request");
            }
        }

        if (pod.longRunning()) {
            checkProbe(place, "liveness", container.getLivenessProbe(), problems);
            checkProbe(place, "readiness", container.getReadinessProbe(), problems);
        }
    }

    private static void checkProbe(String place, String name, Probe probe, List<String> problems) {
        if (probe == null || probe.getHttpGet() == null) {
            problems.add(place + ": has no HTTP " + name + " probe");
            return;
        }
        String port = probe.getHttpGet().getPort().getStrVal() != null ? probe.getHttpGet().getPort().getStrVal()
                : String.valueOf(probe.getHttpGet().getPort().getIntVal());
        if (!port.equals("management") && !port.equals("9000")) {
            problems.add(place + ": the " + name + " probe uses port " + port + ", not the management port 9000");
        }
    }

    /** Checks that no rule of any Role or ClusterRole contains "*". */
    static void checkRbacWildcards(List<Manifests.Loaded> objects, List<String> problems) {
        for (Manifests.Loaded loaded : objects) {
            List<PolicyRule> rules;
            if (loaded.object() instanceof Role role) {
                rules = list(role.getRules());
            } else if (loaded.object() instanceof ClusterRole clusterRole) {
                rules = list(clusterRole.getRules());
                if (clusterRole.getAggregationRule() != null) {
                    problems.add(loaded.place() + ": aggregates other ClusterRoles");
                }
            } else {
                continue;
            }
            int index = 0;
            for (PolicyRule rule : rules) {
                Map<String, List<String>> fields = new LinkedHashMap<>();
                fields.put("apiGroups", list(rule.getApiGroups()));
                fields.put("resources", list(rule.getResources()));
                fields.put("verbs", list(rule.getVerbs()));
                fields.put("resourceNames", list(rule.getResourceNames()));
                fields.put("nonResourceURLs", list(rule.getNonResourceURLs()));
                for (Map.Entry<String, List<String>> field : fields.entrySet()) {
                    if (field.getValue().stream().anyMatch(value -> value.contains("*"))) {
                        problems.add(loaded.place() + ": rule " + index + " has a wildcard in " + field.getKey());
                    }
                }
                if (list(rule.getVerbs()).isEmpty() || list(rule.getResources()).isEmpty()) {
                    problems.add(loaded.place() + ": rule " + index + " lists no verbs or no resources");
                }
                index++;
            }
        }
    }

    /** Checks that every namespaced object names its namespace, so that kubectl apply puts it in the right place. */
    static void checkNamespaces(List<Manifests.Loaded> objects, List<String> problems) {
        for (Manifests.Loaded loaded : objects) {
            boolean namespaced = loaded.object() instanceof Namespaced
                    || loaded.object() instanceof GenericKubernetesResource;
            if (namespaced && loaded.object().getMetadata().getNamespace() == null) {
                problems.add(loaded.place() + ": has no metadata.namespace");
            }
        }
    }

    /**
     * Checks that every Secret, ConfigMap, ServiceAccount, PersistentVolumeClaim and Role that an object refers to is
     * defined in the set, made by the aegis-certs Job of the set, made at run time, or listed in
     * {@code external} as "kind/name".
     */
    static void checkReferences(List<Manifests.Loaded> objects, Set<String> external, List<String> problems) {
        Defined defined = Defined.of(objects, external);
        for (PodTemplate pod : podTemplates(objects)) {
            PodSpec spec = pod.spec();
            if (spec.getServiceAccountName() == null) {
                problems.add(pod.place() + ": names no serviceAccountName, so it would run as 'default'");
            } else {
                defined.require("ServiceAccount", spec.getServiceAccountName(), pod.place(), problems);
            }
            for (LocalObjectReference pullSecret : list(spec.getImagePullSecrets())) {
                defined.require("Secret", pullSecret.getName(), pod.place(), problems);
            }
            for (Volume volume : list(spec.getVolumes())) {
                if (volume.getSecret() != null && !Boolean.TRUE.equals(volume.getSecret().getOptional())) {
                    defined.require("Secret", volume.getSecret().getSecretName(), pod.place(), problems);
                }
                if (volume.getConfigMap() != null && !Boolean.TRUE.equals(volume.getConfigMap().getOptional())) {
                    defined.require("ConfigMap", volume.getConfigMap().getName(), pod.place(), problems);
                }
                if (volume.getPersistentVolumeClaim() != null) {
                    defined.require("PersistentVolumeClaim", volume.getPersistentVolumeClaim().getClaimName(),
                            pod.place(), problems);
                }
                if (volume.getProjected() != null) {
                    for (VolumeProjection source : list(volume.getProjected().getSources())) {
                        if (source.getSecret() != null) {
                            defined.require("Secret", source.getSecret().getName(), pod.place(), problems);
                        }
                        if (source.getConfigMap() != null) {
                            defined.require("ConfigMap", source.getConfigMap().getName(), pod.place(), problems);
                        }
                    }
                }
            }
            List<Container> containers = new ArrayList<>(list(spec.getContainers()));
            containers.addAll(list(spec.getInitContainers()));
            for (Container container : containers) {
                for (EnvVar env : list(container.getEnv())) {
                    if (env.getValueFrom() != null && env.getValueFrom().getSecretKeyRef() != null) {
                        defined.require("Secret", env.getValueFrom().getSecretKeyRef().getName(), pod.place(), problems);
                    }
                    if (env.getValueFrom() != null && env.getValueFrom().getConfigMapKeyRef() != null) {
                        defined.require("ConfigMap", env.getValueFrom().getConfigMapKeyRef().getName(), pod.place(),
                                problems);
                    }
                }
                for (EnvFromSource source : list(container.getEnvFrom())) {
                    if (source.getSecretRef() != null) {
                        defined.require("Secret", source.getSecretRef().getName(), pod.place(), problems);
                    }
                    if (source.getConfigMapRef() != null) {
                        defined.require("ConfigMap", source.getConfigMapRef().getName(), pod.place(), problems);
                    }
                }
            }
        }

        for (Manifests.Loaded loaded : objects) {
            RoleRef roleRef = null;
            List<Subject> subjects = List.of();
            if (loaded.object() instanceof RoleBinding binding) {
                roleRef = binding.getRoleRef();
                subjects = list(binding.getSubjects());
            } else if (loaded.object() instanceof ClusterRoleBinding binding) {
                roleRef = binding.getRoleRef();
                subjects = list(binding.getSubjects());
            }
            if (roleRef != null) {
                defined.require(roleRef.getKind(), roleRef.getName(), loaded.place(), problems);
                for (Subject subject : subjects) {
                    if ("ServiceAccount".equals(subject.getKind())) {
                        defined.require("ServiceAccount", subject.getName(), loaded.place(), problems);
                    }
                }
            }
            // Names in RBAC rules must be real objects too: a typo there fails only at run time.
            List<PolicyRule> rules = loaded.object() instanceof Role role ? list(role.getRules())
                    : loaded.object() instanceof ClusterRole clusterRole ? list(clusterRole.getRules()) : List.of();
            for (PolicyRule rule : rules) {
                for (String resource : list(rule.getResources())) {
                    String kind = switch (resource) {
                        case "secrets" -> "Secret";
                        case "configmaps" -> "ConfigMap";
                        case "pods", "pods/exec" -> "Pod";
                        default -> null;
                    };
                    if (kind == null || kind.equals("Pod")) {
                        continue;
                    }
                    for (String name : list(rule.getResourceNames())) {
                        defined.require(kind, name, loaded.place(), problems);
                    }
                }
            }
        }
    }

    /** The names defined by one object set, by kind. */
    private record Defined(Set<String> names) {

        static Defined of(List<Manifests.Loaded> objects, Set<String> external) {
            Set<String> names = new HashSet<>(external);
            boolean certsJob = false;
            for (Manifests.Loaded loaded : objects) {
                HasMetadata object = loaded.object();
                String name = object.getMetadata().getName();
                if (object instanceof Secret || object instanceof ConfigMap || object instanceof ServiceAccount
                        || object instanceof PersistentVolumeClaim || object instanceof Role
                        || object instanceof ClusterRole) {
                    names.add(object.getKind() + "/" + name);
                }
                if (object instanceof Job job && runsCertsCommand(job.getSpec().getTemplate().getSpec())) {
                    certsJob = true;
                }
                // A cert-manager Certificate makes the Secret named in its spec.
                if (object instanceof GenericKubernetesResource generic && "Certificate".equals(generic.getKind())) {
                    Object secretName = generic.get("spec", "secretName");
                    if (secretName != null) {
                        names.add("Secret/" + secretName);
                    }
                }
            }
            if (certsJob) {
                JOB_SECRETS.forEach(secret -> names.add("Secret/" + secret));
                JOB_CONFIGMAPS.forEach(configMap -> names.add("ConfigMap/" + configMap));
            }
            RUNTIME_SECRETS.forEach(secret -> names.add("Secret/" + secret));
            return new Defined(names);
        }

        private static boolean runsCertsCommand(PodSpec spec) {
            return list(spec.getContainers()).stream()
                    .anyMatch(container -> Objects.toString(container.getImage(), "").contains("aegis-certs"));
        }

        void require(String kind, String name, String place, List<String> problems) {
            if (!names.contains(kind + "/" + name)) {
                problems.add(place + ": refers to " + kind + " " + name + ", which nothing defines or creates");
            }
        }
    }

    private static <T> List<T> list(List<T> values) {
        return values == null ? List.of() : values;
    }

    private static <K, V> Map<K, V> map(Map<K, V> values) {
        return values == null ? Map.of() : values;
    }
}
