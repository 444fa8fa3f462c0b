package io.datably.fuzz;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The seed corpus ({@code src/test/resources/fuzz/corpus.txt}): hostile values, raw URL pieces, names, bodies. */
record FuzzCorpus(List<String> values, List<String> raw, List<String> operators, List<String> params,
                  List<String> bodies) {

    static FuzzCorpus load() {
        Map<String, List<String>> sections = new LinkedHashMap<>();
        List<String> current = null;
        try (InputStream in = FuzzCorpus.class.getResourceAsStream("/fuzz/corpus.txt")) {
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n", -1)) {
                if (line.startsWith("#") || (current == null && line.isBlank())) {
                    continue;
                }
                if (line.matches("\\[[a-z]+]")) {
                    current = sections.computeIfAbsent(line.substring(1, line.length() - 1), k -> new ArrayList<>());
                } else if (current != null && !line.isEmpty()) {
                    current.add(line);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new FuzzCorpus(sections.get("values").stream().map(FuzzCorpus::unescape).toList(),
                sections.get("raw"), sections.get("operators"), sections.get("params"), sections.get("bodies"));
    }

    /** {@code \n \t \\ \\uXXXX} in a [values] line; any other backslash is itself. */
    static String unescape(String line) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (c != '\\' || i + 1 >= line.length()) {
                out.append(c);
                continue;
            }
            char next = line.charAt(i + 1);
            if (next == 'n' || next == 't' || next == '\\') {
                out.append(next == 'n' ? '\n' : next == 't' ? '\t' : '\\');
                i++;
            } else if (next == 'u' && i + 6 <= line.length()) {
                out.append((char) Integer.parseInt(line.substring(i + 2, i + 6), 16));
                i += 5;
            } else {
                out.append(c);
            }
        }
        return out.toString();
    }
}
