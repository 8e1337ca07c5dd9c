package nl.poortwachter.recorder.onvif;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.Node;
import org.xml.sax.SAXException;

/**
 * Reads what cameras send (untrusted input) with the JDK's parser locked down: no DTDs at all (so no entity
 * expansion, "billion laughs", or external entities that read local files or reach other hosts), no XInclude.
 * Elements are found by their local name, never by prefix: Hikvision writes {@code env:}/{@code tds:}, Dahua
 * gSOAP's {@code SOAP-ENV:} and default namespaces, and both are valid.
 */
final class SafeXml {
    private static final DocumentBuilderFactory FACTORY = factory();

    private SafeXml() {
    }

    private static DocumentBuilderFactory factory() {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        try {
            f.setNamespaceAware(true);
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_DTD, "");
            f.setAttribute(XMLConstants.ACCESS_EXTERNAL_SCHEMA, "");
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException("the JDK's XML parser lacks a security feature", e);
        }
        return f;
    }

    /** Parses a document; a DOCTYPE or malformed XML is an {@link IOException}. */
    static Document parse(byte[] xml) throws IOException {
        try {
            DocumentBuilder b = FACTORY.newDocumentBuilder();
            b.setErrorHandler(null);
            return b.parse(new ByteArrayInputStream(xml));
        } catch (SAXException e) {
            throw new IOException("not well-formed XML (or with a DOCTYPE, which is refused): " + e.getMessage());
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The element's children that are elements with this local name. */
    static List<Element> children(Element parent, String localName) {
        List<Element> out = new ArrayList<>();
        for (Node n = parent.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e && localName.equals(e.getLocalName())) {
                out.add(e);
            }
        }
        return out;
    }

    /** The first descendant (depth first, document order) with this local name. */
    static Optional<Element> find(Element root, String localName) {
        for (Node n = root.getFirstChild(); n != null; n = n.getNextSibling()) {
            if (n instanceof Element e) {
                if (localName.equals(e.getLocalName())) {
                    return Optional.of(e);
                }
                Optional<Element> deeper = find(e, localName);
                if (deeper.isPresent()) {
                    return deeper;
                }
            }
        }
        return Optional.empty();
    }

    /** The trimmed text of the first descendant along a path of local names, e.g. {@code "Resolution", "Width"}. */
    static Optional<String> text(Element root, String... path) {
        Element at = root;
        for (String step : path) {
            Optional<Element> next = find(at, step);
            if (next.isEmpty()) {
                return Optional.empty();
            }
            at = next.get();
        }
        return Optional.of(at.getTextContent().strip());
    }

    /** Escapes text for an element's content or an attribute value. */
    static String escape(String s) {
        StringBuilder b = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&apos;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }
}
