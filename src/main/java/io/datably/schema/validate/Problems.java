package io.datably.schema.validate;

import java.util.ArrayList;
import java.util.List;

/** Collects schema problems; the parser keeps going after each so that callers see all of them at once. */
final class Problems {

    private final List<SchemaProblem> list = new ArrayList<>();

    void add(String path, String code, String message) {
        list.add(new SchemaProblem(path, code, message));
    }

    int count() {
        return list.size();
    }

    List<SchemaProblem> list() {
        return list;
    }
}
