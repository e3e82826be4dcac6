package nl.tweeling.feature.html;

import java.util.List;

import org.w3c.dom.Document;

/** The XML helpers of {@link HtmlPagesTest} for tests of HTML pages in other packages. */
public final class HtmlPagesTestSupport {

    private HtmlPagesTestSupport() {
    }

    public static Document parse(String html) throws Exception {
        return HtmlPagesTest.parse(html);
    }

    public static Object xpath(Document d, String expression) throws Exception {
        return HtmlPagesTest.xpath(d, expression);
    }

    public static int count(Document d, String expression) throws Exception {
        return HtmlPagesTest.count(d, expression);
    }

    public static String text(Document d, String expression) throws Exception {
        return HtmlPagesTest.text(d, expression);
    }

    public static List<String> hrefs(Document d) throws Exception {
        return HtmlPagesTest.hrefs(d);
    }
}
