package io.cpa.report;

import java.util.Locale;

/**
 * A minimal writer of standalone SVG 1.1 documents: the XML declaration, the {@code svg} root with its namespace and
 * size, and elements appended in order. Text and attribute values are escaped, so any label is safe. Coordinates are
 * printed with at most two decimals and a dot, whatever the default locale.
 */
final class SvgWriter {
    private final StringBuilder body = new StringBuilder();
    private final int width;
    private final int height;

    SvgWriter(int width, int height) {
        if (width <= 0 || height <= 0) throw new IllegalArgumentException("svg size must be positive: " + width + "x" + height);
        this.width = width;
        this.height = height;
    }

    SvgWriter rect(String cssClass, double x, double y, double w, double h, String fill, String tooltip, String... dataAttributes) {
        body.append("  <rect class=\"").append(escape(cssClass)).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" width=\"").append(n(w)).append("\" height=\"").append(n(h)).append("\" fill=\"").append(escape(fill)).append('"');
        for (int i = 0; i + 1 < dataAttributes.length; i += 2) {
            body.append(" data-").append(dataAttributes[i]).append("=\"").append(escape(dataAttributes[i + 1])).append('"');
        }
        if (tooltip == null) {
            body.append("/>\n");
        } else {
            body.append("><title>").append(escape(tooltip)).append("</title></rect>\n");
        }
        return this;
    }

    SvgWriter line(double x1, double y1, double x2, double y2, String stroke) {
        body.append("  <line x1=\"").append(n(x1)).append("\" y1=\"").append(n(y1)).append("\" x2=\"").append(n(x2))
                .append("\" y2=\"").append(n(y2)).append("\" stroke=\"").append(escape(stroke)).append("\"/>\n");
        return this;
    }

    /**
     * @param anchor  {@code start}, {@code middle} or {@code end}
     * @param rotate  degrees about (x, y), 0 for none
     */
    SvgWriter text(String cssClass, double x, double y, String anchor, double rotate, int fontSize, String content) {
        body.append("  <text class=\"").append(escape(cssClass)).append("\" x=\"").append(n(x)).append("\" y=\"").append(n(y))
                .append("\" text-anchor=\"").append(anchor).append("\" font-size=\"").append(fontSize).append('"');
        if (rotate != 0) body.append(" transform=\"rotate(").append(n(rotate)).append(' ').append(n(x)).append(' ').append(n(y)).append(")\"");
        body.append('>').append(escape(content)).append("</text>\n");
        return this;
    }

    String toXml() {
        return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\" version=\"1.1\" width=\"" + width + "\" height=\"" + height
                + "\" viewBox=\"0 0 " + width + ' ' + height + "\" font-family=\"sans-serif\">\n"
                + body + "</svg>\n";
    }

    static String n(double v) {
        String s = String.format(Locale.ROOT, "%.2f", v);
        s = s.replaceAll("\\.?0+$", "");
        return s.equals("-0") ? "0" : s;
    }

    /** XML escaping for text and attribute values; control characters that XML 1.0 forbids are dropped. */
    static String escape(String s) {
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> {
                    if (c >= 0x20 || c == '\t' || c == '\n' || c == '\r') out.append(c);
                }
            }
        }
        return out.toString();
    }
}
