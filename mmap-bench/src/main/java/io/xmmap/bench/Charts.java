package io.xmmap.bench;

import javax.imageio.ImageIO;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Grouped bar charts of benchmark results, drawn by this project (no chart library): the same
 * picture as SVG (text, diffable) and PNG (Java2D). Groups along x, one bar per series in each,
 * y on a log scale (the figures span orders of magnitude), every bar labelled with its value.
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

    private static final int W = 900, H = 460, LEFT = 70, RIGHT = 20, TOP = 50, BOTTOM = 110;
    private static final String[] COLORS = {"#1f77b4", "#ff7f0e", "#7f7f7f", "#2ca02c", "#d62728"};

    /**
     * Writes {@code base}.svg and {@code base}.png. {@code values[g][s]}: group g, series s
     * (positive; 0 or less is left out).
     */
    static void groupedBars(Path base, String title, String yLabel, List<String> groups, List<String> series,
                            double[][] values) throws IOException {
        double max = 0, min = Double.MAX_VALUE;
        for (double[] row : values) {
            for (double v : row) {
                if (v > 0 && Double.isFinite(v)) {
                    max = Math.max(max, v);
                    min = Math.min(min, v);
                }
            }
        }
        if (max == 0) {
            throw new IllegalArgumentException("nothing to chart: no positive, finite value");
        }
        double lo = Math.pow(10, Math.floor(Math.log10(min))), hi = Math.pow(10, Math.ceil(Math.log10(max)));
        if (hi <= lo) {
            hi = lo * 10;
        }
        Files.createDirectories(base.toAbsolutePath().getParent());
        Files.writeString(Path.of(base + ".svg"), svg(title, yLabel, groups, series, values, lo, hi));
        ImageIO.write(png(title, yLabel, groups, series, values, lo, hi), "png", Path.of(base + ".png").toFile());
    }

    private static double y(double v, double lo, double hi) {
        double f = (Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo));
        return TOP + (H - TOP - BOTTOM) * (1 - f);
    }

    private static String svg(String title, String yLabel, List<String> groups, List<String> series, double[][] v,
                              double lo, double hi) {
        StringBuilder s = new StringBuilder();
        s.append(String.format(Locale.ROOT, "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" height=\"%d\" "
                + "font-family=\"sans-serif\" font-size=\"12\">%n<rect width=\"100%%\" height=\"100%%\" fill=\"white\"/>%n", W, H));
        s.append(String.format(Locale.ROOT, "<text x=\"%d\" y=\"28\" font-size=\"16\">%s</text>%n", LEFT, esc(title)));
        for (double t = lo; t <= hi * 1.0001; t *= 10) {
            double yy = y(t, lo, hi);
            s.append(String.format(Locale.ROOT, "<line x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\" stroke=\"#ddd\"/>"
                    + "<text x=\"%d\" y=\"%.1f\" text-anchor=\"end\">%s</text>%n",
                    LEFT, yy, W - RIGHT, yy, LEFT - 6, yy + 4, fmt(t)));
        }
        s.append(String.format(Locale.ROOT, "<text transform=\"translate(16,%d) rotate(-90)\" text-anchor=\"middle\">%s</text>%n",
                (TOP + H - BOTTOM) / 2, esc(yLabel)));
        double gw = (double) (W - LEFT - RIGHT) / groups.size(), bw = gw * 0.8 / series.size();
        for (int g = 0; g < groups.size(); g++) {
            double gx = LEFT + g * gw + gw * 0.1;
            for (int k = 0; k < series.size(); k++) {
                if (!(v[g][k] > 0 && Double.isFinite(v[g][k]))) {
                    continue;
                }
                double top = y(v[g][k], lo, hi), x = gx + k * bw;
                s.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\" fill=\"%s\"/>"
                        + "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" font-size=\"10\">%s</text>%n",
                        x, top, bw - 2, H - BOTTOM - top, COLORS[k % COLORS.length], x + bw / 2 - 1, top - 3, fmt(v[g][k])));
            }
            s.append(String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%d\" text-anchor=\"middle\">%s</text>%n",
                    gx + gw * 0.4, H - BOTTOM + 18, esc(groups.get(g))));
        }
        for (int k = 0; k < series.size(); k++) {
            int lx = LEFT + k * 260, ly = H - 40;
            s.append(String.format(Locale.ROOT, "<rect x=\"%d\" y=\"%d\" width=\"14\" height=\"14\" fill=\"%s\"/>"
                    + "<text x=\"%d\" y=\"%d\">%s</text>%n", lx, ly, COLORS[k % COLORS.length], lx + 20, ly + 12, esc(series.get(k))));
        }
        return s.append("</svg>\n").toString();
    }

    private static BufferedImage png(String title, String yLabel, List<String> groups, List<String> series, double[][] v,
                                     double lo, double hi) {
        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g2 = img.createGraphics();
        g2.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g2.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g2.setColor(Color.WHITE);
        g2.fillRect(0, 0, W, H);
        g2.setColor(Color.BLACK);
        g2.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 16));
        g2.drawString(title, LEFT, 28);
        g2.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        for (double t = lo; t <= hi * 1.0001; t *= 10) {
            int yy = (int) y(t, lo, hi);
            g2.setColor(new Color(0xdd, 0xdd, 0xdd));
            g2.setStroke(new BasicStroke(1));
            g2.drawLine(LEFT, yy, W - RIGHT, yy);
            g2.setColor(Color.BLACK);
            String l = fmt(t);
            g2.drawString(l, LEFT - 6 - g2.getFontMetrics().stringWidth(l), yy + 4);
        }
        var saved = g2.getTransform();
        g2.rotate(-Math.PI / 2);
        g2.drawString(yLabel, -(TOP + H - BOTTOM) / 2 - g2.getFontMetrics().stringWidth(yLabel) / 2, 20);
        g2.setTransform(saved);
        double gw = (double) (W - LEFT - RIGHT) / groups.size(), bw = gw * 0.8 / series.size();
        for (int g = 0; g < groups.size(); g++) {
            double gx = LEFT + g * gw + gw * 0.1;
            for (int k = 0; k < series.size(); k++) {
                if (!(v[g][k] > 0 && Double.isFinite(v[g][k]))) {
                    continue;
                }
                int top = (int) y(v[g][k], lo, hi), x = (int) (gx + k * bw);
                g2.setColor(Color.decode(COLORS[k % COLORS.length]));
                g2.fillRect(x, top, (int) bw - 2, H - BOTTOM - top);
                g2.setColor(Color.BLACK);
                g2.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 10));
                String l = fmt(v[g][k]);
                g2.drawString(l, (int) (x + bw / 2 - 1 - g2.getFontMetrics().stringWidth(l) / 2.0), top - 3);
            }
            g2.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
            String l = groups.get(g);
            g2.drawString(l, (int) (gx + gw * 0.4 - g2.getFontMetrics().stringWidth(l) / 2.0), H - BOTTOM + 18);
        }
        for (int k = 0; k < series.size(); k++) {
            int lx = LEFT + k * 260, ly = H - 40;
            g2.setColor(Color.decode(COLORS[k % COLORS.length]));
            g2.fillRect(lx, ly, 14, 14);
            g2.setColor(Color.BLACK);
            g2.drawString(series.get(k), lx + 20, ly + 12);
        }
        g2.dispose();
        return img;
    }

    private static String fmt(double v) {
        return v >= 10 ? String.format(Locale.ROOT, "%.0f", v) : v >= 1 ? String.format(Locale.ROOT, "%.1f", v)
                : String.format(Locale.ROOT, "%.2f", v);
    }

    private static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
