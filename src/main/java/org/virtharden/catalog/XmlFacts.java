package org.virtharden.catalog;

import java.io.StringReader;
import javax.xml.XMLConstants;
import javax.xml.parsers.DocumentBuilder;
import javax.xml.parsers.DocumentBuilderFactory;
import javax.xml.parsers.ParserConfigurationException;
import javax.xml.xpath.XPathConstants;
import javax.xml.xpath.XPathExpressionException;
import javax.xml.xpath.XPathFactory;
import org.w3c.dom.Document;
import org.xml.sax.InputSource;

/**
 * XPath over XML collected from a host (domain, network, pool XML). The XML is host-supplied, so the
 * parser refuses DTDs and external entities outright (no XXE, no entity expansion).
 */
public final class XmlFacts {
    private static final ThreadLocal<Object[]> LAST = new ThreadLocal<>();

    private XmlFacts() {
    }

    /** The string value of {@code expression} on {@code xml}; numbers without a fraction print as integers. */
    public static String evaluate(String xml, String expression) {
        Document doc = parse(xml);
        try {
            Object v = XPathFactory.newInstance().newXPath().evaluate(expression, doc, XPathConstants.STRING);
            String s = String.valueOf(v);
            if (s.matches("-?\\d+\\.0")) {
                s = s.substring(0, s.length() - 2);
            }
            return s;
        } catch (XPathExpressionException e) {
            throw new IllegalArgumentException("bad XPath '" + expression + "': " + e.getMessage(), e);
        }
    }

    /** Parses host-supplied XML safely; the last document is kept per thread, since many checks read one XML. */
    public static Document parse(String xml) {
        Object[] last = LAST.get();
        if (last != null && last[0] == xml) {
            return (Document) last[1];
        }
        try {
            DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
            f.setFeature("http://apache.org/xml/features/disallow-doctype-decl", true);
            f.setFeature("http://xml.org/sax/features/external-general-entities", false);
            f.setFeature("http://xml.org/sax/features/external-parameter-entities", false);
            f.setFeature(XMLConstants.FEATURE_SECURE_PROCESSING, true);
            f.setXIncludeAware(false);
            f.setExpandEntityReferences(false);
            f.setNamespaceAware(false);
            DocumentBuilder b = f.newDocumentBuilder();
            b.setErrorHandler(null);
            Document d = b.parse(new InputSource(new StringReader(xml)));
            LAST.set(new Object[] {xml, d});
            return d;
        } catch (ParserConfigurationException e) {
            throw new IllegalStateException(e);
        } catch (Exception e) {
            throw new IllegalArgumentException("not well-formed XML: " + e.getMessage(), e);
        }
    }
}
