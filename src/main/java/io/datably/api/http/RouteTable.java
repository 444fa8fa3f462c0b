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
 * method can be answered 405 with an {@code Allow} header, and a refused path segment can be named by its parameter.
 * RESTEasy Reactive answers 404 instead of 405 where several resource classes share a templated prefix
 * ({@code /api/apps/{app}/datasources/...}); this table does not depend on its routing. Resources tagged
 * {@value #TREEQL} serve no 405s: TreeQL answers its unknown routes its own way.
 */
@ApplicationScoped
public class RouteTable {
    static final String TREEQL = "TreeQL";

    /** {@code parameters[i]}: the name of the template parameter in segment i, null for a literal segment. */
    private record Route(Pattern path, Set<String> methods, String[] parameters, boolean treeql) {
    }

    private final List<Route> routes = new ArrayList<>();

    public RouteTable(BeanManager beans) {
        Map<String, Set<String>> byTemplate = new TreeMap<>();
        Set<String> treeql = new TreeSet<>();
        for (Bean<?> bean : beans.getBeans(Object.class, Any.Literal.INSTANCE)) {
            Class<?> resource = bean.getBeanClass();
            Path root = resource.getAnnotation(Path.class);
            if (root == null) {
                continue;
            }
            Tag tag = resource.getAnnotation(Tag.class);
            for (Method method : resource.getMethods()) {
                String verb = httpMethod(method);
                if (verb != null) {
                    Path sub = method.getAnnotation(Path.class);
                    String template = join(root.value(), sub == null ? "" : sub.value());
                    byTemplate.computeIfAbsent(template, t -> new TreeSet<>()).add(verb);
                    if (tag != null && TREEQL.equals(tag.name())) {
                        treeql.add(template);
                    }
                }
            }
        }
        byTemplate.forEach((template, methods) -> routes.add(new Route(pattern(template), Set.copyOf(methods),
                parameters(template), treeql.contains(template))));
    }

    /** The methods the native routes matching this raw path serve; empty when no native route matches it. */
    public Set<String> methodsAt(String rawPath) {
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1)
                : rawPath;
        Set<String> methods = new TreeSet<>();
        for (Route route : routes) {
            if (!route.treeql() && route.path().matcher(path).matches()) {
                methods.addAll(route.methods());
            }
        }
        return methods;
    }

    /** The name of the parameter that segment {@code index} (0: the first after '/') of the raw path fills, or null. */
    public String parameterAt(String rawPath, int index) {
        String path = rawPath.length() > 1 && rawPath.endsWith("/") ? rawPath.substring(0, rawPath.length() - 1)
                : rawPath;
        for (Route route : routes) {
            if (index < route.parameters().length && route.parameters()[index] != null
                    && route.path().matcher(path).matches()) {
                return route.parameters()[index];
            }
        }
        return null;
    }

    private static String[] parameters(String template) {
        String[] segments = template.substring(1).split("/");
        String[] names = new String[segments.length];
        for (int i = 0; i < segments.length; i++) {
            names[i] = segments[i].startsWith("{") ? segments[i].substring(1, segments[i].length() - 1) : null;
        }
        return names;
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
