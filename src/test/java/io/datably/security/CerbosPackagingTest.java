package io.datably.security;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * What ties the local PDP to the Kubernetes sidecar and cannot be checked by kustomize alone: every policy is in the
 * ConfigMap the sidecar mounts (policies/Kustomization lists files one by one), and the sidecar's image is the
 * version scripts/cerbos.sh installs for the tests.
 */
class CerbosPackagingTest {
    private static final Path POLICIES = Path.of("policies");
    private static final Pattern LISTED_FILE = Pattern.compile("^\\s*-\\s+(?:[^=\\s]+=)?(\\S+\\.(?:ya?ml|json))\\s*$");

    @Test
    void everyPolicyOutsideTheExamplesIsInTheConfigMap() throws IOException {
        Set<String> listed = listedInKustomization();
        for (String file : listed) {
            assertTrue(Files.isRegularFile(POLICIES.resolve(file)), "policies/Kustomization lists a missing " + file);
        }
        Set<String> policies = policyFiles();
        policies.removeIf(file -> file.startsWith("examples/"));
        assertTrue(policies.contains("record.yaml"), "the defaults were not found: " + policies);
        assertEquals(policies, listed, "policies/Kustomization must list every policy file outside examples/");
    }

    @Test
    void theSidecarRunsTheCerbosVersionTheTestsUse() throws IOException {
        Matcher pinned = Pattern.compile("(?m)^CERBOS_VERSION=(\\S+)$")
                .matcher(Files.readString(Path.of("scripts/cerbos.sh")));
        assertTrue(pinned.find(), "no CERBOS_VERSION in scripts/cerbos.sh");
        Matcher image = Pattern.compile("image: ghcr\\.io/cerbos/cerbos:(\\S+)")
                .matcher(Files.readString(Path.of("k8s/base/deployment.yaml")));
        assertTrue(image.find(), "no Cerbos image in k8s/base/deployment.yaml");
        assertEquals(pinned.group(1), image.group(1));
    }

    private static Set<String> listedInKustomization() throws IOException {
        Set<String> listed = new TreeSet<>();
        for (String line : Files.readAllLines(POLICIES.resolve("Kustomization"))) {
            Matcher m = LISTED_FILE.matcher(line);
            if (m.matches()) {
                listed.add(m.group(1));
            }
        }
        return listed;
    }

    /** The files Cerbos loads as policies: YAML or JSON, neither policy tests nor their testdata. */
    private static Set<String> policyFiles() throws IOException {
        try (Stream<Path> files = Files.walk(POLICIES)) {
            List<String> all = files.filter(Files::isRegularFile)
                    .map(path -> POLICIES.relativize(path).toString().replace('\\', '/'))
                    .filter(name -> name.matches(".*\\.(ya?ml|json)"))
                    .filter(name -> !name.matches(".*_test\\.(ya?ml|json)") && !name.matches("(.*/)?testdata/.*"))
                    .toList();
            return new TreeSet<>(all);
        }
    }
}
