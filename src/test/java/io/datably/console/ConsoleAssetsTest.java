package io.datably.console;

import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.startsWith;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console ships whole in the service: every asset is served from the jar at /console/, and nothing in it loads
 * from another origin (no CDN: the console works offline). What the console does is tested in a browser
 * (scripts/console-e2e.sh); this checks what a browser test would not notice, such as a script fetched from the
 * internet that the test machine happened to reach.
 */
@QuarkusTest
class ConsoleAssetsTest {
    private static final Path ASSETS = Path.of("src/main/resources/META-INF/resources/console");
    /** A URL with a scheme, or protocol-relative, in quotes: anything the page would fetch from elsewhere. */
    private static final Pattern FOREIGN = Pattern.compile("[\"'`(]\\s*(?:[a-z]+:)?//[^\"'`)\\s]*");
    /** The SVG namespace is an identifier, never fetched. */
    private static final String SVG_NAMESPACE = "http://www.w3.org/2000/svg";
    private static final Pattern IMPORT = Pattern.compile("from \"(\\./[^\"]+)\"");

    @Test
    void theConsoleIsServedAtItsPath() {
        RestAssured.get("/console/").then().statusCode(200)
                .contentType(startsWith("text/html"))
                .body(containsString("<script type=\"module\" src=\"js/app.js\">"));
    }

    @Test
    void everyAssetIsServedWithItsType() throws IOException {
        List<Path> files = assets();
        assertTrue(files.size() >= 10, "the console's files: " + files);
        for (Path file : files) {
            String path = ASSETS.relativize(file).toString().replace('\\', '/');
            String type = path.endsWith(".js") ? "text/javascript" : path.endsWith(".css") ? "text/css" : "text/html";
            RestAssured.get("/console/" + path).then().statusCode(200).contentType(startsWith(type));
        }
    }

    @Test
    void nothingIsLoadedFromAnotherOrigin() throws IOException {
        List<String> foreign = new ArrayList<>();
        for (Path file : assets()) {
            Matcher m = FOREIGN.matcher(Files.readString(file).replace(SVG_NAMESPACE, ""));
            while (m.find()) {
                foreign.add(file.getFileName() + ": " + m.group());
            }
        }
        assertEquals(List.of(), foreign);
    }

    @Test
    void everyModuleImportNamesAFileOfTheConsole() throws IOException {
        List<String> missing = new ArrayList<>();
        for (Path file : assets()) {
            Matcher m = IMPORT.matcher(Files.readString(file));
            while (m.find()) {
                if (!Files.exists(file.getParent().resolve(m.group(1)).normalize())) {
                    missing.add(file.getFileName() + " → " + m.group(1));
                }
            }
        }
        assertEquals(List.of(), missing);
    }

    private static List<Path> assets() throws IOException {
        try (Stream<Path> walk = Files.walk(ASSETS)) {
            return walk.filter(Files::isRegularFile).sorted().toList();
        }
    }
}
