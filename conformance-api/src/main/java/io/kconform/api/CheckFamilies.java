package io.kconform.api;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Reads the members of {@link CheckFamily} methods. Members are computed once per method and kept:
 * they are a pure function of the class path. Thread-safe.
 */
public final class CheckFamilies {

    private static final Map<Method, Map<String, FamilyMembers.Member>> MEMBERS = new ConcurrentHashMap<>();

    private CheckFamilies() {
    }

    /** Whether {@code method} declares a family of checks. */
    public static boolean isFamily(Method method) {
        return method.isAnnotationPresent(CheckFamily.class);
    }

    /**
     * The members of a family method, in declaration order; empty for any other method.
     *
     * @throws IllegalStateException when the members cannot be listed, or two share an id
     */
    public static List<FamilyMembers.Member> members(Method method) {
        return List.copyOf(byId(method).values());
    }

    /** The member of the family {@code method} with this id. */
    public static Optional<FamilyMembers.Member> member(Method method, String id) {
        return Optional.ofNullable(byId(method).get(id));
    }

    /**
     * The check a test method stands for: its {@link Check}, or, for an invocation of a family
     * (named by its member's id), that member's descriptor. Empty for any other method.
     */
    public static Optional<CheckDescriptor> checkOf(Method method, String displayName) {
        return CheckDescriptor.of(method).or(() -> member(method, displayName).map(FamilyMembers.Member::check));
    }

    private static Map<String, FamilyMembers.Member> byId(Method method) {
        CheckFamily family = method.getAnnotation(CheckFamily.class);
        if (family == null) {
            return Map.of();
        }
        return MEMBERS.computeIfAbsent(method, m -> list(m, family));
    }

    private static Map<String, FamilyMembers.Member> list(Method method, CheckFamily family) {
        FamilyMembers source;
        try {
            source = family.value().getDeclaredConstructor().newInstance();
        } catch (ReflectiveOperationException e) {
            Throwable cause = e instanceof InvocationTargetException ite ? ite.getCause() : e;
            throw new IllegalStateException("cannot list the members of " + method + ": " + cause, cause);
        }
        String className = method.getDeclaringClass().getName();
        Map<String, FamilyMembers.Member> members = new LinkedHashMap<>();
        for (FamilyMembers.Member member : source.members(className, method.getName())) {
            CheckDescriptor check = member.check();
            if (!check.className().equals(className) || !check.methodName().equals(method.getName())) {
                throw new IllegalStateException("member " + check.id() + " of " + method + " names "
                        + check.className() + "#" + check.methodName() + " as its method");
            }
            if (members.putIfAbsent(check.id(), member) != null) {
                throw new IllegalStateException("member id " + check.id() + " appears twice in " + method);
            }
        }
        return members;
    }
}
