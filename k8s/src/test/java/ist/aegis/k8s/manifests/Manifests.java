package ist.aegis.k8s.manifests;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.KubernetesResource;
import io.fabric8.kubernetes.client.utils.KubernetesSerialization;

import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Loads Kubernetes YAML into the fabric8 model classes, strictly. The fabric8 classes keep
 * unknown fields in an {@code additionalProperties} map instead of failing, so after loading,
 * every model object in the tree is walked and any non-empty map is reported as an unknown field.
 * A value of the wrong type (a string where an integer belongs) fails while loading.
 */
final class Manifests {

    // Kinds that have no fabric8 model class on this class path; they are loaded as generic
    // resources and not checked field by field.
    static final Set<String> GENERIC_KINDS = Set.of("cert-manager.io/v1 Certificate", "cert-manager.io/v1 Issuer",
            "cert-manager.io/v1 ClusterIssuer");

    private static final KubernetesSerialization SERIALIZATION = new KubernetesSerialization();
    private static final YAMLMapper YAML = new YAMLMapper();

    private Manifests() {
    }

    /** One object of a file, with its position for messages. */
    record Loaded(String place, HasMetadata object) {
    }

    /**
     * Loads every document of a YAML file; empty documents are skipped.
     *
     * @param problems receives one line per unknown field, unknown kind or unloadable document
     */
    static List<Loaded> load(Path file, List<String> problems) throws IOException {
        List<Loaded> loaded = new ArrayList<>();
        int index = 0;
        try (MappingIterator<JsonNode> documents = YAML.readerFor(JsonNode.class).readValues(file.toFile())) {
            while (documents.hasNext()) {
                JsonNode document = documents.next();
                index++;
                if (document == null || document.isNull() || document.isEmpty()) {
                    continue;
                }
                String kind = document.path("apiVersion").asText() + " " + document.path("kind").asText();
                String place = file.getFileName() + " document " + index + " (" + kind + " "
                        + document.path("metadata").path("name").asText() + ")";
                KubernetesResource resource;
                try {
                    resource = SERIALIZATION.unmarshal(SERIALIZATION.asJson(document), KubernetesResource.class);
                } catch (RuntimeException e) {
                    problems.add(place + ": does not match the schema: " + e.getMessage());
                    continue;
                }
                if (!(resource instanceof HasMetadata object)) {
                    problems.add(place + ": is not a Kubernetes object");
                    continue;
                }
                if (object instanceof GenericKubernetesResource && !GENERIC_KINDS.contains(kind)) {
                    problems.add(place + ": kind " + kind + " has no model class: a typo in apiVersion or kind?");
                }
                if (!(object instanceof GenericKubernetesResource)) {
                    collectUnknownFields(object, "", place, problems);
                }
                loaded.add(new Loaded(place, object));
            }
        }
        return loaded;
    }

    /** Walks the model tree and reports every non-empty additionalProperties map, with its path. */
    private static void collectUnknownFields(Object node, String path, String place, List<String> problems) {
        if (node == null) {
            return;
        }
        if (node instanceof Collection<?> items) {
            int i = 0;
            for (Object item : items) {
                collectUnknownFields(item, path + "[" + i++ + "]", place, problems);
            }
            return;
        }
        if (node instanceof Map<?, ?> map) {
            for (Map.Entry<?, ?> entry : map.entrySet()) {
                collectUnknownFields(entry.getValue(), path + "[" + entry.getKey() + "]", place, problems);
            }
            return;
        }
        if (!node.getClass().getName().startsWith("io.fabric8.kubernetes.api.model")) {
            return;
        }
        for (Method getter : node.getClass().getMethods()) {
            if (getter.getParameterCount() != 0 || Modifier.isStatic(getter.getModifiers())
                    || !getter.getName().startsWith("get") || getter.getDeclaringClass() == Object.class) {
                continue;
            }
            Object value;
            try {
                value = getter.invoke(node);
            } catch (IllegalAccessException | InvocationTargetException e) {
                continue;
            }
            String field = decapitalize(getter.getName().substring(3));
            if (getter.getName().equals("getAdditionalProperties")) {
                if (value instanceof Map<?, ?> extra && !extra.isEmpty()) {
                    problems.add(place + ": unknown field(s) " + extra.keySet() + " at " + (path.isEmpty() ? "." : path));
                }
                continue;
            }
            collectUnknownFields(value, path + "." + field, place, problems);
        }
    }

    private static String decapitalize(String name) {
        return name.isEmpty() ? name : Character.toLowerCase(name.charAt(0)) + name.substring(1);
    }
}
