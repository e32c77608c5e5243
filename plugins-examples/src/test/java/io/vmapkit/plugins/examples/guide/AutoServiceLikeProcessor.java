package io.vmapkit.plugins.examples.guide;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import javax.annotation.processing.AbstractProcessor;
import javax.annotation.processing.RoundEnvironment;
import javax.annotation.processing.SupportedAnnotationTypes;
import javax.lang.model.SourceVersion;
import javax.lang.model.element.AnnotationMirror;
import javax.lang.model.element.AnnotationValue;
import javax.lang.model.element.Element;
import javax.lang.model.element.ExecutableElement;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeElement;
import javax.lang.model.type.TypeMirror;
import javax.tools.Diagnostic;
import javax.tools.StandardLocation;

/**
 * Does what the AutoService processor does, for {@link GuideTest}'s in-process compilation (the real
 * processor is only on Maven's processor path, not on the test class path): for every class annotated
 * {@code @com.google.auto.service.AutoService(X.class)}, checks that it is a concrete class
 * implementing {@code X} and writes its binary name into {@code META-INF/services/X}.
 *
 * <p>It works from the annotation in the source, so a guide whose plugin lacks the annotation yields a
 * jar without a services entry, and discovery finds nothing: the test fails as a real build would.
 */
@SupportedAnnotationTypes("com.google.auto.service.AutoService")
final class AutoServiceLikeProcessor extends AbstractProcessor {

    private final Map<String, Set<String>> services = new TreeMap<>();

    @Override
    public SourceVersion getSupportedSourceVersion() {
        return SourceVersion.latestSupported();
    }

    @Override
    public boolean process(Set<? extends TypeElement> annotations, RoundEnvironment round) {
        if (round.processingOver()) {
            write();
            return false;
        }
        for (TypeElement annotation : annotations) {
            for (Element e : round.getElementsAnnotatedWith(annotation)) {
                register((TypeElement) e, annotation);
            }
        }
        return false;
    }

    private void register(TypeElement type, TypeElement annotation) {
        for (AnnotationMirror m : type.getAnnotationMirrors()) {
            if (!m.getAnnotationType().asElement().equals(annotation)) {
                continue;
            }
            for (Map.Entry<? extends ExecutableElement, ? extends AnnotationValue> v : m.getElementValues().entrySet()) {
                if (!v.getKey().getSimpleName().contentEquals("value")) {
                    continue;
                }
                @SuppressWarnings("unchecked")
                java.util.List<? extends AnnotationValue> classes = (java.util.List<? extends AnnotationValue>) v.getValue().getValue();
                for (AnnotationValue c : classes) {
                    TypeMirror service = (TypeMirror) c.getValue();
                    String serviceName = ((TypeElement) processingEnv.getTypeUtils().asElement(service))
                            .getQualifiedName().toString();
                    if (type.getModifiers().contains(Modifier.ABSTRACT)
                            || !processingEnv.getTypeUtils().isAssignable(type.asType(),
                                    processingEnv.getTypeUtils().erasure(service))) {
                        processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR,
                                "ServiceProviders must implement their service provider interface. " + type
                                        + " does not implement " + serviceName, type);
                        continue;
                    }
                    services.computeIfAbsent(serviceName, k -> new TreeSet<>())
                            .add(processingEnv.getElementUtils().getBinaryName(type).toString());
                }
            }
        }
    }

    private void write() {
        for (Map.Entry<String, Set<String>> s : services.entrySet()) {
            try (Writer w = new java.io.OutputStreamWriter(processingEnv.getFiler()
                    .createResource(StandardLocation.CLASS_OUTPUT, "", "META-INF/services/" + s.getKey())
                    .openOutputStream(), StandardCharsets.UTF_8)) {
                for (String provider : s.getValue()) {
                    w.write(provider + "\n");
                }
            } catch (IOException e) {
                processingEnv.getMessager().printMessage(Diagnostic.Kind.ERROR, "cannot write services file: " + e);
            }
        }
    }
}
