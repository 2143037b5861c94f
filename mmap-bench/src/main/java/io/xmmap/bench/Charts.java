package io.xmmap.bench;

import javax.imageio.ImageIO;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Grouped bar charts of benchmark results, drawn by this project (no chart library): the picture
 * is laid out once as a list of shapes, then written as SVG (text, diffable) and as PNG (Java2D).
 * Groups along x, one bar per series in each, y on a log scale (the figures span orders of
 * magnitude), every bar labelled with its value.
 *
 * <pre>
 *   title
 *   100 |            ▇
 *    10 |   ▇ ▆      ▇ ▅        one colour per series, legend below
 *     1 |___▇_▆_▃____▇_▅_▂___
 *          group 1   group 2
 * </pre>
 */
final class Charts {
    private Charts() {}

    static final int W = 900, H = 460;
    private static final int LEFT = 70, RIGHT = 20, TOP = 50, BOTTOM = 110;
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#7f7f7f", "#2ca02c", "#d62728"};

    /** The shapes a chart is made of. Text is anchored at its start, middle or end. */
    sealed interface Shape permits Line, Box, Label {}

    record Line(double x1, double y1, double x2, double y2, String color) implements Shape {}

    record Box(double x, double y, double w, double h, String color) implements Shape {}

    record Label(double x, double y, String text, int size, String anchor, boolean vertical) implements Shape {}

    /**
     * Writes {@code base}.svg and {@code base}.png. {@code values[g][s]}: group g, series s
     * (values that are not positive and finite are left out); {@code note}, when not empty, is
     * printed under the legend: what a reader must know to read the bars right.
     */
    static void groupedBars(Path base, String title, String yLabel, List<String> groups, List<String> series,
                            double[][] values, String note) throws IOException {
        List<Shape> shapes = layout(title, yLabel, groups, series, values, note);
        Files.createDirectories(base.toAbsolutePath().getParent());
        Files.writeString(Path.of(base + ".svg"), svg(shapes));
        ImageIO.write(png(shapes), "png", Path.of(base + ".png").toFile());
    }

    static List<Shape> layout(String title, String yLabel, List<String> groups, List<String> series, double[][] v,
                              String note) {
        double max = 0, min = Double.MAX_VALUE;
        for (double[] row : v) {
            for (double x : row) {
                if (shown(x)) {
                    max = Math.max(max, x);
                    min = Math.min(min, x);
                }
            }
        }
        if (max == 0) {
            throw new IllegalArgumentException("nothing to chart: no positive, finite value");
        }
        double lo = Math.pow(10, Math.floor(Math.log10(min)));
        double hi = Math.max(lo * 10, Math.pow(10, Math.ceil(Math.log10(max))));
        List<Shape> s = new ArrayList<>();
        s.add(new Label(LEFT, 28, title, 16, "start", false));
        for (double t = lo; t <= hi * 1.0001; t *= 10) {
            double yy = y(t, lo, hi);
            s.add(new Line(LEFT, yy, W - RIGHT, yy, "#dddddd"));
            s.add(new Label(LEFT - 6, yy + 4, fmt(t), 12, "end", false));
        }
        s.add(new Label(20, (TOP + H - BOTTOM) / 2.0, yLabel, 12, "middle", true));
        double gw = (double) (W - LEFT - RIGHT) / groups.size(), bw = gw * 0.8 / series.size();
        for (int g = 0; g < groups.size(); g++) {
            double gx = LEFT + g * gw + gw * 0.1;
            for (int k = 0; k < series.size(); k++) {
                if (shown(v[g][k])) {
                    double top = y(v[g][k], lo, hi), x = gx + k * bw;
                    s.add(new Box(x, top, bw - 2, H - BOTTOM - top, COLORS[k % COLORS.length]));
                    s.add(new Label(x + bw / 2 - 1, top - 3, fmt(v[g][k]), 10, "middle", false));
                }
            }
            // Many groups: every other label one line lower, so that long names do not overlap.
            double ly = H - BOTTOM + 18 + (groups.size() > 6 && g % 2 == 1 ? 16 : 0);
            // A name wider than the room left of the right edge ends at the edge instead (about
            // 7 px a character at 12 px: the SVG viewer's font is not known here).
            double cx = gx + gw * 0.4, half = groups.get(g).length() * 3.5;
            s.add(cx + half > W - 4 ? new Label(W - 4, ly, groups.get(g), 12, "end", false)
                    : new Label(cx, ly, groups.get(g), 12, "middle", false));
        }
        for (int k = 0; k < series.size(); k++) {
            int lx = LEFT + k * 260, ly = H - 40;
            s.add(new Box(lx, ly, 14, 14, COLORS[k % COLORS.length]));
            s.add(new Label(lx + 20, ly + 12, series.get(k), 12, "start", false));
        }
        if (!note.isEmpty()) {
            s.add(new Label(LEFT, H - 10, "† " + note, 11, "start", false));
        }
        return s;
    }

    private static boolean shown(double v) {
        return v > 0 && Double.isFinite(v);
    }

    private static double y(double v, double lo, double hi) {
        double f = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        return TOP + (H - TOP - BOTTOM) * (1 - f);
    }

    static String svg(List<Shape> shapes) {
        StringBuilder s = new StringBuilder(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" font-family=\"sans-serif\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", W, H));
        for (Shape sh : shapes) {
            s.append(switch (sh) {
                case Line l -> String.format(Locale.ROOT, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>%n",
                        l.x1(), l.y1(), l.x2(), l.y2(), l.color());
                case Box b -> String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>%n",
                        b.x(), b.y(), b.w(), b.h(), b.color());
                case Label t -> String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" font-size=\"%d\" text-anchor=\"%s\"%s>%s</text>%n",
                        t.x(), t.y(), t.size(), t.anchor(),
                        t.vertical() ? String.format(Locale.ROOT, " transform=\"rotate(-90 %.1f %.1f)\"", t.x(), t.y()) : "",
                        t.text().replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"));
            });
        }
        return s.append("</svg>\n").toString();
    }

    static BufferedImage png(List<Shape> shapes) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = img.createGraphics();
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g2.setColor(Color.WHITE);
        g2.fillRect(0, 0, W, H);
        for (Shape sh : shapes) {
            switch (sh) {
                case Line l -> {
                    g2.setColor(Color.decode(l.color()));
                    g2.drawLine((int) l.x1(), (int) l.y1(), (int) l.x2(), (int) l.y2());
                }
                case Box b -> {
                    g2.setColor(Color.decode(b.color()));
                    g2.fillRect((int) b.x(), (int) b.y(), (int) b.w(), (int) b.h());
                }
                case Label t -> {
                    g2.setColor(Color.BLACK);
                    g2.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, t.size()));
                    int width = g2.getFontMetrics().stringWidth(t.text());
                    int shift = switch (t.anchor()) {
                        case "middle" -> -width / 2;
                        case "end" -> -width;
                        default -> 0;
                    };
                    var saved = g2.getTransform();
                    if (t.vertical()) {
                        g2.rotate(-Math.PI / 2, t.x(), t.y());
                    }
                    g2.drawString(t.text(), (int) t.x() + shift, (int) t.y());
                    g2.setTransform(saved);
                }
            }
        }
        g2.dispose();
        return img;
    }

    private static String fmt(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }
}
