package dev.strata.cli;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;

/**
 * A table printed as docker prints its tables (Go's tabwriter with a minimum cell width of 10 and a
 * padding of 3): every column but the last is as wide as its widest cell plus three spaces.
 */
final class Table {
  private static final int MIN_WIDTH = 10;
  private static final int PADDING = 3;

  private final List<String[]> rows = new ArrayList<>();

  Table(String... header) {
    rows.add(header);
  }

  Table row(String... cells) {
    rows.add(cells);
    return this;
  }

  void print(PrintWriter out) {
    int columns = rows.get(0).length;
    int[] widths = new int[columns];
    for (String[] r : rows) {
      for (int i = 0; i < columns - 1; i++) {
        widths[i] = Math.max(widths[i], Math.max(MIN_WIDTH, r[i].length() + PADDING));
      }
    }
    for (String[] r : rows) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; i < columns; i++) {
        line.append(r[i]);
        if (i < columns - 1) {
          line.append(" ".repeat(widths[i] - r[i].length()));
        }
      }
      out.println(line.toString().stripTrailing());
    }
    out.flush();
  }
}
