package ist.aegis.notary;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * The pure packages (identity rules, key ring and codec, token minting) import no I/O: no
 * Kubernetes client, no REST, no files, and none of Notary's I/O packages.
 */
class PackageRulesTest {

    private static final Path SOURCES = Path.of("src/main/java/ist/aegis/notary");
    private static final List<String> PURE_PACKAGES = List.of("identity", "keys", "token");
    private static final List<String> FORBIDDEN_IMPORTS = List.of("import io.fabric8.", "import jakarta.ws.",
            "import io.quarkus.", "import java.nio.file.", "import java.net.", "import ist.aegis.notary.attest.",
            "import ist.aegis.notary.api.", "import ist.aegis.notary.keys.store.");

    @Test
    void purePackagesImportNoIo() throws IOException {
        List<String> violations = new ArrayList<>();
        for (String pure : PURE_PACKAGES) {
            // Only the package's own files: keys.store is an I/O package below keys.
            try (Stream<Path> files = Files.list(SOURCES.resolve(pure))) {
                for (Path file : files.filter(path -> path.toString().endsWith(".java")).toList()) {
                    for (String line : Files.readAllLines(file)) {
                        if (FORBIDDEN_IMPORTS.stream().anyMatch(line::startsWith)) {
                            violations.add(SOURCES.relativize(file) + ": " + line);
                        }
                    }
                }
            }
        }

        assertEquals(List.of(), violations);
    }
}
