package io.vmapkit.architecture;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import javax.xml.parsers.DocumentBuilderFactory;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.w3c.dom.NodeList;

/**
 * The bill of materials lists exactly the published modules, at the build's version. A module is
 * published unless its pom sets {@code maven.javadoc.skip} to true (applications, benchmarks and
 * test-only modules do; see docs/building.md). A new published module therefore needs one line in
 * bom/pom.xml, and this test names it.
 */
class BomTest {

    private static final Path ROOT = FidelityDoc.repositoryRoot(Path.of(""));

    @Test
    void theBomListsEveryPublishedModuleAndNothingElse() throws Exception {
        Document parent = parse(ROOT.resolve("pom.xml"));
        TreeSet<String> published = new TreeSet<>();
        for (String module : texts(parent.getDocumentElement(), "modules", "module")) {
            Document pom = parse(ROOT.resolve(module).resolve("pom.xml"));
            String artifactId = text(pom.getDocumentElement(), "artifactId");
            boolean skipsJavadoc = texts(pom.getDocumentElement(), "properties", "maven.javadoc.skip").contains("true");
            if (!skipsJavadoc && !artifactId.equals("vmapkit-bom")) {
                published.add(artifactId);
            }
        }
        Document bom = parse(ROOT.resolve("bom/pom.xml"));
        TreeSet<String> listed = new TreeSet<>();
        NodeList deps = bom.getElementsByTagName("dependency");
        for (int i = 0; i < deps.getLength(); i++) {
            Element dep = (Element) deps.item(i);
            assertThat(text(dep, "groupId")).isEqualTo("io.vmapkit");
            assertThat(text(dep, "version")).as(text(dep, "artifactId")).isEqualTo("${project.version}");
            listed.add(text(dep, "artifactId"));
        }
        assertThat(listed)
                .as("bom/pom.xml must list every published module (add <dependency><groupId>io.vmapkit</groupId>"
                        + "<artifactId>NAME</artifactId><version>${project.version}</version></dependency>) and no other")
                .isEqualTo(published);
        assertThat(published).contains("vmapkit-api", "vmapkit-runtime", "vmapkit-guice", "vmapkit-testkit");
    }

    @Test
    void theBomHasNoParentAndTheBuildsVersion() throws Exception {
        Element parent = parse(ROOT.resolve("pom.xml")).getDocumentElement();
        Element bom = parse(ROOT.resolve("bom/pom.xml")).getDocumentElement();
        assertThat(children(bom, "parent")).as("an imported BOM must not bring the build parent's dependencyManagement")
                .isEmpty();
        assertThat(text(bom, "version")).isEqualTo(text(parent, "version"));
        assertThat(text(bom, "artifactId")).isEqualTo("vmapkit-bom");
    }

    @Test
    void theBomPinsItsPluginsAtTheParentsVersions() throws Exception {
        Element parent = parse(ROOT.resolve("pom.xml")).getDocumentElement();
        Element bom = parse(ROOT.resolve("bom/pom.xml")).getDocumentElement();
        java.util.Map<String, String> parentVersions = new java.util.HashMap<>();
        for (Element plugin : plugins(parent)) {
            String version = text(plugin, "version");
            if (version.startsWith("${")) {
                version = texts(parent, "properties", version.substring(2, version.length() - 1)).get(0);
            }
            parentVersions.put(text(plugin, "artifactId"), version);
        }
        List<Element> pinned = plugins(bom);
        assertThat(pinned).isNotEmpty();
        for (Element plugin : pinned) {
            assertThat(text(plugin, "version")).as("bom/pom.xml pins " + text(plugin, "artifactId")
                    + " at the version the parent pom.xml uses").isEqualTo(parentVersions.get(text(plugin, "artifactId")));
        }
    }

    /** The plugins of {@code project/build/pluginManagement/plugins}. */
    private static List<Element> plugins(Element project) {
        List<Element> out = new ArrayList<>();
        for (Element build : children(project, "build")) {
            for (Element pm : children(build, "pluginManagement")) {
                for (Element ps : children(pm, "plugins")) {
                    out.addAll(children(ps, "plugin"));
                }
            }
        }
        return out;
    }

    private static Document parse(Path pom) throws Exception {
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            return f.newDocumentBuilder().parse(pom.toFile());
        } catch (IOException e) {
            throw new IOException("cannot read " + pom, e);
        }
    }

    /** The direct child elements of {@code e} named {@code name}. */
    private static List<Element> children(Element e, String name) {
        List<Element> out = new ArrayList<>();
        for (Node n = e.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element && ((Element) n).getTagName().equals(name)) {
                out.add((Element) n);
            }
        }
        return out;
    }

    /** The text of the one direct child {@code name} of {@code e}. */
    private static String text(Element e, String name) {
        List<Element> c = children(e, name);
        assertThat(c).as("<" + name + "> in <" + e.getTagName() + ">").hasSize(1);
        return c.get(0).getTextContent().trim();
    }

    /** The texts of {@code e/outer/inner}. */
    private static List<String> texts(Element e, String outer, String inner) {
        List<String> out = new ArrayList<>();
        for (Element o : children(e, outer)) {
            for (Element i : children(o, inner)) {
                out.add(i.getTextContent().trim());
            }
        }
        return out;
    }
}
