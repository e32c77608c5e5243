package io.vmapkit.api;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.reflect.AnnotatedElement;
import java.lang.reflect.Constructor;
import java.lang.reflect.Executable;
import java.lang.reflect.Field;
import java.lang.reflect.Member;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.Type;
import java.lang.reflect.TypeVariable;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The public surface of a set of compiled classes as sorted lines, one per public or protected type,
 * constructor, method and field (declared ones; inherited members appear on the type that declares
 * them). The format of a line:
 * <pre>
 * io.vmapkit.api.Addresses: type public final class Addresses extends java.lang.Object
 * io.vmapkit.api.Addresses: method public static boolean lessThan(long, long)
 * io.vmapkit.api.Addresses: field public static final int PAGE_SHIFT = 12
 * io.vmapkit.api.vmap.VmapRequest$Builder: constructor public Builder(long)
 * </pre>
 * Generic signatures are written in full ({@code java.util.Optional<java.lang.String>}), a
 * compile-time constant shows its value, and a line whose element (or an enclosing type) is
 * {@link Experimental} ends with {@code [experimental]}. Synthetic and bridge members, anonymous and
 * local classes are left out.
 */
final class ApiSurface {

    static final String EXPERIMENTAL = " [experimental]";

    private ApiSurface() {}

    /** The top-level and nested classes compiled under {@code classesDir}, loaded without initializing. */
    static List<Class<?>> classesUnder(Path classesDir, ClassLoader loader) {
        try (Stream<Path> files = Files.walk(classesDir)) {
            List<Class<?>> out = new ArrayList<>();
            for (Path f : files.filter(p -> p.toString().endsWith(".class")).sorted().collect(Collectors.toList())) {
                String rel = classesDir.relativize(f).toString().replace(f.getFileSystem().getSeparator(), ".");
                String name = rel.substring(0, rel.length() - ".class".length());
                if (name.endsWith("package-info") || name.equals("module-info")) {
                    continue;
                }
                out.add(Class.forName(name, false, loader));
            }
            return out;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the classes under " + classesDir, e);
        } catch (ClassNotFoundException e) {
            throw new IllegalStateException("a class compiled under " + classesDir + " cannot be loaded", e);
        }
    }

    /**
     * The surface lines of those of {@code classes} that are visible outside their package: public
     * top-level types and public or protected nested types of visible types.
     */
    static List<String> lines(Collection<Class<?>> classes) {
        List<String> out = new ArrayList<>();
        for (Class<?> c : classes) {
            if (visible(c)) {
                out.addAll(linesOf(c));
            }
        }
        out.sort(null);
        return out;
    }

    static boolean visible(Class<?> c) {
        if (c.isAnonymousClass() || c.isLocalClass() || c.isSynthetic()) {
            return false;
        }
        int m = c.getModifiers();
        Class<?> outer = c.getDeclaringClass();
        if (outer == null) {
            return Modifier.isPublic(m);
        }
        return (Modifier.isPublic(m) || Modifier.isProtected(m)) && visible(outer);
    }

    private static List<String> linesOf(Class<?> c) {
        List<String> out = new ArrayList<>();
        String prefix = c.getName() + ": ";
        out.add(prefix + "type " + typeLine(c) + mark(c, c));
        for (Constructor<?> k : c.getDeclaredConstructors()) {
            if (exported(k)) {
                out.add(prefix + "constructor " + modifiers(k.getModifiers() & Modifier.constructorModifiers())
                        + typeParams(k.getTypeParameters()) + c.getSimpleName() + params(k) + throwsClause(k) + mark(k, c));
            }
        }
        for (Method m : c.getDeclaredMethods()) {
            if (exported(m) && !m.isBridge()) {
                String mods = modifiers(m.getModifiers() & Modifier.methodModifiers());
                if (m.isDefault()) {
                    mods += "default ";
                }
                out.add(prefix + "method " + mods + typeParams(m.getTypeParameters())
                        + m.getGenericReturnType().getTypeName() + " " + m.getName() + params(m) + throwsClause(m) + mark(m, c));
            }
        }
        for (Field f : c.getDeclaredFields()) {
            if (exported(f)) {
                out.add(prefix + "field " + modifiers(f.getModifiers() & Modifier.fieldModifiers())
                        + f.getGenericType().getTypeName() + " " + f.getName() + constantValue(f) + mark(f, c));
            }
        }
        return out;
    }

