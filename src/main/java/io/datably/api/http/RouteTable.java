package io.datably.api.http;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;
import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;
import org.eclipse.microprofile.openapi.annotations.tags.Tag;

/**
 * The native API's routes and the methods each serves, read from the JAX-RS resources themselves, so that a wrong
 * method can be answered 405 with an {@code Allow} header. RESTEasy Reactive answers 404 instead where several
 * resource classes share a templated prefix ({@code /api/apps/{app}/datasources/...}); this table does not depend
 * on its routing. Resources tagged {@value #TREEQL} are left out: TreeQL answers its unknown routes its own way.
 */
@ApplicationScoped
public class RouteTable {
    static final String TREEQL = "TreeQL";

    private record Route(Pattern path, Set<String> methods) {
    }

    private final List<Route> routes = new ArrayList<>();

    public RouteTable(BeanManager beans) {
        Map<String, Set<String>> byTemplate = new TreeMap<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> resource = bean.getBeanClass();
            Path root = resource.getAnnotation(Path.class);
            Tag tag = resource.getAnnotation(Tag.class);
            if (root == null || tag != null && TREEQL.equals(tag.name())) {
                continue;
            }
            for (Method method : resource.getMethods()) {
                String verb = httpMethod(method);
                if (verb != null) {
                    Path sub = method.getAnnotation(Path.class);
                    byTemplate.computeIfAbsent(join(root.value(), sub == null ? "" : sub.value()),
                            t -> new TreeSet<>()).add(verb);
                }
            }
        }
        byTemplate.forEach((template, methods) -> routes.add(new Route(pattern(template), Set.copyOf(methods))));
    }

    /** The methods the native routes matching this raw path serve; empty when no native route matches it. */
    public Set<String> methodsAt(String rawPath) {
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1)
                : rawPath;
        Set<String> methods = new TreeSet<>();
        for (Route route : routes) {
            if (route.path().matcher(path).matches()) {
                methods.addAll(route.methods());
            }
        }
        return methods;
    }

    private static String httpMethod(Method method) {
        for (Annotation annotation : method.getAnnotations()) {
            HttpMethod verb = annotation.annotationType().getAnnotation(HttpMethod.class);
            if (verb != null) {
                return verb.value();
            }
        }
        return null;
    }

    private static String join(String root, String sub) {
        String path = "/" + root + "/" + sub;
        return path.replaceAll("/+", "/").replaceAll("(.)/$", "$1");
    }

    /** A template's literal parts quoted, each {@code {param}} one raw segment (no template here has a regex). */
    private static Pattern pattern(String template) {
        StringBuilder regex = new StringBuilder();
        for (String part : template.split("\\{[^}]+}", -1)) {
            regex.append(regex.isEmpty() ? "" : "[^/]+").append(Pattern.quote(part));
        }
        return Pattern.compile(regex.toString());
    }
}