    private static boolean exported(Member m) {
        return !m.isSynthetic() && (Modifier.isPublic(m.getModifiers()) || Modifier.isProtected(m.getModifiers()));
    }

    private static String typeLine(Class<?> c) {
        String kind = c.isAnnotation() ? "@interface" : c.isInterface() ? "interface" : c.isEnum() ? "enum"
                : c.isRecord() ? "record" : "class";
        int mask = Modifier.PUBLIC | Modifier.PROTECTED | Modifier.STATIC | Modifier.FINAL
                | (c.isInterface() ? 0 : Modifier.ABSTRACT);
        StringBuilder sb = new StringBuilder(modifiers(c.getModifiers() & mask));
        if (c.isSealed()) {
            sb.append("sealed ");
        }
        sb.append(kind).append(' ').append(c.getSimpleName()).append(typeParamsNoSpace(c.getTypeParameters()));
        if (c.getGenericSuperclass() != null) {
            sb.append(" extends ").append(c.getGenericSuperclass().getTypeName());
        }
        Type[] interfaces = c.getGenericInterfaces();
        if (interfaces.length > 0) {
            sb.append(c.isInterface() ? " extends " : " implements ").append(join(interfaces));
        }
        if (c.isSealed()) {
            sb.append(" permits ").append(Arrays.stream(c.getPermittedSubclasses()).map(Class::getName)
                    .sorted().collect(Collectors.joining(", ")));
        }
        return sb.toString();
    }

    private static String modifiers(int m) {
        String s = Modifier.toString(m);
        return s.isEmpty() ? "" : s + " ";
    }

    private static String typeParams(TypeVariable<?>[] vars) {
        String s = typeParamsNoSpace(vars);
        return s.isEmpty() ? "" : s + " ";
    }

    private static String typeParamsNoSpace(TypeVariable<?>[] vars) {
        if (vars.length == 0) {
            return "";
        }
        List<String> out = new ArrayList<>();
        for (TypeVariable<?> v : vars) {
            Type[] bounds = v.getBounds();
            boolean onlyObject = bounds.length == 1 && bounds[0] == Object.class;
            out.add(onlyObject ? v.getName() : v.getName() + " extends " + Arrays.stream(bounds).map(Type::getTypeName)
                    .collect(Collectors.joining(" & ")));
        }
        return "<" + String.join(", ", out) + ">";
    }

    private static String params(Executable e) {
        Type[] types = e.getGenericParameterTypes();
        List<String> out = new ArrayList<>();
        for (int i = 0; i < types.length; i++) {
            String t = types[i].getTypeName();
            if (e.isVarArgs() && i == types.length - 1 && t.endsWith("[]")) {
                t = t.substring(0, t.length() - 2) + "...";
            }
            out.add(t);
        }
        return "(" + String.join(", ", out) + ")";
    }

    private static String throwsClause(Executable e) {
        Type[] thrown = e.getGenericExceptionTypes();
        return thrown.length == 0 ? "" : " throws " + join(thrown);
    }

    private static String join(Type[] types) {
        return Arrays.stream(types).map(Type::getTypeName).collect(Collectors.joining(", "));
    }

    /** {@code " = value"} for a static final primitive or String field whose value is known at compile time. */
    private static String constantValue(Field f) {
        int m = f.getModifiers();
        if (!Modifier.isStatic(m) || !Modifier.isFinal(m) || !(f.getType().isPrimitive() || f.getType() == String.class)) {
            return "";
        }
        try {
            Object v = f.get(null);
            return " = " + (v instanceof String ? "\"" + v + "\"" : v);
        } catch (IllegalAccessException e) {
            return ""; // protected field of a nested type: its value is not part of what we can read here
        }
    }

    private static String mark(AnnotatedElement e, Class<?> owner) {
        if (e.isAnnotationPresent(Experimental.class)) {
            return EXPERIMENTAL;
        }
        for (Class<?> c = owner; c != null; c = c.getDeclaringClass()) {
            if (c.isAnnotationPresent(Experimental.class)) {
                return EXPERIMENTAL;
            }
        }
        return "";
    }
}
